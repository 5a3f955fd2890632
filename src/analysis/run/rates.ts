// Allocation rate against GC frequency on a run's axis: the question `go tool trace`'s heap
// view leaves to the eye. Bytes allocated are the heap's rises (a trace's HeapAlloc metric only
// falls when sweeping frees memory, so the sum of its rises is what was allocated, less what
// was allocated and freed between two samples); without a trace, from the log's
// `#->#-># MB`: cycle j allocated H1(j) − H2(j−1) since the previous cycle marked H2 live.

import type { Ns } from '../../base/time';
import type { GcCycleTable } from '../../model/runtime-log';
import type { SeriesTable, TraceModel } from '../../model/trace';
import { lowerBound, upperBound } from '../trace/timeline-tables';
import { isOnRunAxis, type FilePlacement } from './placement';

/** Intervals between consecutive GC cycle starts, on the axis: bytes allocated a second and cycles a second. */
export type RateIntervals = {
  start: Float64Array;
  end: Float64Array;
  allocBytes: Float64Array;
  /** allocBytes per second of the interval. */
  allocPerSec: Float64Array;
  /** 1 / the interval's length in s: the GC frequency then. */
  gcPerSec: Float64Array;
  length: number;
};

/** Sum of the series' rises over [from, to] (its value at `from` as the start). */
export function seriesRises(s: SeriesTable, from: Ns, to: Ns): number {
  let i = upperBound(s.time, s.length, from) - 1;
  let prev = i >= 0 ? s.value[i]! : NaN;
  let sum = 0;
  for (i = i + 1; i < s.length && s.time[i]! <= to; i++) {
    const v = s.value[i]!;
    if (!Number.isNaN(prev) && v > prev) sum += v - prev;
    prev = v;
  }
  return sum;
}

function intervals(starts: number[], alloc: (a: number, b: number, k: number) => number): RateIntervals {
  const n = Math.max(0, starts.length - 1);
  const r: RateIntervals = {
    start: new Float64Array(n), end: new Float64Array(n), allocBytes: new Float64Array(n),
    allocPerSec: new Float64Array(n), gcPerSec: new Float64Array(n), length: n,
  };
  for (let k = 0; k < n; k++) {
    const a = starts[k]!, b = starts[k + 1]!;
    const bytes = alloc(a, b, k);
    r.start[k] = a;
    r.end[k] = b;
    r.allocBytes[k] = bytes;
    r.allocPerSec[k] = b > a ? (bytes * 1e9) / (b - a) : NaN;
    r.gcPerSec[k] = b > a ? 1e9 / (b - a) : NaN;
  }
  return r;
}

/** A trace's rates, between the starts of its GC cycles (cycles begun before it left out). */
export function traceRates(t: TraceModel): RateIntervals {
  const starts: number[] = [];
  for (let i = 0; i < t.gcCycles.length; i++) if (!Number.isNaN(t.gcCycles.start[i]!)) starts.push(t.gcCycles.start[i]!);
  return intervals(starts, (a, b) => seriesRises(t.heapAlloc, a, b));
}

/** A gctrace log's rates on the axis (offset: axis = log time + offset), from its heap sizes. */
export function gctraceRates(gc: GcCycleTable, offsetNs: Ns): RateIntervals {
  const starts = Array.from(gc.startNs, (s) => s + offsetNs);
  // Interval k runs from cycle k's start to cycle k+1's: what cycle k+1 found allocated since cycle k left H2 live.
  return intervals(starts, (_a, _b, k) => Math.max(0, gc.heapMarkTermBytes[k + 1]! - gc.heapLiveBytes[k]!));
}

export type RangeRates = {
  fromNs: Ns;
  toNs: Ns;
  /** Bytes allocated in the range and per second (NaN when the source has no heap figures there). */
  allocBytes: number;
  allocPerSec: number;
  /** GC cycles begun in the range and per second. */
  gcCount: number;
  gcPerSec: number;
};

/** A trace's allocation and GC rates over [from, to]. */
export function traceRangeRates(t: TraceModel, fromNs: Ns, toNs: Ns): RangeRates {
  const s = t.gcCycles.start;
  let gcCount = 0;
  for (let i = 0; i < t.gcCycles.length; i++) if (s[i]! >= fromNs && s[i]! <= toNs) gcCount++;
  const sec = (toNs - fromNs) / 1e9;
  const allocBytes = t.heapAlloc.length ? seriesRises(t.heapAlloc, fromNs, toNs) : NaN;
  return { fromNs, toNs, allocBytes, allocPerSec: sec > 0 ? allocBytes / sec : NaN, gcCount, gcPerSec: sec > 0 ? gcCount / sec : NaN };
}

/** A gctrace log's GC cycles begun in [from, to] on the axis, and their pauses (both STW phases). */
export function gctraceRangeCycles(gc: GcCycleTable, offsetNs: Ns, fromNs: Ns, toNs: Ns): { rows: number[]; pauses: number; pauseTotalNs: number; pauseMaxNs: number } {
  const lo = lowerBound(gc.startNs, gc.length, fromNs - offsetNs);
  const hi = upperBound(gc.startNs, gc.length, toNs - offsetNs);
  const rows: number[] = [];
  let total = 0, max = 0;
  for (let j = lo; j < hi; j++) {
    rows.push(j);
    total += gc.sweepTermNs[j]! + gc.markTermNs[j]!;
    max = Math.max(max, gc.sweepTermNs[j]!, gc.markTermNs[j]!);
  }
  return { rows, pauses: rows.length * 2, pauseTotalNs: total, pauseMaxNs: max };
}

export type RangeLogCycles = ReturnType<typeof gctraceRangeCycles>;

/**
 * The run's gctrace logs over a range of its axis: each log on the axis with its cycles begun in
 * the range; a log on its own clock is left out (its times are not the run's, so its cycles in
 * [from, to] of its own clock say nothing of the range) and listed as such.
 */
export function runRangeLogCycles<L extends { p: FilePlacement; log: { gc: GcCycleTable } }>(
  logs: readonly L[],
  fromNs: Ns,
  toNs: Ns,
): { counted: { l: L; c: RangeLogCycles }[]; ownClock: L[] } {
  const counted: { l: L; c: RangeLogCycles }[] = [];
  const ownClock: L[] = [];
  for (const l of logs) {
    if (isOnRunAxis(l.p)) counted.push({ l, c: gctraceRangeCycles(l.log.gc, l.p.offsetNs, fromNs, toNs) });
    else ownClock.push(l);
  }
  return { counted, ownClock };
}
