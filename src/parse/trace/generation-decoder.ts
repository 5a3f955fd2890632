// The first half of reading a Go execution trace (generation format): the file's bytes →
// one DecodedGeneration at a time: its batches split by kind, its strings and stacks interned
// into the trace's global tables, its CPU samples, and its wire events decoded (times in ns)
// into columns grouped by M. No state machine here: the orderer (parse-trace.ts) takes the
// decoded generations in order. Generations are self-contained, so this half can run in
// another thread, a generation ahead of the orderer (decode-ahead.ts).

import { FormatError } from '../../base/errors';
import { StringTableBuilder } from '../../base/string-table';
import { IntPairMap } from '../../base/int-pair-map';
import {
  EV_CLOCK_SNAPSHOT, EV_CPU_SAMPLE, EV_CPU_SAMPLES, EV_END_OF_GENERATION, EV_EVENT_BATCH,
  EV_EXPERIMENTAL_BATCH, EV_FREQUENCY, EV_STACK, EV_STACKS, EV_STRING, EV_STRINGS, EV_SYNC,
  MAX_BATCH_SIZE, MAX_FRAMES_PER_STACK, MAX_STRING_SIZE, NUM_SPECS, TIMED_ARGC,
} from './wire';

// ---- uvarints -----------------------------------------------------------------------------

/** Returned by uvarint for an invalid or truncated varint (values are ≥ 0, or -1). */
const BAD = -2;
let vpos = 0;

/**
 * Go's binary.Uvarint as a double: at most 10 bytes, the 10th ≤ 1. 2^64−1 (Go's −1 after its
 * signed casts: NoThread, NoProc…) is returned as −1; other values above 2^53 are rounded.
 */
function uvarint(buf: Uint8Array, pos: number, end: number): number {
  let v = 0;
  let mult = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) return BAD;
    const b = buf[pos++]!;
    if (b < 0x80) {
      if (i === 9 && b > 1) return BAD;
      v += b * mult;
      vpos = pos;
      return v >= 18446744073709551615 ? -1 : v;
    }
    v += (b & 0x7f) * mult;
    mult *= 128;
  }
  return BAD;
}

/** A batch of the current generation: where its body is in the file. */
export type Batch = { m: number; time: number; start: number; end: number; headerPos: number; index: number };

/** Per-ID lookup that is an array for the dense IDs the runtime writes, a Map otherwise. */
export class IdMap {
  dense = new Int32Array(256).fill(-1);
  sparse: Map<number, number> | null = null;
  get(id: number): number {
    return idLookup(this, id);
  }
  set(id: number, v: number): void {
    if (id >= 0 && id < 1 << 20) {
      if (id >= this.dense.length) {
        let n = this.dense.length;
        while (n <= id) n *= 2;
        const d = new Int32Array(n).fill(-1);
        d.set(this.dense);
        this.dense = d;
      }
      this.dense[id] = v;
      return;
    }
    (this.sparse ??= new Map()).set(id, v);
  }
}


/** Wire ID → global index for one generation's strings or stacks, in a transferable form. */
export type IdTable = { dense: Int32Array; sparse: Map<number, number> | null };

export function idLookup(t: IdTable, id: number): number {
  if (id >= 0 && id < t.dense.length) return t.dense[id]!;
  return t.sparse?.get(id) ?? -1;
}

/** CPU samples of a generation, sorted by time (ns, relative to the trace's base). */
export type DecodedSamples = { time: Float64Array; m: Float64Array; p: Float64Array; g: Float64Array; stack: Float64Array; length: number };

/** The wire events of a generation: columns grouped by M (cursor k spans [curStart[k], curEnd[k])). */
export type WireColumns = {
  type: Uint8Array;
  time: Float64Array; // ns relative to the trace's base
  args: Int32Array; // arguments back to back; a value outside [-1, 2^31) is stored as −2 − its index in `big`
  big: number[]; // the generation's arguments too large for `args` (heap sizes, u64 IDs…), rare
  argAt: Int32Array; // where each event's arguments start in args
  off: Int32Array; // byte offset of each event in the file (for errors)
};

export type DecodedGeneration = {
  gen: number;
  /** Where each batch is (for error messages). */
  batches: Batch[];
  /** Absolute ns of the first generation's earliest batch: event times are relative to it. */
  base: number;
  /** Relative ns of the generation's Sync event. */
  syncTime: number;
  snap: { snapTime: number; snapMono: number; snapSec: number; snapNsec: number };
  /** File offset just after the generation (progress). */
  nextPos: number;
  /** File offset of the decoder's window: batch positions and `wire.off` are relative to it. */
  fileOffset: number;
  batchMs: number[];
  curStart: Int32Array;
  curEnd: Int32Array;
  wire: WireColumns;
  samples: DecodedSamples;
  strings: IdTable;
  stacks: IdTable;
  /** What this generation added to the global tables (appended in order). */
  newStrings: string[];
  newFrames: { func: number[]; file: number[]; line: number[]; pc: number[] };
  newStacks: { frame: number[]; prefix: number[] };
};

/** How the file ended: cleanly, or cut inside a generation. */
export type DecodeEnd = { truncatedAt: number; truncationWhat: string };

const textDecoder = new TextDecoder('utf-8');

/** GenerationDecoder.next's answer when the file's bytes so far end inside the generation. */
export const NEED_MORE = Symbol('need more bytes');

export class GenerationDecoder {
  // The file's bytes from `fileBase` on (all of them, unless a reader slides a window along the
  // file: see slide). Positions inside are local; messages and results give file offsets.
  private buf: Uint8Array;
  private fileBase = 0;
  private readonly version: number;
  private readonly strings = new StringTableBuilder();
  // global tables (the model's frames and stacks)
  private readonly frameKey = new Map<string, number>();
  private readonly stackKey: IntPairMap = new IntPairMap(4096);
  private framesSeen = 0;
  private stacksSeen = 0;
  private stringsSeen = 0;
  readonly frameFunc: number[] = [];
  readonly frameFile: number[] = [];
  readonly frameLine: number[] = [];
  readonly framePc: number[] = [];
  readonly stackFrame: number[] = [];
  readonly stackPrefix: number[] = [];
  // per-generation tables (wire ID → global index)
  private genStrings = new IdMap();
  private genStacks = new IdMap();
  private genGen = 0;
  private nsPerTick = 0;
  private base = NaN; // absolute ns of the first generation's minTs (times are kept relative)
  private pos: number;

  private scratchHint = 0;
  // scratch columns of the current generation's wire events, grouped by M
  private wType: Uint8Array = new Uint8Array(0);
  private wTime: Float64Array = new Float64Array(0);
  private wArgs: Int32Array = new Int32Array(0);
  private wArgAt: Int32Array = new Int32Array(0);
  private wOff: Int32Array = new Int32Array(0);

  /**
   * `counts`: the pre-scan's event counts (countEventsUpperBound), which size the scratch
   * columns once for the largest generation (fresh pages are costly to touch); without them
   * the columns grow with the generations.
   */
  constructor(buf: Uint8Array, version: number, startPos: number, counts?: EventCounts) {
    this.buf = buf;
    this.available = buf.length;
    this.version = version;
    this.pos = startPos;
    this.scratchHint = counts ? counts.maxGeneration + 16 : 0;
    this.strings.intern('');
  }

  /** Bytes of `buf` that hold the file so far, and whether that is all of it (see supply). */
  private available: number;
  private eof = true;

  /**
   * For a file still being read into `buf`: the first `available` bytes are there; `eof` once
   * they are all of it. Until then next() may answer NEED_MORE.
   */
  supply(available: number, eof: boolean): void {
    this.available = available;
    this.eof = eof;
  }

  /**
   * The next generation; null at the end of the file (then see `end`); NEED_MORE when the
   * bytes supplied so far end before the generation does (nothing is consumed then).
   */
  next(): DecodedGeneration | null | typeof NEED_MORE {
    if (this.truncatedAt >= 0) return null;
    const saved = [this.batchIndex, this.experimentalBatches, this.expMinTs] as const;
    let g: ReturnType<GenerationDecoder['readGenerationBatches']>;
    try {
      g = this.readGenerationBatches(this.pos);
    } catch (e) {
      if (e !== NEED_MORE) throw e;
      [this.batchIndex, this.experimentalBatches, this.expMinTs] = saved;
      return NEED_MORE;
    }
    if (!g) return null;
    this.pos = g.nextPos;
    return this.processGeneration(g.gen, g.batches, g.nextPos + this.fileBase);
  }

  /** File offset where the next generation starts (what a sliding reader must keep). */
  get nextGenerationAt(): number {
    return this.pos + this.fileBase;
  }

  /**
   * Moves the window: `buf` now holds the file's bytes from offset `base` on, `available` of
   * them (eof: to the end of the file). It must still hold them from nextGenerationAt on.
   */
  slide(buf: Uint8Array, base: number, available: number, eof: boolean): void {
    const next = this.pos + this.fileBase;
    if (next < base) throw new Error('slide: the window dropped bytes of the next generation');
    this.buf = buf;
    this.pos = next - base;
    this.fileBase = base;
    this.available = available;
    this.eof = eof;
  }

  get end(): DecodeEnd {
    return { truncatedAt: this.truncatedAt, truncationWhat: this.truncationWhat };
  }

  /**
   * Takes back the wire columns of a generation the orderer is done with (decode-ahead hands
   * them over between threads): reusing them spares touching fresh pages.
   */
  recycle(w: WireColumns): void {
    if (w.type.length > this.wType.length) {
      this.wType = w.type;
      this.wTime = w.time;
      this.wArgAt = w.argAt;
      this.wOff = w.off;
    }
    if (w.args.length > this.wArgs.length) this.wArgs = w.args;
  }

  /** Forgets the scratch columns (after they were transferred to another thread). */
  dropScratch(): void {
    this.wType = new Uint8Array(0);
    this.wTime = new Float64Array(0);
    this.wArgs = new Int32Array(0);
    this.wArgAt = new Int32Array(0);
    this.wOff = new Int32Array(0);
  }

  private mul(ticks: number): number {
    return Math.trunc(ticks * this.nsPerTick);
  }

  // ---- batches ------------------------------------------------------------------------------

  /**
   * Reads the generation starting at `pos`. Returns null at a clean end of the trace; sets
   * `truncatedAt` (and returns null) when the file ends inside it.
   */
  truncatedAt = -1;
  private batchIndex = 0;

  readGenerationBatches(pos: number): { gen: number; batches: Batch[]; nextPos: number } | null {
    const buf = this.buf;
    const end = this.available;
    // Where the bytes run out before the file does, wait for more instead of concluding.
    const more = () => {
      if (!this.eof) throw NEED_MORE;
    };
    const v26 = this.version >= 26;
    const batches: Batch[] = [];
    let gen = 0;
    let eventBatches = 0;
    for (;;) {
      if (pos >= end) {
        more();
        if (v26) {
          if (eventBatches !== 0 || batches.length !== 0) {
            this.truncatedAt = pos + this.fileBase;
            this.truncationWhat = 'the file ends inside a generation (no end-of-generation marker)';
          }
          return null;
        }
        if (batches.length === 0) return null;
        return { gen, batches, nextPos: pos };
      }
      const headerPos = pos;
      const kind = buf[pos++]!;
      if (kind === EV_END_OF_GENERATION) {
        if (!v26) throw this.batchError('invalid generation number 0', headerPos);
        if (batches.length === 0 && gen === 0) throw this.batchError('no frequency event found', headerPos);
        return { gen, batches, nextPos: pos };
      }
      if (kind !== EV_EVENT_BATCH && kind !== EV_EXPERIMENTAL_BATCH) {
        throw this.batchError(`expected batch event, got event ${kind}`, headerPos);
      }
      let exp = 0;
      if (kind === EV_EXPERIMENTAL_BATCH) {
        if (pos >= end) {
          more();
          return this.truncated(headerPos, batches, gen);
        }
        exp = buf[pos++]!;
      }
      const fields = [0, 0, 0, 0];
      const names = ['gen', 'M ID', 'timestamp', 'size'];
      for (let i = 0; i < 4; i++) {
        const v = uvarint(buf, pos, end);
        if (v === BAD) {
          if (this.varintRunsOff(pos, end)) {
            more();
            return this.truncated(headerPos, batches, gen);
          }
          throw this.batchError(`error reading batch ${names[i]}: varint overflows a 64-bit integer`, headerPos);
        }
        fields[i] = v;
        pos = vpos;
      }
      const [bgen, m, time, size] = fields as [number, number, number, number];
      if (size > MAX_BATCH_SIZE || size < 0) {
        throw this.batchError(`invalid batch size ${size}, maximum is ${MAX_BATCH_SIZE}`, headerPos);
      }
      if (pos + size > end) {
        more();
        if (!v26 && gen !== 0 && bgen === gen + 1) {
          // The cut batch belongs to the next generation, so this one is complete (Go reads
          // it too before reporting the short batch).
          this.truncated(headerPos, batches, gen);
          return { gen, batches, nextPos: end };
        }
        return this.truncated(headerPos, batches, gen);
      }
      const b: Batch = { m, time, start: pos, end: pos + size, headerPos, index: this.batchIndex++ };
      pos += size;
      if (bgen === 0) throw this.batchError('invalid generation number 0', headerPos);
      if (gen === 0) gen = bgen;
      if (bgen !== gen) {
        if (v26) throw this.batchError('broken trace: missing end-of-generation event, or generations are interleaved', headerPos);
        if (bgen === gen + 1) {
          this.batchIndex--;
          return { gen, batches, nextPos: headerPos };
        }
        throw this.batchError('generations out of order', headerPos);
      }
      if (exp !== 0) {
        this.experimentalBatches++;
        this.minTsUpdate(time, batches);
        continue;
      }
      if (!(size > 0 && buf[b.start] !== undefined && isSpecialBatch(buf[b.start]!, this.version))) eventBatches++;
      batches.push(b);
    }
  }

  private truncationWhat = '';
  experimentalBatches = 0;
  private expMinTs = 0;

  private minTsUpdate(time: number, _batches: Batch[]): void {
    if (this.expMinTs === 0 || time < this.expMinTs) this.expMinTs = time;
  }

  private varintRunsOff(pos: number, end: number): boolean {
    // Truncated (the file ends inside it) rather than malformed (more than 10 bytes).
    for (let i = 0; i < 10; i++) {
      if (pos + i >= end) return true;
      if (this.buf[pos + i]! < 0x80) return false;
    }
    return false;
  }

  private truncated(headerPos: number, batches: Batch[], _gen: number): null {
    this.truncatedAt = headerPos + this.fileBase;
    this.truncationWhat = `the file ends inside batch #${this.batchIndex} (its header is at byte ${headerPos + this.fileBase})`;
    void batches;
    return null;
  }

  private batchError(msg: string, headerPos: number): FormatError {
    return new FormatError(`${msg} (batch #${this.batchIndex} at byte ${headerPos + this.fileBase})`);
  }


  private processGeneration(gen: number, batches: Batch[], nextPos: number): DecodedGeneration {
    const buf = this.buf;
    const version = this.version;
    this.genGen = gen;
    // Fresh ID tables per generation: they travel with the generation (to the orderer).
    this.genStrings = new IdMap();
    this.genStacks = new IdMap();
    let minTs = this.expMinTs;
    this.expMinTs = 0;
    let freq = 0;
    let hasFreq = false;
    let hasSnap = false;
    let snapTicks = 0, snapMono = NaN, snapSec = NaN, snapNsec = NaN;
    const stackBatches: Batch[] = [];
    const cpuBatches: Batch[] = [];
    const eventBatchesByM = new Map<number, Batch[]>();
    const batchMs: number[] = [];

    for (const b of batches) {
      if (minTs === 0 || b.time < minTs) minTs = b.time;
      const first = b.end > b.start ? buf[b.start]! : -1;
      if (first === EV_STRINGS) this.addStrings(b);
      else if (first === EV_STACKS) stackBatches.push(b);
      else if (first === EV_CPU_SAMPLES) cpuBatches.push(b);
      else if ((first === EV_FREQUENCY && version < 25) || (first === EV_SYNC && version >= 25)) {
        // The sync batch (1.25+) or frequency batch (1.22–1.23).
        let pos = b.start + (version >= 25 ? 1 : 0);
        let lastTs = b.time;
        while (pos < b.end) {
          const ev = buf[pos++]!;
          if (ev === EV_FREQUENCY) {
            if (hasFreq) throw this.batchError('found multiple frequency events', b.headerPos);
            const f = this.readU(pos, b);
            pos = vpos;
            hasFreq = true;
            freq = f;
          } else if (ev === EV_CLOCK_SNAPSHOT && version >= 25) {
            if (hasSnap) throw this.batchError('found multiple clock snapshot events', b.headerPos);
            hasSnap = true;
            const dt = this.readU(pos, b);
            lastTs += dt;
            snapTicks = lastTs;
            snapMono = this.readU(vpos, b);
            snapSec = this.readU(vpos, b);
            snapNsec = this.readU(vpos, b);
            pos = vpos;
          } else {
            throw this.batchError(`expected frequency or clock snapshot event, got ${ev}`, b.headerPos);
          }
        }
      } else {
        let list = eventBatchesByM.get(b.m);
        if (!list) {
          eventBatchesByM.set(b.m, (list = []));
          batchMs.push(b.m);
        }
        list.push(b);
      }
    }
    if (!hasFreq || freq === 0 || (version >= 25 && !hasSnap)) {
      const what = !hasFreq || freq === 0 ? 'frequency' : 'clock snapshot';
      const at = batches.length > 0 ? `, which starts at byte ${batches[0]!.headerPos + this.fileBase}` : '';
      throw new FormatError(`no ${what} event found (generation ${gen}${at})`);
    }
    this.nsPerTick = 1.0 / (freq / 1e9);
    if (Number.isNaN(this.base)) this.base = this.mul(minTs);
    const base = this.base;

    for (const b of stackBatches) this.addStacks(b);
    this.finishStacks();

    // CPU samples: absolute times, sorted (Go: after converting every sample's time).
    const samples = this.readCpuSamples(cpuBatches);

    // Decode every event batch, M by M in order of first appearance (Go ≥ 1.24's order).
    let total = 0;
    for (const m of batchMs) for (const b of eventBatchesByM.get(m)!) total += b.end - b.start;
    // Scratch sized by the pre-scan's largest generation (or ~5 bytes an event); grown if needed.
    // Go's runtime writes ~5.7 bytes and ~2.2 arguments an event: a fifth of the bytes and
    // 2.5 arguments an event fit real traces; denser ones grow the columns (kept for the next).
    const hint = this.scratchHint > 0 ? Math.min(this.scratchHint, Math.ceil(total / 2) + 16) : Math.ceil(total / 5) + 16;
    const events = Math.max(hint, Math.ceil(total / 5) + 16);
    this.ensureScratch(events, Math.ceil(events * 2.5) + MAX_ARGC, 0, 0);
    const nM = batchMs.length;
    const curStart = new Int32Array(nM);
    const curEnd = new Int32Array(nM);
    let n = 0;
    let na = 0; // argument slots used
    let wType = this.wType, wTime = this.wTime, wArgs = this.wArgs, wArgAt = this.wArgAt, wOff = this.wOff;
    const big: number[] = [];
    let cap = wType.length;
    let argCap = wArgs.length - MAX_ARGC;
    for (let k = 0; k < nM; k++) {
      curStart[k] = n;
      for (const b of eventBatchesByM.get(batchMs[k]!)!) {
        let pos = b.start;
        const end = b.end;
        let last = this.mul(b.time) - base;
        while (pos < end) {
          const typ = buf[pos]!;
          if (typ >= NUM_SPECS) throw this.atByte(`found invalid event type: ${typ}`, pos, b);
          const argc = TIMED_ARGC[typ]!;
          if (argc < 0) throw this.atByte(`found event without a timestamp: type=${typ}`, pos, b);
          if (n === cap || na > argCap) {
            this.ensureScratch(n === cap ? cap * 2 : cap, na > argCap ? wArgs.length * 2 : wArgs.length, n, na);
            wType = this.wType;
            wTime = this.wTime;
            wArgs = this.wArgs;
            wArgAt = this.wArgAt;
            wOff = this.wOff;
            cap = wType.length;
            argCap = wArgs.length - MAX_ARGC;
          }
          wOff[n] = pos;
          pos++;
          let dt: number;
          let x = buf[pos];
          if (x !== undefined && x < 0x80 && pos < end) {
            dt = x;
            pos++;
          } else {
            dt = uvarint(buf, pos, end);
            if (dt === BAD) throw this.atByte('found invalid uvarint for timestamp', pos, b);
            pos = vpos;
          }
          last = this.mul(dt) + last;
          wTime[n] = last;
          wType[n] = typ;
          wArgAt[n] = na;
          for (let i = 0; i < argc; i++) {
            x = buf[pos];
            if (x !== undefined && x < 0x80 && pos < end) {
              wArgs[na++] = x;
              pos++;
            } else {
              const v = uvarint(buf, pos, end);
              if (v === BAD) throw this.atByte('found invalid uvarint', pos, b);
              if (v <= 2147483647) wArgs[na++] = v; // (≥ −1: uvarint's values)
              else {
                wArgs[na++] = -2 - big.length;
                big.push(v);
              }
              pos = vpos;
            }
          }
          n++;
        }
      }
      curEnd[k] = n;
    }

    const newStrings = this.strings.strings.slice(this.stringsSeen);
    this.stringsSeen = this.strings.strings.length;
    const f0 = this.framesSeen, s0 = this.stacksSeen;
    this.framesSeen = this.frameFunc.length;
    this.stacksSeen = this.stackFrame.length;
    return {
      gen,
      batches,
      base,
      syncTime: this.mul(minTs) - base,
      snap: { snapTime: hasSnap ? this.mul(snapTicks) - base : NaN, snapMono, snapSec, snapNsec },
      nextPos,
      fileOffset: this.fileBase,
      batchMs,
      curStart,
      curEnd,
      wire: { type: this.wType, time: this.wTime, args: this.wArgs, big, argAt: this.wArgAt, off: this.wOff },
      samples,
      strings: { dense: this.genStrings.dense, sparse: this.genStrings.sparse },
      stacks: { dense: this.genStacks.dense, sparse: this.genStacks.sparse },
      newStrings,
      newFrames: {
        func: this.frameFunc.slice(f0), file: this.frameFile.slice(f0), line: this.frameLine.slice(f0), pc: this.framePc.slice(f0),
      },
      newStacks: { frame: this.stackFrame.slice(s0), prefix: this.stackPrefix.slice(s0) },
    };
  }

  private readU(pos: number, b: Batch): number {
    const v = uvarint(this.buf, pos, b.end);
    if (v === BAD) throw this.batchError('unexpected end of batch data or invalid varint', b.headerPos);
    return v;
  }

  private atByte(msg: string, pos: number, b: Batch): FormatError {
    return new FormatError(`${msg} (at byte ${pos + this.fileBase}, batch #${b.index} of generation ${this.genGen})`);
  }

  /**
   * Makes room for `events` wire events and `argSlots` arguments, keeping the first `keep`
   * events and `keepArgs` arguments. Allocates only to grow: the scratch is reused by every
   * generation, since touching fresh pages is what costs most here.
   */
  private ensureScratch(events: number, argSlots: number, keep: number, keepArgs: number): void {
    if (this.wType.length < events) {
      const type = new Uint8Array(events);
      type.set(this.wType.subarray(0, keep));
      const time = new Float64Array(events);
      time.set(this.wTime.subarray(0, keep));
      const argAt = new Int32Array(events);
      argAt.set(this.wArgAt.subarray(0, keep));
      const off = new Int32Array(events);
      off.set(this.wOff.subarray(0, keep));
      this.wType = type;
      this.wTime = time;
      this.wArgAt = argAt;
      this.wOff = off;
    }
    if (this.wArgs.length < argSlots) {
      const args = new Int32Array(argSlots);
      args.set(this.wArgs.subarray(0, keepArgs));
      this.wArgs = args;
    }
  }

  private addStrings(b: Batch): void {
    const buf = this.buf;
    let pos = b.start + 1;
    while (pos < b.end) {
      const ev = buf[pos++]!;
      if (ev !== EV_STRING) throw this.batchError(`expected string event, got ${ev}`, b.headerPos);
      const id = this.readU(pos, b);
      const len = this.readU(vpos, b);
      pos = vpos;
      if (len > MAX_STRING_SIZE) throw this.batchError(`invalid string size ${len}, maximum is ${MAX_STRING_SIZE}`, b.headerPos);
      if (pos + len > b.end) throw this.batchError(`failed to read full string: read ${b.end - pos} but wanted ${len}`, b.headerPos);
      const s = textDecoder.decode(buf.subarray(pos, pos + len));
      pos += len;
      if (id === 0 || this.genStrings.get(id) >= 0) {
        throw this.batchError(`multiple strings with the same ID: id=${id}`, b.headerPos);
      }
      this.genStrings.set(id, this.strings.intern(s));
    }
  }

  private addStacks(b: Batch): void {
    const buf = this.buf;
    let pos = b.start + 1;
    const pcs: number[] = [];
    while (pos < b.end) {
      const ev = buf[pos++]!;
      if (ev !== EV_STACK) throw this.batchError(`expected stack event, got ${ev}`, b.headerPos);
      const id = this.readU(pos, b);
      const nFrames = this.readU(vpos, b);
      pos = vpos;
      if (nFrames > MAX_FRAMES_PER_STACK) {
        throw this.batchError(`invalid stack size ${nFrames}, maximum is ${MAX_FRAMES_PER_STACK}`, b.headerPos);
      }
      pcs.length = 0;
      for (let i = 0; i < nFrames; i++) {
        const pc = this.readU(pos, b);
        const funcId = this.readU(vpos, b);
        const fileId = this.readU(vpos, b);
        const line = this.readU(vpos, b);
        pos = vpos;
        // Frames are interned by PC per generation: the first (func, file, line) wins.
        let fr = this.genPcs.get(pc);
        if (fr === undefined) {
          fr = { funcId, fileId, line, frame: -1 };
          this.genPcs.set(pc, fr);
        }
        pcs.push(pc);
      }
      if (id === 0 || this.genStackPcs.has(id)) {
        throw this.batchError(`multiple stacks with the same ID: id=${id}`, b.headerPos);
      }
      this.genStackPcs.set(id, pcs.slice());
    }
  }

  private genPcs = new Map<number, { funcId: number; fileId: number; line: number; frame: number }>();
  private genStackPcs = new Map<number, number[]>();

  /** Validates the generation's stacks (Go: validateStackStrings) and maps them to global stacks. */
  private finishStacks(): void {
    for (const [id, pcs] of this.genStackPcs) {
      let prefix = -1;
      for (let i = pcs.length - 1; i >= 0; i--) {
        const pc = pcs[i]!;
        const fr = this.genPcs.get(pc)!;
        if (fr.frame < 0) {
          const func = fr.funcId === 0 ? 0 : this.genStrings.get(fr.funcId);
          if (func < 0) throw new FormatError(`found invalid func string ID ${fr.funcId} for stack ${id} (generation ${this.genGen})`);
          const file = fr.fileId === 0 ? 0 : this.genStrings.get(fr.fileId);
          if (file < 0) throw new FormatError(`found invalid file string ID ${fr.fileId} for stack ${id} (generation ${this.genGen})`);
          fr.frame = this.frame(pc, func, file, fr.line);
        }
        prefix = this.stackNode(prefix, fr.frame);
      }
      // An empty stack is a valid ID that resolves to no frames.
      this.genStacks.set(id, prefix === -1 ? -3 : prefix);
    }
    this.genStackPcs.clear();
    this.genPcs.clear();
  }

  private frame(pc: number, func: number, file: number, line: number): number {
    const key = `${pc}:${func}:${file}:${line}`;
    let f = this.frameKey.get(key);
    if (f === undefined) {
      f = this.frameFunc.length;
      this.frameFunc.push(func);
      this.frameFile.push(file);
      this.frameLine.push(line > 2147483647 ? -1 : line);
      this.framePc.push(pc);
      this.frameKey.set(key, f);
    }
    return f;
  }

  private stackNode(prefix: number, frame: number): number {
    let s = this.stackKey.get(prefix + 1, frame);
    if (s < 0) {
      s = this.stackFrame.length;
      this.stackFrame.push(frame);
      this.stackPrefix.push(prefix);
      this.stackKey.set(prefix + 1, frame, s);
    }
    return s;
  }

  private readCpuSamples(cpuBatches: Batch[]): DecodedSamples {
    const buf = this.buf;
    const t: number[] = [], ms: number[] = [], ps: number[] = [], gs: number[] = [], ss: number[] = [];
    for (const b of cpuBatches) {
      let pos = b.start + 1;
      while (pos < b.end) {
        const ev = buf[pos++]!;
        if (ev !== EV_CPU_SAMPLE) throw this.batchError(`expected CPU sample event, got ${ev}`, b.headerPos);
        const ts = this.readU(pos, b);
        const m = this.readU(vpos, b);
        const p = this.readU(vpos, b);
        const g = this.readU(vpos, b);
        const s = this.readU(vpos, b);
        pos = vpos;
        t.push(this.mul(ts) - this.base);
        ms.push(m);
        ps.push(p);
        gs.push(g === 0 ? -1 : g);
        ss.push(s);
      }
    }
    const n = t.length;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => t[a]! - t[b]!);
    const out = {
      time: new Float64Array(n), m: new Float64Array(n), p: new Float64Array(n), g: new Float64Array(n), stack: new Float64Array(n), length: n,
    };
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      out.time[i] = t[j]!;
      out.m[i] = ms[j]!;
      out.p[i] = ps[j]!;
      out.g[i] = gs[j]!;
      out.stack[i] = ss[j]!;
    }
    return out;
  }

}

/** The most arguments a wire event has (the scratch keeps this much slack for reads past the last). */
const MAX_ARGC = 8;

export type EventCounts = { total: number; maxGeneration: number };

export function countEventsUpperBound(buf: Uint8Array, version: number): EventCounts {
  let pos = 16;
  const end = buf.length;
  let count = 2;
  // Wire events of the generation being scanned, and the most of any generation.
  let genWire = 0;
  let maxGeneration = 0;
  let lastGen = -1;
  const skip = () => {
    while (pos < end && buf[pos]! >= 0x80) pos++;
    pos++;
  };
  while (pos < end) {
    const kind = buf[pos++]!;
    if (kind === EV_END_OF_GENERATION) {
      count++;
      maxGeneration = Math.max(maxGeneration, genWire);
      genWire = 0;
      continue;
    }
    if (kind !== EV_EVENT_BATCH && kind !== EV_EXPERIMENTAL_BATCH) break;
    if (kind === EV_EXPERIMENTAL_BATCH) pos++;
    const gen = uvarint(buf, pos, end);
    if (gen !== lastGen) {
      maxGeneration = Math.max(maxGeneration, genWire);
      genWire = 0;
      lastGen = gen;
    }
    skip(); // gen
    skip(); // m
    skip(); // time
    const size = uvarint(buf, pos, end);
    if (size < 0 || size > MAX_BATCH_SIZE) break;
    pos = vpos;
    const bEnd = Math.min(end, pos + size);
    count++; // a Sync per generation at most one per batch
    const first = buf[pos];
    if (kind === EV_EXPERIMENTAL_BATCH || first === undefined || first === EV_STRINGS || first === EV_STACKS || first === EV_FREQUENCY || first === EV_SYNC) {
      pos = bEnd;
      continue;
    }
    if (first === EV_CPU_SAMPLES) {
      pos++;
      while (pos < bEnd) {
        pos++;
        for (let i = 0; i < 5; i++) skip();
        count++;
      }
      pos = bEnd;
      continue;
    }
    while (pos < bEnd) {
      const typ = buf[pos++]!;
      const argc = TIMED_ARGC[typ]!;
      if (argc < 0) break;
      for (let i = 0; i <= argc; i++) skip();
      // GoSwitch expands to 3 events, GoDestroySyscall may add a ProcSteal.
      count += typ === 45 || typ === 46 ? 3 : typ === 18 ? 2 : 1;
      genWire++;
    }
    pos = bEnd;
  }
  void version;
  maxGeneration = Math.max(maxGeneration, genWire);
  return { total: Math.max(1024, count + ((end - Math.min(pos, end)) >> 1)), maxGeneration };
}

/** A batch whose first body byte makes it a strings/stacks/CPU/frequency/sync batch. */
function isSpecialBatch(first: number, version: number): boolean {
  return (
    first === EV_STRINGS ||
    first === EV_STACKS ||
    first === EV_CPU_SAMPLES ||
    (first === EV_FREQUENCY && version < 25) ||
    (first === EV_SYNC && version >= 25)
  );
}
