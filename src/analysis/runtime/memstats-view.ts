// One runtime.MemStats sample as the MemStats panel shows it, whatever carried it: a sample of
// expvar /debug/vars or MemStats JSON lines (MemStatsModel), or the `# runtime.MemStats` footer
// of a debug=1 heap text profile (ProfileModel.memStats). The footer lacks some fields
// (PauseTotalNs, EnableGC, BySize) and adds MaxRSS; the panel lists what the source has.
// Ratios and the pause ring come from memstats-derived.ts, so both sources read the same way.

import type { MemStats } from '../../model/profile';
import {
  MEMSTATS_FIELD_UNIT,
  MEMSTATS_PAUSE_RING,
  MEMSTATS_SCALAR_FIELDS,
  MEMSTATS_SIZE_CLASSES,
  noSkippedLines,
  type MemStatsModel,
  type MemStatsScalarField,
} from '../../model/runtime-log';
import { memStatsRatios, recentPauses, type MemStatsRatios, type RecentPauses } from './memstats-derived';

export type MemStatsUnit = (typeof MEMSTATS_FIELD_UNIT)[MemStatsScalarField];

export type MemStatsFieldRow = {
  name: string;
  unit: MemStatsUnit;
  /** The value as a number (booleans 0/1; a Unix-ns time is rounded here, see `exact`). */
  value: number;
  /** The exact value as decimal text (Unix-ns times and values above 2^53 need it). */
  exact: string;
};

export type MemStatsSnapshot = {
  /** Present fields in runtime.MemStats struct order, then extras (MaxRSS). */
  fields: MemStatsFieldRow[];
  /** Fields of runtime.MemStats this source does not carry. */
  missing: string[];
  ratios: MemStatsRatios;
  pauses: RecentPauses;
};

function exactOf(unit: MemStatsUnit, v: number): string {
  if (unit === 'bool') return v ? 'true' : 'false';
  return String(v);
}

/** Sample `sample` of a MemStats model (expvar or JSON lines). */
export function memStatsSnapshot(m: MemStatsModel, sample: number): MemStatsSnapshot {
  const missing = new Set(m.missingFields);
  const fields: MemStatsFieldRow[] = [];
  for (const name of MEMSTATS_SCALAR_FIELDS) {
    if (missing.has(name)) continue;
    const unit = MEMSTATS_FIELD_UNIT[name];
    const value = m.fields[name][sample]!;
    const exact = name === 'LastGC' ? m.lastGcUnixNs[sample]!.toString() : exactOf(unit, value);
    fields.push({ name, unit, value, exact });
  }
  return { fields, missing: [...missing], ratios: memStatsRatios(m, sample), pauses: recentPauses(m, sample) };
}

/** Footer fields that runtime/pprof does not print (go/src/runtime/pprof/pprof.go writeHeapInternal). */
const NOT_IN_FOOTER: readonly MemStatsScalarField[] = ['PauseTotalNs', 'EnableGC'];

/**
 * The footer of a heap text profile. It is put into a one-sample MemStatsModel only to reuse
 * memStatsRatios/recentPauses; fields the footer lacks are NaN there and listed as missing.
 */
export function memStatsSnapshotFromFooter(ms: MemStats): MemStatsSnapshot {
  const fields = {} as Record<MemStatsScalarField, Float64Array>;
  for (const name of MEMSTATS_SCALAR_FIELDS) {
    const v = (ms as unknown as Record<string, unknown>)[name];
    fields[name] = Float64Array.of(typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : NaN);
  }
  fields.LastGC[0] = Number(ms.LastGC);
  const pauseEndRing = new BigUint64Array(MEMSTATS_PAUSE_RING);
  for (let i = 0; i < MEMSTATS_PAUSE_RING; i++) pauseEndRing[i] = BigInt(ms.PauseEnd[i] ?? '0');
  const model: MemStatsModel = {
    kind: 'memstats',
    source: 'expvar',
    length: 1,
    fields,
    lastGcUnixNs: BigUint64Array.of(BigInt(ms.LastGC)),
    pauseNsRing: Float64Array.from({ length: MEMSTATS_PAUSE_RING }, (_, i) => ms.PauseNs[i] ?? 0),
    pauseEndRing,
    bySizeSize: new Float64Array(MEMSTATS_SIZE_CLASSES),
    bySizeMallocs: new Float64Array(MEMSTATS_SIZE_CLASSES),
    bySizeFrees: new Float64Array(MEMSTATS_SIZE_CLASSES),
    cmdline: null,
    otherVars: [],
    inexactFields: [],
    missingFields: [...NOT_IN_FOOTER, 'BySize'],
    lineNumber: Int32Array.of(0),
    skipped: noSkippedLines(),
  };
  const snap = memStatsSnapshot(model, 0);
  if (ms.MaxRSS !== null) snap.fields.push({ name: 'MaxRSS', unit: 'bytes', value: ms.MaxRSS, exact: String(ms.MaxRSS) });
  return snap;
}

/**
 * The GC cycles that a series of MemStats samples saw, on an exact clock: every valid entry of
 * every sample's PauseNs/PauseEnd rings, one row per cycle number (a later sample's ring holds
 * the same value for a cycle), ascending. Times are ns since `originUnixNs`, the end of the
 * oldest cycle listed (differences of exact bigints, so they are exact below 2^53 ns ≈ 104 days).
 */
export type MemStatsGcTimeline = {
  cycle: Float64Array;
  /** End of the cycle's last pause, ns since originUnixNs. */
  endNs: Float64Array;
  /** Sum of the cycle's STW pauses. */
  pauseNs: Float64Array;
  originUnixNs: bigint;
  length: number;
};

export function memStatsGcTimeline(m: MemStatsModel): MemStatsGcTimeline {
  const byCycle = new Map<number, { end: bigint; pause: number }>();
  for (let s = 0; s < m.length; s++) {
    const r = recentPauses(m, s);
    for (let j = 0; j < r.length; j++) {
      const end = r.endUnixNs[j]!;
      if (end !== 0n) byCycle.set(r.cycle[j]!, { end, pause: r.pauseNs[j]! });
    }
  }
  const cycles = [...byCycle.keys()].sort((a, b) => a - b);
  const n = cycles.length;
  const origin = n > 0 ? byCycle.get(cycles[0]!)!.end : 0n;
  const out: MemStatsGcTimeline = {
    cycle: Float64Array.from(cycles),
    endNs: new Float64Array(n),
    pauseNs: new Float64Array(n),
    originUnixNs: origin,
    length: n,
  };
  for (let i = 0; i < n; i++) {
    const c = byCycle.get(cycles[i]!)!;
    out.endNs[i] = Number(c.end - origin);
    out.pauseNs[i] = c.pause;
  }
  return out;
}

/**
 * Where a sample can be put on that clock: its LastGC (the sample was taken at or after it),
 * ns since `originUnixNs`; -1 when the sample precedes every GC or its LastGC is before origin.
 */
export function memStatsSampleLowerBoundNs(m: MemStatsModel, originUnixNs: bigint): Float64Array {
  const out = new Float64Array(m.length);
  for (let s = 0; s < m.length; s++) {
    const t = m.lastGcUnixNs[s]!;
    out[s] = t === 0n || t < originUnixNs ? -1 : Number(t - originUnixNs);
  }
  return out;
}
