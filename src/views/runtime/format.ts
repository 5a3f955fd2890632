// Display helpers shared by the runtime-output views (text only; React renders it as text).

import { formatBytes, formatNanoseconds } from '../../base/units';
import { formatUnixNs } from '../../base/time';
import { formatFraction } from '../../base/number-format';
import type { MemStatsUnit } from '../../analysis/runtime/memstats-view';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12,345,678 — exact integers with separators; decimal text passes through BigInt. */
export function formatExactInteger(exact: string): string {
  if (!/^[0-9]+$/.test(exact)) return exact;
  return BigInt(exact).toLocaleString('en-US');
}

export function formatInt(v: number): string {
  return grouped.format(v);
}

/** A MemStats field as a Go developer reads it: bytes in KiB/MiB, ns as durations, Unix ns as a date. */
export function formatMemStatsValue(unit: MemStatsUnit, value: number, exact: string): string {
  switch (unit) {
    case 'bytes':
      return formatBytes(value);
    case 'ns':
      return formatNanoseconds(value);
    case 'unix-ns':
      return formatUnixNs(BigInt(exact));
    case 'fraction':
      return formatFraction(value);
    case 'bool':
      return exact;
    case 'count':
      return formatExactInteger(exact);
  }
}

/** A ratio of two sizes as a share: "87.5%", "< 0.01%". */
export function formatRatio(r: number): string {
  return formatFraction(r);
}

export function formatMs(ns: number): string {
  return formatNanoseconds(ns);
}
