// Go execution traces of the generation format (headers go 1.22/1.23/1.25/1.26; written by
// Go 1.22–1.27) → TraceModel. Follows Go 1.27's internal/trace Reader step for step
// (../shared/docs/go-trace-format.md §4.9–4.10): the same generations, the same merge of the
// per-M event streams (a min-heap by time, retried in time order when the head is not ready),
// the same state machine and errors, the same Sync events and the same "+1 ns" fix-up, so
// event counts and times equal Go's.
//
// Two halves: generation-decoder.ts turns the bytes into decoded generations (wire events in
// columns, strings and stacks interned); the EventOrderer here orders them and yields events
// through an EventSink window to a consumer (the model's columns, or a digest that keeps
// nothing). Nothing is kept per event except what the consumer keeps.

import { CancelledError, FormatError } from '../../base/errors';
import { GoState, ProcState, TraceCode as C, type TraceModel, type TraceModelEvents } from '../../model/trace';
import { TraceModelBuilder } from './derive';
import { EventSink, type TraceEventConsumer } from './event-sink';
import {
  GenerationDecoder, NEED_MORE, countEventsUpperBound, idLookup, type Batch, type DecodeEnd, type DecodedGeneration,
  type DecodedSamples, type EventCounts, type IdTable,
} from './generation-decoder';
import { SlidingWindow, type ChunkedFile } from './sliding-window';
import { V1TraceReader } from './v1/convert-v1';
import { eventName, isV1Trace, readTraceHeader } from './wire';

export type TraceParseOptions = {
  onProgress?: (done: number, total: number, phase: string) => void;
  isCancelled?: () => boolean;
};


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

/**
 * The second half of reading a trace: Go's ordering (the merge of the per-M streams and the
 * state machine) over decoded generations, taken strictly in order; it yields the events to
 * an EventSink.
 */
export class EventOrderer {
  readonly sink: EventSink;
  readonly warnings: string[] = [];
  // the global tables, as the decoder grows them
  readonly strings: string[] = [];
  readonly frameFunc: number[] = [];
  readonly frameFile: number[] = [];
  readonly frameLine: number[] = [];
  readonly framePc: number[] = [];
  readonly stackFrame: number[] = [];
  readonly stackPrefix: number[] = [];
  private base = NaN;

  // the current generation (wire ID → global index)
  private genStrings: IdTable = { dense: new Int32Array(0), sparse: null };
  private genStacks: IdTable = { dense: new Int32Array(0), sparse: null };
  private genGen = 0;
  private wType: Uint8Array = new Uint8Array(0);
  private wArgs: Int32Array = new Int32Array(0);
  private wBig: number[] = [];
  private wArgAt: Int32Array = new Int32Array(0);
  private wOff: Int32Array = new Int32Array(0);

  // ordering state (Go's ordering struct)
  private readonly gStates = new DenseMap<GSt>();
  private readonly pStates = new DenseMap<PSt>();
  private readonly mStates = new Map<number, MSt>();
  private readonly activeTasks = new Map<number, { name: number; parent: number }>();
  private gcSeq = 0;
  private gcState = 0; // 0 undetermined, 1 not running, 2 running
  private initialGen = 0;
  private syncs = 0;
  private kept = 0;

  constructor(readonly options: TraceParseOptions, consumer: TraceEventConsumer) {
    this.sink = new EventSink(OUTPUT_WINDOW, consumer);
  }

  // ---- one generation ---------------------------------------------------------------------

  private strAt(id: number, typ: number, e: number): number {
    if (id === 0) return 0;
    const s = idLookup(this.genStrings, id);
    if (s < 0) throw this.eventError(`found invalid string ID ${id} for event ${eventName(typ)}`, e);
    return s;
  }

  private stackAt(id: number, typ: number, e: number): number {
    if (id === 0) return -1;
    const s = idLookup(this.genStacks, id);
    if (s === -1) throw this.eventError(`found invalid stack ID ${id} for event ${eventName(typ)}`, e);
    return s < 0 ? -1 : s;
  }

  private eventError(msg: string, e: number): FormatError {
    if (!(e >= 0 && e < this.wOff.length)) return new FormatError(`${msg} (generation ${this.genGen})`);
    const off = this.wOff[e]!;
    const b = this.genBatches.find((x) => off >= x.start && off < x.end);
    const at = this.genFileOffset;
    const where = b ? `, in batch #${b.index} (header at byte ${b.headerPos + at})` : '';
    return new FormatError(`${msg} (generation ${this.genGen}, event at byte ${off + at}${where})`);
  }

  private genBatches: Batch[] = [];
  private genFileOffset = 0;


  /** Orders one decoded generation (the next one) and hands its events to the sink. */
  orderGeneration(d: DecodedGeneration): void {
    if (Number.isNaN(this.base)) {
      this.base = d.base;
      this.sink.lastTime = -d.base; // Go's lastTs starts at absolute 0
    }
    for (const str of d.newStrings) this.strings.push(str);
    const f = d.newFrames, st = d.newStacks;
    for (let i = 0; i < f.func.length; i++) {
      this.frameFunc.push(f.func[i]!);
      this.frameFile.push(f.file[i]!);
      this.frameLine.push(f.line[i]!);
      this.framePc.push(f.pc[i]!);
    }
    for (let i = 0; i < st.frame.length; i++) {
      this.stackFrame.push(st.frame[i]!);
      this.stackPrefix.push(st.prefix[i]!);
    }
    this.genGen = d.gen;
    this.genBatches = d.batches;
    this.genFileOffset = d.fileOffset;
    this.genStrings = d.strings;
    this.genStacks = d.stacks;
    this.wType = d.wire.type;
    this.wArgs = d.wire.args;
    this.wBig = d.wire.big;
    this.wArgAt = d.wire.argAt;
    this.wOff = d.wire.off;

    // The generation's Sync (Go ≥ 1.25 readers emit it before the generation's events).
    this.syncs++;
    this.sink.beginGeneration(d.gen, d.snap);
    this.sink.push(C.Sync, d.syncTime, -1, -1, -1, -1, this.syncs, this.sink.generationCount - 1);
    this.sink.wireTime = d.wire.time;
    this.order(d.batchMs, d.curStart, d.curEnd, d.samples, d.gen);
    this.sink.flush();
    this.kept++;
  }

  // ---- ordering (Go's Reader.ReadEvent loop for one generation) -----------------------------

  // The frontier of the generation being ordered: a min-heap of cursor indexes (one cursor per
  // M) by the time of their current event. Fields and methods rather than closures made per
  // generation, so the optimized code of the first generation serves every later one.
  private heap: number[] = [];
  private cur: Int32Array = new Int32Array(0);
  private curEnd: Int32Array = new Int32Array(0);
  private batchMs: number[] = [];
  private threadIdx: number[] = [];
  private mCache: (MSt | undefined)[] = [];
  private wTime: Float64Array = new Float64Array(0);

  private siftUp(i: number): number {
    const heap = this.heap, cur = this.cur, wTime = this.wTime;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!(wTime[cur[heap[parent]!]!]! > wTime[cur[heap[i]!]!]!)) break;
      const tmp = heap[parent]!;
      heap[parent] = heap[i]!;
      heap[i] = tmp;
      i = parent;
    }
    return i;
  }

  private siftDown(i: number): void {
    const heap = this.heap, cur = this.cur, wTime = this.wTime;
    const n = heap.length;
    for (;;) {
      let m = i;
      let minT = i < n ? wTime[cur[heap[i]!]!]! : Infinity;
      const l = 2 * i + 1, r = 2 * i + 2;
      if (l < n && wTime[cur[heap[l]!]!]! < minT) {
        minT = wTime[cur[heap[l]!]!]!;
        m = l;
      }
      if (r < n && wTime[cur[heap[r]!]!]! < minT) m = r;
      if (m === i) return;
      const tmp = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = tmp;
      i = m;
    }
  }

  /** Advances the cursor at heap position i if its event is ready (Go's tryAdvance). */
  private tryAdvance(i: number, gen: number): boolean {
    const heap = this.heap, cur = this.cur;
    const k = heap[i]!;
    const m = this.batchMs[k]!;
    // Each cursor's M state, looked up once (Go creates it lazily on the M's first event).
    let ms = this.mCache[k];
    if (ms === undefined && m !== -1) {
      ms = this.mStates.get(m);
      if (!ms) this.mStates.set(m, (ms = { g: -1, p: -1 }));
      this.mCache[k] = ms;
    }
    if (!this.advance(cur[k]!, m, this.threadIdx[k]!, gen, ms)) return false;
    cur[k]++;
    if (cur[k]! < this.curEnd[k]!) {
      if (i === 0) {
        // The root (nearly always): it only moves down, and only when a child is now earlier.
        const heapLen = heap.length;
        if (heapLen > 1) {
          const wTime = this.wTime;
          const t = wTime[cur[k]!]!;
          if (wTime[cur[heap[1]!]!]! < t || (heapLen > 2 && wTime[cur[heap[2]!]!]! < t)) this.siftDown(0);
        }
      } else if (this.siftUp(i) === i) this.siftDown(i);
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
      this.siftDown(0);
    }
    return true;
  }

  private order(batchMs: number[], curStart: Int32Array, curEnd: Int32Array, samples: DecodedSamples, gen: number): void {
    if (this.initialGen === 0) this.initialGen = gen;
    const wTime = this.sink.wireTime;
    this.wTime = wTime;
    this.cur = curStart;
    this.curEnd = curEnd;
    this.batchMs = batchMs;
    this.threadIdx = batchMs.map((m) => this.sink.thread(m));
    this.mCache = batchMs.map(() => undefined);
    const heap: number[] = (this.heap = []);
    const cur = curStart;
    for (let k = 0; k < batchMs.length; k++) {
      if (curStart[k]! < curEnd[k]!) {
        heap.push(k);
        this.siftUp(heap.length - 1);
      }
    }
    let si = 0;
    // The next CPU sample's time (Infinity when none is left): it goes before any later event.
    let sampleTime = samples.length > 0 ? samples.time[0]! : Infinity;
    const cancelled = this.options.isCancelled;
    let steps = 0;
    while (heap.length > 0 || si < samples.length) {
      if (sampleTime < (heap.length === 0 ? Infinity : wTime[cur[heap[0]!]!]!)) {
        const gid = samples.g[si]!;
        const sid = samples.stack[si]!;
        let stack = sid === 0 ? -1 : idLookup(this.genStacks, sid);
        if (stack < 0) stack = -1;
        this.sink.push(C.CPUSample, samples.time[si]!, this.sink.goroutine(gid), samples.p[si]!, this.sink.thread(samples.m[si]!), stack, -1, -1);
        si++;
        sampleTime = si < samples.length ? samples.time[si]! : Infinity;
        continue;
      }
      if (!this.tryAdvance(0, gen)) {
        // Go sorts the whole frontier by time (a sorted slice is a heap) and tries the others.
        heap.sort((a, b) => wTime[cur[a]!]! - wTime[cur[b]!]!);
        let ok = false;
        for (let i = 1; i < heap.length; i++) {
          if (this.tryAdvance(i, gen)) {
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

  /** An argument's value: `args` holds it, or (for values outside [−1, 2^31)) its index in `big`. */
  private arg(x: number): number {
    return x >= -1 ? x : (this.wBig[-2 - x] ?? NaN);
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
    const a0 = this.arg(a[ab]!), a1 = this.arg(a[ab + 1]!), a2 = this.arg(a[ab + 2]!);
    const sink = this.sink;
    let cp = -1, cg = -1;
    if (ms) {
      cp = ms.p;
      cg = ms.g;
    }
    let np = cp, ng = cg;
    const cm = m;

    switch (typ) {
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
        const stack = typ === C.GoStatusStack ? this.stackAt(this.arg(a[ab + 3]!), typ, e) : -1;
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
        const startStack = this.stackAt(this.arg(a[ab + 1]!), typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 2]!), typ, e), sink.goroutine(newg), startStack);
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
          sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), g, this.strAt(a0, typ, e));
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
        sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, this.stackAt(this.arg(a[ab + 2]!), typ, e), sink.goroutine(gid), -1);
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
        sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), g, -1);
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
      case C.HeapAlloc:
      case C.HeapGoal:
        this.mpReqs(cm, cp, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, a0, -1);
        break;
      case C.GCSweepBegin: {
        this.mpReqs(cm, cp, e);
        const ps = this.pStates.get(cp)!;
        this.beginRange(ps, rangeKey(typ, 0), typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 0]!), typ, e), cp, -1);
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
        if (typ === C.STWBegin) sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), -1, this.strAt(a0, typ, e));
        else sink.pushWire(typ, e, g, cp, mIdx, this.stackAt(this.arg(a[ab + 0]!), typ, e), g, -1);
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
          const r = desc === 0 ? 0 : idLookup(this.genStrings, desc);
          sink.pushWire(typ, e, g, cp, mIdx, -1, -1, r < 0 ? 0 : r);
        } else sink.pushWire(typ, e, g, cp, mIdx, -1, g, -1);
        break;
      }
      default:
        return this.advanceRare(e, typ, m, mIdx, gen, ms, a0, a1, a2, cp, cg);
    }
    // Go validates every stack and string ID of the yielded event (validateTableIDs): each
    // case above resolves all of its IDs through stackAt/strAt, which throw Go's errors.
    if (ms) {
      ms.p = np;
      ms.g = ng;
    }
    return true;
  }

  /**
   * advance for the rarer events (status, syscall creation, tasks, regions, logs, labels, GC
   * phases…): apart, so that their first appearance late in a trace does not throw away the
   * optimized code of the hot cases.
   */
  private advanceRare(
    e: number, typ: number, m: number, mIdx: number, gen: number, ms: MSt | undefined,
    a0: number, a1: number, a2: number, cp: number, cg: number,
  ): boolean {
    const ab = this.wArgAt[e]!;
    const a = this.wArgs;
    const sink = this.sink;
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
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 3]!), typ, e), id, sink.taskRow(parent, name));
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
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), id, sink.taskRow(parent, name));
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
              `misuse of region in goroutine ${cg}: region end {${a0} ${this.strings[name]}} when the inner-most active region start event is {${s.regions[n - 2]} ${this.strings[s.regions[n - 1]!]}}`,
              e,
            );
          }
          s.regions.length = n - 2;
        }
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 2]!), typ, e), a0, name);
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
          sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), seq, -1);
          break;
        }
        if (seq !== this.gcSeq + 1) return false;
        if (this.gcState === 2) throw this.eventError('encountered GCBegin while GC was already in progress', e);
        this.gcSeq = seq;
        this.gcState = 2;
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), seq, -1);
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
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 1]!), typ, e), a0, -1);
        break;
      case C.GoLabel:
        this.goReqs(cm, cp, cg, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, -1, -1, this.strAt(a0, typ, e));
        break;
      case C.UserLog: {
        this.goReqs(cm, cp, cg, e);
        const key = this.strAt(a1, typ, e);
        const msg = this.strAt(a2, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, mIdx, this.stackAt(this.arg(a[ab + 3]!), typ, e), a0, sink.logRow(key, msg));
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
      case C.GCMarkAssistActive: {
        const gid = a0;
        const s = this.gStates.get(gid);
        if (!s) throw this.eventError(`uninitialized goroutine ${gid} found during GCMarkAssistActive`, e);
        this.activeRange(s, rangeKey(typ, 0), gen === this.initialGen, typ, e);
        sink.pushWire(typ, e, sink.goroutine(cg), cp, cm === -1 ? -1 : mIdx, -1, sink.goroutine(gid), -1);
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

  /** After the last generation: the truncation warning, the final Sync. */
  finishEvents(end: DecodeEnd, fileSize: number, version: number): void {
    const kept = this.kept;
    if (end.truncatedAt >= 0) {
      if (kept === 0) {
        throw new FormatError(`trace truncated: ${end.truncationWhat}, before the first generation was complete (file is ${fileSize} bytes)`);
      }
      this.warnings.push(
        `trace truncated at byte ${fileSize}: ${end.truncationWhat}; kept the ${kept} complete generation${kept === 1 ? '' : 's'} before byte ${end.truncatedAt}`,
      );
    }
    if (kept === 0) {
      // Go: a v26 header alone yields one Sync; older versions fail without a frequency.
      if (version < 26) throw new FormatError('no frequency event found (the trace has no generations)');
      this.base = 0;
      this.sink.lastTime = 0;
    }
    // The final Sync (time = last + 1 after the fix-up).
    this.syncs++;
    this.sink.push(C.Sync, this.sink.lastTime, -1, -1, -1, -1, this.syncs, -1);
    this.sink.flush();
  }

  /** The model around the kept events (after finishEvents), times counting from `origin`. */
  finishModel(minor: number, events: TraceModelEvents, origin: number): TraceModel {
    return this.sink.finish(events, origin, {
      goVersion: `1.${minor}`,
      base: this.base,
      strings: this.strings,
      frames: { func: this.frameFunc, file: this.frameFile, line: this.frameLine, pc: this.framePc },
      stacks: { frame: this.stackFrame, prefix: this.stackPrefix },
      warnings: this.warnings,
    });
  }
}

/** Events handed to the consumer at a time: 2.4 MB of columns, which stay in cache. */
const OUTPUT_WINDOW = 65536;

/** Decodes and orders every generation in this thread. */
function readAll(bytes: Uint8Array, minor: number, decoder: GenerationDecoder, orderer: EventOrderer, options: TraceParseOptions): void {
  const progress = options.onProgress;
  for (;;) {
    if (options.isCancelled?.()) throw new CancelledError();
    const d = decoder.next();
    if (d === NEED_MORE) throw new Error('the decoder wants more bytes of a complete file');
    if (!d) break;
    orderer.orderGeneration(d);
    progress?.(d.nextPos, bytes.length, 'reading trace generations');
  }
  orderer.finishEvents(decoder.end, bytes.length, minor);
}


/** Parses a Go execution trace (generation format). Throws FormatError for anything Go rejects. */
export function parseGoTrace(bytes: Uint8Array, options: TraceParseOptions = {}): TraceModel {
  const { minor, headerEnd } = readTraceHeader(bytes);
  if (isV1Trace(minor)) return parseV1Trace(bytes, minor, headerEnd, options);
  // The model keeps every event: one pre-scan sizes its columns exactly once.
  const counts = countEventsUpperBound(bytes, minor);
  return parseGoTraceSized(bytes, counts.total, options, counts);
}

/**
 * parseGoTrace with the model's columns first sized for `capacity` events (they grow past it;
 * parseGoTrace sizes them by the pre-scan's upper bound, so they never have to).
 */
export function parseGoTraceSized(bytes: Uint8Array, capacity: number, options: TraceParseOptions = {}, counts?: EventCounts): TraceModel {
  const { minor, headerEnd } = readTraceHeader(bytes);
  if (isV1Trace(minor)) return parseV1Trace(bytes, minor, headerEnd, options);
  const builder = new TraceModelBuilder(capacity);
  const orderer = new EventOrderer(options, builder);
  builder.attach(orderer);
  readAll(bytes, minor, new GenerationDecoder(bytes, minor, headerEnd, counts), orderer, options);
  options.onProgress?.(bytes.length, bytes.length, 'deriving trace tables');
  const model = orderer.finishModel(minor, builder.events(), builder.origin);
  builder.finish(model);
  return model;
}

/**
 * readGoTrace of a file read a chunk at a time through a window that slides along it (see
 * sliding-window.ts): the memory of a generation or two, not of the file.
 */
export function readGoTraceFile(file: ChunkedFile, consumer: TraceEventConsumer, options: TraceParseOptions = {}, chunkBytes?: number): TraceReadResult {
  const window = new SlidingWindow(file, chunkBytes);
  const { minor, headerEnd } = readTraceHeader(window.bytes);
  if (isV1Trace(minor)) {
    // The v1 format has no generations: its batches are merged from all over the file (see v1/).
    // (from the window's first chunk on: a file shorter than a chunk is all there, and read already)
    const bytes = new Uint8Array(file.size);
    bytes.set(window.bytes);
    let at = window.bytes.length;
    while (at < file.size) {
      const n = file.read(bytes, at, file.size - at, at);
      if (n <= 0) break;
      at += n;
    }
    return readV1Trace(bytes.subarray(0, at), minor, headerEnd, consumer, options);
  }
  const decoder = new GenerationDecoder(window.bytes, minor, headerEnd);
  window.attach(decoder);
  const orderer = new EventOrderer(options, consumer);
  for (;;) {
    if (options.isCancelled?.()) throw new CancelledError();
    const d = decoder.next();
    if (d === NEED_MORE) {
      window.more(decoder);
      continue;
    }
    if (!d) break;
    orderer.orderGeneration(d);
    options.onProgress?.(d.nextPos, file.size, 'reading trace generations');
  }
  orderer.finishEvents(decoder.end, file.size, minor);
  return { goVersion: `1.${minor}`, warnings: orderer.warnings };
}

export type TraceReadResult = {
  goVersion: string;
  /** Problems that did not stop the read (a truncated file), as the model's `warnings`. */
  warnings: string[];
};

/**
 * Reads a Go execution trace and hands its events, in Go's order, to `consumer` a window at
 * a time, keeping none of them: for digests of traces of any size in the memory of one
 * generation. Same checks and errors as parseGoTrace; goroutine and thread fields are the
 * dense indexes the model would have.
 */
export function readGoTrace(bytes: Uint8Array, consumer: TraceEventConsumer, options: TraceParseOptions = {}): TraceReadResult {
  const { minor, headerEnd } = readTraceHeader(bytes);
  if (isV1Trace(minor)) return readV1Trace(bytes, minor, headerEnd, consumer, options);
  const orderer = new EventOrderer(options, consumer);
  readAll(bytes, minor, new GenerationDecoder(bytes, minor, headerEnd), orderer, options);
  return { goVersion: `1.${minor}`, warnings: orderer.warnings };
}


/** readGoTrace of a v1 trace (Go 1.11–1.21): Go's conversion, events to the consumer, none kept. */
function readV1Trace(bytes: Uint8Array, minor: number, headerEnd: number, consumer: TraceEventConsumer, options: TraceParseOptions): TraceReadResult {
  const reader = new V1TraceReader(options, consumer);
  reader.prepare(bytes, minor, headerEnd);
  reader.run();
  return { goVersion: `1.${minor}`, warnings: reader.warnings };
}

/** parseGoTrace of a v1 trace (Go 1.11–1.21): the model of Go's converted events. */
function parseV1Trace(bytes: Uint8Array, minor: number, headerEnd: number, options: TraceParseOptions): TraceModel {
  let builder: TraceModelBuilder | null = null;
  const consumer: TraceEventConsumer = { addEvents: (w, n, first) => builder!.addEvents(w, n, first) };
  const reader = new V1TraceReader(options, consumer);
  builder = new TraceModelBuilder(reader.prepare(bytes, minor, headerEnd));
  builder.attach(reader);
  reader.run();
  options.onProgress?.(bytes.length, bytes.length, 'deriving trace tables');
  const model = reader.finishModel(minor, builder.events(), builder.origin);
  builder.finish(model);
  return model;
}
