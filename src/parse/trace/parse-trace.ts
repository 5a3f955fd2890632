// Go execution traces of the generation format (headers go 1.22/1.23/1.25/1.26; written by
// Go 1.22–1.27) → TraceModel. Follows Go 1.27's internal/trace Reader step for step
// (../shared/docs/go-trace-format.md §4.9–4.10): the same generations, the same merge of the
// per-M event streams (a min-heap by time, retried in time order when the head is not ready),
// the same state machine and errors, the same Sync events and the same "+1 ns" fix-up, so
// event counts and times equal Go's.
//
// Memory: the file is read one generation at a time; a generation's events are decoded into
// reused scratch columns, ordered, and appended to the output columns. Nothing is kept per
// event except those columns.

import { CancelledError, FormatError } from '../../base/errors';
import { StringTableBuilder } from '../../base/string-table';
import { GoState, ProcState, TraceCode as C, type TraceEventTable, type TraceModel } from '../../model/trace';
import { deriveTables } from './derive';
import { EventColumnStore, EventSink, type TraceEventConsumer } from './event-sink';
import {
  EV_CLOCK_SNAPSHOT, EV_CPU_SAMPLE, EV_CPU_SAMPLES, EV_END_OF_GENERATION, EV_EVENT_BATCH,
  EV_EXPERIMENTAL_BATCH, EV_FREQUENCY, EV_STACK, EV_STACKS, EV_STRING, EV_STRINGS, EV_SYNC,
  MAX_BATCH_SIZE, MAX_FRAMES_PER_STACK, MAX_STRING_SIZE, NUM_SPECS, TIMED_ARGC, eventName,
  readTraceHeader,
} from './wire';

export type TraceParseOptions = {
  onProgress?: (done: number, total: number, phase: string) => void;
  isCancelled?: () => boolean;
};

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

// ---- state names (Go's String methods, for error messages) --------------------------------

const GO_STATUS_NAMES = ['Bad', 'Runnable', 'Running', 'Syscall', 'Waiting'];
const PROC_STATUS_NAMES = ['Bad', 'Running', 'Idle', 'Syscall', 'SyscallAbandoned'];
const goStatusName = (s: number) => GO_STATUS_NAMES[s] ?? 'Bad';
const procStatusName = (s: number) => PROC_STATUS_NAMES[s] ?? 'Bad';
/** tracev2 GoStatus → reader GoState (index 0, Bad, maps to Undetermined as in Go). */
const GO_STATUS_TO_STATE = [GoState.Undetermined, GoState.Runnable, GoState.Running, GoState.Syscall, GoState.Waiting];
/** tracev2 ProcStatus → reader ProcState. */
const PROC_STATUS_TO_STATE = [ProcState.Undetermined, ProcState.Running, ProcState.Idle, ProcState.Running, ProcState.Idle];

// wire statuses
const G_RUNNABLE = 1, G_RUNNING = 2, G_SYSCALL = 3, G_WAITING = 4;
const P_RUNNING = 1, P_IDLE = 2, P_SYSCALL = 3, P_ABANDONED = 4;
const NO_TASK = -1;

type RangeKey = number; // start-event type * 2^32 + description string ID
type GSt = { status: number; seqGen: number; seqN: number; regions: number[] | null; ranges: RangeKey[] | null };
type PSt = { status: number; seqGen: number; seqN: number; ranges: RangeKey[] | null };
type MSt = { g: number; p: number };

/** Start event of each end/active type (tracev2 StartEv). */
const START_EV = new Uint8Array(256);
START_EV[C.STWEnd] = C.STWBegin;
START_EV[C.GCActive] = C.GCBegin;
START_EV[C.GCEnd] = C.GCBegin;
START_EV[C.GCSweepActive] = C.GCSweepBegin;
START_EV[C.GCSweepEnd] = C.GCSweepBegin;
START_EV[C.GCMarkAssistActive] = C.GCMarkAssistBegin;
START_EV[C.GCMarkAssistEnd] = C.GCMarkAssistBegin;

const rangeKey = (typ: number, desc: number): RangeKey => (START_EV[typ] || typ) * 4294967296 + (desc >= 0 ? desc % 4294967296 : 4294967295);

/** A batch of the current generation: where its body is in the file. */
type Batch = { m: number; time: number; start: number; end: number; headerPos: number; index: number };

/** Per-ID lookup that is an array for the dense IDs the runtime writes, a Map otherwise. */
class IdMap {
  dense = new Int32Array(256).fill(-1);
  sparse: Map<number, number> | null = null;
  reset(): void {
    this.dense.fill(-1);
    this.sparse = null;
  }
  get(id: number): number {
    if (id >= 0 && id < this.dense.length) return this.dense[id]!;
    return this.sparse?.get(id) ?? -1;
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

/**
 * Map of small integer IDs (goroutines, Ps) to state objects: an array for IDs below 2^22
 * (the common case: one load instead of a hash lookup per event), a Map above.
 */
class DenseMap<T> {
  private dense: (T | undefined)[] = [];
  private sparse: Map<number, T> | null = null;
  get(id: number): T | undefined {
    if (id >= 0 && id < 4194304) return this.dense[id];
    return this.sparse?.get(id);
  }
  has(id: number): boolean {
    return this.get(id) !== undefined;
  }
  set(id: number, v: T): void {
    if (id >= 0 && id < 4194304) {
      while (this.dense.length <= id) this.dense.push(undefined);
      this.dense[id] = v;
    } else (this.sparse ??= new Map()).set(id, v);
  }
  delete(id: number): void {
    if (id >= 0 && id < 4194304) {
      if (id < this.dense.length) this.dense[id] = undefined;
    } else this.sparse?.delete(id);
  }
}

const textDecoder = new TextDecoder('utf-8');

class TraceParser {
  readonly buf: Uint8Array;
  readonly version: number;
  readonly sink: EventSink;
  readonly strings = new StringTableBuilder();
  readonly warnings: string[] = [];

  // global tables
  private readonly frameKey = new Map<string, number>();
  private readonly stackKey = new Map<number, number>();
  // per-generation tables (wire ID → global index)
  private readonly genStrings = new IdMap();
  private readonly genStacks = new IdMap();
  private genGen = 0;
  private nsPerTick = 0;
  private base = NaN; // absolute ns of the first generation's minTs (times are kept relative)

  // ordering state (Go's ordering struct)
  private readonly gStates = new DenseMap<GSt>();
  private readonly pStates = new DenseMap<PSt>();
  private readonly mStates = new Map<number, MSt>();
  private readonly activeTasks = new Map<number, { name: number; parent: number }>();
  private gcSeq = 0;
  private gcState = 0; // 0 undetermined, 1 not running, 2 running
  private initialGen = 0;
  private syncs = 0;

  private scratchHint = 0;
  // scratch columns of the current generation's wire events, grouped by M
  private wType = new Uint8Array(0);
  private wTime = new Float64Array(0);
  private wArgs = new Float64Array(0); // the events' arguments, back to back
  private wArgAt = new Int32Array(0); // where each event's arguments start in wArgs
  private wOff = new Int32Array(0);

  /**
   * `counts`: the pre-scan's event counts (countEventsUpperBound), which size the scratch
   * columns once for the largest generation (fresh pages are costly to touch); without them
   * the columns grow with the generations.
   */
  constructor(buf: Uint8Array, version: number, readonly options: TraceParseOptions, consumer: TraceEventConsumer, counts?: EventCounts) {
    this.buf = buf;
    this.version = version;
    this.sink = new EventSink(OUTPUT_WINDOW, consumer);
    this.scratchHint = counts ? counts.maxGeneration + 16 : 0;
    this.strings.intern('');
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
    const end = buf.length;
    const v26 = this.version >= 26;
    const batches: Batch[] = [];
    let gen = 0;
    let eventBatches = 0;
    for (;;) {
      if (pos >= end) {
        if (v26) {
          if (eventBatches !== 0 || batches.length !== 0) {
            this.truncatedAt = pos;
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
        if (pos >= end) return this.truncated(headerPos, batches, gen);
        exp = buf[pos++]!;
      }
      const fields = [0, 0, 0, 0];
      const names = ['gen', 'M ID', 'timestamp', 'size'];
      for (let i = 0; i < 4; i++) {
        const v = uvarint(buf, pos, end);
        if (v === BAD) {
          if (this.varintRunsOff(pos, end)) return this.truncated(headerPos, batches, gen);
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
    this.truncatedAt = headerPos;
    this.truncationWhat = `the file ends inside batch #${this.batchIndex} (its header is at byte ${headerPos})`;
    void batches;
    return null;
  }

  private batchError(msg: string, headerPos: number): FormatError {
    return new FormatError(`${msg} (batch #${this.batchIndex} at byte ${headerPos})`);
  }

  // ---- one generation ---------------------------------------------------------------------

  private strAt(id: number, typ: number, e: number): number {
    if (id === 0) return 0;
    const s = this.genStrings.get(id);
    if (s < 0) throw this.eventError(`found invalid string ID ${id} for event ${eventName(typ)}`, e);
    return s;
  }

  private stackAt(id: number, typ: number, e: number): number {
    if (id === 0) return -1;
    const s = this.genStacks.get(id);
    if (s === -1) throw this.eventError(`found invalid stack ID ${id} for event ${eventName(typ)}`, e);
    return s < 0 ? -1 : s;
  }

  private eventError(msg: string, e: number): FormatError {
    if (!(e >= 0 && e < this.wOff.length)) return new FormatError(`${msg} (generation ${this.genGen})`);
    const off = this.wOff[e]!;
    const b = this.genBatches.find((x) => off >= x.start && off < x.end);
    const where = b ? `, in batch #${b.index} (header at byte ${b.headerPos})` : '';
    return new FormatError(`${msg} (generation ${this.genGen}, event at byte ${off}${where})`);
  }

  private genBatches: Batch[] = [];

  processGeneration(gen: number, batches: Batch[]): void {
    const buf = this.buf;
    const version = this.version;
    this.genGen = gen;
    this.genBatches = batches;
    this.genStrings.reset();
    this.genStacks.reset();
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
    if (!hasFreq || freq === 0) throw new FormatError(`no frequency event found (generation ${gen})`);
    if (version >= 25 && !hasSnap) throw new FormatError(`no clock snapshot event found (generation ${gen})`);
    this.nsPerTick = 1.0 / (freq / 1e9);
    if (Number.isNaN(this.base)) {
      this.base = this.mul(minTs);
      this.sink.lastTime = -this.base; // Go's lastTs starts at absolute 0
    }
    const base = this.base;

    for (const b of stackBatches) this.addStacks(b);
    this.finishStacks();

    // CPU samples: absolute times, sorted (Go: after converting every sample's time).
    const samples = this.readCpuSamples(cpuBatches);

    // Decode every event batch, M by M in order of first appearance (Go ≥ 1.24's order).
    let total = 0;
    for (const m of batchMs) for (const b of eventBatchesByM.get(m)!) total += b.end - b.start;
    // Scratch sized by the pre-scan's largest generation (or ~5 bytes an event); grown if needed.
    const hint = this.scratchHint > 0 ? Math.min(this.scratchHint, Math.ceil(total / 2) + 16) : Math.ceil(total / 4) + 16;
    const events = Math.max(hint, Math.ceil(total / 5) + 16);
    this.ensureScratch(events, events * 2 + MAX_ARGC, 0, 0);
    const nM = batchMs.length;
    const curStart = new Int32Array(nM);
    const curEnd = new Int32Array(nM);
    let n = 0;
    let na = 0; // argument slots used
    let wType = this.wType, wTime = this.wTime, wArgs = this.wArgs, wArgAt = this.wArgAt, wOff = this.wOff;
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
              wArgs[na++] = v;
              pos = vpos;
            }
          }
          n++;
        }
      }
      curEnd[k] = n;
    }

    // The generation's Sync (Go ≥ 1.25 readers emit it before the generation's events).
    this.syncs++;
    this.sink.beginGeneration(gen, {
      snapTime: hasSnap ? this.mul(snapTicks) - base : NaN,
      snapMono,
      snapSec,
      snapNsec,
    });
    this.sink.push(C.Sync, this.mul(minTs) - base, -1, -1, -1, -1, this.syncs, this.sink.generationCount - 1);

    this.sink.wireTime = this.wTime;
    this.order(batchMs, curStart, curEnd, samples, gen);
    this.sink.flush();
  }

  private readU(pos: number, b: Batch): number {
    const v = uvarint(this.buf, pos, b.end);
    if (v === BAD) throw this.batchError('unexpected end of batch data or invalid varint', b.headerPos);
    return v;
  }

  private atByte(msg: string, pos: number, b: Batch): FormatError {
    return new FormatError(`${msg} (at byte ${pos}, batch #${b.index} of generation ${this.genGen})`);
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
      const args = new Float64Array(argSlots);
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

  readonly frameFunc: number[] = [];
  readonly frameFile: number[] = [];
  readonly frameLine: number[] = [];
  readonly framePc: number[] = [];
  readonly stackFrame: number[] = [];
  readonly stackPrefix: number[] = [];

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
    const key = (prefix + 1) * 67108864 + frame;
    let s = this.stackKey.get(key);
    if (s === undefined) {
      s = this.stackFrame.length;
      this.stackFrame.push(frame);
      this.stackPrefix.push(prefix);
      this.stackKey.set(key, s);
    }
    return s;
  }

  private readCpuSamples(cpuBatches: Batch[]): { time: Float64Array; m: Float64Array; p: Float64Array; g: Float64Array; stack: Float64Array; length: number } {
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

  // ---- ordering (Go's Reader.ReadEvent loop for one generation) -----------------------------

  private order(
    batchMs: number[],
    curStart: Int32Array,
    curEnd: Int32Array,
    samples: ReturnType<TraceParser['readCpuSamples']>,
    gen: number,
  ): void {
    if (this.initialGen === 0) this.initialGen = gen;
    const wTime = this.wTime;
    // The frontier: a min-heap of cursor indexes by their current event's time.
    const heap: number[] = [];
    const cur = curStart;
    const threadIdx = batchMs.map((m) => this.sink.thread(m));
    const siftUp = (i: number): number => {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!(wTime[cur[heap[parent]!]!]! > wTime[cur[heap[i]!]!]!)) break;
        const tmp = heap[parent]!;
        heap[parent] = heap[i]!;
        heap[i] = tmp;
        i = parent;
      }
      return i;
    };
    const siftDown = (i: number): void => {
      for (;;) {
        let m = i;
        let minT = i < heap.length ? wTime[cur[heap[i]!]!]! : Infinity;
        const l = 2 * i + 1, r = 2 * i + 2;
        if (l < heap.length && wTime[cur[heap[l]!]!]! < minT) {
          minT = wTime[cur[heap[l]!]!]!;
          m = l;
        }
        if (r < heap.length && wTime[cur[heap[r]!]!]! < minT) m = r;
        if (m === i) return;
        const tmp = heap[i]!;
        heap[i] = heap[m]!;
        heap[m] = tmp;
        i = m;
      }
    };
    for (let k = 0; k < batchMs.length; k++) {
      if (curStart[k]! < curEnd[k]!) {
        heap.push(k);
        siftUp(heap.length - 1);
      }
    }
    let si = 0;
    // Each cursor's M state, looked up once (Go creates it lazily on the M's first event).
    const mCache: (MSt | undefined)[] = batchMs.map(() => undefined);
    const tryAdvance = (i: number): boolean => {
      const k = heap[i]!;
      const m = batchMs[k]!;
      let ms = mCache[k];
      if (ms === undefined && m !== -1) {
        ms = this.mStates.get(m);
        if (!ms) this.mStates.set(m, (ms = { g: -1, p: -1 }));
        mCache[k] = ms;
      }
      if (!this.advance(cur[k]!, m, threadIdx[k]!, gen, ms)) return false;
      cur[k]++;
      if (cur[k]! < curEnd[k]!) {
        if (siftUp(i) === i) siftDown(i);
      } else {
        // Go's heapRemove: move i to the root, swap with the last, sift down.
        while (i > 0) {
          const parent = (i - 1) >> 1;
          const tmp = heap[parent]!;
          heap[parent] = heap[i]!;
          heap[i] = tmp;
          i = parent;
        }
        heap[0] = heap[heap.length - 1]!;
        heap.pop();
        siftDown(0);
      }
      return true;
    };
    const cancelled = this.options.isCancelled;
    let steps = 0;
    while (heap.length > 0 || si < samples.length) {
      if (si < samples.length && (heap.length === 0 || samples.time[si]! < wTime[cur[heap[0]!]!]!)) {
        const gid = samples.g[si]!;
        const sid = samples.stack[si]!;
        let stack = sid === 0 ? -1 : this.genStacks.get(sid);
        if (stack < 0) stack = -1;
        this.sink.push(C.CPUSample, samples.time[si]!, this.sink.goroutine(gid), samples.p[si]!, this.sink.thread(samples.m[si]!), stack, -1, -1);
        si++;
        continue;
      }
      if (!tryAdvance(0)) {
        // Go sorts the whole frontier by time (a sorted slice is a heap) and tries the others.
        heap.sort((a, b) => wTime[cur[a]!]! - wTime[cur[b]!]!);
        let ok = false;
        for (let i = 1; i < heap.length; i++) {
          if (tryAdvance(i)) {
            ok = true;
            break;
          }
        }
        if (!ok) {
          const e = cur[heap[0]!]!;
          throw this.eventError(
            `broken trace: failed to advance: no consistent ordering of events (frontier head ${eventName(this.wType[e]!)} on thread ${batchMs[heap[0]!]})`,
            e,
          );
        }
      }
      if (cancelled && (++steps & 0xffff) === 0 && cancelled()) throw new CancelledError();
    }
  }

  private goReqs(cm: number, cp: number, cg: number, e: number): void {
    if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
    if (cp === -1) throw this.eventError('expected a proc but didn\'t have one', e);
    if (cg === -1) throw this.eventError('expected a goroutine but didn\'t have one', e);
  }

  private mpReqs(cm: number, cp: number, e: number): void {
    if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
    if (cp === -1) throw this.eventError('expected a proc but didn\'t have one', e);
  }

  /** Go's ordering.Advance for wire event `e` on thread `m`: false = not ready yet. */
  private advance(e: number, m: number, mIdx: number, gen: number, ms: MSt | undefined): boolean {
    const typ = this.wType[e]!;
    const ab = this.wArgAt[e]!;
    const a = this.wArgs;
    const a0 = a[ab]!, a1 = a[ab + 1]!, a2 = a[ab + 2]!;
    const sink = this.sink;
    let cp = -1, cg = -1;
    if (ms) {
      cp = ms.p;
      cg = ms.g;
    }
    let np = cp, ng = cg;
    const cm = m;

    switch (typ) {
      case C.ProcStatus: {
        const pid = a0, status = a1;
        if (!(status >= 0 && status < 5)) throw this.eventError(`invalid status for proc ${pid}: ${status}`, e);
        let oldState: number = PROC_STATUS_TO_STATE[status]!;
        let to = status;
        const s = this.pStates.get(pid);
        if (s) {
          if (status === P_ABANDONED && s.status === P_SYSCALL) {
            oldState = ProcState.Running;
            to = P_SYSCALL;
          } else if (status === P_ABANDONED && s.status === P_ABANDONED) {
            oldState = ProcState.Idle;
            to = P_ABANDONED;
          } else if (s.status !== status) {
            throw this.eventError(`inconsistent status for proc ${pid}: old ${procStatusName(s.status)} vs. new ${procStatusName(status)}`, e);
          }
          s.seqGen = gen;
          s.seqN = 0;
        } else {
          this.pStates.set(pid, { status, seqGen: gen, seqN: 0, ranges: null });
          oldState = gen === this.initialGen ? ProcState.Undetermined : ProcState.NotExist;
        }
        if (status === P_RUNNING || status === P_SYSCALL) np = pid;
        let em = cm, ep = cp, eg = cg;
        if (status === P_ABANDONED && oldState === ProcState.Running) {
          let found = false;
          for (const [mid, st] of this.mStates) {
            if (st.p === pid) {
              em = mid;
              ep = pid;
              eg = st.g;
              found = true;
            }
          }
          if (!found) throw this.eventError(`failed to find sched context for proc ${pid} that's about to be stolen`, e);
        }
        sink.pushWire(typ, e, sink.goroutine(eg), ep, em === cm ? mIdx : sink.thread(em), -1, pid, (oldState << 4) | PROC_STATUS_TO_STATE[to]!);
        break;
      }
      case C.ProcStart: {
        const pid = a0;
        const s = this.pStates.get(pid);
        if (!s || s.status !== P_IDLE || !(s.seqGen === gen && a1 === s.seqN + 1) || cp !== -1) return false;
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        s.status = P_RUNNING;
        s.seqGen = gen;
        s.seqN = a1;
        np = pid;
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, pid, -1);
        break;
      }
      case C.ProcStop: {
        const s = this.pStates.get(cp);
        if (!s) throw this.eventError(`event ProcStop for proc (${cp}) that doesn't exist`, e);
        if (s.status !== P_RUNNING && s.status !== P_SYSCALL) throw this.eventError('ProcStop event for proc that\'s not Running or Syscall', e);
        this.mpReqs(cm, cp, e);
        s.status = P_IDLE;
        np = -1;
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, cp, -1);
        break;
      }
      case C.ProcSteal: {
        const pid = a0;
        const s = this.pStates.get(pid);
        if (!s || (s.status !== P_SYSCALL && s.status !== P_ABANDONED) || !(s.seqGen === gen && a1 === s.seqN + 1)) return false;
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        const old = s.status;
        s.status = P_IDLE;
        s.seqGen = gen;
        s.seqN = a1;
        const from = old === P_ABANDONED ? ProcState.Idle : ProcState.Running;
        if (old !== P_ABANDONED) {
          const mid = a2;
          if (mid === cm) {
            if (cp !== pid) throw this.eventError(`tried to self-steal proc ${pid} (thread ${mid}), but got proc ${cp} instead`, e);
            np = -1;
          } else {
            const other = this.mStates.get(mid);
            if (!other) throw this.eventError(`stole proc from non-existent thread ${mid}`, e);
            if (other.p !== pid) throw this.eventError(`tried to steal proc ${pid} from thread ${mid}, but got proc ${other.p} instead`, e);
            other.p = -1;
          }
        }
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, pid, from);
        break;
      }
      case C.GoStatus:
      case C.GoStatusStack: {
        const gid = a0, mid = a1, status = a2;
        if (!(status >= 0 && status < 5)) throw this.eventError(`invalid status for goroutine ${gid}: ${status}`, e);
        let oldState: number = GO_STATUS_TO_STATE[status]!;
        const s = this.gStates.get(gid);
        if (s) {
          if (s.status !== status) throw this.eventError(`inconsistent status for goroutine ${gid}: old ${goStatusName(s.status)} vs. new ${goStatusName(status)}`, e);
          s.seqGen = gen;
          s.seqN = 0;
        } else if (gen === this.initialGen) {
          this.gStates.set(gid, { status, seqGen: gen, seqN: 0, regions: null, ranges: null });
          oldState = GoState.Undetermined;
        } else {
          throw this.eventError(`found goroutine status for new goroutine after the first generation: id=${gid} status=${goStatusName(status)}`, e);
        }
        let em = cm, eg = cg;
        if (status === G_RUNNING) ng = gid;
        else if (status === G_SYSCALL) {
          if (mid === -1) throw this.eventError(`found goroutine ${gid} in syscall without a thread`, e);
          if (mid === cm) {
            if (gen !== this.initialGen && cg !== gid) throw this.eventError(`inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${cg}`, e);
            ng = gid;
          } else {
            const other = this.mStates.get(mid);
            if (other) {
              if (other.g !== gid) throw this.eventError(`inconsistent thread for syscalling goroutine ${gid}: thread has goroutine ${other.g}`, e);
              eg = other.g;
            } else {
              this.mStates.set(mid, { g: gid, p: -1 });
            }
            em = mid;
          }
        }
        const stack = typ === C.GoStatusStack ? this.stackAt(a[ab + 3]!, typ, e) : -1;
        sink.pushWire(typ, e, sink.goroutine(eg), cp, em === cm ? mIdx : sink.thread(em), stack, sink.goroutine(gid), (oldState << 4) | GO_STATUS_TO_STATE[status]!);
        break;
      }
      case C.GoCreate:
      case C.GoCreateBlocked: {
        this.mpReqs(cm, cp, e);
        const cur = this.gStates.get(cg);
        if (cur && cur.status !== G_RUNNING) throw this.eventError(`${eventName(typ)} event for goroutine that's not Running`, e);
        const newg = a0;
        if (this.gStates.has(newg)) throw this.eventError(`tried to create goroutine (${newg}) that already exists`, e);
        this.gStates.set(newg, { status: typ === C.GoCreateBlocked ? G_WAITING : G_RUNNABLE, seqGen: gen, seqN: 0, regions: null, ranges: null });
        const startStack = this.stackAt(a[ab + 1]!, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 2]!, typ, e), sink.goroutine(newg), startStack);
        break;
      }
      case C.GoDestroy:
      case C.GoStop:
      case C.GoBlock: {
        this.goReqs(cm, cp, cg, e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`event ${eventName(typ)} for goroutine (${cg}) that doesn't exist`, e);
        if (s.status !== G_RUNNING) throw this.eventError(`${eventName(typ)} event for goroutine that's not Running`, e);
        const g = sink.goroutine(cg);
        if (typ === C.GoDestroy) {
          this.gStates.delete(cg);
          ng = -1;
          sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        } else {
          s.status = typ === C.GoStop ? G_RUNNABLE : G_WAITING;
          ng = -1;
          sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), g, this.strAt(a0, typ, e));
        }
        break;
      }
      case C.GoStart: {
        const gid = a0;
        const s = this.gStates.get(gid);
        if (!s || s.status !== G_RUNNABLE || !(s.seqGen === gen && a1 === s.seqN + 1)) return false;
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        if (cp === -1) throw this.eventError('expected a proc but didn\'t have one', e);
        if (cg !== -1) throw this.eventError('expected no goroutine but had one', e);
        s.status = G_RUNNING;
        s.seqGen = gen;
        s.seqN = a1;
        ng = gid;
        sink.pushWire(typ, e, -1, cp, mIdx, -1, sink.goroutine(gid), -1);
        break;
      }
      case C.GoUnblock: {
        const gid = a0;
        const s = this.gStates.get(gid);
        if (!s || s.status !== G_WAITING || !(s.seqGen === gen && a1 === s.seqN + 1)) return false;
        s.status = G_RUNNABLE;
        s.seqGen = gen;
        s.seqN = a1;
        sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, this.stackAt(a[ab + 2]!, typ, e), sink.goroutine(gid), -1);
        break;
      }
      case C.GoSwitch:
      case C.GoSwitchDestroy: {
        this.goReqs(cm, cp, cg, e);
        const curS = this.gStates.get(cg);
        if (!curS) throw this.eventError(`event ${eventName(typ)} for goroutine (${cg}) that doesn't exist`, e);
        if (curS.status !== G_RUNNING) throw this.eventError(`${eventName(typ)} event for goroutine that's not Running`, e);
        const nextg = a0;
        const ns = this.gStates.get(nextg);
        if (!ns || ns.status !== G_WAITING || !(ns.seqGen === gen && a1 === ns.seqN + 1)) return false;
        const g = sink.goroutine(cg);
        sink.pushWire(typ, e, g, cp, mIdx, -1, sink.goroutine(nextg), -1);
        if (typ === C.GoSwitch) {
          curS.status = G_WAITING;
          sink.pushWire(C.GoBlock, e, g, cp, mIdx, -1, g, 0);
        } else {
          this.gStates.delete(cg);
          sink.pushWire(C.GoDestroy, e, g, cp, mIdx, -1, g, -1);
        }
        ns.status = G_RUNNING;
        ns.seqGen = gen;
        ns.seqN = a1;
        ng = nextg;
        sink.pushWire(C.GoStart, e, -1, cp, mIdx, -1, sink.goroutine(nextg), -1);
        break;
      }
      case C.GoSyscallBegin: {
        this.goReqs(cm, cp, cg, e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`event GoSyscallBegin for goroutine (${cg}) that doesn't exist`, e);
        if (s.status !== G_RUNNING) throw this.eventError('GoSyscallBegin event for goroutine that\'s not Running', e);
        s.status = G_SYSCALL;
        const ps = this.pStates.get(cp);
        if (!ps) throw this.eventError(`uninitialized proc ${cp} found during GoSyscallBegin`, e);
        ps.status = P_SYSCALL;
        if (!(ps.seqGen === gen && a0 === ps.seqN + 1)) {
          throw this.eventError(`failed to advance GoSyscallBegin: can't make sequence: ${ps.seqN} (gen=${ps.seqGen}) -> ${a0} (gen=${gen})`, e);
        }
        ps.seqGen = gen;
        ps.seqN = a0;
        const g = sink.goroutine(cg);
        sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), g, -1);
        break;
      }
      case C.GoSyscallEnd: {
        this.goReqs(cm, cp, cg, e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`event GoSyscallEnd for goroutine (${cg}) that doesn't exist`, e);
        if (s.status !== G_SYSCALL) throw this.eventError('GoSyscallEnd event for goroutine that\'s not Running', e);
        s.status = G_RUNNING;
        const ps = this.pStates.get(cp);
        if (!ps) throw this.eventError(`uninitialized proc ${cp} found during GoSyscallEnd`, e);
        if (ps.status !== P_SYSCALL) throw this.eventError(`expected proc ${cp} in state Syscall, but got ${procStatusName(ps.status)} instead`, e);
        ps.status = P_RUNNING;
        const g = sink.goroutine(cg);
        sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        break;
      }
      case C.GoSyscallEndBlocked: {
        if (cp !== -1) {
          const ps = this.pStates.get(cp);
          if (!ps) throw this.eventError(`uninitialized proc ${cp} found during GoSyscallEndBlocked`, e);
          if (ps.status === P_SYSCALL) return false;
        }
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        if (cg === -1) throw this.eventError('expected a goroutine but didn\'t have one', e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`event GoSyscallEndBlocked for goroutine (${cg}) that doesn't exist`, e);
        if (s.status !== G_SYSCALL) throw this.eventError('GoSyscallEndBlocked event for goroutine that\'s not Running', e);
        ng = -1;
        s.status = G_RUNNABLE;
        const g = sink.goroutine(cg);
        sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        break;
      }
      case C.GoCreateSyscall: {
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        if (cg !== -1) throw this.eventError('expected no goroutine but had one', e);
        const newg = a0;
        if (this.gStates.has(newg)) throw this.eventError(`tried to create goroutine (${newg}) in syscall that already exists`, e);
        this.gStates.set(newg, { status: G_SYSCALL, seqGen: gen, seqN: 0, regions: null, ranges: null });
        ng = newg;
        sink.pushWire(typ, e, -1, cp, mIdx, -1, sink.goroutine(newg), -1);
        break;
      }
      case C.GoDestroySyscall: {
        if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
        if (cg === -1) throw this.eventError('expected a goroutine but didn\'t have one', e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`event GoDestroySyscall for goroutine (${cg}) that doesn't exist`, e);
        if (s.status !== G_SYSCALL) throw this.eventError('GoDestroySyscall event for goroutine that\'s not Syscall', e);
        this.gStates.delete(cg);
        ng = -1;
        const g = sink.goroutine(cg);
        if (cp !== -1) {
          const ps = this.pStates.get(cp);
          if (!ps) throw this.eventError(`found invalid proc ${cp} during GoDestroySyscall`, e);
          if (ps.status !== P_SYSCALL) throw this.eventError(`proc ${cp} in unexpected state ${procStatusName(ps.status)} during GoDestroySyscall`, e);
          ps.status = P_ABANDONED;
          np = -1;
          sink.pushWire(C.ProcSteal, e, g, cp, mIdx, -1, cp, ProcState.Running);
        }
        sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        break;
      }
      case C.UserTaskBegin: {
        const id = a0;
        if (this.activeTasks.has(id)) throw this.eventError(`task ID conflict: ${id}`, e);
        const parent = a1 === 0 ? NO_TASK : a1;
        const name = this.strAt(a2, typ, e);
        this.activeTasks.set(id, { name, parent });
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 3]!, typ, e), id, sink.taskRow(parent, name));
        break;
      }
      case C.UserTaskEnd: {
        const id = a0;
        const ts = this.activeTasks.get(id);
        let parent = NO_TASK, name = 0;
        if (ts) {
          parent = ts.parent;
          name = ts.name;
          this.activeTasks.delete(id);
        }
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), id, sink.taskRow(parent, name));
        break;
      }
      case C.UserRegionBegin:
      case C.UserRegionEnd: {
        this.goReqs(cm, cp, cg, e);
        const name = this.strAt(a1, typ, e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`encountered Ev${eventName(typ)} without known state for current goroutine ${cg}`, e);
        if (typ === C.UserRegionBegin) {
          (s.regions ??= []).push(a0, name);
        } else if (s.regions && s.regions.length > 0) {
          const n = s.regions.length;
          if (s.regions[n - 2] !== a0 || s.regions[n - 1] !== name) {
            throw this.eventError(
              `misuse of region in goroutine ${cg}: region end {${a0} ${this.strings.strings[name]}} when the inner-most active region start event is {${s.regions[n - 2]} ${this.strings.strings[s.regions[n - 1]!]}}`,
              e,
            );
          }
          s.regions.length = n - 2;
        }
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 2]!, typ, e), a0, name);
        break;
      }
      case C.GCActive: {
        const seq = a0;
        if (gen === this.initialGen) {
          if (this.gcState !== 0) throw this.eventError('GCActive in the first generation isn\'t first GC event', e);
          this.gcSeq = seq;
          this.gcState = 2;
          sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, -1, seq, -1);
          break;
        }
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState !== 2) throw this.eventError('encountered GCActive while GC was not in progress', e);
        this.gcSeq = seq;
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, seq, -1);
        break;
      }
      case C.GCBegin: {
        const seq = a0;
        if (this.gcState === 0) {
          this.gcSeq = seq;
          this.gcState = 2;
          sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, this.stackAt(a[ab + 1]!, typ, e), seq, -1);
          break;
        }
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState === 2) throw this.eventError('encountered GCBegin while GC was already in progress', e);
        this.gcSeq = seq;
        this.gcState = 2;
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), seq, -1);
        break;
      }
      case C.GCEnd: {
        const seq = a0;
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState === 1) throw this.eventError('encountered GCEnd when GC was not in progress', e);
        if (this.gcState === 0) throw this.eventError('encountered GCEnd when GC was in an undetermined state', e);
        this.gcSeq = seq;
        this.gcState = 1;
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, seq, -1);
        break;
      }
      case C.ProcsChange:
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), a0, -1);
        break;
      case C.GoLabel:
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, -1, this.strAt(a0, typ, e));
        break;
      case C.UserLog: {
        this.goReqs(cm, cp, cg, e);
        const key = this.strAt(a1, typ, e);
        const msg = this.strAt(a2, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 3]!, typ, e), a0, sink.logRow(key, msg));
        break;
      }
      case C.HeapAlloc:
      case C.HeapGoal:
        this.mpReqs(cm, cp, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, a0, -1);
        break;
      case C.GCSweepBegin: {
        this.mpReqs(cm, cp, e);
        const ps = this.pStates.get(cp)!;
        this.beginRange(ps, rangeKey(typ, 0), typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(a[ab + 0]!, typ, e), cp, -1);
        break;
      }
      case C.GCSweepActive: {
        const pid = a0;
        const ps = this.pStates.get(pid);
        if (!ps) throw this.eventError(`encountered GCSweepActive for unknown proc ${pid}`, e);
        this.activeRange(ps, rangeKey(typ, 0), gen === this.initialGen, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, -1, pid, -1);
        break;
      }
      case C.GCSweepEnd: {
        this.mpReqs(cm, cp, e);
        this.endRange(this.pStates.get(cp)!, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, cp, sink.sweepRow(a0, a1));
        break;
      }
      case C.STWBegin:
      case C.GCMarkAssistBegin: {
        this.goReqs(cm, cp, cg, e);
        const desc = typ === C.STWBegin ? a0 : 0;
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`encountered event of type ${typ} without known state for current goroutine ${cg}`, e);
        this.beginRange(s, rangeKey(typ, desc), typ, e);
        const g = sink.goroutine(cg);
        if (typ === C.STWBegin) sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(a[ab + 1]!, typ, e), -1, this.strAt(a0, typ, e));
        else sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(a[ab + 0]!, typ, e), g, -1);
        break;
      }
      case C.GCMarkAssistActive: {
        const gid = a0;
        const s = this.gStates.get(gid);
        if (!s) throw this.eventError(`uninitialized goroutine ${gid} found during GCMarkAssistActive`, e);
        this.activeRange(s, rangeKey(typ, 0), gen === this.initialGen, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, -1, sink.goroutine(gid), -1);
        break;
      }
      case C.STWEnd:
      case C.GCMarkAssistEnd: {
        this.goReqs(cm, cp, cg, e);
        const s = this.gStates.get(cg);
        if (!s) throw this.eventError(`encountered event of type ${typ} without known state for current goroutine ${cg}`, e);
        const desc = this.endRange(s, typ, e);
        const g = sink.goroutine(cg);
        if (typ === C.STWEnd) {
          // Go names the range with the begin's reason, looked up in the current generation.
          const r = desc === 0 ? 0 : this.genStrings.get(desc);
          sink.pushWire(typ, e, g, cp, mIdx, -1, -1, r < 0 ? 0 : r);
        } else sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        break;
      }
      default:
        if (typ >= 128 && typ <= 136) {
          if (cm === -1) throw this.eventError('expected a thread but didn\'t have one', e);
          sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, a0, -1);
          break;
        }
        throw this.eventError(`bad event type found while ordering: ${typ}`, e);
    }
    // Go validates every stack and string ID of the yielded event (validateTableIDs): each
    // case above resolves all of its IDs through stackAt/strAt, which throw Go's errors.
    if (ms) {
      ms.p = np;
      ms.g = ng;
    }
    return true;
  }

  private beginRange(s: { ranges: RangeKey[] | null }, key: RangeKey, typ: number, e: number): void {
    if (s.ranges?.includes(key)) throw this.eventError(`discovered event already in-flight for when starting event ${eventName(typ)}`, e);
    (s.ranges ??= []).push(key);
  }

  private activeRange(s: { ranges: RangeKey[] | null }, key: RangeKey, initial: boolean, typ: number, e: number): void {
    if (initial) {
      if (s.ranges?.includes(key)) throw this.eventError(`found named active range already in first gen: ${eventName(typ)}`, e);
      (s.ranges ??= []).push(key);
    } else if (!s.ranges?.includes(key)) {
      throw this.eventError(`resource is missing active range: ${eventName(START_EV[typ]!)}`, e);
    }
  }

  /** Closes the first in-flight range of the end event's start type; returns its description. */
  private endRange(s: { ranges: RangeKey[] | null }, typ: number, e: number): number {
    const st = START_EV[typ]!;
    const r = s.ranges;
    let idx = -1;
    if (r) {
      for (let i = 0; i < r.length; i++) {
        if (Math.floor(r[i]! / 4294967296) === st) {
          idx = i;
          break;
        }
      }
    }
    if (idx < 0 || !r) throw this.eventError(`tried to end event ${eventName(st)}, but not in-flight`, e);
    const desc = r[idx]! % 4294967296;
    r[idx] = r[r.length - 1]!;
    r.pop();
    return desc;
  }

  // ---- the whole file ----------------------------------------------------------------------

  /** Reads every generation, handing the ordered events to the consumer; returns the warnings. */
  run(startPos: number): string[] {
    const total = this.buf.length;
    const progress = this.options.onProgress;
    let pos = startPos;
    let kept = 0;
    for (;;) {
      if (this.options.isCancelled?.()) throw new CancelledError();
      const g = this.readGenerationBatches(pos);
      if (!g) break;
      this.processGeneration(g.gen, g.batches);
      kept++;
      pos = g.nextPos;
      progress?.(pos, total, 'reading trace generations');
    }
    if (this.truncatedAt >= 0) {
      if (kept === 0) {
        throw new FormatError(`trace truncated: ${this.truncationWhat}, before the first generation was complete (file is ${total} bytes)`);
      }
      this.warnings.push(
        `trace truncated at byte ${total}: ${this.truncationWhat}; kept the ${kept} complete generation${kept === 1 ? '' : 's'} before byte ${this.truncatedAt}`,
      );
    }
    if (kept === 0) {
      // Go: a v26 header alone yields one Sync; older versions fail without a frequency.
      if (this.version < 26) throw new FormatError('no frequency event found (the trace has no generations)');
      this.base = 0;
      this.sink.lastTime = 0;
    }
    // The final Sync (time = last + 1 after the fix-up).
    this.syncs++;
    this.sink.push(C.Sync, this.sink.lastTime, -1, -1, -1, -1, this.syncs, -1);
    this.sink.flush();
    return this.warnings;
  }

  /** The model around the stored events (after run). */
  finishModel(minor: number, events: TraceEventTable): TraceModel {
    return this.sink.finish(events, {
      goVersion: `1.${minor}`,
      base: this.base,
      strings: this.strings.strings,
      frames: { func: this.frameFunc, file: this.frameFile, line: this.frameLine, pc: this.framePc },
      stacks: { frame: this.stackFrame, prefix: this.stackPrefix },
      warnings: this.warnings,
    });
  }
}

/**
 * An upper bound of the events the reader will yield, from one quick pass over the batches
 * (wire events, CPU samples, the events the reader adds), so the output columns are allocated
 * once at their final size. Stops early on malformed input (the parse reports it); the
 * columns can still grow.
 */
/** The most arguments a wire event has (the scratch keeps this much slack for reads past the last). */
const MAX_ARGC = 8;

/** Events handed to the consumer at a time: 2.4 MB of columns, which stay in cache. */
const OUTPUT_WINDOW = 65536;

type EventCounts = { total: number; maxGeneration: number };

function countEventsUpperBound(buf: Uint8Array, version: number): EventCounts {
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

/** Parses a Go execution trace (generation format). Throws FormatError for anything Go rejects. */
export function parseGoTrace(bytes: Uint8Array, options: TraceParseOptions = {}): TraceModel {
  const { minor, headerEnd } = readTraceHeader(bytes);
  // The model keeps every event: one pre-scan sizes its columns exactly once.
  const counts = countEventsUpperBound(bytes, minor);
  const store = new EventColumnStore(counts.total);
  const parser = new TraceParser(bytes, minor, options, store, counts);
  parser.run(headerEnd);
  options.onProgress?.(bytes.length, bytes.length, 'deriving trace tables');
  const model = parser.finishModel(minor, store.table());
  deriveTables(model);
  return model;
}

export type TraceReadResult = {
  goVersion: string;
  /** Problems that did not stop the read (a truncated file), as the model's `warnings`. */
  warnings: string[];
};

/**
 * Reads a Go execution trace and hands its events, in Go's order, to `consumer` a generation
 * at a time, keeping none of them: for digests of traces of any size in the memory of one
 * generation. Same checks and errors as parseGoTrace; goroutine and thread fields are the
 * dense indexes the model would have.
 */
export function readGoTrace(bytes: Uint8Array, consumer: TraceEventConsumer, options: TraceParseOptions = {}): TraceReadResult {
  const { minor, headerEnd } = readTraceHeader(bytes);
  const warnings = new TraceParser(bytes, minor, options, consumer).run(headerEnd);
  return { goVersion: `1.${minor}`, warnings };
}
