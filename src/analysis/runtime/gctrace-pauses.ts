// Stop-the-world pauses and phase intervals derived from a gctrace table.
//
// What a "pause" is here: every GC cycle stops the world twice — sweep termination (T1, before
// concurrent mark) and mark termination (T3, after it). ONE PAUSE = ONE OF THESE STW PHASES, so a
// log of N cycles has 2N pauses and `count` is 2N. This matches the execution trace's
// `stop-the-world` ranges (one per phase). MemStats.PauseNs instead stores, per cycle, the SUM of
// its pauses; `cyclePauseNs` gives that per-cycle sum for comparison. Durations are the printed
// values (truncated to two significant digits by the runtime, go-runtime-logs.md §2.2).

import type { GcCycleTable } from '../../model/runtime-log';

export type PauseStats = {
  count: number;
  totalNs: number;
  maxNs: number;
  meanNs: number;
  /** Nearest-rank percentiles: the smallest value with at least p% of the values ≤ it. */
  p50Ns: number;
  p90Ns: number;
  p99Ns: number;
};

/** Nearest-rank percentile of ascending-sorted values; 0 for none. */
export function percentileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1]!;
}

export function pauseStats(values: Float64Array): PauseStats {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i]!;
  const n = sorted.length;
  return {
    count: n,
    totalNs: total,
    maxNs: n > 0 ? sorted[n - 1]! : 0,
    meanNs: n > 0 ? Math.round(total / n) : 0,
    p50Ns: percentileSorted(sorted, 50),
    p90Ns: percentileSorted(sorted, 90),
    p99Ns: percentileSorted(sorted, 99),
  };
}

/** Every STW pause in time order: cycle i contributes [2i] = sweep termination, [2i+1] = mark termination. */
export function gcPausesNs(gc: GcCycleTable): Float64Array {
  const out = new Float64Array(gc.length * 2);
  for (let i = 0; i < gc.length; i++) {
    out[2 * i] = gc.sweepTermNs[i]!;
    out[2 * i + 1] = gc.markTermNs[i]!;
  }
  return out;
}

/** Per-cycle STW total (T1 + T3), as MemStats.PauseNs records it. */
export function cyclePauseNs(gc: GcCycleTable): Float64Array {
  const out = new Float64Array(gc.length);
  for (let i = 0; i < gc.length; i++) out[i] = gc.sweepTermNs[i]! + gc.markTermNs[i]!;
  return out;
}

export function computeGcPauseStats(gc: GcCycleTable): { pauses: PauseStats; cyclePauses: PauseStats } {
  return { pauses: pauseStats(gcPausesNs(gc)), cyclePauses: pauseStats(cyclePauseNs(gc)) };
}

/**
 * The three phases of each cycle on the program's clock (ns since start), for a GC timeline:
 * sweep termination starts at @SECONDS, concurrent mark follows it, mark termination follows
 * mark. Start times have ms resolution, so a phase may appear to overlap the next cycle.
 */
export type GcPhaseIntervals = {
  sweepTermStart: Float64Array;
  markStart: Float64Array;
  markTermStart: Float64Array;
  end: Float64Array;
  length: number;
};

export function gcPhaseIntervals(gc: GcCycleTable): GcPhaseIntervals {
  const n = gc.length;
  const r: GcPhaseIntervals = {
    sweepTermStart: new Float64Array(n),
    markStart: new Float64Array(n),
    markTermStart: new Float64Array(n),
    end: new Float64Array(n),
    length: n,
  };
  for (let i = 0; i < n; i++) {
    const t0 = gc.startNs[i]!;
    const t1 = t0 + gc.sweepTermNs[i]!;
    const t2 = t1 + gc.markNs[i]!;
    r.sweepTermStart[i] = t0;
    r.markStart[i] = t1;
    r.markTermStart[i] = t2;
    r.end[i] = t2 + gc.markTermNs[i]!;
  }
  return r;
}
