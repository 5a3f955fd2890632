// What `go tool trace` shows on its Goroutines, Tasks, Regions and MMU pages, grouped as those
// pages group it: goroutine groups by start function, task and region types, the MMU at the
// page's windows with the worst windows. `analysisDigest` is the CLI's `golens analysis --json`
// (../shared/docs/summary-schema.md, "Trace analysis").

import { eventTime, type TraceModel } from '../../model/trace';
import { summarizeTrace, unknownNs, type GoroutineSummary, type RegionSummary, type TaskSummary, type TimeRange, type TraceSummary } from './goroutine-summary';
import { DEFAULT_UTIL_FLAGS, MMUCurve, mutatorUtilization } from './mmu';

export type GoroutineGroup = {
  name: string;
  count: number;
  execNs: number;
  schedWaitNs: number;
  syscallNs: number;
  syscallBlockNs: number;
  blockNs: Record<string, number>;
  unknownNs: number;
  totalNs: number;
  rangeNs: Record<string, number>;
  /** The goroutines of the group (indexes into the summary's goroutines). */
  members: number[];
};

/** One goroutine's row on the Goroutines page: its summary without regions, with Go's UnknownTime. */
export type GoroutineRow = Omit<GoroutineSummary, 'regions'> & { unknownNs: number };

/** What the Goroutines page shows (computed in the trace's analysis worker: workers/trace-analyses.ts). */
export type GoroutineAnalysis = {
  /** The range it is of (null: the whole trace). */
  range: TimeRange | null;
  groups: GoroutineGroup[];
  goroutines: GoroutineRow[];
};

/**
 * The Goroutines page: groups by start function and each goroutine's times. With a range, the
 * goroutines alive in it (for some time) and their times inside it.
 */
export function goroutineAnalysis(t: TraceModel, range: TimeRange | null = null, whole?: TraceSummary): GoroutineAnalysis {
  // The whole trace's page from the summary the trace's other pages share, when given.
  const s = range || !whole ? summarizeTrace(t, range) : whole;
  const kept = range ? s.goroutines.filter((g) => g.totalNs > 0) : s.goroutines;
  return {
    range,
    groups: goroutineGroups({ ...s, goroutines: kept }),
    goroutines: kept.map(goroutineRow),
  };
}

function goroutineRow(g: GoroutineSummary): GoroutineRow {
  return {
    g: g.g,
    name: g.name,
    nameStack: g.nameStack,
    creationTime: g.creationTime,
    startTime: g.startTime,
    endTime: g.endTime,
    execNs: g.execNs,
    schedWaitNs: g.schedWaitNs,
    blockNs: g.blockNs,
    syscallNs: g.syscallNs,
    syscallBlockNs: g.syscallBlockNs,
    totalNs: g.totalNs,
    rangeNs: g.rangeNs,
    unknownNs: unknownNs(g),
  };
}

/** Goroutine groups by start function, sorted by execution time (largest first), then name. */
export function goroutineGroups(s: TraceSummary): GoroutineGroup[] {
  const groups = new Map<string, GoroutineGroup>();
  s.goroutines.forEach((g: GoroutineSummary, i) => {
    let gr = groups.get(g.name);
    if (!gr) {
      gr = { name: g.name, count: 0, execNs: 0, schedWaitNs: 0, syscallNs: 0, syscallBlockNs: 0, blockNs: {}, unknownNs: 0, totalNs: 0, rangeNs: {}, members: [] };
      groups.set(g.name, gr);
    }
    gr.count++;
    gr.members.push(i);
    gr.execNs += g.execNs;
    gr.schedWaitNs += g.schedWaitNs;
    gr.syscallNs += g.syscallNs;
    gr.syscallBlockNs += g.syscallBlockNs;
    for (const [r, v] of g.blockNs) gr.blockNs[r] = (gr.blockNs[r] ?? 0) + v;
    gr.unknownNs += unknownNs(g);
    gr.totalNs += g.totalNs;
    for (const [r, v] of g.rangeNs) gr.rangeNs[r] = (gr.rangeNs[r] ?? 0) + v;
  });
  return [...groups.values()].sort((a, b) => (a.execNs !== b.execNs ? b.execNs - a.execNs : cmpStr(a.name, b.name)));
}

function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type TaskTypeStats = {
  type: string;
  count: number;
  complete: number;
  totalNs: number;
  maxNs: number;
  /** The complete tasks' durations, ascending (the page's histogram). */
  durations: number[];
  /** The slowest complete tasks, slowest first (at most 10). */
  slowest: TaskSummary[];
  tasks: TaskSummary[];
};

/** Task types, sorted by type: every task the summary knows; durations of the complete ones. */
export function taskTypes(s: TraceSummary): TaskTypeStats[] {
  const m = new Map<string, TaskTypeStats>();
  for (const t of s.tasks) {
    let tt = m.get(t.name);
    if (!tt) {
      tt = { type: t.name, count: 0, complete: 0, totalNs: 0, maxNs: 0, durations: [], slowest: [], tasks: [] };
      m.set(t.name, tt);
    }
    tt.count++;
    tt.tasks.push(t);
    if (t.startEvent >= 0 && t.endEvent >= 0) {
      const d = t.end - t.start;
      tt.complete++;
      tt.totalNs += d;
      tt.maxNs = Math.max(tt.maxNs, d);
      tt.durations.push(d);
    }
  }
  for (const tt of m.values()) {
    tt.durations.sort((a, b) => a - b);
    tt.slowest = tt.tasks.filter((t) => t.startEvent >= 0 && t.endEvent >= 0).sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 10);
  }
  return [...m.values()].sort((a, b) => cmpStr(a.type, b.type));
}

export type RegionTypeStats = {
  type: string;
  count: number;
  incomplete: number;
  totalNs: number;
  maxNs: number;
  durations: number[];
  /** The slowest regions, slowest first (at most 10), with their interval. */
  slowest: { region: RegionSummary; start: number; end: number }[];
};

/**
 * Region types over every goroutine's regions, sorted by type. A region's interval is
 * cmd/trace's: a missing start is the trace's first event, a missing end its last.
 */
export function regionTypes(t: TraceModel, s: TraceSummary): RegionTypeStats[] {
  const first = 0;
  const last = t.events.length > 0 ? eventTime(t.events.time, t.events.length - 1) : 0;
  const m = new Map<string, RegionTypeStats & { all: { region: RegionSummary; start: number; end: number }[] }>();
  for (const g of s.goroutines) {
    for (const r of g.regions) {
      let rt = m.get(r.name);
      if (!rt) {
        rt = { type: r.name, count: 0, incomplete: 0, totalNs: 0, maxNs: 0, durations: [], slowest: [], all: [] };
        m.set(r.name, rt);
      }
      let rs = first, re = last;
      if (r.startEvent >= 0) rs = r.start;
      else rt.incomplete++;
      if (r.endEvent >= 0) re = r.end;
      else if (r.startEvent >= 0) rt.incomplete++;
      const d = re - rs;
      rt.count++;
      rt.totalNs += d;
      rt.maxNs = Math.max(rt.maxNs, d);
      rt.durations.push(d);
      rt.all.push({ region: r, start: rs, end: re });
    }
  }
  const out: RegionTypeStats[] = [];
  for (const { all, ...rt } of m.values()) {
    rt.durations.sort((a, b) => a - b);
    rt.slowest = all.sort((a, b) => b.end - b.start - (a.end - a.start)).slice(0, 10);
    out.push(rt);
  }
  return out.sort((a, b) => cmpStr(a.type, b.type));
}

export type MMUWindow = { windowNs: number; mmu: number; worst: { timeNs: number; offsetNs: number; util: number }[] };

export const MMU_PAGE_WINDOWS = [1e6, 1e7, 1e8, 1e9];

/** The MMU at the digest's windows (1 ms … 1 s not longer than the span, then the span if shorter than 1 s). */
export function mmuWindows(t: TraceModel, curve: MMUCurve, examples = 5): MMUWindow[] {
  const span = curve.span;
  const ws = MMU_PAGE_WINDOWS.filter((w) => w <= span);
  if (span > 0 && span < MMU_PAGE_WINDOWS[MMU_PAGE_WINDOWS.length - 1]!) ws.push(span);
  return ws.map((w) => ({
    windowNs: w,
    mmu: curve.mmu(w),
    worst: curve.examples(w, examples).map((u) => ({ timeNs: t.startAbsNs + u.time, offsetNs: u.time, util: u.util })),
  }));
}

/** `golens analysis --json`: the schema's keys. */
export function analysisDigest(t: TraceModel): Record<string, unknown> {
  const s = summarizeTrace(t);
  const util = mutatorUtilization(t, DEFAULT_UTIL_FLAGS);
  const curve = new MMUCurve(util);
  const nonEmpty = util.length > 0 && util[0]!.time.length > 0;
  const durationNs = t.events.length > 0 ? eventTime(t.events.time, t.events.length - 1) : 0;
  return {
    format: 'go-trace-analysis',
    goVersion: t.goVersion,
    durationNs,
    events: t.events.length,
    mmu: {
      flags: 'stw|background|assist',
      perProc: false,
      series: util.length,
      spanNs: nonEmpty ? curve.span : 0,
      windows: nonEmpty ? mmuWindows(t, curve) : [],
    },
    goroutines: goroutineGroups(s).map(({ members: _m, ...g }) => g),
    tasks: taskTypes(s).map(({ type, count, complete, totalNs, maxNs }) => ({ type, count, complete, totalNs, maxNs })),
    regions: regionTypes(t, s).map(({ type, count, incomplete, totalNs, maxNs }) => ({ type, count, incomplete, totalNs, maxNs })),
  };
}
