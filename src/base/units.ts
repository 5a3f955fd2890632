// Units as types, and how a Go developer expects to read them (pprof's vocabulary).

import { formatSignificant } from './number-format';

/** A size in bytes. */
export type Bytes = number;

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Three significant digits (at least the integer part), through the one locale-aware formatter. */
function trimNumber(v: number): string {
  return formatSignificant(v, 3);
}

export function formatBytes(v: number): string {
  let i = 0;
  let x = v;
  while (Math.abs(x) >= 1024 && i < BYTE_UNITS.length - 1) {
    x /= 1024;
    i++;
  }
  return `${trimNumber(x)} ${BYTE_UNITS[i]}`;
}

export function formatNanoseconds(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 60e9) return `${trimNumber(v / 60e9)} min`;
  if (abs >= 1e9) return `${trimNumber(v / 1e9)} s`;
  if (abs >= 1e6) return `${trimNumber(v / 1e6)} ms`;
  if (abs >= 1e3) return `${trimNumber(v / 1e3)} µs`;
  return `${trimNumber(v)} ns`;
}

export function formatCount(v: number): string {
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${trimNumber(v / 1e9)}G`;
  if (abs >= 1e6) return `${trimNumber(v / 1e6)}M`;
  if (abs >= 1e4) return `${trimNumber(v / 1e3)}k`;
  return String(v);
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

/** A share as `go tool pprof` prints it: "100%" near 100, two decimals from 1%, else %.2g. */
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
