// The four blocking profiles of `go tool trace -pprof=net|sync|syscall|sched`, computed as
// cmd/trace computes them: the time each goroutine spends in a state (Waiting on the network;
// Waiting on a channel, select or sync primitive; in a syscall; Runnable) from the transition
// into it to the transition out, within the goroutine's life [first run, end], summed per
// stack of the transition that began it (its first 128 frames). As a ProfileModel (the flame
// graph and top table) and as the protobuf go tool pprof opens.

import { GoState, type TraceModel } from '../../model/trace';
import type { ProfileModel } from '../../model/profile';
import { ProfileBuilder } from '../../model/profile-builder';
import { forEachEventChunk, goTransition, transitionReason } from './event-chunks';
import type { TraceSummary } from './goroutine-summary';
import { gzipBytes } from '../../base/gzip';

export type BlockingType = 'net' | 'sync' | 'syscall' | 'sched';
export const BLOCKING_TYPES: BlockingType[] = ['net', 'sync', 'syscall', 'sched'];

const MAX_STACK = 128;

/** One record: a stack (its frames leaf first, at most 128) and the count and time there. */
export type BlockingRecord = { frames: number[]; count: number; timeNs: number };

const STATE_OF: Record<BlockingType, number> = { net: GoState.Waiting, sync: GoState.Waiting, syscall: GoState.Syscall, sched: GoState.Runnable };

/**
 * The records of a blocking profile. `range` (Ns, optional): count only the time inside it
 * (the goroutine's interval is clipped to it). `goMinor`: the go tool trace to match (default
 * 1.27's; up to Go 1.25 it skipped every transition event without a stack, and 1.25 kept 129
 * frames).
 */
export function blockingRecords(
  t: TraceModel,
  s: TraceSummary,
  type: BlockingType,
  range?: { from: number; to: number },
  goMinor = 27,
): BlockingRecord[] {
  return blockingRecordsOf(t, s, [type], range, goMinor)[type]!;
}

/**
 * The records of several blocking profiles in one pass over the events (what the Blocking
 * profiles page shows: all four). Per goroutine index, typed arrays hold what is being tracked;
 * times are summed per stack id, then stacks with the same program counters (their first 128)
 * are merged into one record, as Go deduplicates them, in the order Go first records each.
 */
export function blockingRecordsOf(
  t: TraceModel,
  s: TraceSummary,
  types: readonly BlockingType[],
  range?: { from: number; to: number },
  goMinor = 27,
): Partial<Record<BlockingType, BlockingRecord[]>> {
  const skipNoStack = goMinor <= 25;
  const maxFrames = goMinor === 25 ? MAX_STACK + 1 : MAX_STACK;
  const nG = t.goroutines.length;
  // Each goroutine's interval: [StartTime, EndTime or the trace's end] (StartTime is Go's 0
  // when it never ran, EndTime 0 when it did not end); NaN for a goroutine the summary lacks.
  const ivStart = new Float64Array(nG).fill(NaN);
  const ivEnd = new Float64Array(nG).fill(NaN);
  for (const g of s.goroutines) {
    let a = g.startTime, b = g.endTime === s.zero ? s.lastTs : g.endTime;
    if (range) {
      a = Math.max(a, range.from);
      b = Math.min(b, range.to);
    }
    ivStart[g.g] = a;
    ivEnd[g.g] = b;
  }
  // Per string index: which of net (1) and sync (2) a wait reason is; 0 unknown yet (4: neither).
  const reasonKind = new Uint8Array(t.strings.length);
  const kindOfReason = (r: number): number => {
    let v = reasonKind[r]!;
    if (v === 0) {
      const reason = t.strings[r]!;
      v = (reason === 'network' ? 1 : 0) | (reason.includes('chan') || reason.includes('sync') || reason.includes('select') ? 2 : 0) || 4;
      reasonKind[r] = v;
    }
    return v;
  };
  const nStacks = t.stacks.length + 1; // slot 0: no stack
  type Acc = {
    type: BlockingType;
    state: number;
    /** The reason bit it needs (Waiting states), 0 none. */
    reasonBit: number;
    /** Per goroutine: the tracked transition's stack + 2 (its slot + 1), 0 not tracking; and its time. */
    trackStack: Int32Array;
    trackTime: Float64Array;
    count: Float64Array;
    time: Float64Array;
    /** Stack slots in the order their first record was made. */
    order: number[];
  };
  const accs: Acc[] = types.map((type) => ({
    type,
    state: STATE_OF[type],
    reasonBit: type === 'net' ? 1 : type === 'sync' ? 2 : 0,
    trackStack: new Int32Array(nG),
    trackTime: new Float64Array(nG),
    count: new Float64Array(nStacks),
    time: new Float64Array(nStacks),
    order: [],
  }));
  forEachEventChunk(t, (c) => {
    for (let k = 0; k < c.n; k++) {
      const code = c.code[k]!;
      const tr = goTransition(code, c.aux[k]!);
      if (tr < 0) continue;
      const stack = c.stack[k]!;
      if (skipNoStack && stack < 0) continue;
      const id = c.arg[k]!;
      const to = tr & 15;
      const time = c.time[k]!;
      for (const acc of accs) {
        const tracked = acc.trackStack[id]!;
        if (tracked === 0) {
          if (to === acc.state && (acc.reasonBit === 0 || (kindOfReason(transitionReason(code, c.aux[k]!)) & acc.reasonBit) !== 0)) {
            acc.trackStack[id] = stack + 2;
            acc.trackTime[id] = time;
          }
          continue;
        }
        if (to === acc.state) continue;
        acc.trackStack[id] = 0;
        const a = ivStart[id]!, b = ivEnd[id]!;
        if (Number.isNaN(a) || Number.isNaN(b)) continue;
        const s1 = acc.trackTime[id]!;
        if (b < s1 || time < a) continue;
        const overlap = Math.min(b, time) - Math.max(a, s1);
        if (!(overlap > 0)) continue;
        const slot = tracked - 1;
        if (acc.count[slot] === 0) acc.order.push(slot);
        acc.count[slot]!++;
        acc.time[slot]! += overlap;
      }
    }
  });
  const keyOf = stackKeys(t);
  const out: Partial<Record<BlockingType, BlockingRecord[]>> = {};
  for (const acc of accs) {
    const byKey = new Map<number | string, BlockingRecord>();
    for (const slot of acc.order) {
      const key = keyOf(slot - 1);
      let rec = byKey.get(key);
      if (!rec) {
        const frames: number[] = [];
        for (let st = slot - 1; st >= 0 && frames.length < maxFrames; st = t.stacks.prefix[st]!) frames.push(t.stacks.frame[st]!);
        rec = { frames, count: 0, timeNs: 0 };
        byKey.set(key, rec);
      }
      rec.count += acc.count[slot]!;
      rec.timeNs += acc.time[slot]!;
    }
    out[acc.type] = [...byKey.values()];
  }
  return out;
}

/**
 * A key per stack (-1: none) equal for two stacks exactly when their first MAX_STACK program
 * counters (leaf first) are: a number (one per distinct sequence, from the prefix tree) for
 * stacks shallower than MAX_STACK, the counters themselves as a string for deeper ones.
 */
function stackKeys(t: TraceModel): (stack: number) => number | string {
  const n = t.stacks.length;
  const { prefix, frame } = t.stacks;
  const pc = t.frames.pc;
  const depth = new Int32Array(n);
  const canon = new Float64Array(n);
  const pcIndex = new Map<number, number>();
  const byPrefixPc = new Map<number, number>();
  // A prefix precedes its children: one pass in index order (canonical ids start at 1; 0 is "none").
  for (let i = 0; i < n; i++) {
    const p = prefix[i]!;
    depth[i] = p >= 0 ? depth[p]! + 1 : 1;
    const v = pc[frame[i]!]!;
    let pi = pcIndex.get(v);
    if (pi === undefined) pcIndex.set(v, (pi = pcIndex.size));
    const k = (p >= 0 ? canon[p]! : 0) * (pc.length + 1) + pi;
    let c = byPrefixPc.get(k);
    if (c === undefined) byPrefixPc.set(k, (c = byPrefixPc.size + 1));
    canon[i] = c;
  }
  return (stack) => {
    if (stack < 0) return 0;
    if (depth[stack]! < MAX_STACK) return canon[stack]!;
    const pcs: number[] = [];
    for (let st = stack; st >= 0 && pcs.length < MAX_STACK; st = prefix[st]!) pcs.push(pc[frame[st]!]!);
    return pcs.join(',');
  };
}

/** pprof's shape of the records: locations by PC, functions by file + name (Go's BuildProfile). */
export type PprofShape = {
  functions: { name: string; file: string }[];
  /** Per location: its address, function (index into functions) and line. */
  locations: { address: number; func: number; line: number }[];
  /** Per sample: its locations (indexes, leaf first) and values [count, ns]. */
  samples: { locations: number[]; values: [number, number] }[];
};

export function pprofShape(t: TraceModel, records: BlockingRecord[]): PprofShape {
  const out: PprofShape = { functions: [], locations: [], samples: [] };
  const locByPc = new Map<number, number>();
  const fnByKey = new Map<string, number>();
  for (const r of records) {
    const locs: number[] = [];
    for (const f of r.frames) {
      const pc = t.frames.pc[f]!;
      let loc = locByPc.get(pc);
      if (loc === undefined) {
        const name = t.strings[t.frames.func[f]!]!, file = t.strings[t.frames.file[f]!]!;
        let fn = fnByKey.get(file + name);
        if (fn === undefined) {
          fn = out.functions.length;
          out.functions.push({ name, file });
          fnByKey.set(file + name, fn);
        }
        loc = out.locations.length;
        out.locations.push({ address: pc, func: fn, line: t.frames.line[f]! });
        locByPc.set(pc, loc);
      }
      locs.push(loc);
    }
    out.samples.push({ locations: locs, values: [r.count, r.timeNs] });
  }
  return out;
}

/** The profile as the app's model (for the flame graph and top table). */
export function blockingProfileModel(shape: PprofShape, type: BlockingType): ProfileModel {
  const b = new ProfileBuilder([{ type: 'contentions', unit: 'count' }, { type: 'delay', unit: 'nanoseconds' }], shape.samples.length + 1);
  const fnIds = shape.functions.map((f) => b.func(f.name, f.file));
  const frameIds = shape.locations.map((l, i) => b.frame(`${i}`, fnIds[l.func]!, l.line, false));
  for (const s of shape.samples) {
    let st = -1;
    for (let i = s.locations.length - 1; i >= 0; i--) st = b.stack(st, frameIds[s.locations[i]!]!);
    b.addSample(st, s.values);
  }
  return b.finish({
    encoding: 'gzip-protobuf',
    formatName: `trace-${type}`,
    defaultSampleTypeIndex: 1,
    period: 1,
    periodType: { type: 'trace', unit: 'count' },
    durationNs: 0,
    timeNanos: 0n,
    recordCounts: { samples: shape.samples.length, locations: shape.locations.length, functions: shape.functions.length },
  });
}

// ---- protobuf (profile.proto), uncompressed; the caller gzips it.

class PbWriter {
  private buf: number[] = [];
  varint(v: number): void {
    // Non-negative integers below 2^53.
    while (v >= 0x80) {
      this.buf.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.buf.push(v);
  }
  key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }
  uint(field: number, v: number): void {
    if (v === 0) return;
    this.key(field, 0);
    this.varint(v);
  }
  bytes(field: number, b: Uint8Array | number[]): void {
    this.key(field, 2);
    this.varint(b.length);
    for (const x of b) this.buf.push(x);
  }
  packed(field: number, vs: number[]): void {
    if (vs.length === 0) return;
    const w = new PbWriter();
    for (const v of vs) w.varint(v);
    this.bytes(field, w.buf);
  }
  message(field: number, w: PbWriter): void {
    this.bytes(field, w.buf);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.buf);
  }
}

/** The profile as go tool pprof reads it (profile.proto), not yet gzipped. */
export function encodePprof(shape: PprofShape): Uint8Array {
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const str = (s: string) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const w = new PbWriter();
  const valueType = (type: string, unit: string) => {
    const v = new PbWriter();
    v.uint(1, str(type));
    v.uint(2, str(unit));
    return v;
  };
  w.message(1, valueType('contentions', 'count'));
  w.message(1, valueType('delay', 'nanoseconds'));
  for (const s of shape.samples) {
    const m = new PbWriter();
    m.packed(1, s.locations.map((l) => l + 1));
    m.packed(2, s.values);
    w.message(2, m);
  }
  for (let i = 0; i < shape.locations.length; i++) {
    const l = shape.locations[i]!;
    const m = new PbWriter();
    m.uint(1, i + 1);
    m.uint(3, l.address);
    const line = new PbWriter();
    line.uint(1, l.func + 1);
    line.uint(2, l.line);
    m.message(4, line);
    w.message(4, m);
  }
  for (let i = 0; i < shape.functions.length; i++) {
    const f = shape.functions[i]!;
    const m = new PbWriter();
    m.uint(1, i + 1);
    m.uint(2, str(f.name));
    m.uint(3, str(f.name));
    m.uint(4, str(f.file));
    w.message(5, m);
  }
  w.message(11, valueType('trace', 'count'));
  w.uint(12, 1);
  // The string table last, once every string is interned (field order does not matter).
  for (const s of strings) w.bytes(6, new TextEncoder().encode(s));
  return w.finish();
}

/** The `.pb.gz` file go tool pprof opens: what `golens pprof --type` and the app's download write. */
export function blockingPprofFile(shape: PprofShape): Uint8Array {
  return gzipBytes(encodePprof(shape));
}
