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

/** One v1 event (Go's tracev1.Event): time, goroutine, up to four arguments, stack, P, type. */
export class V1Event {
  /** Ticks until the final sort, then nanoseconds since the first event. */
  ts = 0;
  /** The time it sorts by (its real time for a syscall exit that has one). */
  key = 0;
  /** Position in the merged stream (the stable sort's tie-break). */
  idx = 0;
  g = 0;
  a0 = 0;
  a1 = 0;
  a2 = 0;
  a3 = 0;
  stk = 0;
  p = 0;
  /** Event type (v1); a UserLog's a3 is its message's index among the inline strings. */
  type = 0;
}

type Proc = { pid: number; batches: number[]; next: number; events: V1Event[]; pos: number; done: boolean };

// goroutine states of the merge (tracev1/order.go)
const G_DEAD = 0, G_RUNNABLE = 1, G_RUNNING = 2, G_WAITING = 3;
const UNORDERED = -1, GARBAGE = -2;
const NOSEQ = -1, SEQINC = -2;

export const ERR_TIME_ORDER = 'time stamps out of order';

/** Thrown to stop a truncated trace's stream at the last consistent point. */
class Stop extends Error {}

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

  private readonly procs: Proc[] = [];
  private available: Proc[] = [];
  private readonly frontier: V1Event[] = [];
  private readonly frontierProc: Proc[] = [];
  private readonly gs = new Map<number, { seq: number; status: number }>();
  private mergeDone = false;
  private lastMergedTs = -Infinity;
  private merged = 0;
  private readonly lastSysBlock = new Map<number, number>();
  // the re-sort window: events in merged order, and moved syscall exits in a heap by (key, idx)
  private queue: V1Event[] = [];
  private qHead = 0;
  private readonly moved: V1Event[] = [];
  private minTs = NaN;
  private readonly freq: number;
  // postProcessTrace's state
  private readonly pg = new Map<number, { state: number; lastEv: number; assist: boolean }>();
  private readonly pp = new Map<number, { running: boolean; g: number; sweep: boolean }>();
  private readonly tasks = new Set<number>();
  private readonly regions = new Map<number, number[]>();
  private inGC = false;
  private inSTW = false;
  // batch decoding state (Go's lastGs, lastP, lastG)
  private readonly lastGs = new Map<number, number>();
  private readonly args: number[] = [];

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
    for (const pid of ix.procs) this.procs.push({ pid, batches: byP.get(pid)!, next: 0, events: [], pos: 0, done: false });
    // CPU samples: their own stream, sorted by their real time (Go: slices.SortFunc by Ts).
    const cpu = ix.cpu;
    const order = cpu.ts.map((_, i) => i).sort((a, b) => cpu.ts[a]! - cpu.ts[b]! || a - b);
    const samples: V1Event[] = order.map((i) => {
      const e = new V1Event();
      e.type = EV_CPU_SAMPLE;
      e.ts = cpu.ts[i]!;
      e.p = cpu.p[i]!;
      e.g = cpu.g[i]!;
      e.stk = cpu.stk[i]!;
      return e;
    });
    this.procs.push({ pid: PROFILE_P, batches: [], next: 0, events: samples, pos: 0, done: false });
    this.available = this.procs.slice();
    this.freq = ix.ticksPerSec > 0 ? 1e9 / ix.ticksPerSec : 1;
  }

  // ---- batches ---------------------------------------------------------------------------

  private u(c: { pos: number }): number {
    const buf = this.buf;
    let b = buf[c.pos++]!;
    if (b < 0x80) return b;
    let v = b & 0x7f;
    let mul = 128;
    for (;;) {
      b = buf[c.pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  }

  /** Go's loadBatch: the next batch of `proc` decoded into events; false when it has none left. */
  private loadBatch(proc: Proc): boolean {
    if (proc.next >= proc.batches.length) return false;
    const bi = proc.batches[proc.next++]!;
    const ix = this.ix;
    const start = ix.batchStart[bi]!;
    const end = bi + 1 < ix.batchStart.length ? ix.batchStart[bi + 1]! : ix.dataEnd;
    const buf = this.buf;
    const c = { pos: start + 1 };
    const pid = proc.pid;
    this.u(c); // P
    let lastTs = this.u(c);
    let lastG = this.lastGs.get(pid) ?? 0;
    const out = proc.events;
    out.length = 0;
    proc.pos = 0;
    const args = this.args;
    while (c.pos < end) {
      const b = buf[c.pos++]!;
      const typ = b & 0x3f;
      const narg = (b >> 6) + 1;
      if (typ === EV_STRING) {
        this.u(c);
        const ln = this.u(c);
        c.pos += ln;
        continue;
      }
      args.length = 0;
      let msg = '';
      if (narg <= 3) {
        for (let i = 0; i < narg; i++) args.push(this.u(c));
      } else {
        const len = this.u(c);
        const e = c.pos + len;
        while (c.pos < e) args.push(this.u(c));
        if (typ === EV_USER_LOG) {
          const sl = this.u(c);
          msg = sl === 0 ? '' : textDecoder.decode(buf.subarray(c.pos, c.pos + sl));
          c.pos += sl;
        }
      }
      if (typ === EV_CPU_SAMPLE || typ === EV_STACK || typ === EV_FREQUENCY || typ === EV_TIMER_GOROUTINE || typ === EV_BATCH) continue;
      const ev = new V1Event();
      ev.type = typ;
      ev.p = pid;
      ev.g = lastG;
      lastTs += args[0]!;
      ev.ts = lastTs;
      const hasStack = V1_HAS_STACK[typ]!;
      const n = args.length - hasStack;
      if (n > 1) ev.a0 = args[1]!;
      if (n > 2) ev.a1 = args[2]!;
      if (n > 3) ev.a2 = args[3]!;
      if (n > 4) ev.a3 = args[4]!;
      if (hasStack) ev.stk = args[args.length - 1]! % 4294967296;
      switch (typ) {
        case EV_GO_START: case EV_GO_START_LOCAL: case EV_GO_START_LABEL:
          lastG = ev.a0;
          ev.g = lastG;
          break;
        case EV_GO_END: case EV_GO_STOP: case EV_GO_SCHED: case EV_GO_PREEMPT: case EV_GO_SLEEP: case EV_GO_BLOCK:
        case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT: case EV_GO_BLOCK_SYNC:
        case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_SYS_BLOCK: case EV_GO_BLOCK_GC:
          lastG = 0;
          break;
        case EV_GO_SYS_EXIT: case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
          ev.g = ev.a0;
          break;
        case EV_USER_LOG: {
          let id = this.inlineIds.get(msg);
          if (id === undefined) {
            id = this.inlineStrings.length;
            this.inlineIds.set(msg, id);
            this.inlineStrings.push(msg);
          }
          ev.a3 = id;
          break;
        }
      }
      out.push(ev);
    }
    this.lastGs.set(pid, lastG);
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

  private stateTransition(ev: V1Event): void {
    switch (ev.type) {
      case EV_GO_CREATE:
        this.set(ev.a0, 0, G_DEAD, 1, G_RUNNABLE);
        return;
      case EV_GO_WAITING: case EV_GO_IN_SYSCALL:
        this.set(ev.g, 1, G_RUNNABLE, 2, G_WAITING);
        return;
      case EV_GO_START: case EV_GO_START_LABEL:
        this.set(ev.g, ev.a1, G_RUNNABLE, ev.a1 + 1, G_RUNNING);
        return;
      case EV_GO_START_LOCAL:
        this.set(ev.g, NOSEQ, G_RUNNABLE, SEQINC, G_RUNNING);
        return;
      case EV_GO_BLOCK: case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT:
      case EV_GO_BLOCK_SYNC: case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_SLEEP:
      case EV_GO_SYS_BLOCK: case EV_GO_BLOCK_GC:
        this.set(ev.g, NOSEQ, G_RUNNING, NOSEQ, G_WAITING);
        return;
      case EV_GO_SCHED: case EV_GO_PREEMPT:
        this.set(ev.g, NOSEQ, G_RUNNING, NOSEQ, G_RUNNABLE);
        return;
      case EV_GO_UNBLOCK: case EV_GO_SYS_EXIT:
        this.set(ev.a0, ev.a1, G_WAITING, ev.a1 + 1, G_RUNNABLE);
        return;
      case EV_GO_UNBLOCK_LOCAL: case EV_GO_SYS_EXIT_LOCAL:
        this.set(ev.a0, NOSEQ, G_WAITING, SEQINC, G_RUNNABLE);
        return;
      case EV_GC_START:
        this.set(GARBAGE, ev.a0, G_DEAD, ev.a0 + 1, G_DEAD);
        return;
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
    const cur = this.gs.get(this.tg);
    const seq = cur ? cur.seq : 0, status = cur ? cur.status : G_DEAD;
    return (this.initSeq === NOSEQ || this.initSeq === seq) && this.initStatus === status;
  }

  private less(i: number, j: number): boolean {
    return this.frontier[i]!.ts < this.frontier[j]!.ts;
  }

  private swap(i: number, j: number): void {
    const f = this.frontier, fp = this.frontierProc;
    const e = f[i]!, p = fp[i]!;
    f[i] = f[j]!;
    fp[i] = fp[j]!;
    f[j] = e;
    fp[j] = p;
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

  /** The next event of the merged stream, or null at its end. */
  private nextMerged(): V1Event | null {
    const avail = this.available;
    for (let i = 0; i < avail.length; i++) {
      const proc = avail[i]!;
      let gone = false;
      while (proc.pos >= proc.events.length) {
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
      const ev = proc.events[proc.pos]!;
      this.stateTransition(ev);
      if (!this.ready()) continue;
      proc.pos++;
      avail[i] = avail[avail.length - 1]!;
      avail.pop();
      this.frontier.push(ev);
      this.frontierProc.push(proc);
      this.heapUp(this.frontier.length - 1);
      i--;
    }
    if (this.frontier.length === 0) {
      for (const p of this.procs) {
        if (!p.done) {
          if (this.lenient) throw new Stop('no consistent ordering of events possible');
          throw new FormatError('no consistent ordering of events possible');
        }
      }
      return null;
    }
    // Go's Pop: swap the root with the last, sift down over the rest, take the last.
    const n = this.frontier.length - 1;
    this.swap(0, n);
    this.heapDown(0, n);
    const ev = this.frontier.pop()!;
    const proc = this.frontierProc.pop()!;
    this.stateTransition(ev);
    if (ev.type === EV_GO_START_LOCAL) ev.type = EV_GO_START;
    else if (ev.type === EV_GO_UNBLOCK_LOCAL) ev.type = EV_GO_UNBLOCK;
    else if (ev.type === EV_GO_SYS_EXIT_LOCAL) ev.type = EV_GO_SYS_EXIT;
    if (this.tg !== UNORDERED) {
      if (!this.ready()) throw this.fail('encountered impossible goroutine state transition');
      const cur = this.gs.get(this.tg);
      const curSeq = cur ? cur.seq : 0;
      let seq = this.nextSeq;
      if (seq === NOSEQ) seq = curSeq;
      else if (seq === SEQINC) seq = curSeq + 1;
      if (cur) {
        cur.seq = seq;
        cur.status = this.nextStatus;
      } else this.gs.set(this.tg, { seq, status: this.nextStatus });
    }
    avail.push(proc);
    return ev;
  }

  private fail(msg: string): Error {
    return this.lenient ? new Stop(msg) : new FormatError(msg);
  }

  // ---- the final order (Go: the sorted check, syscall exits' real times, sort.Stable) -----

  private pushMoved(ev: V1Event): void {
    const h = this.moved;
    h.push(ev);
    let j = h.length - 1;
    while (j > 0) {
      const i = (j - 1) >> 1;
      if (!before(h[j]!, h[i]!)) break;
      const t = h[i]!;
      h[i] = h[j]!;
      h[j] = t;
      j = i;
    }
  }

  private popMoved(): V1Event {
    const h = this.moved;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l]!, h[m]!)) m = l;
        if (r < h.length && before(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        const t = h[i]!;
        h[i] = h[m]!;
        h[m] = t;
        i = m;
      }
    }
    return top;
  }

  /** The next event in Go's final order (times still in ticks), or null. */
  private nextSorted(): V1Event | null {
    const lag = this.ix.sysExitLag;
    for (;;) {
      const q = this.qHead < this.queue.length ? this.queue[this.qHead]! : null;
      const m = this.moved.length > 0 ? this.moved[0]! : null;
      const cand = q && (!m || before(q, m)) ? q : m;
      if (cand && (this.mergeDone || this.lastMergedTs >= cand.key + lag)) {
        if (cand === q) {
          this.qHead++;
          if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.qHead);
            this.qHead = 0;
          }
        } else this.popMoved();
        return cand;
      }
      if (this.mergeDone) return null;
      let ev: V1Event | null;
      try {
        ev = this.nextMerged();
      } catch (e) {
        if (!(e instanceof Stop)) throw e;
        this.stoppedBy ||= e.message;
        ev = null;
      }
      if (!ev) {
        this.mergeDone = true;
        continue;
      }
      if (ev.ts < this.lastMergedTs) {
        if (!this.lenient) throw new FormatError(ERR_TIME_ORDER);
        this.stoppedBy ||= ERR_TIME_ORDER;
        this.mergeDone = true;
        continue;
      }
      this.lastMergedTs = ev.ts;
      ev.idx = this.merged++;
      ev.key = ev.ts;
      const t = ev.type;
      if (t === EV_GO_SYS_BLOCK || t === EV_GO_IN_SYSCALL) this.lastSysBlock.set(ev.g, ev.ts);
      else if (t === EV_GO_SYS_EXIT && ev.a2 !== 0) {
        const block = this.lastSysBlock.get(ev.g) ?? 0;
        let bad = '';
        if (block === 0) bad = 'stray syscall exit';
        else if (ev.a2 < block) bad = ERR_TIME_ORDER;
        if (bad) {
          if (!this.lenient) throw new FormatError(bad);
          this.stoppedBy ||= bad;
          this.mergeDone = true;
          continue;
        }
        ev.key = ev.a2;
        this.pushMoved(ev);
        continue;
      }
      this.queue.push(ev);
    }
  }

  // ---- ns, fake Ps and validation (Go's parse and postProcessTrace) ----------------------

  /** The next event of the trace, times in ns, validated; null at the end. */
  next(): V1Event | null {
    if (this.stopped) return null;
    const ev = this.nextSorted();
    if (!ev) return null;
    if (Number.isNaN(this.minTs)) this.minTs = ev.key;
    ev.ts = Math.trunc((ev.key - this.minTs) * this.freq);
    if (ev.type === EV_GO_UNBLOCK && this.ix.timerGoids.has(ev.g)) ev.p = TIMER_P;
    if (ev.type === EV_GO_SYS_EXIT) ev.p = SYSCALL_P;
    try {
      this.validate(ev);
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
      this.stoppedBy ||= e.message;
      this.stopped = true;
      return null;
    }
    this.yielded++;
    this.lastTime = ev.ts;
    return ev;
  }

  private stopped = false;

  private gd(g: number) {
    let d = this.pg.get(g);
    if (!d) this.pg.set(g, (d = { state: g === 0 ? G_RUNNING : G_DEAD, lastEv: 0, assist: false }));
    return d;
  }

  private pd(p: number) {
    let d = this.pp.get(p);
    if (!d) this.pp.set(p, (d = { running: false, g: 0, sweep: false }));
    return d;
  }

  private checkRunning(p: { g: number }, g: { state: number }, ev: V1Event, allowG0: boolean): void {
    const name = V1_NAMES[ev.type];
    if (g.state !== G_RUNNING) throw this.fail(`g ${ev.g} is not running while ${name} (time ${ev.ts})`);
    if (p.g !== ev.g) throw this.fail(`p ${ev.p} is not running g ${ev.g} while ${name} (time ${ev.ts})`);
    if (!allowG0 && ev.g === 0) throw this.fail(`g 0 did ${name} (time ${ev.ts})`);
  }

  private validate(ev: V1Event): void {
    switch (ev.type) {
      case EV_PROC_START: {
        const p = this.pd(ev.p);
        if (p.running) throw this.fail(`p ${ev.p} is running before start (time ${ev.ts})`);
        p.running = true;
        break;
      }
      case EV_PROC_STOP: {
        const p = this.pd(ev.p);
        if (!p.running) throw this.fail(`p ${ev.p} is not running before stop (time ${ev.ts})`);
        if (p.g !== 0) throw this.fail(`p ${ev.p} is running a goroutine ${p.g} during stop (time ${ev.ts})`);
        p.running = false;
        break;
      }
      case EV_GC_START:
        if (this.inGC) throw this.fail(`previous GC is not ended before a new one (time ${ev.ts})`);
        this.inGC = true;
        ev.p = GC_P;
        break;
      case EV_GC_DONE:
        if (!this.inGC) throw this.fail(`bogus GC end (time ${ev.ts})`);
        this.inGC = false;
        break;
      case EV_STW_START:
        if (this.inSTW) throw this.fail(`previous STW is not ended before a new one (time ${ev.ts})`);
        this.inSTW = true;
        break;
      case EV_STW_DONE:
        if (!this.inSTW) throw this.fail(`bogus STW end (time ${ev.ts})`);
        this.inSTW = false;
        break;
      case EV_GC_SWEEP_START: {
        const p = this.pd(ev.p);
        if (p.sweep) throw this.fail(`previous sweeping is not ended before a new one (time ${ev.ts})`);
        p.sweep = true;
        break;
      }
      case EV_GC_MARK_ASSIST_START: {
        const g = this.gd(ev.g);
        if (g.assist) throw this.fail(`previous mark assist is not ended before a new one (time ${ev.ts})`);
        g.assist = true;
        break;
      }
      case EV_GC_MARK_ASSIST_DONE:
        this.gd(ev.g).assist = false;
        break;
      case EV_GC_SWEEP_DONE: {
        const p = this.pd(ev.p);
        if (!p.sweep) throw this.fail(`bogus sweeping end (time ${ev.ts})`);
        p.sweep = false;
        break;
      }
      case EV_GO_WAITING: case EV_GO_IN_SYSCALL: {
        const g = this.gd(ev.g);
        if (g.state !== G_RUNNABLE) throw this.fail(`g ${ev.g} is not runnable before ${ev.type === EV_GO_WAITING ? 'EvGoWaiting' : 'EvGoInSyscall'} (time ${ev.ts})`);
        g.state = G_WAITING;
        g.lastEv = ev.type;
        break;
      }
      case EV_GO_CREATE: {
        const g = this.gd(ev.g);
        this.checkRunning(this.pd(ev.p), g, ev, true);
        if (this.pg.has(ev.a0)) throw this.fail(`g ${ev.a0} already exists (time ${ev.ts})`);
        this.pg.set(ev.a0, { state: G_RUNNABLE, lastEv: EV_GO_CREATE, assist: false });
        break;
      }
      case EV_GO_START: case EV_GO_START_LABEL: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        if (g.state !== G_RUNNABLE) throw this.fail(`g ${ev.g} is not runnable before start (time ${ev.ts})`);
        if (p.g !== 0) throw this.fail(`p ${ev.p} is already running g ${p.g} while start g ${ev.g} (time ${ev.ts})`);
        g.state = G_RUNNING;
        p.g = ev.g;
        g.lastEv = 0;
        break;
      }
      case EV_GO_END: case EV_GO_STOP: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        this.checkRunning(p, g, ev, false);
        g.state = G_DEAD;
        p.g = 0;
        if (ev.type === EV_GO_END) this.regions.delete(ev.g);
        break;
      }
      case EV_GO_SCHED: case EV_GO_PREEMPT: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        this.checkRunning(p, g, ev, false);
        g.state = G_RUNNABLE;
        p.g = 0;
        g.lastEv = ev.type;
        break;
      }
      case EV_GO_UNBLOCK: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        if (g.state !== G_RUNNING) throw this.fail(`g ${ev.g} is not running while unpark (time ${ev.ts})`);
        if (ev.p !== TIMER_P && p.g !== ev.g) throw this.fail(`p ${ev.p} is not running g ${ev.g} while unpark (time ${ev.ts})`);
        const g1 = this.gd(ev.a0);
        if (g1.state !== G_WAITING) throw this.fail(`g ${ev.a0} is not waiting before unpark (time ${ev.ts})`);
        if (g1.lastEv === EV_GO_BLOCK_NET) ev.p = NETPOLL_P;
        g1.state = G_RUNNABLE;
        g1.lastEv = ev.type;
        break;
      }
      case EV_GO_SYSCALL: {
        const g = this.gd(ev.g);
        this.checkRunning(this.pd(ev.p), g, ev, false);
        g.lastEv = ev.type;
        break;
      }
      case EV_GO_SYS_BLOCK: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        this.checkRunning(p, g, ev, false);
        g.state = G_WAITING;
        p.g = 0;
        break;
      }
      case EV_GO_SYS_EXIT: {
        const g = this.gd(ev.g);
        if (g.state !== G_WAITING) throw this.fail(`g ${ev.g} is not waiting during syscall exit (time ${ev.ts})`);
        g.state = G_RUNNABLE;
        g.lastEv = ev.type;
        break;
      }
      case EV_GO_SLEEP: case EV_GO_BLOCK: case EV_GO_BLOCK_SEND: case EV_GO_BLOCK_RECV: case EV_GO_BLOCK_SELECT:
      case EV_GO_BLOCK_SYNC: case EV_GO_BLOCK_COND: case EV_GO_BLOCK_NET: case EV_GO_BLOCK_GC: {
        const g = this.gd(ev.g);
        const p = this.pd(ev.p);
        this.checkRunning(p, g, ev, false);
        g.state = G_WAITING;
        g.lastEv = ev.type;
        p.g = 0;
        break;
      }
      case EV_USER_TASK_CREATE:
        if (this.tasks.has(ev.a0)) throw this.fail(`task id conflicts (id:${ev.a0})`);
        this.tasks.add(ev.a0);
        break;
      case EV_USER_TASK_END:
        this.tasks.delete(ev.a0);
        break;
      case EV_USER_REGION: {
        const mode = ev.a1;
        const regions = this.regions.get(ev.g);
        if (mode === 0) {
          if (regions) regions.push(ev.a0, ev.a2);
          else this.regions.set(ev.g, [ev.a0, ev.a2]);
        } else if (mode === 1) {
          if (regions && regions.length > 0) {
            const n = regions.length;
            if (regions[n - 2] !== ev.a0 || regions[n - 1] !== ev.a2) {
              throw this.fail(`misuse of region in goroutine ${ev.g}: span end when the inner-most active span start event is another`);
            }
            regions.length = n - 2;
          }
        } else throw this.fail(`invalid user region mode: ${mode}`);
        break;
      }
    }
    if (ev.stk !== 0 && !this.ix.stacks.has(ev.stk)) ev.stk = 0;
  }
}

const textDecoder = new TextDecoder();

/** Stable-sort order: by time, then by position in the merged stream. */
function before(a: V1Event, b: V1Event): boolean {
  return a.key < b.key || (a.key === b.key && a.idx < b.idx);
}
