// What the GC/schedtrace time view needs beyond the tables: which row is under a time, and
// the time extent of a log. Times are ns on the program's clock (gctrace's @SECONDS); SCHED
// times count from the first schedtrace output, which the runtime prints at startup, so both
// share one axis to within a few ms (go-runtime-logs.md §4).

import type { GcCycleTable, RuntimeLogModel, SchedTable } from '../../model/runtime-log';
import { gcPhaseIntervals } from './gctrace-pauses';

/** Index of the last row with time ≤ ns in a column sorted ascending; -1 when none. */
export function lastAtOrBefore(times: Float64Array, length: number, ns: number): number {
  let lo = 0;
  let hi = length; // first index with time > ns
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= ns) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The cycle in effect at `ns`: the last one started at or before it (-1 before the first). */
export function gcCycleAt(gc: GcCycleTable, ns: number): number {
  return lastAtOrBefore(gc.startNs, gc.length, ns);
}

export function schedRowAt(sched: SchedTable, ns: number): number {
  return lastAtOrBefore(sched.timeNs, sched.length, ns);
}

/** [0, end of the last GC phase or SCHED line]; at least 1 ms long. */
export function runtimeLogExtent(log: RuntimeLogModel): [number, number] {
  let end = 0;
  const ph = gcPhaseIntervals(log.gc);
  for (let i = 0; i < ph.length; i++) end = Math.max(end, ph.end[i]!);
  for (let i = 0; i < log.sched.length; i++) end = Math.max(end, log.sched.timeNs[i]!);
  return [0, Math.max(end * 1.02, 1e6)];
}

/** A ms field as the runtime prints it from ns (the parse is exact, so this round-trips: 0.038, 12). */
export function gcMsText(ns: number): string {
  return String(ns / 1e6);
}

/** gctrace's MB (MiB, truncated) from the table's bytes. */
export function gcMbText(bytes: number): string {
  return String(bytes / 1048576);
}

/** Rows [first, end) of the cycles that start inside [fromNs, toNs]. */
export function gcCyclesInRange(gc: GcCycleTable, fromNs: number, toNs: number): [number, number] {
  const first = lastAtOrBefore(gc.startNs, gc.length, fromNs - 1e-9) + 1;
  const end = lastAtOrBefore(gc.startNs, gc.length, toNs) + 1;
  return [first, Math.max(first, end)];
}

/** The STW pauses (two per cycle, as gcPausesNs) and per-cycle sums of the rows [first, end). */
export function gcPausesOfRows(gc: GcCycleTable, first: number, end: number): { phases: Float64Array; cycles: Float64Array } {
  const n = Math.max(0, end - first);
  const phases = new Float64Array(2 * n);
  const cycles = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = first + k;
    phases[2 * k] = gc.sweepTermNs[i]!;
    phases[2 * k + 1] = gc.markTermNs[i]!;
    cycles[k] = gc.sweepTermNs[i]! + gc.markTermNs[i]!;
  }
  return { phases, cycles };
}
