// One runtime.MemStats sample as the MemStats panel shows it, whatever carried it: a sample of
// expvar /debug/vars or MemStats JSON lines (MemStatsModel), or the `# runtime.MemStats` footer
// of a debug=1 heap text profile (ProfileModel.memStats). The footer lacks some fields
// (PauseTotalNs, EnableGC, BySize) and adds MaxRSS; the panel lists what the source has.
// Ratios and the pause ring come from memstats-derived.ts, so both sources read the same way.

import type { MemStats } from '../model/profile';
import {
  MEMSTATS_FIELD_UNIT,
  MEMSTATS_PAUSE_RING,
  MEMSTATS_SCALAR_FIELDS,
  MEMSTATS_SIZE_CLASSES,
  noSkippedLines,
  type MemStatsModel,
  type MemStatsScalarField,
} from '../model/runtime-log';
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

/** A Unix-ns time (exact decimal) as an ISO date with ns, or "never" for 0. */
export function formatUnixNs(exact: string): string {
  const ns = BigInt(exact);
  if (ns === 0n) return 'never (0)';
  const ms = ns / 1_000_000n;
  const subMs = (ns % 1_000_000n).toString().padStart(6, '0');
  const iso = new Date(Number(ms)).toISOString(); // …T12:34:56.789Z
  return `${iso.slice(0, -1)}${subMs}Z`;
}
