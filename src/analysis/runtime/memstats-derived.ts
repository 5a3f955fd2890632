// Figures derived from runtime.MemStats samples (../shared/docs/go-runtime-logs.md §5).

import type { UnixNsColumn } from '../../base/time';
import { MEMSTATS_PAUSE_RING, MEMSTATS_SIZE_CLASSES, type MemStatsModel } from '../../model/runtime-log';

export type MemStatsRatios = {
  /** HeapInuse / HeapSys: share of the heap's address space in spans holding objects. */
  heapInuseRatio: number;
  /** HeapInuse − HeapAlloc: bytes in size-class spans that hold no live object (§5.2, upper bound of fragmentation). */
  fragmentationBytes: number;
  /** (HeapInuse − HeapAlloc) / HeapInuse, 0 when HeapInuse is 0. */
  fragmentation: number;
  /** HeapReleased: idle heap returned to the OS. */
  releasedBytes: number;
  /** HeapIdle − HeapReleased: idle heap kept for reuse (still resident). */
  idleRetainedBytes: number;
  /** HeapSys − HeapReleased: resident heap estimate. */
  residentHeapBytes: number;
  /** Mallocs − Frees (= HeapObjects). */
  liveObjects: number;
  /** GCCPUFraction (0–1). */
  gcCpuFraction: number;
};

export function memStatsRatios(m: MemStatsModel, sample: number): MemStatsRatios {
  const f = m.fields;
  const heapInuse = f.HeapInuse[sample]!;
  const heapSys = f.HeapSys[sample]!;
  const frag = heapInuse - f.HeapAlloc[sample]!;
  return {
    heapInuseRatio: heapSys > 0 ? heapInuse / heapSys : 0,
    fragmentationBytes: frag,
    fragmentation: heapInuse > 0 ? frag / heapInuse : 0,
    releasedBytes: f.HeapReleased[sample]!,
    idleRetainedBytes: f.HeapIdle[sample]! - f.HeapReleased[sample]!,
    residentHeapBytes: heapSys - f.HeapReleased[sample]!,
    liveObjects: f.Mallocs[sample]! - f.Frees[sample]!,
    gcCpuFraction: f.GCCPUFraction[sample]!,
  };
}

/** The valid entries of a sample's pause rings, oldest → newest. */
export type RecentPauses = {
  cycle: Float64Array; // GC number k
  pauseNs: Float64Array; // sum of that cycle's STW pauses
  endUnixNs: UnixNsColumn; // end of its last pause, exact
  length: number;
};

/**
 * Unrolls the PauseNs/PauseEnd rings (§5.3): cycle k is at index (k − 1) mod 256; the valid
 * cycles are max(1, NumGC − 255) … NumGC. (NumGC is a uint32 and may have wrapped in a very
 * long-lived process; the ring indexes stay right because 2^32 is a multiple of 256.)
 */
export function recentPauses(m: MemStatsModel, sample: number): RecentPauses {
  const numGc = m.fields.NumGC[sample]!;
  const count = Math.max(0, Math.min(numGc, MEMSTATS_PAUSE_RING));
  const r: RecentPauses = {
    cycle: new Float64Array(count),
    pauseNs: new Float64Array(count),
    endUnixNs: new BigUint64Array(count),
    length: count,
  };
  const base = sample * MEMSTATS_PAUSE_RING;
  const firstCycle = numGc - count + 1;
  for (let j = 0; j < count; j++) {
    const k = firstCycle + j;
    const idx = (k - 1) % MEMSTATS_PAUSE_RING;
    r.cycle[j] = k;
    r.pauseNs[j] = m.pauseNsRing[base + idx]!;
    r.endUnixNs[j] = m.pauseEndRing[base + idx]!;
  }
  return r;
}

/**
 * Heap over time, one point per sample. MemStats carries no sampling time, so the x axis is
 * the sample index (the order the samples were taken; the memstats fixture samples every
 * 100 ms). `lastGcNs` places each sample's last GC on a common clock: LastGC minus the
 * smallest non-zero LastGC of the series, in ns (-1 before the first GC); differences of
 * exact bigint values, so they are exact.
 */
export type HeapSeries = {
  heapAlloc: Float64Array;
  heapInuse: Float64Array;
  nextGc: Float64Array;
  sys: Float64Array;
  numGc: Float64Array;
  lastGcNs: Float64Array;
  /** The LastGC that lastGcNs counts from (Unix ns), 0n when no sample had a GC. */
  lastGcOriginUnixNs: bigint;
  length: number;
};

export function heapSeries(m: MemStatsModel): HeapSeries {
  const n = m.length;
  let origin = 0n;
  for (let i = 0; i < n; i++) {
    const t = m.lastGcUnixNs[i]!;
    if (t !== 0n && (origin === 0n || t < origin)) origin = t;
  }
  const lastGcNs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = m.lastGcUnixNs[i]!;
    lastGcNs[i] = t === 0n ? -1 : Number(t - origin);
  }
  return {
    heapAlloc: m.fields.HeapAlloc.slice(),
    heapInuse: m.fields.HeapInuse.slice(),
    nextGc: m.fields.NextGC.slice(),
    sys: m.fields.Sys.slice(),
    numGc: m.fields.NumGC.slice(),
    lastGcNs,
    lastGcOriginUnixNs: origin,
    length: n,
  };
}

/** Per size class of one sample (§5.1 BySize): upper bound of the class and live objects (Mallocs − Frees). */
export function sizeClassLive(m: MemStatsModel, sample: number): { size: Float64Array; live: Float64Array; mallocs: Float64Array } {
  const base = sample * MEMSTATS_SIZE_CLASSES;
  const size = m.bySizeSize.slice(base, base + MEMSTATS_SIZE_CLASSES);
  const mallocs = m.bySizeMallocs.slice(base, base + MEMSTATS_SIZE_CLASSES);
  const live = new Float64Array(MEMSTATS_SIZE_CLASSES);
  for (let i = 0; i < MEMSTATS_SIZE_CLASSES; i++) live[i] = mallocs[i]! - m.bySizeFrees[base + i]!;
  return { size, live, mallocs };
}
