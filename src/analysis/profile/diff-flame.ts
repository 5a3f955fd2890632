// The tree a diff flame graph draws: the comparison's call tree (top-down or bottom-up) with
// each node's base and target values (diff.ts diffCallTree) beside the width it is drawn with:
// the target's value (what the program holds now), or the size of the change below it (Σ of
// |target − base| of the frames whose own values are summed in it, so a child is never wider
// than its parent and frames that are gone are drawn too).

import { PrefixTreeBuilder } from '../../base/prefix-tree';
import type { ProfileModel } from '../../model/profile';
import { computeCallNodeTotal, flameNodes, type CallNodeInfo, type CallNodeTable, type FlameTree } from './call-tree';
import { diffCallTree } from './diff';

export type DiffWidth = 'target' | 'change';

export type DiffFlameTree = FlameTree & {
  /** Per node of `nodes`: the base's and the target's cum value (base positive). */
  base: Float64Array;
  target: Float64Array;
  /** What `total` (the widths) holds. */
  width: DiffWidth;
  /** The sides' totals under the filter (Σ of their values, base positive). */
  baseSum: number;
  targetSum: number;
};

/** Self values from cum values: a node's cum less its children's. */
function selfOf(nodes: CallNodeTable, cum: Float64Array): Float64Array {
  const self = cum.slice();
  for (let n = 0; n < nodes.length; n++) {
    const p = nodes.parent[n]!;
    if (p >= 0) self[p] -= cum[n]!;
  }
  return self;
}

export function computeDiffFlameTree(
  diff: ProfileModel,
  info: CallNodeInfo,
  sampleTypeIndex: number,
  inverted: boolean,
  width: DiffWidth,
): DiffFlameTree {
  const sides = diffCallTree(diff, info, sampleTypeIndex);
  const top = info.nodes;
  const baseSelf = selfOf(top, sides.base);
  const targetSelf = selfOf(top, sides.target);
  let baseSum = 0;
  let targetSum = 0;
  for (let n = 0; n < top.length; n++) {
    baseSum += baseSelf[n]!;
    targetSum += targetSelf[n]!;
  }
  let nodes: CallNodeTable;
  let base: Float64Array;
  let target: Float64Array;
  let change: Float64Array;
  if (!inverted) {
    nodes = top;
    base = sides.base;
    target = sides.target;
    const absSelf = new Float64Array(top.length);
    for (let n = 0; n < top.length; n++) absSelf[n] = Math.abs(targetSelf[n]! - baseSelf[n]!);
    change = computeCallNodeTotal(top, absSelf, absSelf);
  } else {
    // Bottom-up: each node with a value of its own on either side, walked to its root.
    const b: number[] = [];
    const t: number[] = [];
    const c: number[] = [];
    const tree = new PrefixTreeBuilder(1024);
    for (let n = 0; n < top.length; n++) {
      const bv = baseSelf[n]!;
      const tv = targetSelf[n]!;
      if (bv === 0 && tv === 0) continue;
      const cv = Math.abs(tv - bv);
      let inv = -1;
      for (let cur = n; cur >= 0; cur = top.parent[cur]!) {
        const next = tree.child(inv, top.func[cur]!);
        if (next === b.length) {
          b.push(0);
          t.push(0);
          c.push(0);
        }
        b[next] += bv;
        t[next] += tv;
        c[next] += cv;
        inv = next;
      }
    }
    const { label, parent, length } = tree.finish();
    nodes = { func: label.slice(), parent: parent.slice(), inlined: new Uint8Array(length), length };
    base = Float64Array.from(b);
    target = Float64Array.from(t);
    change = Float64Array.from(c);
  }
  const total = width === 'change' ? change : target;
  return {
    nodes,
    total,
    rootTotal: sides.total,
    sampleCount: 0,
    ...flameNodes(nodes, total),
    base,
    target,
    width,
    baseSum,
    targetSum,
  };
}
