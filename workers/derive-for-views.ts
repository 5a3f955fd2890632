// What every first view of a file needs, derived in the parse worker before the model goes to
// the page: on the main thread these loops would run cold (seconds on a large trace, hundreds
// of ms on a large profile) and freeze the page when it first draws.
import type { ParsedFile } from '../src/model/parsed-file';
import type { WorkerProgress } from '../src/parse/read-file';
import { computeTraceTimeline } from '../src/analysis/trace/timeline-tables';
import { computeInitialProfileView } from '../src/analysis/profile/top';
import { summarizeTrace } from '../src/analysis/digest/trace-summary';
import type { ProfileModel } from '../src/model/profile';
import { diffProfiles, type DiffMode } from '../src/analysis/profile/diff';
import { comparisonFirstViewFromSides, computeComparisonFirstView, diffByCallNode, type ComparisonFirstView, type SideViews } from '../src/analysis/profile/diff-by-call-node';
import { computeCallNodeInfo } from '../src/analysis/profile/call-tree';

export function deriveForViews(parsed: ParsedFile, onProgress: WorkerProgress) {
  if (parsed.kind === 'trace') {
    onProgress(1, 1, 'preparing the timeline');
    return { traceTimeline: computeTraceTimeline(parsed), traceDigest: summarizeTrace(parsed) };
  }
  if (parsed.kind === 'profile') return { initialView: computeInitialProfileView(parsed) };
  return {};
}

/**
 * A comparison's profile (pprof's -diff_base / -base) and what its view shows first, off the main
 * thread. With -diff_base and the sides' first views (`sides`: each open profile has one), the
 * profile is made from their call trees (diffByCallNode) and its first view from their top
 * tables and flame trees (comparisonFirstViewFromSides): nothing per stack or per sample of the
 * sides is read again. Otherwise (-base, no first views, a side whose values are not whole
 * numbers) diffProfiles makes it from the stacks, the slower way.
 */
export function deriveComparison(base: ProfileModel, target: ProfileModel, mode: DiffMode, sides?: SideViews): { diff: ProfileModel; firstView: ComparisonFirstView } {
  const made = mode === 'diff_base' && sides ? diffByCallNode(base, target, { base: sides.base.callNodeInfo, target: sides.target.callNodeInfo }) : null;
  if (made) {
    const firstView = comparisonFirstViewFromSides(made, base, target, sides!) ?? computeComparisonFirstView(made.diff, made.callNodeInfo);
    return { diff: made.diff, firstView };
  }
  const diff = diffProfiles(base, target, mode);
  return { diff, firstView: computeComparisonFirstView(diff, computeCallNodeInfo(diff, null)) };
}
