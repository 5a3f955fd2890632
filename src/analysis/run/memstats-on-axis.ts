// MemStats samples and the GC cycles their pause rings list, on a run's axis (placement.ts puts
// the file there by matching those rings to the axis's cycles). A sample carries no sampling
// time: it sits at its LastGC (it was taken at or after it), which is the end of cycle NumGC's
// last pause, so a sample and its cycle's end fall on the same axis instant.

import type { MemStatsModel } from '../../model/runtime-log';
import { memStatsGcTimeline } from '../runtime/memstats-view';

export type MemStatsOnAxis = {
  /** Axis ns of each sample's LastGC (the sample was taken at or after it); NaN before any GC. */
  sampleNs: Float64Array;
  heapAlloc: Float64Array; // bytes, per sample
  heapInuse: Float64Array; // bytes, per sample
  nextGc: Float64Array; // bytes, per sample: the heap goal
  numGc: Float64Array; // per sample
  length: number;
  /** The GC cycles the samples' pause rings list, ascending by number. */
  gc: {
    cycle: Float64Array; // GC number (MemStats.NumGC after it)
    endNs: Float64Array; // axis ns of the end of its last pause (PauseEnd)
    pauseNs: Float64Array; // its STW total (PauseNs)
    length: number;
  };
};

/** The samples and cycles of MemStats placed with `originUnixNs` and `offsetNs` (axis = unix − origin + offset). */
export function memStatsOnAxis(m: MemStatsModel, originUnixNs: bigint, offsetNs: number): MemStatsOnAxis {
  const sampleNs = new Float64Array(m.length);
  for (let s = 0; s < m.length; s++) {
    const t = m.lastGcUnixNs[s]!;
    sampleNs[s] = t === 0n ? NaN : Number(t - originUnixNs) + offsetNs;
  }
  const tl = memStatsGcTimeline(m);
  const shift = Number(tl.originUnixNs - originUnixNs) + offsetNs;
  const endNs = new Float64Array(tl.length);
  for (let i = 0; i < tl.length; i++) endNs[i] = tl.endNs[i]! + shift;
  return {
    sampleNs,
    heapAlloc: m.fields.HeapAlloc,
    heapInuse: m.fields.HeapInuse,
    nextGc: m.fields.NextGC,
    numGc: m.fields.NumGC,
    length: m.length,
    gc: { cycle: tl.cycle, endNs, pauseNs: tl.pauseNs, length: tl.length },
  };
}

/** The last sample at or before axis time ns (samples' LastGC never decreases), -1 none. */
export function memStatsSampleAt(a: MemStatsOnAxis, ns: number): number {
  let out = -1;
  for (let s = 0; s < a.length; s++) if (a.sampleNs[s]! <= ns) out = s;
  return out;
}
