// The MMU page's data (go tool trace's /mmu): the options as its flag names, the curve sampled
// at log-spaced windows (Go's 100 samples, each window rounded to whole ns; Go's
// truncates) from 1 µs to the span of the utilization functions, and the worst
// windows for one width (Go's 10, from MMUCurve.examples). Every value is mmu.ts's. With a
// range, of the windows inside it: the same utilization functions, cut to the range.

import { DEFAULT_UTIL_FLAGS, MMUCurve, mutatorUtilization, UtilFlag, utilizationInRange, type UtilSeries, type UtilWindow } from './mmu';
import type { TraceModel } from '../../model/trace';
import type { TimeRange } from './goroutine-summary';

/** go tool trace's names of the options, in its page's order. */
export const UTIL_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['perProc', UtilFlag.PerProc],
  ['stw', UtilFlag.STW],
  ['background', UtilFlag.Background],
  ['assist', UtilFlag.Assist],
  ['sweep', UtilFlag.Sweep],
];

/** Flags from go tool trace's `flags` form ("stw|background|assist"); "" is the page's default. */
export function parseUtilFlags(s: string): number {
  if (s === '') return DEFAULT_UTIL_FLAGS;
  let f = 0;
  for (const part of s.split('|')) f |= UTIL_FLAG_NAMES.find(([n]) => n === part)?.[1] ?? 0;
  return f;
}

/** The `flags` form of a set of flags ("none" when empty, so that it differs from the default's ""). */
export function formatUtilFlags(f: number): string {
  const s = UTIL_FLAG_NAMES.filter(([, b]) => (f & b) !== 0).map(([n]) => n).join('|');
  return s || 'none';
}

export const MMU_PLOT_SAMPLES = 100;
export const MMU_MIN_WINDOW = 1000;
/** Worst windows listed for a width, as go tool trace's details list. */
export const MMU_WORST_WINDOWS = 10;

export type MMUPlot = {
  flags: number;
  /** The range it is of (null: the whole trace). */
  range: TimeRange | null;
  curve: MMUCurve;
  /** The span of the utilization functions (ns): the longest window. */
  spanNs: number;
  /** Window widths (ns, increasing) and the MMU at each. */
  windows: number[];
  mmu: number[];
};

/**
 * The curve for these flags, of the whole trace or of the windows inside a range: empty windows
 * when the trace has no utilization (no GOMAXPROCS) or it spans less than 1 µs.
 */
export function mmuPlot(t: TraceModel, flags: number, range: TimeRange | null = null, samples = MMU_PLOT_SAMPLES): MMUPlot {
  return mmuPlotOf(mutatorUtilization(t, flags), flags, range, samples);
}

/** mmuPlot from the whole trace's utilization functions for these flags (which a range only cuts). */
export function mmuPlotOf(wholeUtil: readonly UtilSeries[], flags: number, range: TimeRange | null = null, samples = MMU_PLOT_SAMPLES): MMUPlot {
  const util = range ? utilizationInRange(wholeUtil, range[0], range[1]) : [...wholeUtil];
  const curve = new MMUCurve(util);
  const spanNs = curve.span;
  const windows: number[] = [];
  const mmu: number[] = [];
  if (spanNs >= MMU_MIN_WINDOW) {
    const logMin = Math.log(MMU_MIN_WINDOW), logMax = Math.log(spanNs);
    for (let i = 0; i < samples; i++) {
      const w = i === samples - 1 ? spanNs : Math.round(Math.exp((i / (samples - 1)) * (logMax - logMin) + logMin));
      if (windows.length > 0 && w <= windows[windows.length - 1]!) continue;
      windows.push(w);
      mmu.push(curve.mmu(w));
    }
  }
  return { flags, range, curve, spanNs, windows, mmu };
}

/** The worst windows of this width, lowest utilization first (time: the window's start, ns on the trace's axis). */
export function mmuWorstWindows(plot: MMUPlot, windowNs: number, n = MMU_WORST_WINDOWS): UtilWindow[] {
  return plot.curve.examples(windowNs, n);
}
