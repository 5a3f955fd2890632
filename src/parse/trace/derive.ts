// The model's events and the tables the timeline views read, built as the ordered events pass
// (a window at a time, as the reader hands them over): the events' columns are copied into the
// model's (about 11 bytes an event, see TraceModelEvents) and the tables derived from the window, so
// the model is made in one pass with no second copy of the events. Derived: goroutine state intervals,
// what ran on each P, syscalls, GC cycles, stop-the-world pauses, mark assists, sweeps, heap
// series, tasks/regions/logs, CPU samples, goroutine creation. Rules follow
// ../shared/docs/go-trace-format.md §6.

import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { PackedInt32Builder, packedAt, packedInto, type PackedInt32 } from '../../base/packed-column';
import {
  ARG_BIG, GState, GoState, TIME_BLOCK, TIME_BLOCK_SHIFT, TIME_FAR, TraceCode as C, eventArg, type EventTimes, type TraceEventTable, type TraceModel,
  type TraceModelEvents,
} from '../../model/trace';
import type { EventSink, TraceEventConsumer } from './event-sink';

/** GoState (reader) → GState (interval), -1 = no interval (NotExist / Undetermined). */
const GOSTATE_TO_INTERVAL = [-1, -1, GState.Runnable, GState.Running, GState.Waiting, GState.Syscall];

const MAX_P = 65535;

class RangeBuilder {
  start = new GrowableFloat64();
  end = new GrowableFloat64();
  owner = new GrowableInt32();
  label = new GrowableInt32();
  open(start: number, owner: number, label: number): number {
    this.start.push(start);
    this.end.push(NaN);
    this.owner.push(owner);
    this.label.push(label);
    return this.start.length - 1;
  }
  close(row: number, end: number): void {
    this.end.data[row] = end;
  }
  finish() {
    return { start: this.start.finish(), end: this.end.finish(), owner: this.owner.finish(), label: this.label.finish(), length: this.start.length };
  }
}

/**
 * The interval state a goroutine transition leads to: a GState, -1 for none (NotExist,
 * Undetermined), or -2 when the event is not a goroutine transition.
 */
function goTransitionTo(code: number, aux: number): number {
  switch (code) {
    case C.GoCreate:
    case C.GoStop:
    case C.GoUnblock:
    case C.GoSwitch:
    case C.GoSwitchDestroy:
    case C.GoSyscallEndBlocked:
      return GState.Runnable;
    case C.GoCreateBlocked:
    case C.GoBlock:
      return GState.Waiting;
    case C.GoCreateSyscall:
    case C.GoSyscallBegin:
      return GState.Syscall;
    case C.GoStart:
    case C.GoSyscallEnd:
      return GState.Running;
    case C.GoDestroy:
    case C.GoDestroySyscall:
      return -1;
    case C.GoStatus:
    case C.GoStatusStack:
      return GOSTATE_TO_INTERVAL[aux & 15] ?? -1;
  }
  return -2;
}

/** Whether a goroutine transition opens a new interval (a repeated status does not). */
function opensInterval(code: number, aux: number, to: number, cur: number): boolean {
  if (to < 0) return false;
  if ((code === C.GoStatus || code === C.GoStatusStack) && aux >> 4 !== GoState.Undetermined && cur === to) return false;
  return true;
}

/** What the builder reads from the reader as events pass: the stack tables and the side rows. */
export type ModelSources = { sink: EventSink; stackPrefix: number[]; stackFrame: number[]; frameFunc: number[] };

function grownF64(a: Float64Array, n: number, fill: number) {
  const b = new Float64Array(n).fill(fill);
  b.set(a);
  return b;
}
function grownI32(a: Int32Array, n: number, fill: number) {
  const b = new Int32Array(n).fill(fill);
  b.set(a);
  return b;
}

/**
 * The consumer that makes the model: copies each window into the model's event columns (times
 * in 32 bits from a base per block, the integer fields bit-packed) and derives the view tables from it as it
 * passes. `capacity`: an upper bound of the events (the pre-scan's), so the columns and the
 * interval rows (at most one per event) are allocated once; pages never written are never
 * touched.
 */
export class TraceModelBuilder implements TraceEventConsumer {
  private cap: number;
  private timeBase: Float64Array;
  private readonly timeOffset: PackedInt32Builder;
  private readonly farEvent = new GrowableInt32(64);
  private readonly farTime = new GrowableFloat64(64);
  private code: Uint8Array;
  private readonly g: PackedInt32Builder;
  private readonly p: PackedInt32Builder;
  private readonly m: PackedInt32Builder;
  private readonly stack: PackedInt32Builder;
  private readonly arg: PackedInt32Builder;
  private readonly bigArgEvent = new GrowableInt32(64);
  private readonly bigArgValue = new GrowableFloat64(64);
  private readonly aux: PackedInt32Builder;
  /** A window's arguments as 32-bit values (ARG_BIG for the ones kept aside), to pack. */
  private argScratch = new Int32Array(0);
  private offsetScratch = new Int32Array(0);
  private length = 0;
  /** Absolute time of the first event (model times count from it). */
  origin = NaN;
  private src: ModelSources | null = null;

  // Goroutine state intervals, in the order they open (grouped by goroutine at the end). An
  // interval ends where its goroutine's next begins, so only its state and start are kept;
  // its goroutine is its start event's argument but for the few opened by a first status
  // (they start at the generation's Sync), listed apart.
  // Rows are only ever appended, so they are packed as they come (consecutive rows open at
  // nearby events: about 10 bits a start instead of 32).
  private readonly rowStart: PackedInt32Builder;
  private readonly rowState: PackedInt32Builder;
  private nRows = 0;
  private readonly firstStatusRow = new GrowableInt32(256);
  private readonly firstStatusG = new GrowableInt32(256);
  private readonly firstStatusP = new GrowableInt32(256); // the status event's P
  /** Running intervals by P id + 1 so far (the P runs' counts). */
  private readonly runsOfP = new Int32Array(MAX_P + 2);
  private maxP = -1;

  // per goroutine index (grown as the reader interns goroutines)
  private nG = 0;
  private openRow = new Int32Array(0);
  private lastEnd = new Int32Array(0); // the event that closed the last interval, -1 none
  private rowsOfG = new Int32Array(0); // intervals so far (the grouping's counts)
  private cur = new Int32Array(0);
  private createdAt = new Float64Array(0);
  private parent = new Int32Array(0);
  private startStack = new Int32Array(0);
  private name = new Int32Array(0);
  private endedAt = new Float64Array(0);
  private syscallStart = new Float64Array(0);
  private syscallM = new Int32Array(0);

  private readonly scG = new GrowableInt32();
  private readonly scM = new GrowableInt32();
  private readonly scStart = new GrowableFloat64();
  private readonly scEnd = new GrowableFloat64();
  private readonly gc = new RangeBuilder();
  private readonly stw = new RangeBuilder();
  private readonly assists = new RangeBuilder();
  private readonly sweeps = new RangeBuilder();
  private readonly sweptCol = new GrowableFloat64();
  private readonly reclaimedCol = new GrowableFloat64();
  private openGc = -1;
  private openStw = -1;
  private readonly openAssist = new Map<number, number>();
  private readonly openSweep = new Map<number, number>();
  private readonly heapAlloc = { time: new GrowableFloat64(), value: new GrowableFloat64() };
  private readonly heapGoal = { time: new GrowableFloat64(), value: new GrowableFloat64() };
  private readonly procs = { time: new GrowableFloat64(), value: new GrowableFloat64() };
  private readonly tId = new GrowableFloat64();
  private readonly tParent = new GrowableFloat64();
  private readonly tName = new GrowableInt32();
  private readonly tStart = new GrowableFloat64();
  private readonly tEnd = new GrowableFloat64();
  private readonly openTask = new Map<number, number>();
  private readonly rG = new GrowableInt32();
  private readonly rTask = new GrowableFloat64();
  private readonly rName = new GrowableInt32();
  private readonly rStart = new GrowableFloat64();
  private readonly rEnd = new GrowableFloat64();
  private readonly rDepth = new GrowableInt32();
  private readonly openRegions = new Map<number, number[]>();
  private readonly lTime = new GrowableFloat64();
  private readonly lG = new GrowableInt32();
  private readonly lTask = new GrowableFloat64();
  private readonly lKey = new GrowableInt32();
  private readonly lMsg = new GrowableInt32();
  private readonly sTime = new GrowableFloat64();
  private readonly sG = new GrowableInt32();
  private readonly sP = new GrowableInt32();
  private readonly sM = new GrowableInt32();
  private readonly sStack = new GrowableInt32();
  private genSync = 0;
  private genIndex = -1;

  constructor(capacity: number) {
    this.cap = capacity = Math.max(capacity, 1);
    this.timeBase = new Float64Array(Math.ceil(capacity / TIME_BLOCK));
    this.timeOffset = new PackedInt32Builder(capacity);
    this.code = new Uint8Array(capacity);
    this.g = new PackedInt32Builder(capacity);
    this.p = new PackedInt32Builder(capacity);
    this.m = new PackedInt32Builder(capacity);
    this.stack = new PackedInt32Builder(capacity);
    this.arg = new PackedInt32Builder(capacity);
    this.aux = new PackedInt32Builder(capacity);
    this.rowStart = new PackedInt32Builder(capacity);
    this.rowState = new PackedInt32Builder(capacity);
  }

  /** The reader whose tables the events refer to (set before the first event). */
  attach(src: ModelSources): void {
    this.src = src;
  }

  private grow(need: number): void {
    const cap = Math.max(need, Math.ceil(this.cap * 1.5));
    const n = this.length;
    const u8 = (a: Uint8Array, k: number) => { const b = new Uint8Array(cap); b.set(a.subarray(0, k)); return b; };
    const base = new Float64Array(Math.ceil(cap / TIME_BLOCK));
    base.set(this.timeBase);
    this.timeBase = base;
    this.code = u8(this.code, n);
    this.cap = cap;
  }

  private growGoroutines(ng: number): void {
    const n = Math.max(ng, this.openRow.length * 2, 1024);
    this.openRow = grownI32(this.openRow, n, -1);
    this.lastEnd = grownI32(this.lastEnd, n, -1);
    this.rowsOfG = grownI32(this.rowsOfG, n, 0);
    this.cur = grownI32(this.cur, n, -1);
    this.createdAt = grownF64(this.createdAt, n, NaN);
    this.parent = grownI32(this.parent, n, -1);
    this.startStack = grownI32(this.startStack, n, -1);
    this.name = grownI32(this.name, n, 0);
    this.endedAt = grownF64(this.endedAt, n, NaN);
    this.syscallStart = grownF64(this.syscallStart, n, NaN);
    this.syscallM = grownI32(this.syscallM, n, 0);
  }

  /** Names goroutine g by the outermost frame of `stack`, unless it has a name. */
  private nameFromStack(g: number, stack: number): void {
    if (this.name[g] !== 0 || stack < 0) return;
    const src = this.src!;
    let s = stack;
    while (src.stackPrefix[s]! >= 0) s = src.stackPrefix[s]!;
    this.name[g] = src.frameFunc[src.stackFrame[s]!]!;
  }

  addEvents(w: TraceEventTable, n: number, first: number): void {
    if (first + n > this.cap) this.grow(first + n);
    if (Number.isNaN(this.origin) && n > 0) this.origin = w.time[0]!;
    const origin = this.origin;
    const sink = this.src!.sink;
    this.nG = sink.goroutineIds.length;
    if (this.nG > this.openRow.length) this.growGoroutines(this.nG);
    const base = this.timeBase, wArg = w.arg;
    if (this.argScratch.length < n) {
      this.argScratch = new Int32Array(Math.max(n, 65536));
      this.offsetScratch = new Int32Array(this.argScratch.length);
    }
    const arg = this.argScratch, offset = this.offsetScratch;
    for (let k = 0; k < n; k++) {
      const i = first + k;
      const t = w.time[k]! - origin;
      if ((i & (TIME_BLOCK - 1)) === 0) base[i >> TIME_BLOCK_SHIFT] = t;
      const o = t - base[i >> TIME_BLOCK_SHIFT]!;
      // (Unsigned offsets packed as their int32 bits.)
      if (o < TIME_FAR) offset[k] = o | 0;
      else {
        offset[k] = TIME_FAR | 0;
        this.farEvent.push(i);
        this.farTime.push(t);
      }
      const a = wArg[k]!;
      if ((a | 0) === a && a !== ARG_BIG) arg[k] = a;
      else {
        arg[k] = ARG_BIG;
        this.bigArgEvent.push(i);
        this.bigArgValue.push(a);
      }
    }
    this.timeOffset.pushAll(offset, 0, n);
    this.code.set(w.code.subarray(0, n), first);
    this.g.pushAll(w.g, 0, n);
    this.p.pushAll(w.p, 0, n);
    this.m.pushAll(w.m, 0, n);
    this.stack.pushAll(w.stack, 0, n);
    this.arg.pushAll(arg, 0, n);
    this.aux.pushAll(w.aux, 0, n);
    this.length = first + n;
    this.derive(w, n, first, origin);
  }

  /** The derived tables' share of events [first, first + n) (window rows 0..n-1). */
  private derive(w: TraceEventTable, n: number, first: number, origin: number): void {
    const sink = this.src!.sink;
    const codes = w.code, ps = w.p, wTime = w.time, evArg = w.arg, evAux = w.aux, evG = w.g;
    const rowState = this.rowState, rowStart = this.rowStart;
    const openRow = this.openRow, lastEnd = this.lastEnd, cur = this.cur;
    let nRows = this.nRows;
    for (let k = 0; k < n; k++) {
      const i = first + k;
      const code = codes[k]!;
      const time = wTime[k]! - origin;
      const arg = evArg[k]!;
      const aux = evAux[k]!;
      const to = goTransitionTo(code, aux);
      // (A goroutine ID of -1 can only come from a malformed trace that Go still reads.)
      if (to !== -2 && arg >= 0) {
        const g = arg;
        const opens = opensInterval(code, aux, to, cur[g]!);
        if (opens || to === -1) {
          const row = openRow[g]!;
          if (row >= 0) {
            lastEnd[g] = i;
            openRow[g] = -1;
          }
        }
        if (opens) {
          const fromUndetermined = (code === C.GoStatus || code === C.GoStatusStack) && aux >> 4 === GoState.Undetermined;
          // Go's summarizer credits the time since the generation's Sync to a first status.
          let start = fromUndetermined ? this.genSync : i;
          const prevEnd = lastEnd[g]!;
          if (prevEnd >= 0 && prevEnd !== start) {
            // Back after its end (malformed traces only): the gap between is an Absent row, so
            // that every interval still ends where the next begins.
            if (start < prevEnd) start = prevEnd;
            else {
              rowState.push(GState.Absent);
              rowStart.push(prevEnd);
              nRows++;
              this.rowsOfG[g]++;
            }
          }
          const row = nRows++;
          rowState.push(to);
          rowStart.push(start);
          this.rowsOfG[g]++;
          const p = ps[k]!;
          if (to === GState.Running && p >= 0 && p <= MAX_P) {
            this.runsOfP[p + 1]++;
            if (p > this.maxP) this.maxP = p;
          }
          if (fromUndetermined) {
            this.firstStatusRow.push(row);
            this.firstStatusG.push(g);
            this.firstStatusP.push(ps[k]!);
          }
          openRow[g] = row;
        }
        cur[g] = to;
      }
      switch (code) {
        case C.Sync:
          this.genSync = i;
          this.genIndex++;
          break;
        case C.CPUSample:
          this.sTime.push(time);
          this.sG.push(evG[k]!);
          this.sP.push(ps[k]!);
          this.sM.push(w.m[k]!);
          this.sStack.push(w.stack[k]!);
          break;
        case C.GoCreate:
        case C.GoCreateBlocked:
        case C.GoCreateSyscall:
          this.createdAt[arg] = time;
          this.parent[arg] = evG[k]!;
          this.startStack[arg] = code === C.GoCreateSyscall ? -1 : aux;
          this.nameFromStack(arg, this.startStack[arg]!);
          break;
        case C.GoDestroy:
        case C.GoDestroySyscall: {
          this.endedAt[arg] = time;
          const open = this.openRegions.get(arg);
          if (open) {
            for (const row of open) this.rEnd.data[row] = time;
            this.openRegions.delete(arg);
          }
          break;
        }
        case C.GoStop:
        case C.GoBlock:
        case C.GoStatusStack:
          this.nameFromStack(arg, w.stack[k]!);
          break;
        case C.GCActive:
          if (this.genIndex === 0 && this.openGc < 0) this.openGc = this.gc.open(NaN, -1, arg);
          break;
        case C.GCBegin:
          this.openGc = this.gc.open(time, -1, arg);
          break;
        case C.GCEnd:
          if (this.openGc >= 0) this.gc.close(this.openGc, time);
          this.openGc = -1;
          break;
        case C.STWBegin:
          this.openStw = this.stw.open(time, evG[k]!, aux);
          break;
        case C.STWEnd:
          if (this.openStw >= 0) this.stw.close(this.openStw, time);
          this.openStw = -1;
          break;
        case C.GCMarkAssistBegin:
          this.openAssist.set(arg, this.assists.open(time, arg, -1));
          break;
        case C.GCMarkAssistActive:
          if (!this.openAssist.has(arg)) this.openAssist.set(arg, this.assists.open(NaN, arg, -1));
          break;
        case C.GCMarkAssistEnd: {
          const row = this.openAssist.get(arg);
          if (row !== undefined) this.assists.close(row, time);
          else this.assists.close(this.assists.open(NaN, arg, -1), time);
          this.openAssist.delete(arg);
          break;
        }
        case C.GCSweepBegin:
          this.openSweep.set(arg, this.sweeps.open(time, arg, -1));
          this.sweptCol.push(NaN);
          this.reclaimedCol.push(NaN);
          break;
        case C.GCSweepActive:
          if (!this.openSweep.has(arg)) {
            this.openSweep.set(arg, this.sweeps.open(NaN, arg, -1));
            this.sweptCol.push(NaN);
            this.reclaimedCol.push(NaN);
          }
          break;
        case C.GCSweepEnd: {
          let row = this.openSweep.get(arg);
          if (row === undefined) {
            row = this.sweeps.open(NaN, arg, -1);
            this.sweptCol.push(NaN);
            this.reclaimedCol.push(NaN);
          }
          this.sweeps.close(row, time);
          this.sweptCol.data[row] = sink.sweepSwept.data[aux]!;
          this.reclaimedCol.data[row] = sink.sweepReclaimed.data[aux]!;
          this.openSweep.delete(arg);
          break;
        }
        case C.HeapAlloc:
          this.heapAlloc.time.push(time);
          this.heapAlloc.value.push(arg);
          break;
        case C.HeapGoal:
          this.heapGoal.time.push(time);
          this.heapGoal.value.push(arg);
          break;
        case C.ProcsChange:
          this.procs.time.push(time);
          this.procs.value.push(arg);
          break;
        case C.UserTaskBegin:
          this.openTask.set(arg, this.tId.length);
          this.tId.push(arg);
          this.tParent.push(sink.taskParent.data[aux]!);
          this.tName.push(sink.taskName.data[aux]!);
          this.tStart.push(time);
          this.tEnd.push(NaN);
          break;
        case C.UserTaskEnd: {
          const row = this.openTask.get(arg);
          if (row !== undefined) {
            this.tEnd.data[row] = time;
            this.openTask.delete(arg);
          } else {
            this.tId.push(arg);
            this.tParent.push(sink.taskParent.data[aux]!);
            this.tName.push(sink.taskName.data[aux]!);
            this.tStart.push(NaN);
            this.tEnd.push(time);
          }
          break;
        }
        case C.UserRegionBegin: {
          const g = evG[k]!;
          let open = this.openRegions.get(g);
          if (!open) this.openRegions.set(g, (open = []));
          this.rDepth.push(open.length);
          open.push(this.rG.length);
          this.rG.push(g);
          this.rTask.push(arg);
          this.rName.push(aux);
          this.rStart.push(time);
          this.rEnd.push(NaN);
          break;
        }
        case C.UserRegionEnd: {
          const g = evG[k]!;
          const open = this.openRegions.get(g);
          if (open && open.length > 0) this.rEnd.data[open.pop()!] = time;
          else {
            this.rG.push(g);
            this.rTask.push(arg);
            this.rName.push(aux);
            this.rStart.push(NaN);
            this.rEnd.push(time);
            this.rDepth.push(0);
          }
          break;
        }
        case C.UserLog:
          this.lTime.push(time);
          this.lG.push(evG[k]!);
          this.lTask.push(arg);
          this.lKey.push(sink.logKey.data[aux]!);
          this.lMsg.push(sink.logMessage.data[aux]!);
          break;
      }
      // Syscalls as slices of the goroutine making them (the context's), on its thread.
      if (code === C.GoSyscallBegin) {
        const gi = evG[k]!;
        if (gi >= 0) {
          this.syscallStart[gi] = time;
          this.syscallM[gi] = w.m[k]!;
        }
        this.nameFromStack(arg, w.stack[k]!);
      } else if (code === C.GoSyscallEnd || code === C.GoSyscallEndBlocked || code === C.GoDestroySyscall) {
        const gi = evG[k]!;
        if (gi >= 0 && !Number.isNaN(this.syscallStart[gi]!)) {
          this.scG.push(gi);
          this.scM.push(this.syscallM[gi]!);
          this.scStart.push(this.syscallStart[gi]!);
          this.scEnd.push(time);
          this.syscallStart[gi] = NaN;
        }
      }
    }
    this.nRows = nRows;
  }

  /** The event columns (times from the first event), trimmed to the events read. */
  events(): TraceModelEvents {
    const n = this.length;
    const time: EventTimes = {
      base: trim(this.timeBase, Math.ceil(n / TIME_BLOCK)), offset: this.timeOffset.finish(),
      far: { event: this.farEvent.finish(), value: this.farTime.finish(), length: this.farEvent.length }, length: n,
    };
    return {
      time, code: trim(this.code, n), g: this.g.finish(), p: this.p.finish(), m: this.m.finish(),
      stack: this.stack.finish(), arg: this.arg.finish(), aux: this.aux.finish(), length: n,
      bigArgs: { event: this.bigArgEvent.finish(), value: this.bigArgValue.finish(), length: this.bigArgEvent.length },
    };
  }

  /** Fills the model's derived tables (after the reader's final Sync). */
  finish(t: TraceModel): void {
    const n = this.length;
    const ng = t.goroutines.length;
    if (ng > this.openRow.length) this.growGoroutines(ng);
    const nRows = this.nRows;
    // Intervals still open end at the final Sync.
    for (let g = 0; g < ng; g++) if (this.openRow[g]! >= 0) this.lastEnd[g] = n - 1;
    const gor = t.goroutines;
    gor.createdAt = this.createdAt.slice(0, ng);
    gor.parent = this.parent.slice(0, ng);
    gor.startStack = this.startStack.slice(0, ng);
    gor.name = this.name.slice(0, ng);
    gor.endedAt = this.endedAt.slice(0, ng);
    // The rows grouped by goroutine (a counting sort, stable: each group stays in time order),
    // read a chunk at a time at each pass rather than unpacked: this is when memory peaks.
    const rows = new RowChunks(this.rowStart.finish(), this.rowState.finish(), t, this.firstStatusRow, this.firstStatusG, this.firstStatusP);
    // Counted as they opened: the groups' bounds.
    const gOff = new Int32Array(ng + 1);
    for (let g = 0; g < ng; g++) gOff[g + 1] = gOff[g]! + this.rowsOfG[g]!;
    const fill = gOff.slice(0, ng);
    const startEvent = new Int32Array(nRows), state = new Uint8Array(nRows);
    for (let c = 0; c < nRows; c += ROW_CHUNK) {
      const e = rows.load(c), rg = rows.g, rs = rows.start, rst = rows.state;
      for (let k = c; k < e; k++) {
        const to = fill[rg[k - c]!]!++;
        startEvent[to] = rs[k - c]!;
        state[to] = rst[k - c]!;
      }
    }
    t.gStates = { state, startEvent, length: nRows };
    t.gStateOffsets = gOff;
    const lastEnd = (t.gStateLastEnd = this.lastEnd.slice(0, ng));
    // What ran on each P: the Running rows in the order they opened (time order on a P),
    // grouped by P (counted as they opened); each ends where its goroutine's next interval
    // begins: one more pass, finding again where each row went in its goroutine's group.
    const maxP = this.maxP, pOff = new Int32Array(maxP + 2);
    for (let q = 0; q <= maxP; q++) pOff[q + 1] = pOff[q]! + this.runsOfP[q + 1]!;
    const nRuns = pOff[maxP + 1]!;
    const runG = new Int32Array(nRuns), runStart = new Int32Array(nRuns), runEnd = new Int32Array(nRuns);
    const pFill = pOff.slice(0, maxP + 1);
    fill.set(gOff.subarray(0, ng));
    for (let c = 0; c < nRows; c += ROW_CHUNK) {
      const e = rows.load(c), rg = rows.g, rs = rows.start, rp = rows.p;
      for (let k = c; k < e; k++) {
        const g = rg[k - c]!, p = rp[k - c]!;
        const at = fill[g]!++;
        if (p < 0 || p > MAX_P) continue;
        const r = pFill[p]!++;
        runG[r] = g;
        runStart[r] = rs[k - c]!;
        runEnd[r] = at + 1 < gOff[g + 1]! ? startEvent[at + 1]! : lastEnd[g]!;
      }
    }
    t.pRuns = { g: runG, startEvent: runStart, endEvent: runEnd, length: nRuns };
    t.pRunOffsets = pOff;
    // Syscalls still open at the end last until the trace's end.
    for (let gi = 0; gi < ng; gi++) {
      if (Number.isNaN(this.syscallStart[gi]!)) continue;
      this.scG.push(gi);
      this.scM.push(this.syscallM[gi]!);
      this.scStart.push(this.syscallStart[gi]!);
      this.scEnd.push(t.durationNs);
    }
    t.syscalls = { g: this.scG.finish(), m: this.scM.finish(), start: this.scStart.finish(), end: this.scEnd.finish(), length: this.scG.length };
    t.gcCycles = this.gc.finish();
    t.stw = this.stw.finish();
    t.markAssists = this.assists.finish();
    t.sweeps = { ...this.sweeps.finish(), swept: this.sweptCol.finish(), reclaimed: this.reclaimedCol.finish() };
    const fin = (s: { time: GrowableFloat64; value: GrowableFloat64 }) => ({ time: s.time.finish(), value: s.value.finish(), length: s.time.length });
    t.heapAlloc = fin(this.heapAlloc);
    t.heapGoal = fin(this.heapGoal);
    t.gomaxprocs = fin(this.procs);
    t.tasks = { id: this.tId.finish(), parent: this.tParent.finish(), name: this.tName.finish(), start: this.tStart.finish(), end: this.tEnd.finish(), length: this.tId.length };
    t.regions = { g: this.rG.finish(), task: this.rTask.finish(), name: this.rName.finish(), start: this.rStart.finish(), end: this.rEnd.finish(), depth: this.rDepth.finish(), length: this.rG.length };
    t.logs = { time: this.lTime.finish(), g: this.lG.finish(), task: this.lTask.finish(), key: this.lKey.finish(), message: this.lMsg.finish(), length: this.lTime.length };
    t.cpuSamples = { time: this.sTime.finish(), g: this.sG.finish(), p: this.sP.finish(), m: this.sM.finish(), stack: this.sStack.finish(), length: this.sTime.length };
  }
}

/** The first n of a column, without a copy when little would be saved. */
function trim<T extends Uint8Array | Float64Array>(x: T, n: number): T {
  return (n >= x.length * 0.8 ? x.subarray(0, n) : x.slice(0, n)) as T;
}

/** Interval rows unpacked at a time by the builder's finishing passes. */
const ROW_CHUNK = 1 << 16;

/**
 * A chunk of interval rows, unpacked: start event, state, goroutine and (Running rows) P. A
 * row's goroutine and P are its start event's argument and P (the event is the goroutine's
 * transition), but for the rows a first status opened: they start at the generation's Sync,
 * and their goroutine and P are listed apart, in row order.
 */
class RowChunks {
  readonly start = new Int32Array(ROW_CHUNK);
  readonly state = new Int32Array(ROW_CHUNK);
  readonly g = new Int32Array(ROW_CHUNK);
  readonly p = new Int32Array(ROW_CHUNK); // -1 unless Running on a P
  private readonly n: number;
  private readonly events: TraceModelEvents;

  constructor(
    private readonly rowStart: PackedInt32,
    private readonly rowState: PackedInt32,
    t: TraceModel,
    private readonly fsRow: GrowableInt32,
    private readonly fsG: GrowableInt32,
    private readonly fsP: GrowableInt32,
  ) {
    this.n = rowStart.length;
    this.events = t.events;
  }

  /** Unpacks rows [from, returned end). */
  load(from: number): number {
    const to = Math.min(this.n, from + ROW_CHUNK);
    packedInto(this.rowStart, from, to, this.start);
    packedInto(this.rowState, from, to, this.state);
    const ev = this.events, start = this.start, state = this.state, g = this.g, p = this.p;
    for (let k = 0; k < to - from; k++) {
      g[k] = eventArg(ev, start[k]!);
      p[k] = state[k] === GState.Running ? packedAt(ev.p, start[k]!) : -1;
    }
    // The first-status rows of this chunk (in row order: a binary search finds the first).
    const rows = this.fsRow.data, nFs = this.fsRow.length;
    let lo = 0, hi = nFs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (rows[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    for (let j = lo; j < nFs && rows[j]! < to; j++) {
      const k = rows[j]! - from;
      g[k] = this.fsG.data[j]!;
      p[k] = state[k] === GState.Running ? this.fsP.data[j]! : -1;
    }
    return to;
  }
}
