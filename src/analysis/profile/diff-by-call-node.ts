// The comparison the app shows (pprof's -diff_base of base → target), made from the two sides'
// own call trees instead of their stacks: its stacks are the merged call tree's nodes, one
// frame per function (and inlining), so it holds pprof's default granularity (functions) and
// nothing finer. Every view of a comparison is by function (the diff flame graph, the diff top
// table, focus/ignore/hide/show and search match functions' names and files), and each gives
// the values it gives on diffProfiles' profile (diff-by-call-node.test.ts). The CLI keeps
// diffProfiles, which keeps lines and pprof's record counts. Why: a large profile has about
// twice as many stacks as call nodes, and each side's call tree is known from its first view
// (docs/performance.md, "Comparing two profiles").

import type { ProfileModel } from '../../model/profile';
import { ProfileBuilder } from '../../model/profile-builder';
import { flameNodes, type CallNodeInfo } from './call-tree';
import { commonSampleTypes, compareProblem, diffTop, diffTopRows, finishComparison, mergeCallTrees, sumSamplesByKey } from './diff';
import { computeDiffFlameTree, type DiffFlameTree } from './diff-flame';
import { pprofTotal, type InitialProfileView } from './top';

/** Each side's call tree without a filter, from its first view. */
export type ComparisonSides = { base: CallNodeInfo; target: CallNodeInfo };

/** Each side's first view (the page has one for every open profile: its worker made it). */
export type SideViews = { base: InitialProfileView; target: InitialProfileView };

/** diffByCallNode's comparison, and how each side's functions and call nodes became its own. */
export type CallNodeComparison = {
  diff: ProfileModel;
  callNodeInfo: CallNodeInfo;
  /** Per side (target, base): side function → the comparison's. */
  funcs: [Int32Array, Int32Array];
  /** Per side (target, base): side call node → the comparison's call node (its stack). */
  merged: [Int32Array, Int32Array];
};

/**
 * Can the comparison be made from this side's call tree with the very values diffProfiles'
 * profile gives? Its tree is of this profile, and its values of the compared types are whole
 * numbers ≥ 0 whose sums are exact (so summing a call node's samples in another order, or a
 * stack's before its call node's, changes nothing). Otherwise (scaled legacy heap profiles,
 * negative values) the comparison takes diffProfiles' way.
 */
function sideFits(p: ProfileModel, info: CallNodeInfo, types: string[]): boolean {
  if (info.callNodeOfStack.length !== p.stacks.length || info.stackKept.length !== p.stacks.length) return false;
  for (const type of types) {
    const col = p.samples.values[p.sampleTypes.findIndex((t) => t.type === type)]!;
    let sum = 0;
    for (let i = 0; i < p.samples.length; i++) {
      const v = col[i]!;
      if (!(v >= 0) || !Number.isSafeInteger(v)) return false;
      sum += v;
    }
    if (sum > Number.MAX_SAFE_INTEGER) return false;
  }
  return true;
}

/**
 * pprof's -diff_base comparison of base → target at function granularity, and its call tree
 * without a filter (its stacks are that tree's nodes: stack n is call node n), from the sides'
 * call trees. Samples are one per call node and side (the base's after the target's, values
 * −1×), so `diff.baseFrom`, pprof's total and every per-function figure are diffProfiles'.
 * `recordCounts` are this profile's own (samples, frames, functions), not pprof's merge.
 * Null when a side does not fit (sideFits): use diffProfiles then. Throws when compareProblem
 * would say why not.
 */
export function diffByCallNode(base: ProfileModel, target: ProfileModel, sides: ComparisonSides): CallNodeComparison | null {
  const problem = compareProblem(base, target);
  if (problem) throw new Error(`${problem.code}: cannot compare`);
  const types = commonSampleTypes(base, target);
  if (!sideFits(target, sides.target, types) || !sideFits(base, sides.base, types)) return null;
  const sampleTypes = types.map((type) => ({ ...target.sampleTypes.find((t) => t.type === type)! }));
  const b = new ProfileBuilder(sampleTypes, 16);
  // Functions one per name, the target's first, as diffProfiles numbers them.
  const funcsOf = (p: ProfileModel) => {
    const funcs = new Int32Array(p.funcs.length);
    for (let f = 0; f < p.funcs.length; f++) funcs[f] = b.func(p.strings[p.funcs.name[f]!]!, p.strings[p.funcs.file[f]!]!);
    return funcs;
  };
  const targetFuncs = funcsOf(target);
  const baseFuncs = funcsOf(base);
  const { nodes, merged } = mergeCallTrees([
    { p: target, info: sides.target, funcs: targetFuncs },
    { p: base, info: sides.base, funcs: baseFuncs },
  ]);

  // Stacks: the call nodes, each with the frame of its function and inlining (line unknown).
  const n = nodes.length;
  const frameOf = new Int32Array(2 * b.funcCount).fill(-1);
  const frame = new Int32Array(n);
  for (let node = 0; node < n; node++) {
    const key = 2 * nodes.func[node]! + nodes.inlined[node]!;
    let fr = frameOf[key]!;
    if (fr < 0) frameOf[key] = fr = b.newFrame(nodes.func[node]!, 0, nodes.inlined[node] === 1);
    frame[node] = fr;
  }
  b.setStacks(frame, nodes.parent);

  // Samples: one per call node and side (Merge sums a stack's; a call node's sum is the same
  // sum, since values are exact integers), in first-seen order; all-zero samples dropped.
  const keyOf = (info: CallNodeInfo, sideMerged: Int32Array) => (s: number) => {
    const sideNode = info.callNodeOfStack[s]!;
    return sideNode >= 0 ? sideMerged[sideNode]! : -1;
  };
  const { stack, values, baseFrom } = sumSamplesByKey(target, base, types, keyOf(sides.target, merged[0]!), keyOf(sides.base, merged[1]!), n);
  b.setSamples(stack, values);
  const nOut = stack.length;
  const diff = finishComparison(b, base, target, types, { samples: nOut, locations: b.frameCount, functions: b.funcCount }, { mode: 'diff_base', baseFrom });
  const callNodeOfStack = new Int32Array(n);
  for (let s = 0; s < n; s++) callNodeOfStack[s] = s;
  return {
    diff,
    callNodeInfo: { nodes, callNodeOfStack, stackKept: new Uint8Array(n).fill(1) },
    funcs: [targetFuncs, baseFuncs],
    merged: [merged[0]!, merged[1]!],
  };
}

/**
 * What the comparison view shows first (the default sample type, no filter, top-down, widths by
 * the target's values), made where the comparison is made (its worker), with the call tree
 * without a filter that every other view of it starts from.
 */
export type ComparisonFirstView = {
  sampleTypeIndex: number;
  callNodeInfo: CallNodeInfo;
  top: ReturnType<typeof diffTop>;
  flameTree: DiffFlameTree;
};

export function computeComparisonFirstView(diff: ProfileModel, callNodeInfo: CallNodeInfo): ComparisonFirstView {
  const sampleTypeIndex = diff.defaultSampleTypeIndex;
  return {
    sampleTypeIndex,
    callNodeInfo,
    top: diffTop(diff, sampleTypeIndex, null, callNodeInfo),
    flameTree: computeDiffFlameTree(diff, callNodeInfo, sampleTypeIndex, false, 'target'),
  };
}

/**
 * computeComparisonFirstView's very values, made from the sides' own first views instead of a
 * pass over the comparison's samples and walks up its tree: the diff top table is the sides'
 * top rows (per function flat and cum) side by side, function by function (one per name, as the
 * comparison's functions are), and the diff flame tree's per-node cum values are each side's
 * flame tree totals carried to the merged call node they became. Exact: the values are whole
 * numbers (diffByCallNode's sideFits), so sums in another order are the same sums.
 * Null when a side's first view is of another sample type than the comparison's default, or
 * of another call tree: computeComparisonFirstView then.
 */
export function comparisonFirstViewFromSides(
  made: CallNodeComparison,
  base: ProfileModel,
  target: ProfileModel,
  views: SideViews,
): ComparisonFirstView | null {
  const { diff, callNodeInfo, funcs, merged } = made;
  const sampleTypeIndex = diff.defaultSampleTypeIndex;
  const type = diff.sampleTypes[sampleTypeIndex]!.type;
  const sides = [
    { p: target, view: views.target },
    { p: base, view: views.base },
  ];
  for (const [i, { p, view }] of sides.entries()) {
    if (p.sampleTypes[view.sampleTypeIndex]?.type !== type) return null;
    if (view.flameTree.nodes.length !== merged[i]!.length || view.flameTree.total.length !== merged[i]!.length) return null;
  }

  // Top: each side's rows by the comparison's function (a side has one function per name).
  const nFuncs = diff.funcs.length;
  const flat = [new Float64Array(nFuncs), new Float64Array(nFuncs)];
  const cum = [new Float64Array(nFuncs), new Float64Array(nFuncs)];
  const present = new Uint8Array(nFuncs); // bit i: side i has a row
  for (const [i, { view }] of sides.entries()) {
    const bit = 1 << i;
    for (const row of view.top.rows) {
      const f = funcs[i]![row.func]!;
      if (present[f]! & bit) return null; // two of the side's functions became one
      present[f] = present[f]! | bit;
      flat[i]![f] = row.flat;
      cum[i]![f] = row.cum;
    }
  }
  const rows = diffTopRows(diff, present, flat, cum);

  // Flame tree: each side's cum per call node, carried to the merged node.
  const { nodes } = callNodeInfo;
  const cumOf = (i: number) => {
    const into = new Float64Array(nodes.length);
    const side = sides[i]!.view.flameTree.total;
    const to = merged[i]!;
    for (let n = 0; n < to.length; n++) into[to[n]!] += side[n]!;
    return into;
  };
  const targetCum = cumOf(0);
  const baseCum = cumOf(1);
  // Each side's sum: its top table's total (Σ|v| of its samples with frames, values ≥ 0).
  const targetSum = views.target.top.total;
  const baseSum = views.base.top.total;
  const flameTree: DiffFlameTree = {
    nodes,
    total: targetCum,
    // pprof's total (diff.ts sideSelf): the base's, or both sides' when the base has none.
    rootTotal: baseSum > 0 ? baseSum : baseSum + targetSum,
    sampleCount: 0,
    ...flameNodes(nodes, targetCum),
    base: baseCum,
    target: targetCum,
    width: 'target',
    baseSum,
    targetSum,
  };
  return {
    sampleTypeIndex,
    callNodeInfo,
    top: { rows, total: pprofTotal(diff, sampleTypeIndex), baseTotal: baseSum, targetTotal: targetSum },
    flameTree,
  };
}
