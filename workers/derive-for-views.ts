// What every first view of a file needs, derived in the parse worker before the model goes to
// the page: on the main thread these loops would run cold (seconds on a large trace, hundreds
// of ms on a large profile) and freeze the page when it first draws.
import type { ParsedFile } from '../src/model/parsed-file';
import type { WorkerProgress } from '../src/parse/read-file';
import { computeTraceTimeline } from '../src/analysis/trace/timeline-tables';
import { computeInitialProfileView } from '../src/analysis/profile/top';
import { summarizeTrace } from '../src/analysis/digest/trace-summary';
import type { ProfileModel } from '../src/model/profile';
import { diffCallNodeInfo, diffProfiles, type DiffMode } from '../src/analysis/profile/diff';
import { computeCallNodeInfo, type CallNodeInfo } from '../src/analysis/profile/call-tree';

export function deriveForViews(parsed: ParsedFile, onProgress: WorkerProgress) {
  if (parsed.kind === 'trace') {
    onProgress(1, 1, 'preparing the timeline');
    return { traceTimeline: computeTraceTimeline(parsed), traceDigest: summarizeTrace(parsed) };
  }
  if (parsed.kind === 'profile') return { initialView: computeInitialProfileView(parsed) };
  return {};
}

/** Each side's call tree without a filter, from its first view, when the page has them. */
export type ComparisonSides = { base: CallNodeInfo; target: CallNodeInfo };

/**
 * A comparison's profile (pprof's -diff_base / -base) and its first view, off the main thread.
 * With -diff_base and the sides' call trees, the comparison's call tree is theirs merged.
 */
export function deriveComparison(base: ProfileModel, target: ProfileModel, mode: DiffMode, sides?: ComparisonSides) {
  const diff = diffProfiles(base, target, mode);
  const callNodeInfo =
    mode === 'diff_base' && sides ? diffCallNodeInfo(diff, base, target, sides.base, sides.target) : computeCallNodeInfo(diff, null);
  return { diff, initialView: computeInitialProfileView(diff, callNodeInfo) };
}
