// Digest of runtime.MemStats samples (`golens summary --json`).

import type { MemStatsModel } from '../../model/runtime-log';
import { pauseStats, type PauseStats } from '../runtime/gctrace-pauses';
import { memStatsRatios, recentPauses } from '../runtime/memstats-derived';

export type MemStatsDigest = {
  format: 'memstats';
  source: 'expvar' | 'jsonl';
  samples: number;
  /** Of the last sample: */
  numGC: number;
  numForcedGC: number;
  pauseTotalNs: number;
  /** Unix ns, exact (printed as a JSON integer above 2^53). */
  lastGC: bigint;
  heapAllocBytes: number;
  heapInuseBytes: number;
  heapSysBytes: number;
  heapReleasedBytes: number;
  sysBytes: number;
  nextGCBytes: number;
  totalAllocBytes: number;
  mallocs: number;
  frees: number;
  gcCpuFraction: number;
  heapInuseRatio: number;
  fragmentation: number;
  /** Over all samples: */
  peakHeapAllocBytes: number;
  peakHeapInuseBytes: number;
  peakSysBytes: number;
  /** Per-cycle pauses from the last sample's ring (min(NumGC, 256) most recent cycles). */
  recentPauses: PauseStats;
  cmdline: string[] | null;
  otherVars: string[];
  inexactFields: string[];
  missingFields: string[];
  skippedLines: number;
  skippedFirstLine: string;
};

export function summarizeMemStats(m: MemStatsModel): MemStatsDigest {
  const last = m.length - 1;
  const f = m.fields;
  const max = (a: Float64Array) => {
    let v = 0;
    for (let i = 0; i < a.length; i++) if (a[i]! > v) v = a[i]!;
    return v;
  };
  const ratios = memStatsRatios(m, last);
  return {
    format: 'memstats',
    source: m.source,
    samples: m.length,
    numGC: f.NumGC[last]!,
    numForcedGC: f.NumForcedGC[last]!,
    pauseTotalNs: f.PauseTotalNs[last]!,
    lastGC: m.lastGcUnixNs[last]!,
    heapAllocBytes: f.HeapAlloc[last]!,
    heapInuseBytes: f.HeapInuse[last]!,
    heapSysBytes: f.HeapSys[last]!,
    heapReleasedBytes: f.HeapReleased[last]!,
    sysBytes: f.Sys[last]!,
    nextGCBytes: f.NextGC[last]!,
    totalAllocBytes: f.TotalAlloc[last]!,
    mallocs: f.Mallocs[last]!,
    frees: f.Frees[last]!,
    gcCpuFraction: f.GCCPUFraction[last]!,
    heapInuseRatio: ratios.heapInuseRatio,
    fragmentation: ratios.fragmentation,
    peakHeapAllocBytes: max(f.HeapAlloc),
    peakHeapInuseBytes: max(f.HeapInuse),
    peakSysBytes: max(f.Sys),
    recentPauses: pauseStats(recentPauses(m, last).pauseNs),
    cmdline: m.cmdline,
    otherVars: m.otherVars.map((v) => v.name),
    inexactFields: m.inexactFields,
    missingFields: m.missingFields,
    skippedLines: m.skipped.count,
    skippedFirstLine: m.skipped.first,
  };
}
