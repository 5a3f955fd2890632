// GC CPU cost per cycle from a gctrace table, for the GC timeline.
//
// A cycle's GC CPU = C1 + C2 + C3 + C4 + C5 (sweep termination, assists, background and idle
// mark workers, mark termination). Its share of the machine over the interval up to the next
// cycle is that CPU divided by P × (start of next cycle − start of this one); the last cycle
// (no next start) and intervals of 0 ms (start times have ms resolution) give NaN.
// gctrace's own PCT column is different: GC's cumulative share since program start.

import type { GcCycleTable } from '../model/runtime-log';

export type GcCpuSeries = {
  /** GC CPU time of each cycle, ns. */
  cpuNs: Float64Array;
  /** Assist CPU (C2) share of cpuNs: assists slow the program's own goroutines. */
  assistFraction: Float64Array;
  /** cpuNs / (procs × interval to the next cycle); NaN when undefined. */
  intervalShare: Float64Array;
  length: number;
};

export function gcCpuSeries(gc: GcCycleTable): GcCpuSeries {
  const n = gc.length;
  const cpuNs = new Float64Array(n);
  const assistFraction = new Float64Array(n);
  const intervalShare = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const cpu = gc.sweepTermCpuNs[i]! + gc.assistCpuNs[i]! + gc.backgroundCpuNs[i]! + gc.idleCpuNs[i]! + gc.markTermCpuNs[i]!;
    cpuNs[i] = cpu;
    assistFraction[i] = cpu > 0 ? gc.assistCpuNs[i]! / cpu : 0;
    const interval = i + 1 < n ? gc.startNs[i + 1]! - gc.startNs[i]! : 0;
    intervalShare[i] = interval > 0 && gc.procs[i]! > 0 ? cpu / (gc.procs[i]! * interval) : NaN;
  }
  return { cpuNs, assistFraction, intervalShare, length: n };
}
