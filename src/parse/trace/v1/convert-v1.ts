// v1 traces (Go 1.11–1.21) → the events of Go 1.27's Reader, as its v1 conversion makes them
// (internal/trace/tracev1.go, ../shared/docs/go-trace-format.md §3.9): the whole trace is one
// generation between two Syncs; goroutines created before the first Gomaxprocs get a Runnable
// status there; a P's first start or stop is its status; an instantaneous syscall becomes a
// 1 ns begin/end pair unless the goroutine's next event says it blocked; STW kinds and block
// events get Go's reason strings; times are forced strictly increasing. The events go through
// an EventSink to a consumer (the model's builder or a digest), a window at a time.
//
// A truncated file (no footer, or cut inside an event) is kept up to the last point where the
// stream is consistent, with a warning saying where the file ended; Go rejects it.

import { CancelledError, FormatError } from '../../../base/errors';
import { IntPairMap } from '../../../base/int-pair-map';
import { GoState, ProcState, TraceCode as C, type TraceModel, type TraceModelEvents } from '../../../model/trace';
import { EventSink, type TraceEventConsumer } from '../event-sink';
import { indexV1Trace, type V1Index } from './index-v1';
import { IdTable } from './events-v1';
import { V1EventStream } from './order-v1';
import {
  BLOCK_REASON, EV_CPU_SAMPLE, EV_GC_DONE, EV_GC_MARK_ASSIST_DONE, EV_GC_MARK_ASSIST_START, EV_GC_START,
  EV_GC_SWEEP_DONE, EV_GC_SWEEP_START, EV_GOMAXPROCS, EV_GO_BLOCK, EV_GO_BLOCK_COND, EV_GO_BLOCK_GC,
  EV_GO_BLOCK_NET, EV_GO_BLOCK_RECV, EV_GO_BLOCK_SELECT, EV_GO_BLOCK_SEND, EV_GO_BLOCK_SYNC, EV_GO_CREATE,
  EV_GO_END, EV_GO_IN_SYSCALL, EV_GO_PREEMPT, EV_GO_SCHED, EV_GO_SLEEP, EV_GO_START, EV_GO_START_LABEL,
  EV_GO_STOP, EV_GO_SYSCALL, EV_GO_SYS_BLOCK, EV_GO_SYS_EXIT, EV_GO_UNBLOCK, EV_GO_WAITING, EV_HEAP_ALLOC,
  EV_HEAP_GOAL, EV_PROC_START, EV_PROC_STOP, EV_STW_DONE, EV_STW_START, EV_USER_LOG, EV_USER_REGION,
  EV_USER_TASK_CREATE, EV_USER_TASK_END, STW_REASONS, stwReason,
} from './wire';

/** Events handed to the consumer at a time (as the generation reader's window). */
const OUTPUT_WINDOW = 65536;
const NO_SNAP = { snapTime: NaN, snapMono: NaN, snapSec: NaN, snapNsec: NaN };

export type V1ReadOptions = {
  onProgress?: (done: number, total: number, phase: string) => void;
  isCancelled?: () => boolean;
};

/** Reads a v1 trace and yields Go's converted events to a consumer; keeps the string and stack tables. */
export class V1TraceReader {
  readonly sink: EventSink;
  readonly warnings: string[] = [];
  readonly strings: string[] = [''];
  readonly frameFunc: number[] = [];
  readonly frameFile: number[] = [];
  readonly frameLine: number[] = [];
  readonly framePc: number[] = [];
  readonly stackFrame: number[] = [];
  readonly stackPrefix: number[] = [];

  private readonly stringIndex = new Map<string, number>([['', 0]]);
  private readonly frameKey = new Map<string, number>();
  private readonly stackKey = new IntPairMap(4096);
  /** v1 stack id → the model's stack (−2: not made yet). */
  private readonly stackOf = new IdTable(-2);
  /** Go thread id → the sink's thread index (−2: not seen yet). */
  private readonly threadOf = new IdTable(-2);
  private ix!: V1Index;
  private stream!: V1EventStream;

  // the conversion's state (Go's traceV1Converter)
  private preInit = true;
  private createdPreInit: Map<number, true> | null = new Map();
  private readonly tasks = new Map<number, { name: number; parent: number }>();
  private readonly seenProcs = new Set<number>();
  /** P → the thread running it (−1: none). */
  private readonly procMs = new IdTable(-1);
  private lastTs = -1;
  private lastStwReason = 0;
  private syncs = 0;
  constructor(private readonly options: V1ReadOptions, consumer: TraceEventConsumer) {
    this.sink = new EventSink(OUTPUT_WINDOW, consumer);
  }

  private str(s: string): number {
    let i = this.stringIndex.get(s);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(s);
      this.stringIndex.set(s, i);
    }
    return i;
  }

  /** The model's index of v1 string `id` (a missing one reads as empty, as Go's table lookup). */
  private strId(id: number): number {
    return id === 0 ? 0 : this.str(this.ix.strings.get(id) ?? '');
  }

  /** The model's stack (leaf index) of v1 stack `id`, −1 for none or unknown. */
  private stack(id: number): number {
    if (id === 0) return -1;
    const known = this.stackOf.get(id);
    if (known !== -2) return known;
    const pcs = this.ix.stacks.get(id);
    let prefix = -1;
    if (pcs) {
      for (let i = pcs.length - 1; i >= 0; i--) {
        const pc = pcs[i]!;
        const f = this.ix.pcs.get(pc);
        const fn = f ? this.strId(f.fn) : 0, file = f ? this.strId(f.file) : 0, line = f ? f.line : 0;
        const key = `${pc}:${fn}:${file}:${line}`;
        let fr = this.frameKey.get(key);
        if (fr === undefined) {
          fr = this.frameFunc.length;
          this.frameFunc.push(fn);
          this.frameFile.push(file);
          this.frameLine.push(line > 2147483647 ? -1 : line);
          this.framePc.push(pc);
          this.frameKey.set(key, fr);
        }
        let s = this.stackKey.get(prefix + 1, fr);
        if (s < 0) {
          s = this.stackFrame.length;
          this.stackFrame.push(fr);
          this.stackPrefix.push(prefix);
          this.stackKey.set(prefix + 1, fr, s);
        }
        prefix = s;
      }
    }
    this.stackOf.set(id, prefix);
    return prefix;
  }

  /** Go: after a GoSysCall, whether the goroutine's next event is a GoSysBlock. */
  private syscallBlocks(g: number): boolean {
    const stream = this.stream;
    for (let k = 0; ; k++) {
      const r = stream.peek(k);
      if (r < 0) return false;
      if (stream.out.g[r] !== g) continue;
      return stream.out.type[r] === EV_GO_SYS_BLOCK;
    }
  }

  // ---- output ----------------------------------------------------------------------------

  /** One converted event: Go's "+1 ns" fix-up, then the sink. g and m are Go ids (−1 none). */
  private emit(code: number, time: number, g: number, p: number, m: number, stack: number, arg: number, aux: number): void {
    if (time <= this.lastTs) time = this.lastTs + 1;
    this.lastTs = time;
    const sink = this.sink;
    let t = -1;
    if (m >= 0) {
      t = this.threadOf.get(m);
      if (t === -2) this.threadOf.set(m, (t = sink.thread(m)));
    }
    sink.push(code, time, g < 0 ? -1 : sink.goroutine(g), p, t, stack, arg, aux);
  }

  /** Converts one v1 event, row `r` of the stream's `out` (Go's convertEvent + next). */
  private convert(r: number): void {
    const sink = this.sink;
    const out = this.stream.out;
    // (the fields, read before the stream is asked for more)
    const eg = out.g[r]!, a0 = out.a0[r]!, a1 = out.a1[r]!, a2 = out.a2[r]!, a3 = out.a3[r]!, stk = out.stk[r]!;
    const t = out.ts[r]!;
    const typ = out.type[r]!;
    const P = out.p[r]!;
    let m = -1;
    if (P !== -1 && typ !== EV_CPU_SAMPLE) m = this.procMs.get(P);
    const g = eg === 0 ? -1 : eg;
    switch (typ) {
      case EV_GOMAXPROCS:
        if (this.preInit) {
          // The end of the trace's preamble: goroutines that existed, not seen waiting, in a
          // syscall or running, are runnable (Go iterates a map here; these come in creation order).
          this.preInit = false;
          for (const gid of this.createdPreInit!.keys()) {
            this.emit(C.GoStatus, t, -1, -1, -1, -1, sink.goroutine(gid), (GoState.Undetermined << 4) | GoState.Runnable);
          }
          this.createdPreInit = null;
          return;
        }
        this.emit(C.ProcsChange, t, g, P, m, this.stack(stk), a0, -1);
        return;
      case EV_PROC_START:
        this.procMs.set(P, a0);
        m = a0;
        if (this.seenProcs.has(P)) this.emit(C.ProcStart, t, g, P, m, -1, P, -1);
        else {
          this.seenProcs.add(P);
          this.emit(C.ProcStatus, t, g, P, m, -1, P, (ProcState.Undetermined << 4) | ProcState.Running);
        }
        return;
      case EV_PROC_STOP:
        if (this.seenProcs.has(P)) this.emit(C.ProcStop, t, g, P, m, -1, P, -1);
        else {
          this.seenProcs.add(P);
          this.emit(C.ProcStatus, t, g, P, m, -1, P, (ProcState.Undetermined << 4) | ProcState.Idle);
        }
        this.procMs.set(P, -1);
        return;
      case EV_GC_START:
        this.emit(C.GCBegin, t, g, P, m, this.stack(stk), a0, -1);
        return;
      case EV_GC_DONE:
        this.emit(C.GCEnd, t, g, P, m, -1, 0, -1);
        return;
      case EV_STW_START: {
        const reason = this.str(STW_REASONS[stwReason(this.ix.minor, a0)]!);
        this.lastStwReason = reason;
        this.emit(C.STWBegin, t, g, P, m, -1, -1, reason);
        return;
      }
      case EV_STW_DONE:
        this.emit(C.STWEnd, t, g, P, m, -1, -1, this.lastStwReason);
        return;
      case EV_GC_SWEEP_START:
        this.emit(C.GCSweepBegin, t, g, P, m, this.stack(stk), P, -1);
        return;
      case EV_GC_SWEEP_DONE:
        this.emit(C.GCSweepEnd, t, g, P, m, -1, P, sink.sweepRow(a0, a1));
        return;
      case EV_GO_CREATE:
        if (this.preInit) {
          this.createdPreInit!.set(a0, true);
          return;
        }
        this.emit(C.GoCreate, t, g, P, m, this.stack(stk), sink.goroutine(a0), this.stack(a1 % 4294967296));
        return;
      case EV_GO_START:
        if (this.preInit) {
          this.createdPreInit!.delete(a0);
          this.emit(C.GoStatus, t, g, P, m, -1, sink.goroutine(a0), (GoState.Undetermined << 4) | GoState.Running);
        } else this.emit(C.GoStart, t, g, P, m, -1, sink.goroutine(a0), -1);
        return;
      case EV_GO_START_LABEL: {
        // Go's context here is the map's value: thread 0 when the P has none.
        const mm = Math.max(0, this.procMs.get(P));
        this.emit(C.GoStart, t, eg, P, mm, -1, sink.goroutine(a0), -1);
        this.emit(C.GoLabel, t, eg, P, mm, -1, -1, this.strId(a2));
        return;
      }
      case EV_GO_END:
        this.emit(C.GoDestroy, t, g, P, m, -1, g < 0 ? -1 : sink.goroutine(g), -1);
        return;
      case EV_GO_STOP: case EV_GO_SLEEP: case EV_GO_BLOCK: case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV:
      case EV_GO_BLOCK_SELECT: case EV_GO_BLOCK_SYNC: case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_BLOCK_GC:
        this.emit(C.GoBlock, t, g, P, m, this.stack(stk), g < 0 ? -1 : sink.goroutine(g), this.str(BLOCK_REASON[typ]!));
        return;
      case EV_GO_SCHED: case EV_GO_PREEMPT:
        this.emit(C.GoStop, t, g, P, m, this.stack(stk), g < 0 ? -1 : sink.goroutine(g), this.str(BLOCK_REASON[typ]!));
        return;
      case EV_GO_UNBLOCK:
        this.emit(C.GoUnblock, t, g, P, m, this.stack(stk), sink.goroutine(a0), -1);
        return;
      case EV_GO_SYSCALL: {
        const gg = sink.goroutine(eg);
        if (this.syscallBlocks(eg)) {
          this.emit(C.GoSyscallBegin, t, g, P, m, this.stack(stk), gg, -1);
        } else {
          const mm = Math.max(0, this.procMs.get(P));
          this.emit(C.GoSyscallBegin, t, eg, P, mm, this.stack(stk), gg, -1);
          this.emit(C.GoSyscallEnd, t + 1, eg, P, mm, -1, gg, -1);
        }
        return;
      }
      case EV_GO_SYS_EXIT:
        this.emit(C.GoSyscallEndBlocked, t, g, P, m, -1, g < 0 ? -1 : sink.goroutine(g), -1);
        return;
      case EV_GO_SYS_BLOCK:
        return;
      case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
        this.createdPreInit?.delete(a0);
        this.emit(C.GoStatus, t, g, P, m, -1, sink.goroutine(a0), (GoState.Undetermined << 4) | (typ === EV_GO_WAITING ? GoState.Waiting : GoState.Syscall));
        return;
      case EV_HEAP_ALLOC:
        this.emit(C.HeapAlloc, t, g, P, m, -1, a0, -1);
        return;
      case EV_HEAP_GOAL:
        this.emit(C.HeapGoal, t, g, P, m, -1, a0, -1);
        return;
      case EV_GC_MARK_ASSIST_START:
        this.emit(C.GCMarkAssistBegin, t, g, P, m, this.stack(stk), g < 0 ? -1 : sink.goroutine(g), -1);
        return;
      case EV_GC_MARK_ASSIST_DONE:
        this.emit(C.GCMarkAssistEnd, t, g, P, m, -1, g < 0 ? -1 : sink.goroutine(g), -1);
        return;
      case EV_USER_TASK_CREATE: {
        const parent = a1 === 0 ? -1 : a1;
        const name = this.strId(a2);
        // Go keeps the raw parent (0 for none) for the task's end.
        this.tasks.set(a0, { name, parent: a1 });
        this.emit(C.UserTaskBegin, t, g, P, m, this.stack(stk), a0, sink.taskRow(parent, name));
        return;
      }
      case EV_USER_TASK_END: {
        const ts = this.tasks.get(a0);
        let parent = -1, name = 0;
        if (ts) {
          this.tasks.delete(a0);
          parent = ts.parent;
          name = ts.name;
        }
        this.emit(C.UserTaskEnd, t, g, P, m, this.stack(stk), a0, sink.taskRow(parent, name));
        return;
      }
      case EV_USER_REGION:
        this.emit(a1 === 0 ? C.UserRegionBegin : C.UserRegionEnd, t, g, P, m, this.stack(stk), a0, this.strId(a2));
        return;
      case EV_USER_LOG: {
        const key = this.strId(a1);
        const msg = this.str(this.stream.inlineStrings[a3] ?? '');
        this.emit(C.UserLog, t, g, P, m, this.stack(stk), a0, sink.logRow(key, msg));
        return;
      }
      case EV_CPU_SAMPLE:
        this.emit(C.CPUSample, t, g, P, -1, this.stack(stk), -1, -1);
        return;
      default:
        throw new FormatError(`unexpected event type ${typ}`);
    }
  }

  // ---- the whole read --------------------------------------------------------------------

  private bytes: Uint8Array = new Uint8Array(0);

  /**
   * The first pass over the trace in `bytes` (header `go 1.minor`, events from `headerEnd`);
   * returns an upper bound of the events `run` yields.
   */
  prepare(bytes: Uint8Array, minor: number, headerEnd: number): number {
    const progress = this.options.onProgress;
    this.bytes = bytes;
    const ix = (this.ix = indexV1Trace(bytes, headerEnd, minor, (done) => progress?.(done / 2, bytes.length, 'indexing trace batches')));
    if (this.options.isCancelled?.()) throw new CancelledError();
    if (ix.truncatedAt < 0 && ix.ticksPerSec === 0 && ix.events === 0) throw new FormatError('no EvFrequency event');
    return 2 * ix.events + 2;
  }

  /** The second pass: the events in Go's order, converted, to the consumer. */
  run(): void {
    const progress = this.options.onProgress;
    const bytes = this.bytes;
    const total = bytes.length;
    const ix = this.ix;
    const complete = ix.truncatedAt < 0 && ix.ticksPerSec > 0;
    let read = 0;
    this.stream = new V1EventStream(bytes, ix, !complete, (n) => {
      read += n;
      if ((read & 0x3fffff) < n) progress?.(total / 2 + read / 2, total, 'ordering trace events');
    });
    const sink = this.sink;
    sink.lastTime = -Infinity;
    const first = this.stream.peek(0);
    if (first >= 0) {
      // Go's Reader: a Sync just before the first event.
      this.syncs++;
      sink.beginGeneration(1, NO_SNAP);
      sink.push(C.Sync, this.stream.out.ts[first]! - 1, -1, -1, -1, -1, this.syncs, 0);
    }
    const cancelled = this.options.isCancelled;
    let n = 0;
    for (;;) {
      const ev = this.stream.take();
      if (ev < 0) break;
      if ((++n & 0xffff) === 0 && cancelled?.()) throw new CancelledError();
      if (complete) this.convert(ev);
      else {
        try {
          this.convert(ev);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
          this.stream.stoppedBy ||= e.message;
          break;
        }
      }
    }
    if (!complete) {
      if (this.syncs === 0) {
        throw new FormatError(`trace truncated: the file (${bytes.length} bytes) ends before any event could be read`);
      }
      const where = ix.truncatedAt >= 0 ? `inside an event at byte ${ix.truncatedAt}` : 'before the trace\'s footer (clock frequency and stack table)';
      const stopped = this.stream.stoppedBy ? ` (then: ${this.stream.stoppedBy})` : '';
      const clock = ix.ticksPerSec > 0 ? '' : '; the clock frequency is written at the end, so times are in clock ticks, not ns, and stacks are missing';
      this.warnings.push(
        `trace truncated at byte ${bytes.length}: the file ends ${where}; kept the ${this.stream.yielded} events up to ${this.stream.lastTime} ns that are consistent${stopped}${clock}`,
      );
    }
    // The final Sync.
    this.syncs++;
    sink.push(C.Sync, this.lastTs + 1, -1, -1, -1, -1, this.syncs, -1);
    sink.flush();
    progress?.(total, total, 'ordering trace events');
  }

  /** The model around the kept events (after read), times counting from `origin`. */
  finishModel(minor: number, events: TraceModelEvents, origin: number): TraceModel {
    return this.sink.finish(events, origin, {
      goVersion: `1.${minor}`,
      base: 0,
      strings: this.strings,
      frames: { func: this.frameFunc, file: this.frameFile, line: this.frameLine, pc: this.framePc },
      stacks: { frame: this.stackFrame, prefix: this.stackPrefix },
      warnings: this.warnings,
    });
  }
}
