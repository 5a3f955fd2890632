// Asking for a comparison (the sidebar's "Compare with…" or a drag of one entry onto another):
// the pair is checked first; a refused pair leaves the selection as it was and says why.

import { message, type Message } from '../../base/messages';
import type { ParsedFile } from '../../model/parsed-file';
import { compareProblem } from '../../analysis/profile/diff';
import { fileById, useGoLens, type FileId } from '../../store/store';

/** Why two open files cannot be compared (base → target), or null. */
export function pairProblem(base: { name: string; parsed: ParsedFile | null }, target: { name: string; parsed: ParsedFile | null }): Message | null {
  const b = base.parsed;
  const t = target.parsed;
  if (!b || !t) return message('compare.not-ready');
  return compareProblem(b, t);
}

/** Shows base → target when they can be compared; else records why not (the sidebar's alert). */
export function requestCompare(baseId: FileId, targetId: FileId): boolean {
  const s = useGoLens.getState();
  const base = fileById(s, baseId);
  const target = fileById(s, targetId);
  if (!base || !target || baseId === targetId) return false;
  const problem = pairProblem(base, target);
  if (problem) {
    s.setCompareRefused({ base: baseId, target: targetId, problem });
    return false;
  }
  s.setCompareRefused(null);
  s.setChecked([]);
  s.select({ kind: 'compare', base: baseId, target: targetId });
  return true;
}
