// The output side of the trace parser: appends ordered events to a window of typed columns
// (one generation's worth, reused), applies Go's reader fix-up (an event not after the previous
// one gets previous + 1 ns), and interns goroutines and threads as dense indexes. When the
// window is full, and after each generation, it is handed to a TraceEventConsumer: TraceModelBuilder
// (derive.ts) keeps the model's columns and derives its tables; a digest can instead fold them and keep nothing (the CLI's summary does), so
// reading a trace needs memory for one generation, not for the whole file.

import { FormatError } from '../../base/errors';
import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { eventTime, type TraceEventTable, type TraceModel, type TraceModelEvents } from '../../model/trace';

/** Receives the ordered events, a window at a time (at least at every generation's end). */
export interface TraceEventConsumer {
  /**
   * Events [0, n) of `window` are the trace's events first … first+n−1 (global indexes, as the
   * model numbers them). The window's columns are overwritten after the call returns.
   */
  addEvents(window: TraceEventTable, n: number, first: number): void;
}

/** 2^53 ns: the first time at which lastTime + 1 === lastTime. */
const MAX_EVENT_TIME = 2 ** 53;

const NaN64 = () => new Float64Array(0);
const I32 = () => new Int32Array(0);

function emptyRange() {
  return { start: NaN64(), end: NaN64(), owner: I32(), label: I32(), length: 0 };
}

export class EventSink {
  /** Events yielded so far (global). */
  length = 0;
  /** Events in the window, not yet handed to the consumer. */
  private n = 0;
  private cap: number;
  time: Float64Array;
  code: Uint8Array;
  g: Int32Array;
  p: Int32Array;
  m: Int32Array;
  stack: Int32Array;
  arg: Float64Array;
  aux: Int32Array;
  /** Time of the last event (relative ns); before any event, absolute 0 in relative terms. */
  lastTime = 0;

  // goroutine and thread interning
  private readonly gDense = new Int32Array(1 << 16).fill(-1);
  private gDenseBig: Int32Array | null = null;
  private readonly gMap = new Map<number, number>();
  readonly goroutineIds = new GrowableFloat64();
  private readonly tMap = new Map<number, number>();
  readonly threadIds = new GrowableFloat64();

  // side rows for events whose data does not fit arg/aux
  readonly taskParent = new GrowableFloat64();
  readonly taskName = new GrowableInt32();
  readonly logKey = new GrowableInt32();
  readonly logMessage = new GrowableInt32();
  readonly sweepSwept = new GrowableFloat64();
  readonly sweepReclaimed = new GrowableFloat64();

  // generations
  readonly genNumber = new GrowableFloat64();
  readonly genFirstEvent = new GrowableInt32();
  readonly genSnapTime = new GrowableFloat64();
  readonly genSnapMono = new GrowableFloat64();
  readonly genSnapSec = new GrowableFloat64();
  readonly genSnapNsec = new GrowableFloat64();

  /**
   * `capacity`: the window's size in events. A full window is handed over at once, so it can
   * be small: its columns stay in cache and no fresh memory is touched per generation.
   */
  constructor(capacity: number, private readonly consumer: TraceEventConsumer) {
    this.cap = capacity;
    // The columns start small and grow to the window's size: a small trace does not pay for
    // zeroing a whole window (3 MB) it never fills.
    const n = Math.min(capacity, 1024);
    this.time = new Float64Array(n);
    this.code = new Uint8Array(n);
    this.g = new Int32Array(n);
    this.p = new Int32Array(n);
    this.m = new Int32Array(n);
    this.stack = new Int32Array(n);
    this.arg = new Float64Array(n);
    this.aux = new Int32Array(n);
  }

  /** Room for one more event in the window: hands a full window over, or grows the columns. */
  private room(): void {
    if (this.n === this.cap) return this.flush();
    const n = Math.min(this.cap, this.time.length * 2);
    const grow = <T extends Float64Array | Int32Array | Uint8Array>(a: T, b: T): T => (b.set(a), b);
    this.time = grow(this.time, new Float64Array(n));
    this.code = grow(this.code, new Uint8Array(n));
    this.g = grow(this.g, new Int32Array(n));
    this.p = grow(this.p, new Int32Array(n));
    this.m = grow(this.m, new Int32Array(n));
    this.stack = grow(this.stack, new Int32Array(n));
    this.arg = grow(this.arg, new Float64Array(n));
    this.aux = grow(this.aux, new Int32Array(n));
  }

  get generationCount(): number {
    return this.genNumber.length;
  }

  beginGeneration(gen: number, snap: { snapTime: number; snapMono: number; snapSec: number; snapNsec: number }): void {
    this.genNumber.push(gen);
    this.genFirstEvent.push(this.length);
    this.genSnapTime.push(snap.snapTime);
    this.genSnapMono.push(snap.snapMono);
    this.genSnapSec.push(snap.snapSec);
    this.genSnapNsec.push(snap.snapNsec);
  }

  /** Hands the window's events to the consumer and empties the window. */
  flush(): void {
    const n = this.n;
    if (n === 0) return;
    // Times are float64 ns after the first event, made strictly increasing by +1: past 2^53 ns
    // (104 days) +1 no longer changes them. No real trace spans that; a corrupt timestamp does.
    // Checked once a window (times never decrease, so the last is the largest).
    if (!(this.lastTime < MAX_EVENT_TIME)) throw new FormatError('trace.time-beyond-range', { ns: this.lastTime, event: this.length - 1 });
    const window = { time: this.time, code: this.code, g: this.g, p: this.p, m: this.m, stack: this.stack, arg: this.arg, aux: this.aux, length: n };
    this.consumer.addEvents(window, n, this.length - n);
    this.n = 0;
  }

  push(code: number, time: number, g: number, p: number, m: number, stack: number, arg: number, aux: number): void {
    if (this.n === this.time.length) this.room();
    const i = this.n++;
    this.length++;
    if (time <= this.lastTime) time = this.lastTime + 1;
    this.lastTime = time;
    this.time[i] = time;
    this.code[i] = code;
    this.g[i] = g;
    this.p[i] = p >= -1 && p <= 2147483647 ? p : -1;
    this.m[i] = m;
    this.stack[i] = stack;
    this.arg[i] = arg;
    this.aux[i] = aux;
  }

  /** Times of the current generation's wire events (the parser's scratch column). */
  wireTime: Float64Array = new Float64Array(0);

  /**
   * push() for an event at the time of wire event `e`: the time is read here rather than
   * passed, so no boxed double is made per event when the call is not inlined. The twin of
   * push on purpose: delegating to it measured 3–4 % slower on golens summary.
   */
  pushWire(code: number, e: number, g: number, p: number, m: number, stack: number, arg: number, aux: number): void {
    if (this.n === this.time.length) this.room();
    const i = this.n++;
    this.length++;
    let time = this.wireTime[e]!;
    if (time <= this.lastTime) time = this.lastTime + 1;
    this.lastTime = time;
    this.time[i] = time;
    this.code[i] = code;
    this.g[i] = g;
    this.p[i] = p >= -1 && p <= 2147483647 ? p : -1;
    this.m[i] = m;
    this.stack[i] = stack;
    this.arg[i] = arg;
    this.aux[i] = aux;
  }

  /** Dense index of goroutine `id` (-1 for none). */
  goroutine(id: number): number {
    if (id < 0) return -1;
    if (id < 65536) {
      const v = this.gDense[id]!;
      if (v >= 0) return v;
      const idx = this.newGoroutine(id);
      this.gDense[id] = idx;
      return idx;
    }
    if (id < 1 << 22) {
      let big = this.gDenseBig;
      if (!big || id >= big.length) {
        let n = big ? big.length : 1 << 17;
        while (n <= id) n *= 2;
        const nb = new Int32Array(n).fill(-1);
        if (big) nb.set(big);
        this.gDenseBig = big = nb;
      }
      const v = big[id]!;
      if (v >= 0) return v;
      const idx = this.newGoroutine(id);
      big[id] = idx;
      return idx;
    }
    let v = this.gMap.get(id);
    if (v === undefined) {
      v = this.newGoroutine(id);
      this.gMap.set(id, v);
    }
    return v;
  }

  private newGoroutine(id: number): number {
    this.goroutineIds.push(id);
    return this.goroutineIds.length - 1;
  }

  /** Dense index of OS thread `tid` (-1 for none). */
  thread(tid: number): number {
    if (tid === -1) return -1;
    let v = this.tMap.get(tid);
    if (v === undefined) {
      v = this.threadIds.length;
      this.threadIds.push(tid);
      this.tMap.set(tid, v);
    }
    return v;
  }

  taskRow(parent: number, name: number): number {
    this.taskParent.push(parent);
    this.taskName.push(name);
    return this.taskName.length - 1;
  }

  logRow(key: number, message: number): number {
    this.logKey.push(key);
    this.logMessage.push(message);
    return this.logKey.length - 1;
  }

  sweepRow(swept: number, reclaimed: number): number {
    this.sweepSwept.push(swept);
    this.sweepReclaimed.push(reclaimed);
    return this.sweepSwept.length - 1;
  }

  /**
   * The model around the kept `events` (TraceModelBuilder), whose times already count from
   * `origin`, the first event's absolute time; derived tables are filled by the builder.
   */
  finish(events: TraceModelEvents, origin: number, h: {
    goVersion: string;
    base: number;
    strings: string[];
    frames: { func: number[]; file: number[]; line: number[]; pc: number[] };
    stacks: { frame: number[]; prefix: number[] };
    warnings: string[];
  }): TraceModel {
    const n = events.length;
    const time = events.time;
    const t0 = n > 0 ? origin : 0;
    const genStart = new Float64Array(this.genNumber.length);
    const firstEvent = this.genFirstEvent.finish();
    for (let i = 0; i < genStart.length; i++) genStart[i] = eventTime(time, firstEvent[i]!);
    const snapTime = this.genSnapTime.finish();
    for (let i = 0; i < snapTime.length; i++) snapTime[i] = snapTime[i]! - t0;
    const ng = this.goroutineIds.length;
    return {
      kind: 'trace',
      goVersion: h.goVersion,
      startAbsNs: h.base + t0,
      durationNs: n > 0 ? eventTime(time, n - 1) - eventTime(time, 0) : 0,
      events,
      strings: h.strings,
      frames: {
        func: Int32Array.from(h.frames.func),
        file: Int32Array.from(h.frames.file),
        line: Int32Array.from(h.frames.line),
        pc: Float64Array.from(h.frames.pc),
        length: h.frames.func.length,
      },
      stacks: { frame: Int32Array.from(h.stacks.frame), prefix: Int32Array.from(h.stacks.prefix), length: h.stacks.frame.length },
      goroutines: {
        id: this.goroutineIds.finish(),
        createdAt: new Float64Array(ng).fill(NaN),
        parent: new Int32Array(ng).fill(-1),
        startStack: new Int32Array(ng).fill(-1),
        name: new Int32Array(ng),
        endedAt: new Float64Array(ng).fill(NaN),
        length: ng,
      },
      threads: { tid: this.threadIds.finish(), length: this.threadIds.length },
      gStates: { state: new Uint8Array(0), startEvent: I32(), length: 0 },
      gStateOffsets: new Int32Array(ng + 1),
      gStateLastEnd: new Int32Array(ng).fill(-1),
      pRuns: { g: I32(), startEvent: I32(), endEvent: I32(), length: 0 },
      pRunOffsets: new Int32Array(1),
      syscalls: { g: I32(), m: I32(), start: NaN64(), end: NaN64(), length: 0 },
      gcCycles: emptyRange(),
      stw: emptyRange(),
      markAssists: emptyRange(),
      sweeps: { ...emptyRange(), swept: NaN64(), reclaimed: NaN64() },
      heapAlloc: { time: NaN64(), value: NaN64(), length: 0 },
      heapGoal: { time: NaN64(), value: NaN64(), length: 0 },
      gomaxprocs: { time: NaN64(), value: NaN64(), length: 0 },
      tasks: { id: NaN64(), parent: NaN64(), name: I32(), start: NaN64(), end: NaN64(), length: 0 },
      regions: { g: I32(), task: NaN64(), name: I32(), start: NaN64(), end: NaN64(), depth: I32(), length: 0 },
      logs: { time: NaN64(), g: I32(), task: NaN64(), key: I32(), message: I32(), length: 0 },
      cpuSamples: { time: NaN64(), g: I32(), p: I32(), m: I32(), stack: I32(), length: 0 },
      generations: {
        gen: this.genNumber.finish(),
        start: genStart,
        firstEvent,
        snapTime,
        snapMono: this.genSnapMono.finish(),
        snapWallSec: this.genSnapSec.finish(),
        snapWallNsec: this.genSnapNsec.finish(),
        length: this.genNumber.length,
      },
      taskEventRows: { parent: this.taskParent.finish(), name: this.taskName.finish(), length: this.taskName.length },
      logEventRows: { key: this.logKey.finish(), message: this.logMessage.finish(), length: this.logKey.length },
      sweepEventRows: { swept: this.sweepSwept.finish(), reclaimed: this.sweepReclaimed.finish(), length: this.sweepSwept.length },
      warnings: h.warnings,
    };
  }
}
