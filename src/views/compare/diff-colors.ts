// Colours of a comparison: grew warm, shrank cool, by how much of the frame changed; frames
// only the target has (new) and only the base has (gone) get colours of their own.

import { formatShare } from '../../base/number-format';

export type ChangeKind = 'new' | 'gone' | 'grew' | 'shrank' | 'same';

export function changeKind(base: number, target: number): ChangeKind {
  if (base === 0 && target !== 0) return 'new';
  if (target === 0 && base !== 0) return 'gone';
  if (target > base) return 'grew';
  if (target < base) return 'shrank';
  return 'same';
}

export const NEW_COLOR = 'hsl(348, 83%, 40%)';
export const GONE_COLOR = 'hsl(222, 75%, 38%)';
export const SAME_COLOR = 'hsl(210, 8%, 82%)';

/** The colour of a frame whose value went from `base` to `target`. */
export function changeColor(base: number, target: number): string {
  const kind = changeKind(base, target);
  if (kind === 'new') return NEW_COLOR;
  if (kind === 'gone') return GONE_COLOR;
  if (kind === 'same') return SAME_COLOR;
  // The share of the larger side that changed: 0 (a little) … 1 (all of it).
  const share = Math.min(1, Math.abs(target - base) / Math.max(Math.abs(base), Math.abs(target)));
  const light = 88 - share * 30;
  const sat = 35 + share * 50;
  return kind === 'grew' ? `hsl(6, ${sat.toFixed(0)}%, ${light.toFixed(0)}%)` : `hsl(212, ${sat.toFixed(0)}%, ${light.toFixed(0)}%)`;
}

/** Delta as a share of the base, "+12.5%", "< 0.01%"; "new" when the base had none. */
export function deltaPercent(base: number, target: number): string {
  if (base === 0) return target === 0 ? '0%' : 'new';
  const share = formatShare(target - base, Math.abs(base));
  return target > base && !share.startsWith('<') ? `+${share}` : share;
}
