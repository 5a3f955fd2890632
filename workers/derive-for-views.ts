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
import { computeComparisonFirstView, diffByCallNode, type ComparisonFirstView, type ComparisonSides } from '../src/analysis/profile/diff-by-call-node';
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
 * thread. With -diff_base and the sides' call trees (`sides`, from their first views), the
 * profile is made from those trees (diffByCallNode); otherwise (-base, no trees, a side whose
 * values are not whole numbers) by diffProfiles from the stacks, the slower way.
 */
export function deriveComparison(base: ProfileModel, target: ProfileModel, mode: DiffMode, sides?: ComparisonSides): { diff: ProfileModel; firstView: ComparisonFirstView } {
  const byCallNode = mode === 'diff_base' && sides ? diffByCallNode(base, target, sides) : null;
  if (byCallNode) return { diff: byCallNode.diff, firstView: computeComparisonFirstView(byCallNode.diff, byCallNode.callNodeInfo) };
  const diff = diffProfiles(base, target, mode);
  return { diff, firstView: computeComparisonFirstView(diff, computeCallNodeInfo(diff, null)) };
}
