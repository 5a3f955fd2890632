// Digest of the schedtrace rows of a GODEBUG log.

import type { RuntimeLogModel } from '../../model/runtime-log';

export type SchedDigest = {
  samples: number;
  /** Time of the last SCHED line minus the first (schedtrace's own clock, ms resolution). */
  durationNs: number;
  gomaxprocs: number; // of the last sample
  maxThreads: number;
  maxIdleProcs: number;
  maxSpinningThreads: number;
  maxGlobalRunqueue: number;
  /** Largest sum of the per-P local run queues (-1 when no row had them). */
  maxLocalRunqueueSum: number;
  detailSamples: number;
  detailLines: number;
};

export function summarizeSched(log: RuntimeLogModel): SchedDigest | null {
  const s = log.sched;
  if (s.length === 0) return null;
  const max = (a: Int32Array) => {
    let m = -1;
    for (let i = 0; i < a.length; i++) if (a[i]! > m) m = a[i]!;
    return m;
  };
  let detail = 0;
  for (let i = 0; i < s.length; i++) detail += s.detail[i]!;
  return {
    samples: s.length,
    durationNs: s.timeNs[s.length - 1]! - s.timeNs[0]!,
    gomaxprocs: s.gomaxprocs[s.length - 1]!,
    maxThreads: max(s.threads),
    maxIdleProcs: max(s.idleprocs),
    maxSpinningThreads: max(s.spinningThreads),
    maxGlobalRunqueue: max(s.globalRunqueue),
    maxLocalRunqueueSum: max(s.localRunqueueSum),
    detailSamples: detail,
    detailLines: log.otherRuntimeLines.schedDetail,
  };
}
