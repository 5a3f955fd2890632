// A trace's analysis worker (store/loader.ts starts one per open trace and sends it the model
// once): go tool trace's pages for the whole trace or a brushed range, computed here from the
// model it holds. The MMU curves are kept per set of flags: the worst windows of a width need
// the curve object, which stays here.

import type { TraceModel } from '../src/model/trace';
import type { TimeRange } from '../src/analysis/trace/goroutine-summary';
import { goroutineAnalysis, type GoroutineAnalysis } from '../src/analysis/trace/trace-analysis';
import { taskPages, type TaskPages } from '../src/analysis/trace/task-pages';
import { mmuPlotOf, mmuWorstWindows, type MMUPlot } from '../src/analysis/trace/mmu-plot';
import { mutatorUtilization, type UtilSeries, type UtilWindow } from '../src/analysis/trace/mmu';
import { summarizeTrace, type TraceSummary } from '../src/analysis/trace/goroutine-summary';
import { BLOCKING_TYPES, blockingPprofFile, blockingProfileModel, blockingRecordsOf, pprofShape, type BlockingType } from '../src/analysis/trace/blocking-profile';
import { leakSuspects, type LeakSuspects } from '../src/analysis/trace/leak-suspects';
import { computeInitialProfileView, type InitialProfileView } from '../src/analysis/profile/top';
import type { ProfileModel } from '../src/model/profile';

let held: TraceModel | null = null;
let wholeSummary: TraceSummary | null = null;
/** The whole trace's utilization functions per set of flags (a range's are cut from them). */
const utils = new Map<number, UtilSeries[]>();
/** MMU curves per flags and range (the whole trace's and the last ranges'). */
const plots = new Map<string, MMUPlot>();
const KEPT_PLOTS = 16;

/** This worker's trace from now on (the analyses before are forgotten). */
export function holdTrace(t: TraceModel): void {
  held = t;
  wholeSummary = null;
  utils.clear();
  plots.clear();
}

function trace(): TraceModel {
  if (!held) throw new Error('no trace was given to this analysis worker');
  return held;
}

/**
 * The trace's goroutine summary (Go's Summarizer over every event), computed once and shared by
 * the Goroutines page, the blocking profiles and the tasks and regions pages.
 */
function summary(): TraceSummary {
  return (wholeSummary ??= summarizeTrace(trace()));
}

export function goroutinePage(range: TimeRange | null): GoroutineAnalysis {
  return range ? goroutineAnalysis(trace(), range) : goroutineAnalysis(trace(), null, summary());
}

/** One of go tool trace's blocking profiles: the model the views show, its first view, its .pb.gz. */
export type BlockingProfile = { profile: ProfileModel; initialView: InitialProfileView; pprof: Uint8Array };

/**
 * go tool trace's four blocking profiles (-pprof=net|sync|syscall|sched) of the whole trace
 * (null) or a range (each blocking interval clipped to it), each as the flame graph and top table
 * show it and as the file `golens pprof --type` writes.
 */
export function blockingPage(range: TimeRange | null): Record<BlockingType, BlockingProfile> {
  const t = trace();
  const out = {} as Record<BlockingType, BlockingProfile>;
  // The four in one pass over the events.
  const records = blockingRecordsOf(t, summary(), BLOCKING_TYPES, range ? { from: range[0], to: range[1] } : undefined);
  for (const type of BLOCKING_TYPES) {
    const shape = pprofShape(t, records[type]!);
    const profile = blockingProfileModel(shape, type);
    out[type] = { profile, initialView: computeInitialProfileView(profile), pprof: blockingPprofFile(shape) };
  }
  return out;
}

export function tasksPage(range: TimeRange | null): TaskPages {
  const t = trace();
  // The tasks and regions of a range are the whole trace's that overlap it: one summary serves all.
  return taskPages(t, range, summary());
}

/** The MMU page's curve without its curve object (which stays here for the worst windows). */
export type MMUCurveData = Omit<MMUPlot, 'curve'>;

function plotOf(flags: number, range: TimeRange | null): MMUPlot {
  const key = `${flags} ${range ? `${range[0]}-${range[1]}` : 'whole'}`;
  let p = plots.get(key);
  if (p) return p;
  let u = utils.get(flags);
  if (!u) utils.set(flags, (u = mutatorUtilization(trace(), flags)));
  if (plots.size >= KEPT_PLOTS) plots.delete(plots.keys().next().value!);
  plots.set(key, (p = mmuPlotOf(u, flags, range)));
  return p;
}

/** The MMU curve of the whole trace (null) or of the windows inside a range. */
export function mmuCurve(flags: number, range: TimeRange | null): MMUCurveData {
  const { curve: _c, ...data } = plotOf(flags, range);
  return data;
}

/** The MMU at one width and its worst windows (lowest utilization first). */
export type MMUWorst = { windowNs: number; mmu: number; worst: UtilWindow[] };

export function mmuWorst(flags: number, range: TimeRange | null, windowNs: number): MMUWorst {
  const p = plotOf(flags, range);
  return { windowNs, mmu: p.curve.mmu(windowNs), worst: mmuWorstWindows(p, windowNs) };
}

/** Goroutines of the program blocked and never woken before the trace ended (analysis/trace/leak-suspects.ts). */
export function leakSuspectsPage(): LeakSuspects {
  return leakSuspects(trace());
}
