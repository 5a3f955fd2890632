// pprof's `top`: flat and cum per function (../shared/docs/pprof-format.md §8.3–8.4).

import type { ProfileModel } from '../../model/profile';
import {
  computeCallNodeInfo,
  computeCallNodeSelf,
  computeFlameTree,
  type CallNodeInfo,
  type CallNodeSelf,
  type FlameTree,
  type ProfileFilter,
} from './call-tree';

export type FlatCum = {
  flat: Float64Array; // per function: value of samples whose leaf it is
  cum: Float64Array; // per function: value of samples whose stack holds it (once per sample)
  /** 1 for functions on the stack of at least one sample with a non-zero value. */
  present: Uint8Array;
  /** Σ|v| over kept samples: pprof's total for percentages. */
  total: number;
};

export function computeFlatCum(
  p: ProfileModel,
  sampleTypeIndex: number,
  filter: ProfileFilter | null,
  info: CallNodeInfo = computeCallNodeInfo(p, filter),
  // Samples aggregated per call node first: many samples share a node.
  nodeSelf: CallNodeSelf = computeCallNodeSelf(p, info, sampleTypeIndex),
): FlatCum {
  const nFuncs = p.funcs.length;
  const { nodes } = info;
  const { self, live, total } = nodeSelf;
  const flat = new Float64Array(nFuncs);
  const cum = new Float64Array(nFuncs);
  const present = new Uint8Array(nFuncs);
  // A stamp per function makes a recursive function count once per path.
  const stamp = new Int32Array(nFuncs).fill(-1);
  for (let n = 0; n < nodes.length; n++) {
    if (!live[n]) continue;
    const v = self[n]!;
    flat[nodes.func[n]!] += v;
    for (let cur = n; cur >= 0; cur = nodes.parent[cur]!) {
      const fn = nodes.func[cur]!;
      if (stamp[fn] === n) continue;
      stamp[fn] = n;
      cum[fn] += v;
      present[fn] = 1;
    }
  }
  return { flat, cum, present, total };
}

export type TopRow = {
  func: number;
  name: string;
  flat: number;
  cum: number;
  /** pprof's "(inline)" mark: every call into this function was inlined. */
  inlined: boolean;
};

/** Rows as `go tool pprof -top` orders them: |flat| descending, then name, then |cum|. */
export function computeTopRows(
  p: ProfileModel,
  sampleTypeIndex: number,
  filter: ProfileFilter | null,
  info: CallNodeInfo = computeCallNodeInfo(p, filter),
  nodeSelf?: CallNodeSelf,
): {
  rows: TopRow[];
  total: number;
} {
  const fc = computeFlatCum(p, sampleTypeIndex, filter, info, nodeSelf);
  // Inline marks: a function is "(inline)" when it has callers and every call node of it that
  // has a parent was an inlined frame.
  const inlineIn = new Uint8Array(p.funcs.length);
  const plainIn = new Uint8Array(p.funcs.length);
  for (let n = 0; n < info.nodes.length; n++) {
    if (info.nodes.parent[n]! < 0) continue;
    const fn = info.nodes.func[n]!;
    if (info.nodes.inlined[n]) inlineIn[fn] = 1;
    else plainIn[fn] = 1;
  }
  const rows: TopRow[] = [];
  for (let f = 0; f < p.funcs.length; f++) {
    if (!fc.present[f]) continue;
    rows.push({
      func: f,
      name: p.strings[p.funcs.name[f]!]!,
      flat: fc.flat[f]!,
      cum: fc.cum[f]!,
      inlined: inlineIn[f] === 1 && plainIn[f] === 0,
    });
  }
  rows.sort((a, b) => {
    const df = Math.abs(b.flat) - Math.abs(a.flat);
    if (df !== 0) return df;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return Math.abs(b.cum) - Math.abs(a.cum);
  });
  return { rows, total: fc.total };
}

/**
 * pprof's report total (its computeTotal), the base of every percentage it prints: taken before
 * any filter (pprof's -relative_percentages is off by default), Σ|v| over every sample, those
 * with no frames too (the call tree has no node for them). A comparison's: with -diff_base Σ|v|
 * of the base's samples alone (pprof labels them pprof::base=true), or of all when that is 0 (an
 * empty base never divides by zero); with -base Σ|v| of the merged samples, a stack's samples of
 * both sides being one sample (the frameless ones too).
 */
export function pprofTotal(p: ProfileModel, sampleTypeIndex: number): number {
  const col = p.samples.values[sampleTypeIndex]!;
  const n = p.samples.length;
  let all = 0;
  for (let i = 0; i < n; i++) all += Math.abs(col[i]!);
  if (!p.diff) return all;
  if (p.diff.mode === 'diff_base') {
    let base = 0;
    for (let i = p.diff.baseFrom; i < n; i++) base += Math.abs(col[i]!);
    return base > 0 ? base : all;
  }
  const stacks = p.samples.stack;
  const net = new Float64Array(p.stacks.length + 1); // the last: the samples of no frames
  for (let i = 0; i < n; i++) {
    const s = stacks[i]!;
    net[s >= 0 ? s : p.stacks.length] += col[i]!;
  }
  let total = 0;
  for (let s = 0; s < net.length; s++) total += Math.abs(net[s]!);
  return total;
}

/** What the first view of a profile shows (default sample type, no filter): made off the main thread. */
export type InitialProfileView = {
  sampleTypeIndex: number;
  callNodeInfo: CallNodeInfo;
  flameTree: FlameTree;
  top: { rows: TopRow[]; total: number };
};

/** `callNodeInfo`: the profile's call tree without a filter, when it is known already. */
export function computeInitialProfileView(p: ProfileModel, callNodeInfo: CallNodeInfo = computeCallNodeInfo(p, null)): InitialProfileView {
  const sampleTypeIndex = p.defaultSampleTypeIndex;
  const nodeSelf = computeCallNodeSelf(p, callNodeInfo, sampleTypeIndex);
  const top = computeTopRows(p, sampleTypeIndex, null, callNodeInfo, nodeSelf);
  // The top table is made: the flame tree's totals may be summed in place over the self values.
  const flameTree = computeFlameTree(p, callNodeInfo, sampleTypeIndex, false, nodeSelf, true);
  return { sampleTypeIndex, callNodeInfo, flameTree, top };
}
