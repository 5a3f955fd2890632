// Units as types, and how a Go developer expects to read them (pprof's vocabulary).

import { NO_NUMBER, formatSignificant, roundSignificant } from './number-format';

/** A size in bytes. */
export type Bytes = number;

/** Significant digits of every quantity (number-format.ts: the one rule). */
const DIGITS = 3;

/** [factor, unit name], smallest first. */
type UnitScale = readonly (readonly [number, string])[];

const BYTE_UNITS: UnitScale = [
  [1, 'B'],
  [2 ** 10, 'KiB'],
  [2 ** 20, 'MiB'],
  [2 ** 30, 'GiB'],
  [2 ** 40, 'TiB'],
  [2 ** 50, 'PiB'],
];

// As go tool trace and pprof read time: ns, µs, ms, s, then minutes and hours.
const DURATION_UNITS: UnitScale = [
  [1, 'ns'],
  [1e3, 'µs'],
  [1e6, 'ms'],
  [1e9, 's'],
  [60e9, 'min'],
  [3600e9, 'h'],
];

/**
 * `v` in the largest unit it reaches once rounded ("999.96 µs" is "1 ms", not "1000 µs"), with
 * DIGITS significant digits; 0 and values below the smallest unit stay in the smallest.
 */
function formatScaled(v: number, units: UnitScale): string {
  if (!Number.isFinite(v)) return NO_NUMBER;
  let k = 0;
  for (let i = units.length - 1; i > 0; i--) {
    if (Math.abs(roundSignificant(v / units[i]![0], DIGITS)) >= 1) {
      k = i;
      break;
    }
  }
  const [factor, name] = units[k]!;
  return `${formatSignificant(v / factor, DIGITS)} ${name}`;
}

/** A size: "512 B", "55.2 MiB" (powers of 1024, as pprof's and the runtime's MiB). */
export function formatBytes(v: number): string {
  return formatScaled(v, BYTE_UNITS);
}

/** A duration or a time on an axis, from ns: "434 µs", "1.23 ms", "12.3 s", "2.5 min". */
export function formatNanoseconds(v: number): string {
  return formatScaled(v, DURATION_UNITS);
}

/** A rate of bytes: "1.2 GiB/s". */
export function formatBytesPerSecond(v: number): string {
  return Number.isFinite(v) ? `${formatBytes(v)}/s` : NO_NUMBER;
}

/** A rate of events, `what` a second: "3.5 GC/s". */
export function formatPerSecond(v: number, what: string): string {
  return Number.isFinite(v) ? `${formatSignificant(v, DIGITS)} ${what}/s` : NO_NUMBER;
}

/** A count: exact below 10,000 ("1234"), else "20.7k", "3.1M", "2G". */
export function formatCount(v: number): string {
  if (!Number.isFinite(v)) return NO_NUMBER;
  const abs = Math.abs(v);
  if (roundSignificant(abs / 1e9, DIGITS) >= 1) return `${formatSignificant(v / 1e9, DIGITS)}G`;
  if (roundSignificant(abs / 1e6, DIGITS) >= 1) return `${formatSignificant(v / 1e6, DIGITS)}M`;
  if (abs >= 1e4) return `${formatSignificant(v / 1e3, DIGITS)}k`;
  return Number.isInteger(v) ? String(v) : formatSignificant(v, DIGITS);
}

/** Formats a value in the unit a pprof sample type names ("bytes", "nanoseconds", "count"…). */
export function formatValue(v: number, unit: string): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(v);
    case 'nanoseconds':
      return formatNanoseconds(v);
    case 'microseconds':
      return formatNanoseconds(v * 1e3);
    case 'milliseconds':
      return formatNanoseconds(v * 1e6);
    case 'seconds':
      return formatNanoseconds(v * 1e9);
    default:
      return formatCount(v);
  }
}

/**
 * A share as `go tool pprof -top` prints it: "100%" near 100, two decimals from 1%, else %.2g
 * ("4.6e-05%"). Only for the top tables, which must equal pprof's text; every other share is
 * number-format's formatShare ("< 0.01%").
 */
export function formatPercent(part: number, total: number): string {
  const ratio = total === 0 ? 0 : Math.abs(part / total) * 100;
  if (ratio >= 99.95 && ratio <= 100.05) return '100%';
  if (ratio >= 1) return `${ratio.toFixed(2)}%`;
  return `${formatGoG2(ratio)}%`;
}

/** Go's %.2g: two significant digits, exponent form below 1e-4. */
function formatGoG2(x: number): string {
  if (x === 0) return '0';
  if (x < 1e-4) {
    const [mant, exp] = x.toExponential(1).split('e') as [string, string];
    const e = Number(exp);
    const m = mant.replace(/\.0$/, '');
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(Number(x.toPrecision(2)));
}
