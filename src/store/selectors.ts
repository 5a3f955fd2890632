// Memoized derivations of the store's state: each recomputes only when its inputs change
// (by identity), as Firefox Profiler's selectors over its processed profile.

import {
  compileFilter,
  computeCallNodeInfo,
  computeFlameTree,
  isFilterEmpty,
  type FlameTree,
  type CallNodeInfo,
  type ProfileFilter,
} from '../analysis/profile/call-tree';
import { computeTopRows, type InitialProfileView, type TopRow } from '../analysis/profile/top';
import { computeSearchShare, type SearchShare } from '../analysis/profile/search';
import type { ProfileModel } from '../model/profile';
import type { TraceModel } from '../model/trace';
import { computeTraceTimeline, type TraceTimeline } from '../analysis/trace/timeline-tables';
import { computeRangeSummary, cpuProfileOfRange, type RangeSummary } from '../analysis/trace/timeline-range';
import type { ProfileViewState } from './store';

/** One-entry memo: recomputes when any argument differs (===) from the last call. */
function memo<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | null = null;
  let last: R;
  return (...args: A) => {
    if (lastArgs && lastArgs.length === args.length && lastArgs.every((a, i) => a === args[i])) return last;
    last = fn(...args);
    lastArgs = args;
    return last;
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

export const getCompiledFilter = memo(
  (focus: string, ignore: string, hide: string, show: string): { filter: ProfileFilter; errors: string[] } =>
    compileFilter({ focus, ignore, hide, show }),
);

export function getViewFilter(view: ProfileViewState) {
  return getCompiledFilter(view.focus, view.ignore, view.hide, view.show);
}

/** The first view of a profile (unfiltered, default sample type), made by the parse worker. */
const precomputedInitialView = new WeakMap<ProfileModel, InitialProfileView>();

export function setPrecomputedInitialView(p: ProfileModel, view: InitialProfileView): void {
  precomputedInitialView.set(p, view);
}

export const getCallNodeInfo = memo(
  (p: ProfileModel, filter: ProfileFilter): CallNodeInfo =>
    (isFilterEmpty(filter) ? precomputedInitialView.get(p)?.callNodeInfo : undefined) ?? computeCallNodeInfo(p, filter),
);

export type { FlameTree };

function initialViewFor(p: ProfileModel, filter: ProfileFilter, sampleTypeIndex: number): InitialProfileView | null {
  const v = precomputedInitialView.get(p);
  return v && v.sampleTypeIndex === sampleTypeIndex && isFilterEmpty(filter) ? v : null;
}

export const getFlameTree = memo(
  (p: ProfileModel, filter: ProfileFilter, sampleTypeIndex: number, inverted: boolean): FlameTree =>
    (!inverted ? initialViewFor(p, filter, sampleTypeIndex)?.flameTree : undefined) ??
    computeFlameTree(p, getCallNodeInfo(p, filter), sampleTypeIndex, inverted),
);

export const getTopRows = memo(
  (p: ProfileModel, filter: ProfileFilter, sampleTypeIndex: number): { rows: TopRow[]; total: number } =>
    initialViewFor(p, filter, sampleTypeIndex)?.top ??
    computeTopRows(p, sampleTypeIndex, filter, getCallNodeInfo(p, filter)),
);

export const getSearchShare = memo(
  (p: ProfileModel, filter: ProfileFilter, sampleTypeIndex: number, search: string): SearchShare | null =>
    search ? computeSearchShare(p, getCallNodeInfo(p, filter), sampleTypeIndex, search) : null,
);

// Trace timeline: derived tables once per model, range figures once per range.
/** Timelines the parse worker already derived, by model: the page never recomputes them. */
const precomputedTimelines = new WeakMap<TraceModel, TraceTimeline>();

export function setPrecomputedTraceTimeline(t: TraceModel, timeline: TraceTimeline): void {
  precomputedTimelines.set(t, timeline);
}

const computeTimelineOnce = memo((t: TraceModel): TraceTimeline => computeTraceTimeline(t));

export function getTraceTimeline(t: TraceModel): TraceTimeline {
  return precomputedTimelines.get(t) ?? computeTimelineOnce(t);
}
export const getRangeSummary = memo((t: TraceModel, from: number, to: number): RangeSummary => computeRangeSummary(t, from, to));
export const getRangeCpuProfile = memo((t: TraceModel, from: number, to: number): ProfileModel =>
  cpuProfileOfRange(t, Number.isFinite(from) ? [from, to] : null),
);
