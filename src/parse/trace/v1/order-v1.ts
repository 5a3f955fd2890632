// The second pass over a v1 trace, as Go's tracev1 parser does it, but streaming: the per-P
// batches are decoded one at a time and merged into one consistent stream (Go's frontier of
// ready events, a min-heap by time, with the goroutine sequence preconditions); syscall exits
// move to their real time (Go re-sorts the whole list stably; here a window as wide as the
// largest such move, measured by the first pass, does the same); ticks become nanoseconds from
// the first event; timer unblocks and syscall exits move to Go's fake Ps; and Go's validation
// (postProcessTrace) runs on each event in the final order. Nothing is kept per event beyond
// the windows: one batch per P, the merge frontier, the re-sort window.
//
// Ties (events of different Ps at the same tick) come out in an order Go leaves to its map
// iteration, which varies from run to run; here it is the order in which the Ps first appear.

import { FormatError } from '../../../base/errors';
import type { V1Index } from './index-v1';
import { IdTable, V1Events } from './events-v1';
import {
  EV_BATCH, EV_CPU_SAMPLE, EV_FREQUENCY, EV_GC_DONE, EV_GC_MARK_ASSIST_DONE, EV_GC_MARK_ASSIST_START, EV_GC_START,
  EV_GC_SWEEP_DONE, EV_GC_SWEEP_START, EV_GO_BLOCK, EV_GO_BLOCK_COND, EV_GO_BLOCK_GC, EV_GO_BLOCK_NET,
  EV_GO_BLOCK_RECV, EV_GO_BLOCK_SELECT, EV_GO_BLOCK_SEND, EV_GO_BLOCK_SYNC, EV_GO_CREATE, EV_GO_END,
  EV_GO_IN_SYSCALL, EV_GO_PREEMPT, EV_GO_SCHED, EV_GO_SLEEP, EV_GO_START, EV_GO_START_LABEL, EV_GO_START_LOCAL,
  EV_GO_STOP, EV_GO_SYSCALL, EV_GO_SYS_BLOCK, EV_GO_SYS_EXIT, EV_GO_SYS_EXIT_LOCAL, EV_GO_UNBLOCK,
  EV_GO_UNBLOCK_LOCAL, EV_GO_WAITING, EV_PROC_START, EV_PROC_STOP, EV_STACK, EV_STRING, EV_STW_DONE,
  EV_STW_START, EV_TIMER_GOROUTINE, EV_USER_LOG, EV_USER_REGION, EV_USER_TASK_CREATE, EV_USER_TASK_END,
  GC_P, NETPOLL_P, PROFILE_P, SYSCALL_P, TIMER_P, V1_HAS_STACK, V1_NAMES,
} from './wire';

type Proc = {
  pid: number;
  /** Its batches (indexes into the index's batch lists), the next one to load. */
  batches: number[];
  next: number;
  /** The loaded batch's events: rows [0, len), the head at `pos`. */
  ev: V1Events;
  len: number;
  pos: number;
  done: boolean;
  /** Go's lastGs[P]: the goroutine running at the end of the last loaded batch. */
  lastG: number;
  /**
   * Whether its head event was not ready when last looked at, waiting on goroutine `waitG`'s
   * sequence or status (which only a merged event of that goroutine changes).
   */
  blocked: boolean;
  waitG: number;
};

// goroutine states of the merge (tracev1/order.go)
const G_DEAD = 0, G_RUNNABLE = 1, G_RUNNING = 2, G_WAITING = 3;
const UNORDERED = -1, GARBAGE = -2;
const NOSEQ = -1, SEQINC = -2;

export const ERR_TIME_ORDER = 'time stamps out of order';

/** Thrown to stop a truncated trace's stream at the last consistent point. */
class Stop extends Error {}

/**
 * The events of a v1 trace in Go's final order, validated, times in ns: `peek(k)` and `take()`
 * give rows of `out`, a ring that may grow (and its rows move) on the next call: read a row's
 * fields, from `out` as it is then, before calling again.
 */
export class V1EventStream {
  /** UserLog messages (Go's InlineStrings), by the index UserLog events carry in a3. */
  readonly inlineStrings: string[] = [];
  private readonly inlineIds = new Map<string, number>();
  /** Why a truncated trace's stream ended before its last event ('' if it did not). */
  stoppedBy = '';
  /** Events of the stream so far. */
  yielded = 0;
  /** Time (ns) of the last event yielded. */
  lastTime = 0;
  /** The events read ahead of the consumer: absolute positions [outHead, outTail). */
  out = new V1Events(1024);
  private outHead = 0;
  private outTail = 0;
  private ended = false;

  private readonly procs: Proc[] = [];
  /** Procs whose head event is not in the frontier (indexes into procs). */
  private readonly available: number[] = [];
  /** The merge frontier: a min-heap of procs by their head event's time. */
  private readonly frontier: Int32Array;
  private readonly frontierTs: Float64Array;
  private frontierLen = 0;
  private readonly gSeq = new IdTable(0);
  private readonly gStatus = new IdTable(G_DEAD);
  private mergeDone = false;
  private lastMergedTs = -Infinity;
  private merged = 0;
  private readonly lastSysBlock = new IdTable(0);
  // the re-sort window: events in merged order (a ring, [qHead, qTail)), and moved syscall
  // exits in a pool (free rows in movedFree) with a heap of its rows by (key, idx)
  private queue = new V1Events(4096);
  private qHead = 0;
  private qTail = 0;
  private moved = new V1Events(64);
  private readonly movedHeap: number[] = [];
  private readonly movedFree: number[] = [];
  private movedUsed = 0;
  private minTs = NaN;
  private readonly freq: number;
  // postProcessTrace's state: a goroutine's state + 1 (0: never seen), its last event, assist
  private readonly vState = new IdTable(0);
  private readonly vLastEv = new IdTable(0);
  private readonly vAssist = new IdTable(0);
  private readonly pRunning = new IdTable(0);
  private readonly pG = new IdTable(0);
  private readonly pSweep = new IdTable(0);
  private readonly tasks = new Set<number>();
  private readonly regions = new Map<number, number[]>();
  private inGC = false;
  /** 1 for the stack ids the stack table has (an event's unknown stack reads as none). */
  private readonly knownStack = new IdTable(0);
  private inSTW = false;
  // batch decoding
  private readonly args = new Float64Array(2048);
  private pos = 0;

  constructor(
    private readonly buf: Uint8Array,
    private readonly ix: V1Index,
    /** A truncated file: stop at the first inconsistency instead of failing. */
    private readonly lenient: boolean,
    /** Bytes of the batches decoded so far (progress). */
    private readonly onBatch?: (bytes: number) => void,
  ) {
    const byP = new Map<number, number[]>();
    for (let i = 0; i < ix.batchStart.length; i++) {
      const p = ix.batchP[i]!;
      let l = byP.get(p);
      if (!l) byP.set(p, (l = []));
      l.push(i);
    }
    for (const pid of ix.procs) {
      this.procs.push({ pid, batches: byP.get(pid)!, next: 0, ev: new V1Events(1024), len: 0, pos: 0, done: false, lastG: 0, blocked: false, waitG: 0 });
    }
    // CPU samples: their own stream, sorted by their real time (Go: slices.SortFunc by Ts).
    const cpu = ix.cpu;
    const order = cpu.ts.map((_, i) => i).sort((a, b) => cpu.ts[a]! - cpu.ts[b]! || a - b);
    const samples = new V1Events(Math.max(1, order.length));
    order.forEach((i, k) => {
      samples.type[k] = EV_CPU_SAMPLE;
      samples.ts[k] = cpu.ts[i]!;
      samples.p[k] = cpu.p[i]!;
      samples.g[k] = cpu.g[i]!;
      samples.stk[k] = cpu.stk[i]!;
    });
    this.procs.push({ pid: PROFILE_P, batches: [], next: 0, ev: samples, len: order.length, pos: 0, done: false, lastG: 0, blocked: false, waitG: 0 });
    for (let i = 0; i < this.procs.length; i++) this.available.push(i);
    this.frontier = new Int32Array(this.procs.length);
    this.frontierTs = new Float64Array(this.procs.length);
    this.freq = ix.ticksPerSec > 0 ? 1e9 / ix.ticksPerSec : 1;
    for (const id of ix.stacks.keys()) this.knownStack.set(id, 1);
  }

  // ---- batches ---------------------------------------------------------------------------

  /** The uvarint at `this.pos` (the first pass checked every one). */
  private u(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = buf[pos++]!;
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let v = b & 0x7f;
    let mul = 128;
    for (;;) {
      b = buf[pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) break;
      mul *= 128;
    }
    this.pos = pos;
    return v;
  }

  /** Go's loadBatch: the next batch of `proc` decoded into its rows; false when it has none left. */
  private loadBatch(proc: Proc): boolean {
    if (proc.next >= proc.batches.length) return false;
    const bi = proc.batches[proc.next++]!;
    const ix = this.ix;
    const start = ix.batchStart[bi]!;
    const end = bi + 1 < ix.batchStart.length ? ix.batchStart[bi + 1]! : ix.dataEnd;
    const buf = this.buf;
    this.pos = start + 1;
    const pid = proc.pid;
    this.u(); // P
    let lastTs = this.u();
    let lastG = proc.lastG;
    let ev = proc.ev;
    let k = 0;
    const args = this.args;
    while (this.pos < end) {
      const b = buf[this.pos++]!;
      const typ = b & 0x3f;
      const narg = (b >> 6) + 1;
      if (typ === EV_STRING) {
        this.u();
        const ln = this.u();
        this.pos += ln;
        continue;
      }
      let n = 0;
      let msg = '';
      if (narg <= 3) {
        for (; n < narg; n++) args[n] = this.u();
      } else {
        const len = this.u();
        const e = this.pos + len;
        while (this.pos < e) args[n++] = this.u();
        if (typ === EV_USER_LOG) {
          const sl = this.u();
          msg = sl === 0 ? '' : textDecoder.decode(buf.subarray(this.pos, this.pos + sl));
          this.pos += sl;
        }
      }
      if (typ === EV_CPU_SAMPLE || typ === EV_STACK || typ === EV_FREQUENCY || typ === EV_TIMER_GOROUTINE || typ === EV_BATCH) continue;
      if (k === ev.cap) proc.ev = ev = ev.grown(0, k);
      ev.type[k] = typ;
      ev.p[k] = pid;
      lastTs += args[0]!;
      ev.ts[k] = lastTs;
      const hasStack = V1_HAS_STACK[typ]!;
      const m = n - hasStack;
      const a0 = m > 1 ? args[1]! : 0;
      ev.a0[k] = a0;
      ev.a1[k] = m > 2 ? args[2]! : 0;
      ev.a2[k] = m > 3 ? args[3]! : 0;
      ev.a3[k] = m > 4 ? args[4]! : 0;
      if (hasStack) {
        const stk = args[n - 1]!;
        ev.stk[k] = stk < 4294967296 ? stk : stk % 4294967296;
      } else ev.stk[k] = 0;
      let g = lastG;
      switch (typ) {
        case EV_GO_START: case EV_GO_START_LOCAL: case EV_GO_START_LABEL:
          lastG = a0;
          g = a0;
          break;
        case EV_GO_END: case EV_GO_STOP: case EV_GO_SCHED: case EV_GO_PREEMPT: case EV_GO_SLEEP: case EV_GO_BLOCK:
        case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT: case EV_GO_BLOCK_SYNC:
        case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_SYS_BLOCK: case EV_GO_BLOCK_GC:
          lastG = 0;
          break;
        case EV_GO_SYS_EXIT: case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
          g = a0;
          break;
        case EV_USER_LOG: {
          let id = this.inlineIds.get(msg);
          if (id === undefined) {
            id = this.inlineStrings.length;
            this.inlineIds.set(msg, id);
            this.inlineStrings.push(msg);
          }
          ev.a3[k] = id;
          break;
        }
      }
      ev.g[k] = g;
      k++;
    }
    proc.len = k;
    proc.pos = 0;
    proc.lastG = lastG;
    this.onBatch?.(end - start);
    return true;
  }

  // ---- the merge (Go's parseEventBatches) ------------------------------------------------

  // stateTransition's results
  private tg = 0;
  private initSeq = 0;
  private initStatus = 0;
  private nextSeq = 0;
  private nextStatus = 0;
  /** The goroutine whose sequence or status the last merged event set (UNORDERED: none). */
  private movedG = UNORDERED;

  /** Go's stateTransition for row `i` of `ev`. */
  private stateTransition(ev: V1Events, i: number): void {
    switch (ev.type[i]) {
      case EV_GO_CREATE:
        this.set(ev.a0[i]!, 0, G_DEAD, 1, G_RUNNABLE);
        return;
      case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
        this.set(ev.g[i]!, 1, G_RUNNABLE, 2, G_WAITING);
        return;
      case EV_GO_START: case EV_GO_START_LABEL: {
        const seq = ev.a1[i]!;
        this.set(ev.g[i]!, seq, G_RUNNABLE, seq + 1, G_RUNNING);
        return;
      }
      case EV_GO_START_LOCAL:
        this.set(ev.g[i]!, NOSEQ, G_RUNNABLE, SEQINC, G_RUNNING);
        return;
      case EV_GO_BLOCK: case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT:
      case EV_GO_BLOCK_SYNC: case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_SLEEP:
      case EV_GO_SYS_BLOCK: case EV_GO_BLOCK_GC:
        this.set(ev.g[i]!, NOSEQ, G_RUNNING, NOSEQ, G_WAITING);
        return;
      case EV_GO_SCHED: case EV_GO_PREEMPT:
        this.set(ev.g[i]!, NOSEQ, G_RUNNING, NOSEQ, G_RUNNABLE);
        return;
      case EV_GO_UNBLOCK: case EV_GO_SYS_EXIT: {
        const seq = ev.a1[i]!;
        this.set(ev.a0[i]!, seq, G_WAITING, seq + 1, G_RUNNABLE);
        return;
      }
      case EV_GO_UNBLOCK_LOCAL: case EV_GO_SYS_EXIT_LOCAL:
        this.set(ev.a0[i]!, NOSEQ, G_WAITING, SEQINC, G_RUNNABLE);
        return;
      case EV_GC_START: {
        const seq = ev.a0[i]!;
        this.set(GARBAGE, seq, G_DEAD, seq + 1, G_DEAD);
        return;
      }
      default:
        this.tg = UNORDERED;
    }
  }

  private set(g: number, is: number, ist: number, ns: number, nst: number): void {
    this.tg = g;
    this.initSeq = is;
    this.initStatus = ist;
    this.nextSeq = ns;
    this.nextStatus = nst;
  }

  private ready(): boolean {
    if (this.tg === UNORDERED) return true;
    const is = this.initSeq;
    return (is === NOSEQ || is === this.gSeq.get(this.tg)) && this.initStatus === this.gStatus.get(this.tg);
  }

  private less(i: number, j: number): boolean {
    return this.frontierTs[i]! < this.frontierTs[j]!;
  }

  private swap(i: number, j: number): void {
    const f = this.frontier, ft = this.frontierTs;
    const p = f[i]!, t = ft[i]!;
    f[i] = f[j]!;
    ft[i] = ft[j]!;
    f[j] = p;
    ft[j] = t;
  }

  private heapUp(j: number): void {
    for (;;) {
      const i = (j - 1) >> 1;
      if (i === j || i < 0 || !this.less(j, i)) break;
      this.swap(i, j);
      j = i;
    }
  }

  private heapDown(i0: number, n: number): void {
    let i = i0;
    for (;;) {
      const j1 = 2 * i + 1;
      if (j1 >= n) break;
      let j = j1;
      const j2 = j1 + 1;
      if (j2 < n && this.less(j2, j1)) j = j2;
      if (!this.less(j, i)) break;
      this.swap(i, j);
      i = j;
    }
  }

  /** The proc whose event (its row pos − 1) is the next of the merged stream, or null at its end. */
  private nextMerged(): Proc | null {
    const avail = this.available;
    for (let i = 0; i < avail.length; i++) {
      const pi = avail[i]!;
      const proc = this.procs[pi]!;
      // still blocked: the goroutine it waits on has not moved since it was looked at
      if (proc.blocked && proc.waitG !== this.movedG) continue;
      let gone = false;
      while (proc.pos >= proc.len) {
        if (!this.loadBatch(proc)) {
          proc.done = true;
          avail[i] = avail[avail.length - 1]!;
          avail.pop();
          i--;
          gone = true;
          break;
        }
      }
      if (gone) continue;
      this.stateTransition(proc.ev, proc.pos);
      if (!this.ready()) {
        proc.blocked = true;
        proc.waitG = this.tg;
        continue;
      }
      proc.blocked = false;
      const n = this.frontierLen++;
      this.frontier[n] = pi;
      this.frontierTs[n] = proc.ev.ts[proc.pos]!;
      proc.pos++;
      avail[i] = avail[avail.length - 1]!;
      avail.pop();
      this.heapUp(n);
      i--;
    }
    if (this.frontierLen === 0) {
      for (const p of this.procs) {
        if (!p.done) {
          if (this.lenient) throw new Stop('no consistent ordering of events possible');
          throw new FormatError('no consistent ordering of events possible');
        }
      }
      return null;
    }
    // Go's Pop: swap the root with the last, sift down over the rest, take the last.
    const n = --this.frontierLen;
    this.swap(0, n);
    this.heapDown(0, n);
    const pi = this.frontier[n]!;
    const proc = this.procs[pi]!;
    const ev = proc.ev, r = proc.pos - 1;
    this.stateTransition(ev, r);
    const t = ev.type[r];
    if (t === EV_GO_START_LOCAL) ev.type[r] = EV_GO_START;
    else if (t === EV_GO_UNBLOCK_LOCAL) ev.type[r] = EV_GO_UNBLOCK;
    else if (t === EV_GO_SYS_EXIT_LOCAL) ev.type[r] = EV_GO_SYS_EXIT;
    const tg = this.tg;
    this.movedG = tg;
    if (tg !== UNORDERED) {
      if (!this.ready()) throw this.fail('encountered impossible goroutine state transition');
      let seq = this.nextSeq;
      if (seq === NOSEQ) seq = this.gSeq.get(tg);
      else if (seq === SEQINC) seq = this.gSeq.get(tg) + 1;
      this.gSeq.set(tg, seq);
      this.gStatus.set(tg, this.nextStatus);
    }
    avail.push(pi);
    return proc;
  }

  private fail(msg: string): Error {
    return this.lenient ? new Stop(msg) : new FormatError(msg);
  }

  // ---- the final order (Go: the sorted check, syscall exits' real times, sort.Stable) -----

  /** Whether moved row `a` sorts before moved row `b` (by key, then merge position). */
  private movedBefore(a: number, b: number): boolean {
    const m = this.moved;
    const ka = m.key[a]!, kb = m.key[b]!;
    return ka < kb || (ka === kb && m.idx[a]! < m.idx[b]!);
  }

  private pushMoved(from: V1Events, i: number): void {
    let r = this.movedFree.pop();
    if (r === undefined) {
      if (this.movedUsed === this.moved.cap) this.moved = this.moved.grown(0, this.movedUsed);
      r = this.movedUsed++;
    }
    this.moved.copy(r, from, i);
    const h = this.movedHeap;
    h.push(r);
    let j = h.length - 1;
    while (j > 0) {
      const p = (j - 1) >> 1;
      if (!this.movedBefore(h[j]!, h[p]!)) break;
      const t = h[p]!;
      h[p] = h[j]!;
      h[j] = t;
      j = p;
    }
  }

  /** Takes the first moved row off the heap (its row stays readable until the next push). */
  private popMoved(): number {
    const h = this.movedHeap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.movedBefore(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.movedBefore(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        const t = h[i]!;
        h[i] = h[m]!;
        h[m] = t;
        i = m;
      }
    }
    this.movedFree.push(top);
    return top;
  }

  /** The next event in Go's final order (times still in ticks) copied to `out` at outTail; false at the end. */
  private nextSorted(): boolean {
    const lag = this.ix.sysExitLag;
    for (;;) {
      const q = this.queue;
      const hasQ = this.qHead < this.qTail;
      const qr = this.qHead & q.mask;
      const mr = this.movedHeap.length > 0 ? this.movedHeap[0]! : -1;
      let fromQ = hasQ;
      if (hasQ && mr >= 0) {
        const kq = q.key[qr]!, km = this.moved.key[mr]!;
        fromQ = kq < km || (kq === km && q.idx[qr]! < this.moved.idx[mr]!);
      }
      if (hasQ || mr >= 0) {
        const key = fromQ ? q.key[qr]! : this.moved.key[mr]!;
        if (this.mergeDone || this.lastMergedTs >= key + lag) {
          if (fromQ) {
            this.appendOut(q, qr);
            this.qHead++;
          } else this.appendOut(this.moved, this.popMoved());
          return true;
        }
      }
      if (this.mergeDone) return false;
      let proc: Proc | null;
      try {
        proc = this.nextMerged();
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        this.stoppedBy ||= e.message;
        proc = null;
      }
      if (!proc) {
        this.mergeDone = true;
        continue;
      }
      const ev = proc.ev, r = proc.pos - 1;
      const ts = ev.ts[r]!;
      if (ts < this.lastMergedTs) {
        if (!this.lenient) throw new FormatError(ERR_TIME_ORDER);
        this.stoppedBy ||= ERR_TIME_ORDER;
        this.mergeDone = true;
        continue;
      }
      this.lastMergedTs = ts;
      ev.idx[r] = this.merged++;
      ev.key[r] = ts;
      const t = ev.type[r];
      if (t === EV_GO_SYS_BLOCK || t === EV_GO_IN_SYSCALL) this.lastSysBlock.set(ev.g[r]!, ts);
      else if (t === EV_GO_SYS_EXIT && ev.a2[r] !== 0) {
        const real = ev.a2[r]!;
        const block = this.lastSysBlock.get(ev.g[r]!);
        let bad = '';
        if (block === 0) bad = 'stray syscall exit';
        else if (real < block) bad = ERR_TIME_ORDER;
        if (bad) {
          if (!this.lenient) throw new FormatError(bad);
          this.stoppedBy ||= bad;
          this.mergeDone = true;
          continue;
        }
        ev.key[r] = real;
        this.pushMoved(ev, r);
        continue;
      }
      if (this.qTail - this.qHead === q.cap) this.queue = q.grown(this.qHead, this.qTail);
      this.queue.copy(this.qTail++ & this.queue.mask, ev, r);
    }
  }

  /** Copies row `i` of `from` to `out` at outTail (the ring grows, keeping the last row taken readable). */
  private appendOut(from: V1Events, i: number): void {
    const lo = Math.max(0, this.outHead - 1);
    if (this.outTail - lo >= this.out.cap) this.out = this.out.grown(lo, this.outTail);
    this.out.copy(this.outTail & this.out.mask, from, i);
  }

  // ---- ns, fake Ps and validation (Go's parse and postProcessTrace) ----------------------

  /** Reads the next event of the trace into `out` at outTail, times in ns, validated; false at the end. */
  private fill(): boolean {
    if (this.ended) return false;
    if (!this.nextSorted()) {
      this.ended = true;
      return false;
    }
    const ev = this.out, r = this.outTail & ev.mask;
    const key = ev.key[r]!;
    if (Number.isNaN(this.minTs)) this.minTs = key;
    const ts = Math.trunc((key - this.minTs) * this.freq);
    ev.ts[r] = ts;
    const t = ev.type[r];
    if (t === EV_GO_UNBLOCK && this.ix.timerGoids.has(ev.g[r]!)) ev.p[r] = TIMER_P;
    if (t === EV_GO_SYS_EXIT) ev.p[r] = SYSCALL_P;
    try {
      this.validate(ev, r);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.stoppedBy ||= e.message;
      this.ended = true;
      return false;
    }
    this.outTail++;
    this.yielded++;
    this.lastTime = ts;
    return true;
  }

  /** The row in `out` of the k-th event after those taken (k = 0: the next one), or −1 past the end. */
  peek(k: number): number {
    while (this.outHead + k >= this.outTail) {
      if (!this.fill()) return -1;
    }
    return (this.outHead + k) & this.out.mask;
  }

  /** The row in `out` of the next event, taken; −1 at the end. */
  take(): number {
    const r = this.peek(0);
    if (r >= 0) this.outHead++;
    return r;
  }

  /** A goroutine's validation state (creating it as Go's getOrCreate does). */
  private gState(g: number): number {
    const s = this.vState.get(g);
    if (s !== 0) return s - 1;
    const st = g === 0 ? G_RUNNING : G_DEAD;
    this.vState.set(g, st + 1);
    return st;
  }

  private setGState(g: number, st: number): void {
    this.vState.set(g, st + 1);
  }

  private checkRunning(ev: V1Events, r: number, allowG0: boolean): void {
    const g = ev.g[r]!, p = ev.p[r]!;
    const name = V1_NAMES[ev.type[r]!];
    const ts = ev.ts[r]!;
    if (this.gState(g) !== G_RUNNING) throw this.fail(`g ${g} is not running while ${name} (time ${ts})`);
    if (this.pG.get(p) !== g) throw this.fail(`p ${p} is not running g ${g} while ${name} (time ${ts})`);
    if (!allowG0 && g === 0) throw this.fail(`g 0 did ${name} (time ${ts})`);
  }

  private validate(ev: V1Events, r: number): void {
    const g = ev.g[r]!, p = ev.p[r]!, ts = ev.ts[r]!, a0 = ev.a0[r]!;
    const typ = ev.type[r]!;
    switch (typ) {
      case EV_PROC_START:
        if (this.pRunning.get(p)) throw this.fail(`p ${p} is running before start (time ${ts})`);
        this.pRunning.set(p, 1);
        break;
      case EV_PROC_STOP: {
        if (!this.pRunning.get(p)) throw this.fail(`p ${p} is not running before stop (time ${ts})`);
        const pg = this.pG.get(p);
        if (pg !== 0) throw this.fail(`p ${p} is running a goroutine ${pg} during stop (time ${ts})`);
        this.pRunning.set(p, 0);
        break;
      }
      case EV_GC_START:
        if (this.inGC) throw this.fail(`previous GC is not ended before a new one (time ${ts})`);
        this.inGC = true;
        ev.p[r] = GC_P;
        break;
      case EV_GC_DONE:
        if (!this.inGC) throw this.fail(`bogus GC end (time ${ts})`);
        this.inGC = false;
        break;
      case EV_STW_START:
        if (this.inSTW) throw this.fail(`previous STW is not ended before a new one (time ${ts})`);
        this.inSTW = true;
        break;
      case EV_STW_DONE:
        if (!this.inSTW) throw this.fail(`bogus STW end (time ${ts})`);
        this.inSTW = false;
        break;
      case EV_GC_SWEEP_START:
        if (this.pSweep.get(p)) throw this.fail(`previous sweeping is not ended before a new one (time ${ts})`);
        this.pSweep.set(p, 1);
        break;
      case EV_GC_MARK_ASSIST_START:
        this.gState(g);
        if (this.vAssist.get(g)) throw this.fail(`previous mark assist is not ended before a new one (time ${ts})`);
        this.vAssist.set(g, 1);
        break;
      case EV_GC_MARK_ASSIST_DONE:
        this.gState(g);
        this.vAssist.set(g, 0);
        break;
      case EV_GC_SWEEP_DONE:
        if (!this.pSweep.get(p)) throw this.fail(`bogus sweeping end (time ${ts})`);
        this.pSweep.set(p, 0);
        break;
      case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
        if (this.gState(g) !== G_RUNNABLE) throw this.fail(`g ${g} is not runnable before ${typ === EV_GO_WAITING ? 'EvGoWaiting' : 'EvGoInSyscall'} (time ${ts})`);
        this.setGState(g, G_WAITING);
        this.vLastEv.set(g, typ);
        break;
      case EV_GO_CREATE:
        this.checkRunning(ev, r, true);
        if (this.vState.get(a0) !== 0) throw this.fail(`g ${a0} already exists (time ${ts})`);
        this.setGState(a0, G_RUNNABLE);
        this.vLastEv.set(a0, EV_GO_CREATE);
        this.vAssist.set(a0, 0);
        break;
      case EV_GO_START: case EV_GO_START_LABEL: {
        if (this.gState(g) !== G_RUNNABLE) throw this.fail(`g ${g} is not runnable before start (time ${ts})`);
        const pg = this.pG.get(p);
        if (pg !== 0) throw this.fail(`p ${p} is already running g ${pg} while start g ${g} (time ${ts})`);
        this.setGState(g, G_RUNNING);
        this.pG.set(p, g);
        this.vLastEv.set(g, 0);
        break;
      }
      case EV_GO_END: case EV_GO_STOP:
        this.checkRunning(ev, r, false);
        this.setGState(g, G_DEAD);
        this.pG.set(p, 0);
        if (typ === EV_GO_END) this.regions.delete(g);
        break;
      case EV_GO_SCHED: case EV_GO_PREEMPT:
        this.checkRunning(ev, r, false);
        this.setGState(g, G_RUNNABLE);
        this.pG.set(p, 0);
        this.vLastEv.set(g, typ);
        break;
      case EV_GO_UNBLOCK: {
        if (this.gState(g) !== G_RUNNING) throw this.fail(`g ${g} is not running while unpark (time ${ts})`);
        if (p !== TIMER_P && this.pG.get(p) !== g) throw this.fail(`p ${p} is not running g ${g} while unpark (time ${ts})`);
        if (this.gState(a0) !== G_WAITING) throw this.fail(`g ${a0} is not waiting before unpark (time ${ts})`);
        if (this.vLastEv.get(a0) === EV_GO_BLOCK_NET) ev.p[r] = NETPOLL_P;
        this.setGState(a0, G_RUNNABLE);
        this.vLastEv.set(a0, typ);
        break;
      }
      case EV_GO_SYSCALL:
        this.checkRunning(ev, r, false);
        this.vLastEv.set(g, typ);
        break;
      case EV_GO_SYS_BLOCK:
        this.checkRunning(ev, r, false);
        this.setGState(g, G_WAITING);
        this.pG.set(p, 0);
        break;
      case EV_GO_SYS_EXIT:
        if (this.gState(g) !== G_WAITING) throw this.fail(`g ${g} is not waiting during syscall exit (time ${ts})`);
        this.setGState(g, G_RUNNABLE);
        this.vLastEv.set(g, typ);
        break;
      case EV_GO_SLEEP: case EV_GO_BLOCK: case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT:
      case EV_GO_BLOCK_SYNC: case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_BLOCK_GC:
        this.checkRunning(ev, r, false);
        this.setGState(g, G_WAITING);
        this.vLastEv.set(g, typ);
        this.pG.set(p, 0);
        break;
      case EV_USER_TASK_CREATE:
        if (this.tasks.has(a0)) throw this.fail(`task id conflicts (id:${a0})`);
        this.tasks.add(a0);
        break;
      case EV_USER_TASK_END:
        this.tasks.delete(a0);
        break;
      case EV_USER_REGION: {
        const mode = ev.a1[r]!, a2 = ev.a2[r]!;
        const regions = this.regions.get(g);
        if (mode === 0) {
          if (regions) regions.push(a0, a2);
          else this.regions.set(g, [a0, a2]);
        } else if (mode === 1) {
          if (regions && regions.length > 0) {
            const n = regions.length;
            if (regions[n - 2] !== a0 || regions[n - 1] !== a2) {
              throw this.fail(`misuse of region in goroutine ${g}: span end when the inner-most active span start event is another`);
            }
            regions.length = n - 2;
          }
        } else throw this.fail(`invalid user region mode: ${mode}`);
        break;
      }
    }
    const stk = ev.stk[r]!;
    if (stk !== 0 && this.knownStack.get(stk) === 0) ev.stk[r] = 0;
  }
}

const textDecoder = new TextDecoder();
