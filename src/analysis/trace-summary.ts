// summary --json for Go execution traces (../shared/docs/summary-schema.md, "Go execution
// trace"): counts over the event columns exactly as the reference digest counts Go's events.
// With a range, only events whose time lies in [fromNs, toNs] count (times as in the model:
// ns since the first event); a stop-the-world pause counts when both its ends are inside.

import { TRACE_KIND_NAMES, TraceCode as C, TraceKind as K, kindOfCode, type TraceModel } from '../model/trace';

export type TraceRange = { fromNs?: number; toNs?: number };

export type TraceDigest = {
  format: 'go-trace';
  goVersion: string;
  durationNs: number;
  events: number;
  gcCount: number;
  stw: { count: number; totalNs: number; maxNs: number };
  goroutines: number;
  procs: number;
  heapAlloc: { points: number; maxBytes: number };
  heapGoal: { points: number; maxBytes: number };
  cpuSamples: number;
  userTasks: number;
  userRegions: number;
  userLogs: number;
  kinds: Record<string, number>;
  warnings?: string[];
};

/** First event index with time ≥ t (times are strictly increasing). */
function lowerBound(time: Float64Array, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First event index with time > t. */
function upperBound(time: Float64Array, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (time[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function summarizeTrace(t: TraceModel, range: TraceRange = {}): TraceDigest {
  const ev = t.events;
  const from = range.fromNs === undefined ? 0 : lowerBound(ev.time, ev.length, range.fromNs);
  const to = range.toNs === undefined ? ev.length : upperBound(ev.time, ev.length, range.toNs);
  const kindCounts = new Float64Array(TRACE_KIND_NAMES.length);
  let gcCount = 0, stwCount = 0, stwTotal = 0, stwMax = 0, stwOpen = false, stwStart = 0;
  const seenG = new Uint8Array(t.goroutines.length);
  let goroutines = 0;
  // P ids are small: a byte per id, a Set for anything else.
  const seenP = new Uint8Array(65536);
  const otherProcs = new Set<number>();
  let procs = 0;
  let haPoints = 0, haMax = 0, hgPoints = 0, hgMax = 0;
  const code = ev.code, time = ev.time, arg = ev.arg;
  for (let i = from; i < to; i++) {
    const c = code[i]!;
    const kind = kindOfCode[c]!;
    kindCounts[kind]++;
    switch (kind) {
      case K.RangeBegin:
        if (c === C.GCBegin) gcCount++;
        else if (c === C.STWBegin) {
          stwOpen = true;
          stwStart = time[i]!;
        }
        break;
      case K.RangeEnd:
        if (c === C.STWEnd && stwOpen) {
          const d = time[i]! - stwStart;
          stwCount++;
          stwTotal += d;
          if (d > stwMax) stwMax = d;
          stwOpen = false;
        }
        break;
      case K.StateTransition:
        if (c === C.ProcStart || c === C.ProcStop || c === C.ProcSteal || c === C.ProcStatus) {
          const p = arg[i]!;
          if (p >= 0 && p < 65536) {
            if (seenP[p] === 0) {
              seenP[p] = 1;
              procs++;
            }
          } else if (p !== -1) otherProcs.add(p);
        } else {
          const g = arg[i]!;
          if (g >= 0 && seenG[g] === 0) {
            seenG[g] = 1;
            goroutines++;
          }
        }
        break;
      case K.Metric:
        if (c === C.HeapAlloc) {
          haPoints++;
          if (arg[i]! > haMax) haMax = arg[i]!;
        } else if (c === C.HeapGoal) {
          hgPoints++;
          if (arg[i]! > hgMax) hgMax = arg[i]!;
        }
        break;
    }
  }
  const kinds: Record<string, number> = {};
  const names = TRACE_KIND_NAMES.map((name, k) => ({ name, k })).sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const { name, k } of names) if (kindCounts[k]! > 0) kinds[name] = kindCounts[k]!;
  const digest: TraceDigest = {
    format: 'go-trace',
    goVersion: t.goVersion,
    durationNs: to > from ? time[to - 1]! - time[from]! : 0,
    events: to - from,
    gcCount,
    stw: { count: stwCount, totalNs: stwTotal, maxNs: stwMax },
    goroutines,
    procs: procs + otherProcs.size,
    heapAlloc: { points: haPoints, maxBytes: haMax },
    heapGoal: { points: hgPoints, maxBytes: hgMax },
    cpuSamples: kindCounts[K.StackSample]!,
    userTasks: kindCounts[K.TaskBegin]!,
    userRegions: kindCounts[K.RegionBegin]!,
    userLogs: kindCounts[K.Log]!,
    kinds,
  };
  if (t.warnings.length > 0) digest.warnings = t.warnings;
  return digest;
}
