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

type Pending = {
  lastStartTime: number;
  lastRunnableTime: number;
  lastBlockTime: number;
  lastBlockReason: string;
  lastSyscallTime: number;
  lastSyscallBlockTime: number;
  lastRangeTime: Map<string, number>;
  activeRegions: RegionSummary[];
};

type G = GoroutineSummary & { pending: Pending; wholeTotalNs: number };

/** Go's IsSystemGoroutine: no start function, or a runtime function other than runtime.main. */
export function isSystemGoroutine(entryFn: string): boolean {
  return entryFn === '' || (entryFn !== 'runtime.main' && entryFn.startsWith('runtime.'));
}

function add(m: Map<string, number>, k: string, v: number): void {
  m.set(k, (m.get(k) ?? 0) + v);
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
 * Summarizes the trace (every event), as Go's Summarizer + Finalize. With a range, every time
 * is the part of its interval inside the range (the state at the range's start comes from the
 * events before it); a range reaching an end of the trace is open at that end, as Go's sums are
 * (an interval from an unset time starts at the absolute 0), so the whole trace's range gives
 * Go's figures.
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
  const stackName = (stack: number): string => {
    // The root frame: walk callers to the outermost.
    let s = stack;
    while (t.stacks.prefix[s]! >= 0) s = t.stacks.prefix[s]!;
    return strings[t.frames.func[t.stacks.frame[s]!]!]!;
  };
  const gs = new Map<number, G>();
  const tasks = new Map<number, TaskSummary>();
  const syscallingP = new Map<number, number>();
  const syscallingG = new Map<number, number>();
  const rangesP = new Map<string, number>();
  let lastTs = ZERO;
  let syncTs = ZERO;

  const newPending = (): Pending => ({
    lastStartTime: ZERO,
    lastRunnableTime: ZERO,
    lastBlockTime: ZERO,
    lastBlockReason: '',
    lastSyscallTime: ZERO,
    lastSyscallBlockTime: ZERO,
    lastRangeTime: new Map(),
    activeRegions: [],
  });
  const newG = (g: number, creation: number): G => ({
    g,
    name: '',
    nameStack: -1,
    creationTime: creation,
    startTime: ZERO,
    endTime: ZERO,
    regions: [],
    execNs: 0,
    schedWaitNs: 0,
    blockNs: new Map(),
    syscallNs: 0,
    syscallBlockNs: 0,
    totalNs: 0,
    wholeTotalNs: 0,
    rangeNs: new Map(),
    pending: newPending(),
  });
  const task = (id: number): TaskSummary => {
    let k = tasks.get(id);
    if (!k) {
      k = { id, name: '', parent: -1, children: [], startEvent: -1, endEvent: -1, start: NaN, end: NaN, logs: [], regions: [], goroutines: new Set() };
      tasks.set(id, k);
    }
    return k;
  };
  /** snapshotStat + finalize: fold the pending times up to `ts` into the totals. */
  const finalize = (g: G, ts: number, trigger: number, triggerTime: number): void => {
    if (trigger >= 0) g.endTime = triggerTime;
    const p = g.pending;
    // Go's test is of the whole total (0: not set yet); the range's share of it is what is kept.
    if (g.wholeTotalNs === 0) {
      g.wholeTotalNs = ts - g.creationTime;
      g.totalNs = span(g.creationTime, ts);
    }
    if (p.lastStartTime !== ZERO) g.execNs += span(p.lastStartTime, ts);
    if (p.lastRunnableTime !== ZERO) g.schedWaitNs += span(p.lastRunnableTime, ts);
    if (p.lastBlockTime !== ZERO) add(g.blockNs, p.lastBlockReason, span(p.lastBlockTime, ts));
    if (p.lastSyscallTime !== ZERO) g.syscallNs += span(p.lastSyscallTime, ts);
    if (p.lastSyscallBlockTime !== ZERO) g.schedWaitNs += span(p.lastSyscallBlockTime, ts);
    for (const [name, rt] of p.lastRangeTime) add(g.rangeNs, name, span(rt, ts));
    if (!isSystemGoroutine(g.name)) {
      for (const r of p.activeRegions) {
        r.endEvent = trigger;
        r.end = trigger >= 0 ? triggerTime : NaN;
        g.regions.push(r);
      }
    }
    g.pending = newPending();
  };
  const rangeName = (code: number, aux: number): string => {
    switch (code) {
      case C.STWBegin:
      case C.STWEnd:
        return `stop-the-world (${strings[aux]})`;
      case C.GCActive:
      case C.GCBegin:
      case C.GCEnd:
        return 'GC concurrent mark phase';
      case C.GCSweepActive:
      case C.GCSweepBegin:
      case C.GCSweepEnd:
        return 'GC incremental sweep';
      default:
        return 'GC mark assist';
    }
  };
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
            let g = gs.get(id);
            switch (from) {
              case GoState.Undetermined: {
                g = newG(id, syncTs);
                const dt = span(syncTs, time);
                switch (to) {
                  case GoState.Running:
                    g.execNs += dt;
                    break;
                  case GoState.Waiting:
                    add(g.blockNs, strings[transitionReason(code, c.aux[k]!)]!, dt);
                    break;
                  case GoState.Runnable:
                    g.schedWaitNs += dt;
                    break;
                  case GoState.Syscall:
                    if (c.p[k]! < 0) g.syscallBlockNs += dt;
                    else g.syscallNs += dt;
                    break;
                }
                gs.set(id, g);
                break;
              }
              case GoState.NotExist: {
                g = newG(id, time);
                const creator = c.g[k]! >= 0 ? gs.get(c.g[k]!) : undefined;
                if (creator && creator.pending.activeRegions.length > 0) {
                  const top = creator.pending.activeRegions[creator.pending.activeRegions.length - 1]!;
                  g.pending.activeRegions = [{ task: top.task, name: '', g: id, startEvent: ev, endEvent: -1, start: time, end: NaN }];
                }
                gs.set(id, g);
                break;
              }
              case GoState.Running:
                g!.execNs += span(g!.pending.lastStartTime, time);
                g!.pending.lastStartTime = ZERO;
                break;
              case GoState.Waiting:
                if (g!.pending.lastBlockTime !== ZERO) {
                  add(g!.blockNs, g!.pending.lastBlockReason, span(g!.pending.lastBlockTime, time));
                  g!.pending.lastBlockTime = ZERO;
                }
                break;
              case GoState.Runnable:
                if (g!.pending.lastRunnableTime !== ZERO) {
                  g!.schedWaitNs += span(g!.pending.lastRunnableTime, time);
                  g!.pending.lastRunnableTime = ZERO;
                }
                break;
              case GoState.Syscall: {
                const p = g!.pending;
                if (p.lastSyscallTime !== ZERO) {
                  if (p.lastSyscallBlockTime !== ZERO) {
                    g!.syscallBlockNs += span(p.lastSyscallBlockTime, time);
                    g!.syscallNs += span(p.lastSyscallTime, p.lastSyscallBlockTime);
                  } else {
                    g!.syscallNs += span(p.lastSyscallTime, time);
                  }
                  p.lastSyscallTime = ZERO;
                  p.lastSyscallBlockTime = ZERO;
                  const sp = syscallingG.get(id);
                  if (sp !== undefined) syscallingP.delete(sp);
                  syscallingG.delete(id);
                }
                break;
              }
            }
            const gg = g!;
            if (gg.name === '') {
              const st = transitionStack(code, c.stack[k]!, c.aux[k]!);
              if (st >= 0) {
                gg.name = stackName(st);
                gg.nameStack = st;
              }
            }
            const p = gg.pending;
            switch (to) {
              case GoState.Running:
                p.lastStartTime = time;
                if (gg.startTime === ZERO) gg.startTime = time;
                break;
              case GoState.Runnable:
                p.lastRunnableTime = time;
                break;
              case GoState.Waiting: {
                const reason = strings[transitionReason(code, c.aux[k]!)]!;
                if (reason !== 'forever') {
                  p.lastBlockTime = time;
                  p.lastBlockReason = reason;
                  break;
                }
                finalize(gg, time, ev, time);
                break;
              }
              case GoState.NotExist:
                finalize(gg, time, ev, time);
                break;
              case GoState.Syscall:
                syscallingP.set(c.p[k]!, id);
                syscallingG.set(id, c.p[k]!);
                p.lastSyscallTime = time;
                break;
            }
          } else {
            // A P transition: a P going idle while its goroutine is in a syscall blocks the syscall.
            let from: number, to: number, pid: number;
            const aux = c.aux[k]!;
            switch (code) {
              case C.ProcStart:
                [from, to, pid] = [ProcState.Idle, ProcState.Running, c.arg[k]!];
                break;
              case C.ProcStop:
                [from, to, pid] = [ProcState.Running, ProcState.Idle, c.p[k]!];
                break;
              case C.ProcSteal:
                [from, to, pid] = [aux, ProcState.Idle, c.arg[k]!];
                break;
              default:
                [from, to, pid] = [aux >> 4, aux & 15, c.arg[k]!];
            }
            if (from !== to && to === ProcState.Idle) {
              const goid = syscallingP.get(pid);
              if (goid !== undefined) {
                gs.get(goid)!.pending.lastSyscallBlockTime = time;
                syscallingP.delete(pid);
              }
            }
          }
          break;
        }
        case K.RangeBegin:
        case K.RangeActive: {
          const name = rangeName(code, c.aux[k]!);
          let g: G | undefined;
          if (code === C.STWBegin || code === C.GCMarkAssistBegin) g = gs.get(c.g[k]!);
          else if (code === C.GCMarkAssistActive) g = gs.get(c.arg[k]!);
          else if (code === C.GCSweepBegin || code === C.GCSweepActive) {
            g = gs.get(c.g[k]!);
            const pid = code === C.GCSweepActive ? c.arg[k]! : c.p[k]!;
            if (g) rangesP.set(`${pid}\u0000${name}`, c.g[k]!);
          }
          if (!g) break;
          const lrt = g.pending.lastRangeTime;
          if (kind === K.RangeActive) {
            const ts = lrt.get(name);
            if (ts !== undefined && ts !== ZERO) add(g.rangeNs, name, span(ts, syncTs));
            lrt.set(name, syncTs);
          } else {
            lrt.set(name, time);
          }
          break;
        }
        case K.RangeEnd: {
          const name = rangeName(code, c.aux[k]!);
          let g: G | undefined;
          if (code === C.STWEnd || code === C.GCMarkAssistEnd) g = gs.get(c.g[k]!);
          else if (code === C.GCSweepEnd) {
            const key = `${c.p[k]!}\u0000${name}`;
            const goid = rangesP.get(key);
            if (goid !== undefined) {
              if (goid === c.g[k]!) g = gs.get(goid);
              rangesP.delete(key);
            }
          }
          if (!g) break;
          const ts = g.pending.lastRangeTime.get(name);
          if (ts === undefined || ts === ZERO) break;
          add(g.rangeNs, name, span(ts, time));
          g.pending.lastRangeTime.delete(name);
          break;
        }
        case K.RegionBegin: {
          const g = gs.get(c.g[k]!)!;
          const r: RegionSummary = { task: c.arg[k]!, name: strings[c.aux[k]!]!, g: g.g, startEvent: ev, endEvent: -1, start: time, end: NaN };
          g.pending.activeRegions.push(r);
          const tk = task(r.task);
          tk.regions.push(r);
          tk.goroutines.add(g.g);
          break;
        }
        case K.RegionEnd: {
          const g = gs.get(c.g[k]!)!;
          let r = g.pending.activeRegions.pop();
          if (!r) {
            r = { task: c.arg[k]!, name: strings[c.aux[k]!]!, g: g.g, startEvent: -1, endEvent: -1, start: NaN, end: NaN };
            const tk = task(r.task);
            tk.goroutines.add(g.g);
            tk.regions.push(r);
          }
          r.endEvent = ev;
          r.end = time;
          g.regions.push(r);
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

  const goroutines = [...gs.values()].sort((a, b) => a.g - b.g);
  for (const g of goroutines) {
    finalize(g, lastTs, -1, NaN);
    g.regions.sort((a, b) => (a.startEvent < 0 ? (b.startEvent < 0 ? 0 : -1) : b.startEvent < 0 ? 1 : a.start - b.start));
  }
  const out: GoroutineSummary[] = goroutines.map(({ pending: _p, wholeTotalNs: _w, ...rest }) => rest);
  return { zero: ZERO, lastTs, goroutines: out, tasks: [...tasks.values()] };
}
