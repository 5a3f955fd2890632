// Memoized derivations, one set per model (as Firefox Profiler's per-thread selector sets): each
// recomputes only when its inputs change, and two profiles on screen never evict each other's
// memo. What the worker derived (a profile's first view, a trace's timeline) comes from the
// file's entry in the store (`FileEntry.derived`) and is used instead of recomputing.

import {
  compileFilter,
  computeCallNodeInfo,
  computeFlameTree,
  isFilterEmpty,
  type FlameTree,
  type CallNodeInfo,
  type ProfileFilter,
} from '../analysis/profile/call-tree';
import { computeTopRows, pprofTotal, type InitialProfileView, type TopRow } from '../analysis/profile/top';
import { pprofHeader } from '../analysis/profile/pprof-header';
import { computeSearchShare, type SearchShare } from '../analysis/profile/search';
import type { ProfileModel } from '../model/profile';
import type { TraceModel } from '../model/trace';
import { computeTraceTimeline, type TraceTimeline } from '../analysis/trace/timeline-tables';
import { computeRangeSummary, cpuProfileOfRange, type RangeSummary } from '../analysis/trace/timeline-range';
import { summarizeTrace, type TraceDigest } from '../analysis/digest/trace-summary';
import { placeRun, type RunFile, type RunPlacement } from '../analysis/run/placement';
import type { ProfileViewState } from './store';
import { diffTop } from '../analysis/profile/diff';
import { computeDiffFlameTree, type DiffFlameTree, type DiffWidth } from '../analysis/profile/diff-flame';
import type { ComparisonFirstView } from '../analysis/profile/diff-by-call-node';

export type { FlameTree };

/** One-entry memo: recomputes when any argument differs (===) from the last call. */
export function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let last: R;
  return (...args: A) => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => a === args[i])) return last;
    last = fn(...args);
    lastArgs = args;
    return last;
  };
}

/** A selector set per object (a model), made on first use and dropped with the object. */
export function perObject<K extends object, S>(make: (k: K) => S): (k: K) => S {
  const sets = new WeakMap<K, S>();
  return (k) => {
    let s = sets.get(k);
    if (!s) {
      s = make(k);
      sets.set(k, s);
    }
    return s;
  };
}

/** pprof's sample_index: a type name, or "" for the profile's default. */
export function getSampleTypeIndex(p: ProfileModel, sampleType: string): number {
  if (sampleType !== '') {
    const i = p.sampleTypes.findIndex((t) => t.type === sampleType);
    if (i >= 0) return i;
  }
  return p.defaultSampleTypeIndex;
}

// Filters are about code, not a file: one memo per distinct filter text is enough.
const compiledFilters = new Map<string, { filter: ProfileFilter; errors: string[] }>();

export function getViewFilter(view: ProfileViewState): { filter: ProfileFilter; errors: string[] } {
  const key = [view.focus, view.ignore, view.hide, view.show].join('\u0000');
  let f = compiledFilters.get(key);
  if (!f) {
    f = compileFilter({ focus: view.focus, ignore: view.ignore, hide: view.hide, show: view.show });
    if (compiledFilters.size > 64) compiledFilters.clear();
    compiledFilters.set(key, f);
  }
  return f;
}

export type ProfileSelectors = {
  /** The worker's first view, once known (set when the file's entry is ready). */
  initialView: InitialProfileView | null;
  /** The call tree without a filter, when a worker made it without a first view (a comparison's). */
  unfilteredCallNodeInfo: CallNodeInfo | null;
  callNodeInfo(filter: ProfileFilter): CallNodeInfo;
  flameTree(filter: ProfileFilter, sampleTypeIndex: number, inverted: boolean): FlameTree;
  topRows(filter: ProfileFilter, sampleTypeIndex: number): { rows: TopRow[]; total: number };
  searchShare(filter: ProfileFilter, sampleTypeIndex: number, search: string): SearchShare | null;
  /** pprof's total for percentages (its report's: every sample, before any filter). */
  reportTotal(sampleTypeIndex: number): number;
  /** The lines go tool pprof prints first (File, Build ID, Type, Time, Duration / Total samples). */
  pprofHeader(sampleTypeIndex: number): string[];
};

const profileSelectorSet = perObject((p: ProfileModel): ProfileSelectors => {
  // The unfiltered call nodes for the header and the total, without taking the one-entry memo
  // of callNodeInfo from the view's filter.
  let unfiltered: CallNodeInfo | null = null;
  const known = () => sel.initialView?.callNodeInfo ?? sel.unfilteredCallNodeInfo;
  const unfilteredInfo = () => (unfiltered ??= known() ?? computeCallNodeInfo(p, null));
  const sel: ProfileSelectors = {
    initialView: null,
    unfilteredCallNodeInfo: null,
    callNodeInfo: memo((filter: ProfileFilter) => (isFilterEmpty(filter) ? known() : null) ?? computeCallNodeInfo(p, filter)),
    flameTree: memo((filter: ProfileFilter, typeIndex: number, inverted: boolean) =>
      (!inverted ? initialFor(sel, filter, typeIndex)?.flameTree : undefined) ??
      computeFlameTree(p, sel.callNodeInfo(filter), typeIndex, inverted),
    ),
    topRows: memo(
      (filter: ProfileFilter, typeIndex: number) =>
        initialFor(sel, filter, typeIndex)?.top ?? computeTopRows(p, typeIndex, filter, sel.callNodeInfo(filter)),
    ),
    searchShare: memo((filter: ProfileFilter, typeIndex: number, search: string) =>
      search ? computeSearchShare(p, sel.callNodeInfo(filter), typeIndex, search) : null,
    ),
    reportTotal: memo((typeIndex: number) => pprofTotal(p, typeIndex)),
    pprofHeader: memo((typeIndex: number) => {
      const v = sel.initialView;
      const top = v && v.sampleTypeIndex === typeIndex ? v.top : computeTopRows(p, typeIndex, null, unfilteredInfo());
      return pprofHeader(p, typeIndex, 'go1.24', top);
    }),
  };
  return sel;
});

function initialFor(sel: ProfileSelectors, filter: ProfileFilter, typeIndex: number): InitialProfileView | null {
  const v = sel.initialView;
  return v && v.sampleTypeIndex === typeIndex && isFilterEmpty(filter) ? v : null;
}

/** The selectors of one profile; `initialView` is the worker's first view of it (its entry's `derived`). */
export function profileSelectors(p: ProfileModel, initialView?: InitialProfileView | null): ProfileSelectors {
  const sel = profileSelectorSet(p);
  if (initialView && !sel.initialView) sel.initialView = initialView;
  return sel;
}

export type TraceSelectors = {
  timeline(): TraceTimeline;
  digest(): TraceDigest;
  rangeSummary(from: number, to: number): RangeSummary;
  rangeCpuProfile(from: number, to: number): ProfileModel;
};

const traceSelectorSet = perObject((t: TraceModel) => {
  const state: { timeline: TraceTimeline | null; digest: TraceDigest | null } = { timeline: null, digest: null };
  const sel: TraceSelectors & { state: typeof state } = {
    state,
    timeline: () => (state.timeline ??= computeTraceTimeline(t)),
    digest: () => (state.digest ??= summarizeTrace(t)),
    rangeSummary: memo((from: number, to: number) => computeRangeSummary(t, from, to)),
    rangeCpuProfile: memo((from: number, to: number) => cpuProfileOfRange(t, Number.isFinite(from) ? [from, to] : null)),
  };
  return sel;
});

/** The selectors of one trace; `derived` is what the worker made beside it (its entry's). */
export function traceSelectors(t: TraceModel, derived?: { traceTimeline?: TraceTimeline; traceDigest?: TraceDigest }): TraceSelectors {
  const sel = traceSelectorSet(t);
  if (derived?.traceTimeline && !sel.state.timeline) sel.state.timeline = derived.traceTimeline;
  if (derived?.traceDigest && !sel.state.digest) sel.state.digest = derived.traceDigest;
  return sel;
}

/**
 * The placement of a run's files on its axis (analysis/run/placement.ts), remembered for the
 * last few runs shown: recomputed when a file's model or a manual offset changes.
 */
const runPlacements: { files: RunFile[]; manual: string; value: RunPlacement }[] = [];

export function runPlacement(files: RunFile[], manualOffsets: Record<string, number>): RunPlacement {
  const manual = JSON.stringify(manualOffsets);
  const hit = runPlacements.find(
    (r) => r.manual === manual && r.files.length === files.length && r.files.every((f, i) => f.id === files[i]!.id && f.parsed === files[i]!.parsed),
  );
  if (hit) return hit.value;
  const value = placeRun(files, manualOffsets);
  runPlacements.unshift({ files, manual, value });
  if (runPlacements.length > 4) runPlacements.pop();
  return value;
}

// A comparison's derivations (views/compare/), per comparison profile (made in a worker with what
// its view shows first: loader.ts requestComparison); its call trees come from the profile's own
// selector set, which starts from the worker's call tree without a filter.
export type DiffSelectors = {
  diffTop(filter: ProfileFilter, sampleTypeIndex: number): ReturnType<typeof diffTop>;
  diffFlameTree(filter: ProfileFilter, sampleTypeIndex: number, inverted: boolean, width: DiffWidth): DiffFlameTree;
};

const diffSelectorSet = perObject((diff: ProfileModel) => {
  const sel: DiffSelectors & { firstView: ComparisonFirstView | null } = {
    firstView: null,
    diffTop: memo(
      (filter: ProfileFilter, typeIndex: number) =>
        firstViewFor(sel.firstView, filter, typeIndex)?.top ?? diffTop(diff, typeIndex, filter, profileSelectors(diff).callNodeInfo(filter)),
    ),
    diffFlameTree: memo(
      (filter: ProfileFilter, typeIndex: number, inverted: boolean, width: DiffWidth) =>
        (!inverted && width === 'target' ? firstViewFor(sel.firstView, filter, typeIndex)?.flameTree : undefined) ??
        computeDiffFlameTree(diff, profileSelectors(diff).callNodeInfo(filter), typeIndex, inverted, width),
    ),
  };
  return sel;
});

function firstViewFor(v: ComparisonFirstView | null, filter: ProfileFilter, typeIndex: number): ComparisonFirstView | null {
  return v && v.sampleTypeIndex === typeIndex && isFilterEmpty(filter) ? v : null;
}

/** The selectors of one comparison's profile; `firstView` is what its worker made with it. */
export function diffSelectors(diff: ProfileModel, firstView?: ComparisonFirstView | null): DiffSelectors {
  const sel = diffSelectorSet(diff);
  if (firstView && !sel.firstView) {
    sel.firstView = firstView;
    const own = profileSelectors(diff);
    own.unfilteredCallNodeInfo ??= firstView.callNodeInfo;
  }
  return sel;
}
