// Per-goroutine time statistics, tasks and regions of a trace, as Go's internal/trace
// Summarizer computes them for `go tool trace`'s Goroutines, Tasks and Regions pages: one pass
// over the events in the Reader's order, the same state and the same rules, so every figure
// equals Go's (trace.out.analysis.json).
//
// Times are the model's (Ns since the first event). Go's summarizer uses the absolute time 0 as
// "unset"; here that is ZERO = -startAbsNs, the absolute 0 on the model's axis, so that every
// sum (and cmd/trace's use of a StartTime of 0) comes out as Go's.

import {
  GoState,
  TraceCode as C,
  TraceKind as K,
  eventTime,
  kindOfCode,
  ProcState,
  type TraceModel,
} from '../../model/trace';
import { forEachEventChunk, goTransition, transitionReason, transitionStack } from './event-chunks';

/** GoroutineExecStats: non-overlapping times (ns) plus the total and the ranges (which overlap). */
export type ExecStats = {
  execNs: number;
  schedWaitNs: number;
  /** By reason string (as the runtime wrote it). */
  blockNs: Map<string, number>;
  syscallNs: number;
  syscallBlockNs: number;
  totalNs: number;
  /** By range name ("GC mark assist", "GC incremental sweep", "stop-the-world (…)"). */
  rangeNs: Map<string, number>;
};

export type RegionSummary = {
  /** Task id (0: the background task). */
  task: number;
  /** Region type; "" for the synthetic region of a goroutine created inside a region. */
  name: string;
  /** Goroutine index. */
  g: number;
  /** Event index that began it (RegionBegin, or the creation for a synthetic one), -1 none. */
  startEvent: number;
  /** Event that ended it (RegionEnd, or the goroutine's end), -1 none. */
  endEvent: number;
  start: number; // Ns, NaN when startEvent is -1
  end: number; // Ns, NaN when endEvent is -1
};

export type GoroutineSummary = ExecStats & {
  /** Goroutine index in the model. */
  g: number;
  /** Start function: the root frame of the first transition stack seen; "" none. */
  name: string;
  /** The stack that named it (-1 none). */
  nameStack: number;
  creationTime: number;
  /** First time it ran; ZERO (see summarizeTrace) if it never ran. */
  startTime: number;
  /** When it ended (destroyed, or blocked "forever"); ZERO if it did not. */
  endTime: number;
  regions: RegionSummary[];
};

export type TaskSummary = {
  id: number;
  name: string;
  parent: number; // task id, -1 none known
  children: number[];
  startEvent: number; // -1 none
  endEvent: number; // -1 none
  start: number; // Ns, NaN none
  end: number; // Ns, NaN none
  /** Log event indexes. */
  logs: number[];
  regions: RegionSummary[];
  /** Goroutine indexes associated with the task. */
  goroutines: Set<number>;
};

export type TraceSummary = {
  /** The absolute time 0 on the model's time axis (Go's "unset" time). */
  zero: number;
  /** Time of the last event. */
  lastTs: number;
  /** One per goroutine the summarizer knows, by goroutine index order. */
  goroutines: GoroutineSummary[];
  tasks: TaskSummary[];
};

/** Go's IsSystemGoroutine: no start function, or a runtime function other than runtime.main. */
export function isSystemGoroutine(entryFn: string): boolean {
  return entryFn === '' || (entryFn !== 'runtime.main' && entryFn.startsWith('runtime.'));
}

/** The sum of the non-overlapping times below TotalTime (Go's UnknownTime). */
export function unknownNs(s: ExecStats): number {
  let sum = s.execNs + s.schedWaitNs + s.syscallNs + s.syscallBlockNs;
  for (const v of s.blockNs.values()) sum += v;
  return sum < s.totalNs ? s.totalNs - sum : 0;
}

/** A time range [start, end] on the model's axis (ns). */
export type TimeRange = readonly [number, number];

/**
 * Short lists of (key, value) pairs per goroutine in typed arrays: a goroutine's block times by
 * reason, its times inside ranges, its open ranges. Entries keep their insertion order (a list
 * is walked from its head and extended at its tail); cleared lists leave their entries behind.
 */
class PairLists {
  head: Int32Array;
  tail: Int32Array;
  key = new Int32Array(1024);
  val = new Float64Array(1024);
  next = new Int32Array(1024);
  n = 0;
  constructor(owners: number) {
    this.head = new Int32Array(owners).fill(-1);
    this.tail = new Int32Array(owners).fill(-1);
  }
  /** The entry of `k` in g's list, -1 none. */
  find(g: number, k: number): number {
    for (let e = this.head[g]!; e >= 0; e = this.next[e]!) if (this.key[e] === k) return e;
    return -1;
  }
  private append(g: number, k: number, v: number): void {
    if (this.n === this.key.length) {
      const grow = <A extends Int32Array | Float64Array>(a: A): A => {
        const b = new (a.constructor as new (n: number) => A)(a.length * 2);
        b.set(a);
        return b;
      };
      this.key = grow(this.key);
      this.val = grow(this.val);
      this.next = grow(this.next);
    }
    const e = this.n++;
    this.key[e] = k;
    this.val[e] = v;
    this.next[e] = -1;
    if (this.head[g]! < 0) this.head[g] = e;
    else this.next[this.tail[g]!] = e;
    this.tail[g] = e;
  }
  add(g: number, k: number, v: number): void {
    const e = this.find(g, k);
    if (e >= 0) this.val[e]! += v;
    else this.append(g, k, v);
  }
  set(g: number, k: number, v: number): void {
    const e = this.find(g, k);
    if (e >= 0) this.val[e] = v;
    else this.append(g, k, v);
  }
  /** The value of `k` in g's list, NaN none. */
  get(g: number, k: number): number {
    const e = this.find(g, k);
    return e >= 0 ? this.val[e]! : NaN;
  }
  /** Takes `k` out of g's list (a later set appends it again at the tail). */
  remove(g: number, k: number): void {
    for (let e = this.head[g]!, prev = -1; e >= 0; prev = e, e = this.next[e]!) {
      if (this.key[e] !== k) continue;
      if (prev < 0) this.head[g] = this.next[e]!;
      else this.next[prev] = this.next[e]!;
      if (this.tail[g] === e) this.tail[g] = prev;
      return;
    }
  }
  clear(g: number): void {
    this.head[g] = -1;
    this.tail[g] = -1;
  }
  /** g's entries as a Map from names (keys index `names`), in insertion order. */
  toMap(g: number, names: readonly string[]): Map<string, number> {
    const m = new Map<string, number>();
    for (let e = this.head[g]!; e >= 0; e = this.next[e]!) m.set(names[this.key[e]!]!, this.val[e]!);
    return m;
  }
}

/** Strings interned to small ids, in first-seen order. */
class Names {
  readonly list: string[] = [];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

/**
 * Summarizes the trace (every event), as Go's Summarizer + Finalize. With a range, every time
 * is the part of its interval inside the range (the state at the range's start comes from the
 * events before it); a range reaching an end of the trace is open at that end, as Go's sums are
 * (an interval from an unset time starts at the absolute 0), so the whole trace's range gives
 * Go's figures.
 *
 * Go's per-goroutine state is kept in typed arrays by goroutine index (no object or Map per
 * goroutine or event while the events are read); the GoroutineSummary objects are made once at
 * the end.
 */
export function summarizeTrace(t: TraceModel, range: TimeRange | null = null): TraceSummary {
  const ZERO = -t.startAbsNs;
  const lastEvent = t.events.length > 0 ? eventTime(t.events.time, t.events.length - 1) : 0;
  const lo = range && range[0] > 0 ? range[0] : -Infinity;
  const hi = range && range[1] < lastEvent ? range[1] : Infinity;
  const clipped = lo > -Infinity || hi < Infinity;
  /** The length of [s, e] inside the range. */
  const span = clipped ? (s: number, e: number): number => Math.max(0, Math.min(e, hi) - Math.max(s, lo)) : (s: number, e: number): number => e - s;
  const strings = t.strings;
  const rootFunc = (stack: number): number => {
    // The root frame: walk callers to the outermost.
    let s = stack;
    while (t.stacks.prefix[s]! >= 0) s = t.stacks.prefix[s]!;
    return t.frames.func[t.stacks.frame[s]!]!;
  };
  const nG = t.goroutines.length;
  // Go's GoroutineSummary fields and its pending state, by goroutine index.
  const known = new Uint8Array(nG);
  const nameStr = new Int32Array(nG).fill(-1); // string index, -1: "" (not named yet)
  const nameStack = new Int32Array(nG).fill(-1);
  const creationTime = new Float64Array(nG);
  const startTime = new Float64Array(nG);
  const endTime = new Float64Array(nG);
  const execNs = new Float64Array(nG);
  const schedWaitNs = new Float64Array(nG);
  const syscallNs = new Float64Array(nG);
  const syscallBlockNs = new Float64Array(nG);
  const totalNs = new Float64Array(nG);
  const wholeTotalNs = new Float64Array(nG);
  const lastStartTime = new Float64Array(nG);
  const lastRunnableTime = new Float64Array(nG);
  const lastBlockTime = new Float64Array(nG);
  const lastBlockReason = new Int32Array(nG); // a reason id
  const lastSyscallTime = new Float64Array(nG);
  const lastSyscallBlockTime = new Float64Array(nG);
  const blockNs = new PairLists(nG); // key: reason id
  const rangeNs = new PairLists(nG); // key: range name id
  const lastRangeTime = new PairLists(nG); // key: range name id
  // Regions are few: kept per goroutine that has any.
  const activeRegions = new Map<number, RegionSummary[]>();
  const regionsOf = new Map<number, RegionSummary[]>();
  const reasons = new Names();
  const rangeNames = new Names();
  // Per string index: its reason id (-1 not seen yet).
  const reasonOfString = new Int32Array(strings.length).fill(-1);
  const reasonId = (str: number): number => {
    let r = reasonOfString[str]!;
    if (r < 0) reasonOfString[str] = r = reasons.id(strings[str]!);
    return r;
  };
  const FOREVER = reasons.id('forever');
  const MARK_PHASE = rangeNames.id('GC concurrent mark phase');
  const SWEEP = rangeNames.id('GC incremental sweep');
  const ASSIST = rangeNames.id('GC mark assist');
  const stwOfString = new Int32Array(strings.length).fill(-1);
  const rangeName = (code: number, aux: number): number => {
    switch (code) {
      case C.STWBegin:
      case C.STWEnd: {
        let r = stwOfString[aux]!;
        if (r < 0) stwOfString[aux] = r = rangeNames.id(`stop-the-world (${strings[aux]})`);
        return r;
      }
      case C.GCActive:
      case C.GCBegin:
      case C.GCEnd:
        return MARK_PHASE;
      case C.GCSweepActive:
      case C.GCSweepBegin:
      case C.GCSweepEnd:
        return SWEEP;
      default:
        return ASSIST;
    }
  };
  const tasks = new Map<number, TaskSummary>();
  // The goroutine in a syscall on each P (index P id + 1; -1 none) and the P of each goroutine in one (P id + 2; 0 none).
  let syscallingP = new Int32Array(64).fill(-1);
  const syscallingG = new Int32Array(nG);
  const setSyscallingP = (pid: number, g: number): void => {
    if (pid + 1 >= syscallingP.length) {
      const b = new Int32Array(Math.max(syscallingP.length * 2, pid + 2)).fill(-1);
      b.set(syscallingP);
      syscallingP = b;
    }
    syscallingP[pid + 1] = g;
  };
  const rangesP = new Map<number, number>();
  let lastTs = ZERO;
  let syncTs = ZERO;

  const resetPending = (g: number): void => {
    lastStartTime[g] = ZERO;
    lastRunnableTime[g] = ZERO;
    lastBlockTime[g] = ZERO;
    lastBlockReason[g] = 0;
    lastSyscallTime[g] = ZERO;
    lastSyscallBlockTime[g] = ZERO;
    lastRangeTime.clear(g);
    activeRegions.delete(g);
  };
  const newG = (g: number, creation: number): void => {
    known[g] = 1;
    nameStr[g] = -1;
    nameStack[g] = -1;
    creationTime[g] = creation;
    startTime[g] = ZERO;
    endTime[g] = ZERO;
    execNs[g] = 0;
    schedWaitNs[g] = 0;
    syscallNs[g] = 0;
    syscallBlockNs[g] = 0;
    totalNs[g] = 0;
    wholeTotalNs[g] = 0;
    blockNs.clear(g);
    rangeNs.clear(g);
    regionsOf.delete(g);
    resetPending(g);
  };
  const task = (id: number): TaskSummary => {
    let k = tasks.get(id);
    if (!k) {
      k = { id, name: '', parent: -1, children: [], startEvent: -1, endEvent: -1, start: NaN, end: NaN, logs: [], regions: [], goroutines: new Set() };
      tasks.set(id, k);
    }
    return k;
  };
  const pushRegion = (g: number, r: RegionSummary): void => {
    let rs = regionsOf.get(g);
    if (!rs) regionsOf.set(g, (rs = []));
    rs.push(r);
  };
  /** snapshotStat + finalize: fold the pending times up to `ts` into the totals. */
  const finalize = (g: number, ts: number, trigger: number, triggerTime: number): void => {
    if (trigger >= 0) endTime[g] = triggerTime;
    // Go's test is of the whole total (0: not set yet); the range's share of it is what is kept.
    if (wholeTotalNs[g] === 0) {
      wholeTotalNs[g] = ts - creationTime[g]!;
      totalNs[g] = span(creationTime[g]!, ts);
    }
    if (lastStartTime[g] !== ZERO) execNs[g]! += span(lastStartTime[g]!, ts);
    if (lastRunnableTime[g] !== ZERO) schedWaitNs[g]! += span(lastRunnableTime[g]!, ts);
    if (lastBlockTime[g] !== ZERO) blockNs.add(g, lastBlockReason[g]!, span(lastBlockTime[g]!, ts));
    if (lastSyscallTime[g] !== ZERO) syscallNs[g]! += span(lastSyscallTime[g]!, ts);
    if (lastSyscallBlockTime[g] !== ZERO) schedWaitNs[g]! += span(lastSyscallBlockTime[g]!, ts);
    for (let e = lastRangeTime.head[g]!; e >= 0; e = lastRangeTime.next[e]!) {
      rangeNs.add(g, lastRangeTime.key[e]!, span(lastRangeTime.val[e]!, ts));
    }
    const active = activeRegions.get(g);
    if (active && !isSystemGoroutine(nameStr[g]! >= 0 ? strings[nameStr[g]!]! : '')) {
      for (const r of active) {
        r.endEvent = trigger;
        r.end = trigger >= 0 ? triggerTime : NaN;
        pushRegion(g, r);
      }
    }
    resetPending(g);
  };
  const isKnown = (g: number): boolean => g >= 0 && g < nG && known[g] === 1;
  const taskRows = t.taskEventRows;

  forEachEventChunk(t, (c) => {
    for (let k = 0; k < c.n; k++) {
      const time = c.time[k]!;
      const code = c.code[k]!;
      const ev = c.base + k;
      if (syncTs === ZERO) syncTs = time;
      lastTs = time;
      const kind = kindOfCode[code]!;
      switch (kind) {
        case K.Sync:
          syncTs = time;
          break;
        case K.StateTransition: {
          const tr = goTransition(code, c.aux[k]!);
          if (tr >= 0) {
            const id = c.arg[k]!;
            const from = tr >> 4, to = tr & 15;
            if (from === to) break;
            if (from === GoState.Undetermined) {
              newG(id, syncTs);
              const dt = span(syncTs, time);
              switch (to) {
                case GoState.Running:
                  execNs[id]! += dt;
                  break;
                case GoState.Waiting:
                  blockNs.add(id, reasonId(transitionReason(code, c.aux[k]!)), dt);
                  break;
                case GoState.Runnable:
                  schedWaitNs[id]! += dt;
                  break;
                case GoState.Syscall:
                  if (c.p[k]! < 0) syscallBlockNs[id]! += dt;
                  else syscallNs[id]! += dt;
                  break;
              }
            } else if (from === GoState.NotExist) {
              const creator = c.g[k]!;
              const top = isKnown(creator) ? activeRegions.get(creator) : undefined;
              newG(id, time);
              if (top && top.length > 0) {
                activeRegions.set(id, [{ task: top[top.length - 1]!.task, name: '', g: id, startEvent: ev, endEvent: -1, start: time, end: NaN }]);
              }
            } else {
              // Go's reader never lets a goroutine it does not know leave a state.
              if (!isKnown(id)) break;
              switch (from) {
                case GoState.Running:
                  execNs[id]! += span(lastStartTime[id]!, time);
                  lastStartTime[id] = ZERO;
                  break;
                case GoState.Waiting:
                  if (lastBlockTime[id] !== ZERO) {
                    blockNs.add(id, lastBlockReason[id]!, span(lastBlockTime[id]!, time));
                    lastBlockTime[id] = ZERO;
                  }
                  break;
                case GoState.Runnable:
                  if (lastRunnableTime[id] !== ZERO) {
                    schedWaitNs[id]! += span(lastRunnableTime[id]!, time);
                    lastRunnableTime[id] = ZERO;
                  }
                  break;
                case GoState.Syscall: {
                  if (lastSyscallTime[id] !== ZERO) {
                    if (lastSyscallBlockTime[id] !== ZERO) {
                      syscallBlockNs[id]! += span(lastSyscallBlockTime[id]!, time);
                      syscallNs[id]! += span(lastSyscallTime[id]!, lastSyscallBlockTime[id]!);
                    } else {
                      syscallNs[id]! += span(lastSyscallTime[id]!, time);
                    }
                    lastSyscallTime[id] = ZERO;
                    lastSyscallBlockTime[id] = ZERO;
                    const sp = syscallingG[id]!;
                    if (sp !== 0 && sp - 1 < syscallingP.length) syscallingP[sp - 1] = -1;
                    syscallingG[id] = 0;
                  }
                  break;
                }
              }
            }
            if (nameStr[id]! < 0 || strings[nameStr[id]!] === '') {
              const st = transitionStack(code, c.stack[k]!, c.aux[k]!);
              if (st >= 0) {
                nameStr[id] = rootFunc(st);
                nameStack[id] = st;
              }
            }
            switch (to) {
              case GoState.Running:
                lastStartTime[id] = time;
                if (startTime[id] === ZERO) startTime[id] = time;
                break;
              case GoState.Runnable:
                lastRunnableTime[id] = time;
                break;
              case GoState.Waiting: {
                const reason = reasonId(transitionReason(code, c.aux[k]!));
                if (reason !== FOREVER) {
                  lastBlockTime[id] = time;
                  lastBlockReason[id] = reason;
                  break;
                }
                finalize(id, time, ev, time);
                break;
              }
              case GoState.NotExist:
                finalize(id, time, ev, time);
                break;
              case GoState.Syscall:
                setSyscallingP(c.p[k]!, id);
                syscallingG[id] = c.p[k]! + 2;
                lastSyscallTime[id] = time;
                break;
            }
          } else {
            // A P transition: a P going idle while its goroutine is in a syscall blocks the syscall.
            const aux = c.aux[k]!;
            let from = aux >> 4, to = aux & 15, pid = c.arg[k]!;
            if (code === C.ProcStart) {
              from = ProcState.Idle;
              to = ProcState.Running;
            } else if (code === C.ProcStop) {
              from = ProcState.Running;
              to = ProcState.Idle;
              pid = c.p[k]!;
            } else if (code === C.ProcSteal) {
              from = aux;
              to = ProcState.Idle;
            }
            if (from !== to && to === ProcState.Idle && pid + 1 >= 0 && pid + 1 < syscallingP.length) {
              const goid = syscallingP[pid + 1]!;
              if (goid >= 0) {
                lastSyscallBlockTime[goid] = time;
                syscallingP[pid + 1] = -1;
              }
            }
          }
          break;
        }
        case K.RangeBegin:
        case K.RangeActive: {
          const name = rangeName(code, c.aux[k]!);
          let g = -1;
          if (code === C.STWBegin || code === C.GCMarkAssistBegin) g = c.g[k]!;
          else if (code === C.GCMarkAssistActive) g = c.arg[k]!;
          else if (code === C.GCSweepBegin || code === C.GCSweepActive) {
            g = c.g[k]!;
            const pid = code === C.GCSweepActive ? c.arg[k]! : c.p[k]!;
            if (isKnown(g)) rangesP.set(pid * 64 + name, g);
          }
          if (!isKnown(g)) break;
          if (kind === K.RangeActive) {
            const ts = lastRangeTime.get(g, name);
            if (!Number.isNaN(ts) && ts !== ZERO) rangeNs.add(g, name, span(ts, syncTs));
            lastRangeTime.set(g, name, syncTs);
          } else {
            lastRangeTime.set(g, name, time);
          }
          break;
        }
        case K.RangeEnd: {
          const name = rangeName(code, c.aux[k]!);
          let g = -1;
          if (code === C.STWEnd || code === C.GCMarkAssistEnd) g = c.g[k]!;
          else if (code === C.GCSweepEnd) {
            const key = c.p[k]! * 64 + name;
            const goid = rangesP.get(key);
            if (goid !== undefined) {
              if (goid === c.g[k]!) g = goid;
              rangesP.delete(key);
            }
          }
          if (!isKnown(g)) break;
          const ts = lastRangeTime.get(g, name);
          if (Number.isNaN(ts) || ts === ZERO) break;
          rangeNs.add(g, name, span(ts, time));
          lastRangeTime.remove(g, name);
          break;
        }
        case K.RegionBegin: {
          const g = c.g[k]!;
          if (!isKnown(g)) break;
          const r: RegionSummary = { task: c.arg[k]!, name: strings[c.aux[k]!]!, g, startEvent: ev, endEvent: -1, start: time, end: NaN };
          let active = activeRegions.get(g);
          if (!active) activeRegions.set(g, (active = []));
          active.push(r);
          const tk = task(r.task);
          tk.regions.push(r);
          tk.goroutines.add(g);
          break;
        }
        case K.RegionEnd: {
          const g = c.g[k]!;
          if (!isKnown(g)) break;
          let r = activeRegions.get(g)?.pop();
          if (!r) {
            r = { task: c.arg[k]!, name: strings[c.aux[k]!]!, g, startEvent: -1, endEvent: -1, start: NaN, end: NaN };
            const tk = task(r.task);
            tk.goroutines.add(g);
            tk.regions.push(r);
          }
          r.endEvent = ev;
          r.end = time;
          pushRegion(g, r);
          break;
        }
        case K.TaskBegin:
        case K.TaskEnd: {
          const tk = task(c.arg[k]!);
          const row = c.aux[k]!;
          tk.name = strings[taskRows.name[row]!]!;
          if (c.g[k]! >= 0) tk.goroutines.add(c.g[k]!);
          if (kind === K.TaskBegin) {
            tk.startEvent = ev;
            tk.start = time;
          } else {
            tk.endEvent = ev;
            tk.end = time;
          }
          const parent = taskRows.parent[row]!;
          if (parent >= 0 && tk.parent < 0) {
            tk.parent = parent;
            task(parent).children.push(tk.id);
          }
          break;
        }
        case K.Log: {
          const tk = task(c.arg[k]!);
          if (c.g[k]! >= 0) tk.goroutines.add(c.g[k]!);
          tk.logs.push(ev);
          break;
        }
      }
    }
  });

  const goroutines: GoroutineSummary[] = [];
  for (let g = 0; g < nG; g++) {
    if (!known[g]) continue;
    finalize(g, lastTs, -1, NaN);
    const regions = regionsOf.get(g) ?? [];
    regions.sort((a, b) => (a.startEvent < 0 ? (b.startEvent < 0 ? 0 : -1) : b.startEvent < 0 ? 1 : a.start - b.start));
    goroutines.push({
      g,
      name: nameStr[g]! >= 0 ? strings[nameStr[g]!]! : '',
      nameStack: nameStack[g]!,
      creationTime: creationTime[g]!,
      startTime: startTime[g]!,
      endTime: endTime[g]!,
      regions,
      execNs: execNs[g]!,
      schedWaitNs: schedWaitNs[g]!,
      blockNs: blockNs.toMap(g, reasons.list),
      syscallNs: syscallNs[g]!,
      syscallBlockNs: syscallBlockNs[g]!,
      totalNs: totalNs[g]!,
      rangeNs: rangeNs.toMap(g, rangeNames.list),
    });
  }
  return { zero: ZERO, lastTs, goroutines, tasks: [...tasks.values()] };
}
