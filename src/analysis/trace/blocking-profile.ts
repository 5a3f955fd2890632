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

function tracks(type: BlockingType, state: number, reason: string): boolean {
  switch (type) {
    case 'net':
      return state === GoState.Waiting && reason === 'network';
    case 'sync':
      return state === GoState.Waiting && (reason.includes('chan') || reason.includes('sync') || reason.includes('select'));
    case 'syscall':
      return state === GoState.Syscall;
    case 'sched':
      return state === GoState.Runnable;
  }
}

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
  const state = STATE_OF[type];
  const skipNoStack = goMinor <= 25;
  const maxFrames = goMinor === 25 ? MAX_STACK + 1 : MAX_STACK;
  // Each goroutine's interval: [StartTime, EndTime or the trace's end] (StartTime is Go's 0
  // when it never ran, EndTime 0 when it did not end).
  const ivStart = new Map<number, number>();
  const ivEnd = new Map<number, number>();
  for (const g of s.goroutines) {
    let a = g.startTime, b = g.endTime === s.zero ? s.lastTs : g.endTime;
    if (range) {
      a = Math.max(a, range.from);
      b = Math.min(b, range.to);
    }
    ivStart.set(g.g, a);
    ivEnd.set(g.g, b);
  }
  const tracking = new Map<number, { time: number; stack: number }>();
  const byKey = new Map<string, BlockingRecord>();
  const strings = t.strings;
  forEachEventChunk(t, (c) => {
    for (let k = 0; k < c.n; k++) {
      const tr = goTransition(c.code[k]!, c.aux[k]!);
      if (tr < 0) continue;
      if (skipNoStack && c.stack[k]! < 0) continue;
      const id = c.arg[k]!;
      const to = tr & 15;
      const start = tracking.get(id);
      if (!start) {
        if (to === state && tracks(type, to, strings[transitionReason(c.code[k]!, c.aux[k]!)]!)) tracking.set(id, { time: c.time[k]!, stack: c.stack[k]! });
        continue;
      }
      if (to === state) continue;
      tracking.delete(id);
      const a = ivStart.get(id), b = ivEnd.get(id);
      if (a === undefined || b === undefined) continue;
      const s1 = start.time, e1 = c.time[k]!;
      if (b < s1 || e1 < a) continue;
      const overlap = Math.min(b, e1) - Math.max(a, s1);
      if (!(overlap > 0)) continue;
      const frames: number[] = [];
      for (let st = start.stack; st >= 0 && frames.length < maxFrames; st = t.stacks.prefix[st]!) frames.push(t.stacks.frame[st]!);
      // Records are one per distinct sequence of PCs, as Go deduplicates them.
      const key = frames.slice(0, MAX_STACK).map((f) => t.frames.pc[f]!).join(',');
      let rec = byKey.get(key);
      if (!rec) {
        rec = { frames, count: 0, timeNs: 0 };
        byKey.set(key, rec);
      }
      rec.count++;
      rec.timeNs += overlap;
    }
  });
  return [...byKey.values()];
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
