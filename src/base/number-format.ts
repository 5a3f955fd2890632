// The one locale-aware number formatter: every number the app shows goes through it (units.ts
// builds on it), so a reader's locale changes them all. The CLI's pprof-compatible text
// (`golens top`) is Go's formatting, not this one.

let locale: string | undefined = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

/** Sets the locale of every number formatted from now on (undefined: the runtime's default). */
export function setNumberLocale(l: string | undefined): void {
  locale = l;
  cache.clear();
}

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let f = cache.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

/** An integer with digit grouping: 1,234,567. */
export function formatInteger(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  return numberFormat('int', { maximumFractionDigits: 0 }).format(v);
}

/**
 * A number with `digits` significant digits (at least the integer part), no grouping, trailing
 * zeros kept off: 0.434, 12.5, 1234. Fixed notation, never an exponent.
 */
export function formatSignificant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs >= 10 ** digits) return numberFormat('int-plain', { maximumFractionDigits: 0, useGrouping: false }).format(v);
  return numberFormat(`sig${digits}`, { maximumSignificantDigits: digits, useGrouping: false }).format(v);
}

/** A share of a total as a percentage with 3 significant digits; "< 0.01%" below that. */
export function formatShare(part: number, total: number): string {
  if (total === 0 || !Number.isFinite(part / total)) return '—';
  const pct = (part / total) * 100;
  const abs = Math.abs(pct);
  if (abs === 0) return '0%';
  if (abs < 0.01) return pct < 0 ? '> −0.01%' : '< 0.01%';
  return `${formatSignificant(pct, 3)}%`;
}
