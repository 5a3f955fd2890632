// The one locale-aware number formatter: every number the app shows goes through it (units.ts
// builds on it), so a reader's locale changes them all. The CLI's pprof-compatible text
// (`golens top`) is Go's formatting, not this one.
//
// The rule, one for the whole app: a quantity has 3 significant digits (fixed notation, never an
// exponent, trailing zeros dropped), in the unit its magnitude reaches (units.ts: durations,
// bytes, rates); a share is a percentage of 3 significant digits, "< 0.01%" below; a negative
// value has the minus sign (U+2212) the views write beside it ("−16.2 ms"); a value that is not
// a finite number reads "—". Texts that must equal Go's own (pprof's top table, a log's
// own figures) keep Go's formatting instead.

/** What a value that is not a finite number (NaN, ±Infinity) reads as. */
export const NO_NUMBER = '—';

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

/** The typographic minus for a formatted negative number ("-1.2" → "−1.2"). */
function minus(text: string): string {
  return text.charCodeAt(0) === 45 ? `\u2212${text.slice(1)}` : text;
}

/** An integer with digit grouping: 1,234,567. */
export function formatInteger(v: number): string {
  if (!Number.isFinite(v)) return NO_NUMBER;
  return minus(numberFormat('int', { maximumFractionDigits: 0 }).format(v));
}

/**
 * A number with `digits` significant digits (at least the integer part), no grouping, trailing
 * zeros kept off: 0.434, 12.5, 1234. Fixed notation, never an exponent.
 */
export function formatSignificant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return NO_NUMBER;
  if (v === 0) return '0'; // -0 too
  const abs = Math.abs(v);
  if (abs >= 10 ** digits) return minus(numberFormat('int-plain', { maximumFractionDigits: 0, useGrouping: false }).format(v));
  return minus(numberFormat(`sig${digits}`, { maximumSignificantDigits: digits, useGrouping: false }).format(v));
}

/** `v` rounded to `digits` significant digits, as formatSignificant shows it (to choose a unit). */
export function roundSignificant(v: number, digits = 3): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Math.abs(v) >= 10 ** digits ? Math.round(v) : Number(v.toPrecision(digits));
}

/** A share of a total as a percentage with 3 significant digits; "< 0.01%" below that. */
export function formatShare(part: number, total: number): string {
  if (total === 0 || !Number.isFinite(part / total)) return NO_NUMBER;
  const pct = (part / total) * 100;
  const abs = Math.abs(pct);
  if (abs === 0) return '0%';
  if (abs < 0.01) return pct < 0 ? '> −0.01%' : '< 0.01%';
  return `${formatSignificant(pct, 3)}%`;
}

/** A fraction (0.25) as a share: "25%", "< 0.01%" (MemStats' GCCPUFraction, a ratio of two sizes). */
export function formatFraction(f: number): string {
  return formatShare(f, 1);
}
