// summary --json for Go execution traces (../shared/docs/summary-schema.md, "Go execution
// trace"): counts over the event columns exactly as the reference digest counts Go's events.
// With a range, only events whose time lies in [fromNs, toNs] count (times as in the model:
// ns since the first event); a stop-the-world pause counts when both its ends are inside.

import { packedInto } from '../../base/packed-column';
import { TRACE_KIND_NAMES, eventTimeSearch, eventTimesInto, TraceCode as C, TraceKind as K, kindOfCode, type TraceEventTable, type TraceModel } from '../../model/trace';

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

/**
 * The digest's counts, folded over events in order, a run at a time: over a model's columns
 * (summarizeTrace) or over the windows of a streaming read (the CLI reads a trace of any size
 * this way without keeping its events). Times are ns since the first event added; with a
 * range, only events whose time lies in [fromNs, toNs] count.
 */
export class TraceDigestAccumulator {
  private readonly fromNs: number;
  private readonly toNs: number;
  private t0 = NaN;
  private firstIn = NaN;
  private lastIn = NaN;
  private events = 0;
  private readonly kindCounts = new Float64Array(TRACE_KIND_NAMES.length);
  private gcCount = 0;
  private stwCount = 0;
  private stwTotal = 0;
  private stwMax = 0;
  private stwOpen = false;
  private stwStart = 0;
  // Goroutine indexes are dense (the model's): a byte per goroutine, grown as they appear.
  private seenG = new Uint8Array(1024);
  private goroutines = 0;
  // P ids are small: a byte per id, a Set for anything else.
  private readonly seenP = new Uint8Array(65536);
  private readonly otherProcs = new Set<number>();
  private procs = 0;
  private haPoints = 0;
  private haMax = 0;
  private hgPoints = 0;
  private hgMax = 0;

  /** `originNs`: the time that counts as 0 (default: the first event's). */
  constructor(range: TraceRange = {}, originNs = NaN) {
    this.fromNs = range.fromNs ?? -Infinity;
    this.toNs = range.toNs ?? Infinity;
    this.t0 = originNs;
  }

  /** Folds events [from, to) of the columns (the next events of the trace, in order). */
  add(ev: Pick<TraceEventTable, 'time' | 'code' | 'arg'>, from: number, to: number): void {
    const code = ev.code, time = ev.time, arg = ev.arg, kindCounts = this.kindCounts;
    if (Number.isNaN(this.t0) && to > from) this.t0 = time[from]!;
    const t0 = this.t0, fromNs = this.fromNs, toNs = this.toNs;
    // Without a range every event counts: no time test per event (the common case, hot).
    const ranged = fromNs !== -Infinity || toNs !== Infinity;
    // Counters in locals for the loop, written back once.
    let events = this.events, gcCount = this.gcCount, firstIn = this.firstIn, lastIn = this.lastIn;
    let haPoints = this.haPoints, haMax = this.haMax, hgPoints = this.hgPoints, hgMax = this.hgMax;
    if (!ranged && to > from) {
      if (Number.isNaN(firstIn)) firstIn = time[from]! - t0;
      lastIn = time[to - 1]! - t0;
      events += to - from;
    }
    for (let i = from; i < to; i++) {
      const c = code[i]!;
      if (ranged) {
        const t = time[i]! - t0;
        if (t < fromNs || t > toNs) continue;
        if (Number.isNaN(firstIn)) firstIn = t;
        lastIn = t;
        events++;
      }
      const kind = kindOfCode[c]!;
      kindCounts[kind]++;
      switch (kind) {
        case K.StateTransition:
          if (c === C.ProcStart || c === C.ProcStop || c === C.ProcSteal || c === C.ProcStatus) this.seeProc(arg[i]!);
          else this.seeGoroutine(arg[i]!);
          break;
        case K.RangeBegin:
          if (c === C.GCBegin) gcCount++;
          else if (c === C.STWBegin) {
            this.stwOpen = true;
            this.stwStart = time[i]! - t0;
          }
          break;
        case K.RangeEnd:
          if (c === C.STWEnd && this.stwOpen) {
            const d = time[i]! - t0 - this.stwStart;
            this.stwCount++;
            this.stwTotal += d;
            if (d > this.stwMax) this.stwMax = d;
            this.stwOpen = false;
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
    this.events = events;
    this.gcCount = gcCount;
    this.firstIn = firstIn;
    this.lastIn = lastIn;
    this.haPoints = haPoints;
    this.haMax = haMax;
    this.hgPoints = hgPoints;
    this.hgMax = hgMax;
  }

  private seeProc(p: number): void {
    if (p >= 0 && p < 65536) {
      if (this.seenP[p] === 0) {
        this.seenP[p] = 1;
        this.procs++;
      }
    } else if (p !== -1) this.otherProcs.add(p);
  }

  private seeGoroutine(g: number): void {
    if (g < 0) return;
    if (g >= this.seenG.length) {
      let n = this.seenG.length;
      while (n <= g) n *= 2;
      const bigger = new Uint8Array(n);
      bigger.set(this.seenG);
      this.seenG = bigger;
    }
    if (this.seenG[g] === 0) {
      this.seenG[g] = 1;
      this.goroutines++;
    }
  }

  digest(goVersion: string, warnings: string[]): TraceDigest {
    const kinds: Record<string, number> = {};
    const names = TRACE_KIND_NAMES.map((name, k) => ({ name, k })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const { name, k } of names) if (this.kindCounts[k]! > 0) kinds[name] = this.kindCounts[k]!;
    const kc = this.kindCounts;
    const digest: TraceDigest = {
      format: 'go-trace',
      goVersion,
      durationNs: this.events > 0 ? this.lastIn - this.firstIn : 0,
      events: this.events,
      gcCount: this.gcCount,
      stw: { count: this.stwCount, totalNs: this.stwTotal, maxNs: this.stwMax },
      goroutines: this.goroutines,
      procs: this.procs + this.otherProcs.size,
      heapAlloc: { points: this.haPoints, maxBytes: this.haMax },
      heapGoal: { points: this.hgPoints, maxBytes: this.hgMax },
      cpuSamples: kc[K.StackSample]!,
      userTasks: kc[K.TaskBegin]!,
      userRegions: kc[K.RegionBegin]!,
      userLogs: kc[K.Log]!,
      kinds,
    };
    if (warnings.length > 0) digest.warnings = warnings;
    return digest;
  }
}

/** Events folded at a time by summarizeTrace: their arguments widened to a scratch column. */
const SUMMARY_BLOCK = 65536;

export function summarizeTrace(t: TraceModel, range: TraceRange = {}): TraceDigest {
  const ev = t.events;
  // Times in the model already count from its first event; the binary searches only narrow
  // the loop (the accumulator checks each time against the range again).
  const from = range.fromNs === undefined ? 0 : eventTimeSearch(ev.time, range.fromNs, false);
  const to = range.toNs === undefined ? ev.length : eventTimeSearch(ev.time, range.toNs, true);
  const acc = new TraceDigestAccumulator(range, 0);
  // The accumulator reads events as the reader's window holds them (times and arguments as
  // Float64): the model's packed forms are unpacked a block at a time.
  const block = Math.min(SUMMARY_BLOCK, Math.max(0, to - from));
  const argOf = new Float64Array(block), timeOf = new Float64Array(block);
  const big = ev.bigArgs;
  let b = 0;
  while (b < big.length && big.event[b]! < from) b++;
  for (let start = from; start < to; start += SUMMARY_BLOCK) {
    const end = Math.min(to, start + SUMMARY_BLOCK);
    packedInto(ev.arg, start, end, argOf);
    // The few arguments kept aside, in event order like the blocks.
    for (; b < big.length && big.event[b]! < end; b++) argOf[big.event[b]! - start] = big.value[b]!;
    eventTimesInto(ev.time, start, end, timeOf);
    acc.add({ time: timeOf, code: ev.code.subarray(start, end), arg: argOf }, 0, end - start);
  }
  return acc.digest(t.goVersion, t.warnings);
}
