// Comparing two profiles as `go tool pprof -diff_base=BASE TARGET` and `-base=BASE TARGET` do
// (its driver's fetch.go): the sample types both have (CompatibilizeSampleTypes), the base's
// values multiplied by −1 (with -diff_base its samples labelled pprof::base=true), both merged
// (profile.Merge: samples of one stack summed, all-zero samples dropped). The result is a
// ProfileModel like any other, so call trees, top and flame graphs work on it unchanged; the
// per-side values the diff views show come from diffTop / diffCallTree.

import { message, type Message } from '../../base/messages';
import { IntPairMap } from '../../base/int-pair-map';
import { PrefixTreeBuilder } from '../../base/prefix-tree';
import { ProfileBuilder } from '../../model/profile-builder';
import type { ProfileModel, ValueType } from '../../model/profile';
import type { ParsedFile } from '../../model/parsed-file';
import { computeCallNodeInfo, computeCallNodeTotal, type CallNodeInfo, type CallNodeTable, type ProfileFilter } from './call-tree';
import { pprofTotal } from './top';

export type DiffMode = 'diff_base' | 'base';

/**
 * The sample types both profiles have, by type name as pprof matches them
 * (CompatibilizeSampleTypes), in the target's order (pprof's first profile is the target).
 */
export function commonSampleTypes(base: ProfileModel, target: ProfileModel): string[] {
  const inBase = new Set(base.sampleTypes.map((t) => t.type));
  return target.sampleTypes.filter((t) => inBase.has(t.type)).map((t) => t.type);
}

/**
 * Why two files cannot be compared, or null when they can: not both profiles, different
 * kinds of profile (period types: a heap profile is not a CPU profile), no sample type in
 * common, or a common sample type counted in different units (bytes against a count).
 */
export function compareProblem(base: ParsedFile, target: ParsedFile): Message | null {
  if (base.kind !== 'profile' || target.kind !== 'profile') {
    return message('compare.not-profiles', { base: base.kind, target: target.kind });
  }
  const bp = base.periodType;
  const tp = target.periodType;
  if (bp && tp && bp.type !== '' && tp.type !== '' && (bp.type !== tp.type || bp.unit !== tp.unit)) {
    return message('compare.different-kinds', { base: valueTypeText(bp), target: valueTypeText(tp) });
  }
  const common = commonSampleTypes(base, target);
  if (common.length === 0) {
    return message('compare.no-common-sample-type', {
      base: base.sampleTypes.map(valueTypeText).join(', '),
      target: target.sampleTypes.map(valueTypeText).join(', '),
    });
  }
  for (const type of common) {
    const b = base.sampleTypes.find((t) => t.type === type)!;
    const t = target.sampleTypes.find((x) => x.type === type)!;
    if (b.unit !== t.unit) return message('compare.different-units', { type, base: b.unit, target: t.unit });
  }
  return null;
}

function valueTypeText(t: ValueType): string {
  return `${t.type}/${t.unit}`;
}

/**
 * The profile pprof builds to compare `base` with `target`: the target's samples, then the
 * base's times −1 (`diff.baseFrom` says where they start), over the sample types both have.
 * Samples of one stack on one side are summed and all-zero samples dropped, as Merge does;
 * header values are Merge's (the earliest time, or none when the base has none; the largest period; durations summed).
 * Functions are one per name and frames one per function, line and inlining across both sides.
 * With -diff_base the base's samples never merge with the target's (pprof labels them apart), so
 * the two stack tables are kept side by side, the base's after the target's: copied, not looked up
 * stack by stack (the call tree merges them by function anyway: `diffCallNodeInfo`). With -base a
 * stack's samples of both sides are one sample to pprof, so the base's stacks are merged into the
 * target's tree.
 * Throws when compareProblem would say why not.
 */
export function diffProfiles(base: ProfileModel, target: ProfileModel, mode: DiffMode): ProfileModel {
  const problem = compareProblem(base, target);
  if (problem) throw new Error(`${problem.code}: cannot compare`);
  const types = commonSampleTypes(base, target);
  const sampleTypes = types.map((type) => ({ ...target.sampleTypes.find((t) => t.type === type)! }));
  const b = new ProfileBuilder(sampleTypes, mode === 'base' ? target.stacks.length + base.stacks.length : 16);
  const frameKeys = new Map<string, number>();
  const targetFrames = mergeFrames(b, target, frameKeys);
  const baseFrames = mergeFrames(b, base, frameKeys);

  // Each side's stack → the comparison's stack.
  let targetStacks: (s: number) => number;
  let baseStacks: (s: number) => number;
  if (mode === 'diff_base') {
    const nt = target.stacks.length;
    const frame = new Int32Array(nt + base.stacks.length);
    const prefix = new Int32Array(frame.length);
    copyStacks(target, targetFrames, 0, frame, prefix);
    copyStacks(base, baseFrames, nt, frame, prefix);
    b.setStacks(frame, prefix);
    targetStacks = (s) => s;
    baseStacks = (s) => s + nt;
  } else {
    const t = treeStacks(b, target, targetFrames);
    const bs = treeStacks(b, base, baseFrames);
    targetStacks = (s) => t[s]!;
    baseStacks = (s) => bs[s]!;
  }
  const nStacks = mode === 'diff_base' ? target.stacks.length + base.stacks.length : b.stacks.length;

  // Samples: one per stack and side (Merge sums samples of one stack), in first-seen order.
  const { stack, values, baseFrom } = sumSamplesByKey(target, base, types, targetStacks, baseStacks, nStacks);
  b.setSamples(stack, values);

  const recordCounts = mergedRecordCounts(
    [
      { p: target, frames: targetFrames },
      { p: base, frames: baseFrames },
    ],
    types,
    mode,
  );
  return finishComparison(b, base, target, types, recordCounts, { mode, baseFrom });
}

/** The comparison's header as Merge makes it (the earliest time, the largest period, durations summed), and its `diff`. */
export function finishComparison(
  b: ProfileBuilder,
  base: ProfileModel,
  target: ProfileModel,
  types: string[],
  recordCounts: ProfileModel['recordCounts'],
  diff: NonNullable<ProfileModel['diff']>,
): ProfileModel {
  const targetDefault = target.sampleTypes[target.defaultSampleTypeIndex]?.type;
  const def = targetDefault !== undefined && types.includes(targetDefault) ? types.indexOf(targetDefault) : types.length - 1;
  // Merge's rule over [target, base]: a time below the one so far, or any after a 0 (so a base of no time gives none).
  let timeNanos = 0n;
  for (const t of [target.timeNanos, base.timeNanos]) if (timeNanos === 0n || t < timeNanos) timeNanos = t;
  const model = b.finish({
    encoding: target.encoding,
    formatName: target.formatName,
    defaultSampleTypeIndex: def,
    period: Math.max(target.period, base.period),
    periodType: target.periodType,
    durationNs: target.durationNs + base.durationNs,
    timeNanos,
    recordCounts,
    comments: [...new Set([...target.comments, ...base.comments])],
    mainBinary: target.mainBinary || base.mainBinary,
  });
  if (target.mainBuildId) model.mainBuildId = target.mainBuildId;
  model.diff = diff;
  return model;
}

/** One side's frames into the comparison's (one per function name, line and inlining); returns the comparison's frame of each. */
function mergeFrames(b: ProfileBuilder, p: ProfileModel, frameKeys: Map<string, number>): Int32Array {
  const funcs = new Int32Array(p.funcs.length);
  for (let fn = 0; fn < p.funcs.length; fn++) funcs[fn] = b.func(p.strings[p.funcs.name[fn]!]!, p.strings[p.funcs.file[fn]!]!);
  const merged = new Int32Array(p.frames.length);
  for (let f = 0; f < p.frames.length; f++) {
    const func = funcs[p.frames.func[f]!]!;
    const line = p.frames.line[f]!;
    const inlined = p.frames.inlined[f]!;
    const key = `${func}:${line}:${inlined}`;
    let fr = frameKeys.get(key);
    if (fr === undefined) {
      fr = b.newFrame(func, line, inlined === 1);
      frameKeys.set(key, fr);
    }
    merged[f] = fr;
  }
  return merged;
}

/** One side's stack table into the comparison's from `offset` on, frames mapped. */
function copyStacks(p: ProfileModel, frames: Int32Array, offset: number, frame: Int32Array, prefix: Int32Array): void {
  const { frame: sideFrame, prefix: sidePrefix, length } = p.stacks;
  for (let s = 0; s < length; s++) {
    frame[offset + s] = frames[sideFrame[s]!]!;
    const pre = sidePrefix[s]!;
    prefix[offset + s] = pre >= 0 ? pre + offset : -1;
  }
}

/** One side's stacks into the builder's stack tree; returns the tree's stack of each. */
function treeStacks(b: ProfileBuilder, p: ProfileModel, frames: Int32Array): Int32Array {
  const merged = new Int32Array(p.stacks.length);
  for (let s = 0; s < p.stacks.length; s++) {
    const pre = p.stacks.prefix[s]!;
    merged[s] = b.stack(pre >= 0 ? merged[pre]! : -1, frames[p.stacks.frame[s]!]!);
  }
  return merged;
}

/**
 * The record counts of the profile Merge makes, as far as the model knows them: samples one per
 * stack and side (with -base, one per stack), locations and functions those samples use. A
 * location is known by its lines (function, line, inlined calls): two locations of one line
 * (two calls on it) count as the larger of the two sides' numbers of them. `frames` is each
 * side's frame → the comparison's frame (one per function name, line and inlining).
 */
function mergedRecordCounts(
  sides: { p: ProfileModel; frames: Int32Array }[],
  types: string[],
  mode: DiffMode,
): { samples: number; locations: number; functions: number } {
  // A location's id: its frames' (in the comparison's frames) as a path in a tree, shared by both sides.
  const locationIds = new PrefixTreeBuilder();
  const used = sides.map(({ p, frames }) => usedRecords(p, frames, types, locationIds));
  let samples: number;
  if (mode === 'diff_base') samples = used[0]!.samples + used[1]!.samples;
  else samples = mergedStackCount(sides.map((side) => side.p), types);
  let nLocations = 0;
  const [target, base] = [sides[0]!.p, sides[1]!.p];
  if (base.legacyAddresses && target.legacyAddresses) {
    nLocations = new Set([...target.legacyAddresses, ...base.legacyAddresses]).size;
  } else {
    const locations = new Map<number, number>();
    for (const side of used) for (const [k, n] of side.locations) locations.set(k, Math.max(locations.get(k) ?? 0, n));
    for (const n of locations.values()) nLocations += n;
  }
  const functions = new Set([...used[0]!.functions, ...used[1]!.functions]);
  return { samples, locations: nLocations, functions: functions.size };
}

/** Value columns of `types`, in that order. */
function typeColumns(p: ProfileModel, types: string[]): Float64Array[] {
  return types.map((type) => p.samples.values[p.sampleTypes.findIndex((t) => t.type === type)]!);
}

function nonZeroSample(cols: Float64Array[], i: number): boolean {
  for (let c = 0; c < cols.length; c++) if (cols[c]![i] !== 0) return true;
  return false;
}

/**
 * A profile's non-zero samples as Merge counts them, and the locations (by their frames in the
 * comparison, with multiplicity) and functions (by name) they use.
 */
function usedRecords(p: ProfileModel, frames: Int32Array, types: string[], locationIds: PrefixTreeBuilder) {
  const cols = typeColumns(p, types);
  const { prefix, frame } = p.stacks;
  const usedStack = new Uint8Array(p.stacks.length);
  // Merge's samples: one per stack and label set (legacy profiles have no labels: one per record).
  const labelHash = p.samples.labelHash;
  const firstLabels = new Map<number, number>(); // stack → the label hash of its first sample
  const otherLabels = new Set<string>(); // stack#hash of its samples with other labels
  let nonZero = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (!nonZeroSample(cols, i)) continue;
    nonZero++;
    const s = p.samples.stack[i]!;
    if (s >= 0) usedStack[s] = 1;
    if (labelHash) {
      const h = labelHash[i]!;
      const first = firstLabels.get(s);
      if (first === undefined) firstLabels.set(s, h);
      else if (first !== h) otherLabels.add(`${s}#${h}`);
    }
  }
  // A used stack's frame and its callers are used (a prefix precedes its stacks).
  const usedFrame = new Uint8Array(p.frames.length);
  for (let s = p.stacks.length - 1; s >= 0; s--) {
    if (!usedStack[s]) continue;
    usedFrame[frame[s]!] = 1;
    const pre = prefix[s]!;
    if (pre >= 0) usedStack[pre] = 1;
  }
  // A location is a run of frames ending with a frame that is not inlined (frames of a location
  // are made together, inlined calls first).
  const locations = new Map<number, number>();
  const functions = new Set<string>();
  let start = 0;
  for (let f = 0; f < p.frames.length; f++) {
    if (p.frames.inlined[f]) continue;
    let used = false;
    for (let g = start; g <= f; g++) if (usedFrame[g]) used = true;
    if (used) {
      let key = -1;
      for (let g = start; g <= f; g++) key = locationIds.child(key, frames[g]!);
      locations.set(key, (locations.get(key) ?? 0) + 1);
      for (let g = start; g <= f; g++) {
        const name = p.strings[p.funcs.name[p.frames.func[g]!]!]!;
        if (!/^0x[0-9a-f]+$/.test(name)) functions.add(name);
      }
    }
    start = f + 1;
  }
  return { locations, functions, samples: labelHash ? firstLabels.size + otherLabels.size : nonZero };
}

/**
 * -base's sample count: the stacks of both sides' non-zero samples, a stack known across sides
 * by its frames' functions and lines from the root (the rare mode: keys as strings).
 */
function mergedStackCount(sides: ProfileModel[], types: string[]): number {
  const texts = new Map<string, number>();
  const stackIds = new Map<string, number>();
  const keys = new Set<number>();
  for (const p of sides) {
    const frameTextId = new Int32Array(p.frames.length);
    for (let f = 0; f < p.frames.length; f++) {
      const t = `${p.strings[p.funcs.name[p.frames.func[f]!]!]}:${p.frames.line[f]}`;
      let id = texts.get(t);
      if (id === undefined) texts.set(t, (id = texts.size));
      frameTextId[f] = id;
    }
    const stackId = new Int32Array(p.stacks.length);
    for (let s = 0; s < p.stacks.length; s++) {
      const pre = p.stacks.prefix[s]!;
      const key = `${pre >= 0 ? stackId[pre] : -1}|${frameTextId[p.stacks.frame[s]!]}`;
      let id = stackIds.get(key);
      if (id === undefined) stackIds.set(key, (id = stackIds.size));
      stackId[s] = id;
    }
    const cols = typeColumns(p, types);
    for (let i = 0; i < p.samples.length; i++) {
      if (!nonZeroSample(cols, i)) continue;
      const s = p.samples.stack[i]!;
      keys.add(s >= 0 ? stackId[s]! : -1);
    }
  }
  return keys.size;
}

/** One side's share of a comparison: its flat and cum per function, base values positive. */
export type DiffTopRow = {
  func: number;
  name: string;
  /** Net flat and cum (target − base), as pprof prints them. */
  flat: number;
  cum: number;
  baseFlat: number;
  baseCum: number;
  targetFlat: number;
  targetCum: number;
};

/**
 * The diff top table: per function, flat and cum of the comparison (target − base) and of each
 * side, in pprof's -top order (|flat| descending, then name, then |cum|); `total` is pprof's
 * total for percentages (pprofTotal: with -diff_base every sample of the base, those of no
 * frames too, before any filter), `baseTotal` and `targetTotal` the sides' sums under the filter.
 */
export function diffTop(
  diff: ProfileModel,
  sampleTypeIndex: number,
  filter: ProfileFilter | null,
  info: CallNodeInfo = computeCallNodeInfo(diff, filter),
): { rows: DiffTopRow[]; total: number; baseTotal: number; targetTotal: number } {
  const sides = sideSelf(diff, info, sampleTypeIndex);
  const nFuncs = diff.funcs.length;
  const flat = [new Float64Array(nFuncs), new Float64Array(nFuncs)];
  const cum = [new Float64Array(nFuncs), new Float64Array(nFuncs)];
  const present = new Uint8Array(nFuncs);
  const stamp = new Int32Array(nFuncs).fill(-1);
  const { nodes } = info;
  for (let n = 0; n < nodes.length; n++) {
    if (!sides.live[n]) continue;
    const t = sides.target[n]!;
    const bv = sides.base[n]!;
    flat[0]![nodes.func[n]!] += t;
    flat[1]![nodes.func[n]!] += bv;
    for (let cur = n; cur >= 0; cur = nodes.parent[cur]!) {
      const fn = nodes.func[cur]!;
      if (stamp[fn] === n) continue;
      stamp[fn] = n;
      cum[0]![fn] += t;
      cum[1]![fn] += bv;
      present[fn] = 1;
    }
  }
  const rows = diffTopRows(diff, present, flat, cum);
  return { rows, total: pprofTotal(diff, sampleTypeIndex), baseTotal: sides.baseTotal, targetTotal: sides.targetTotal };
}

/**
 * The diff top table's rows, in pprof's -top order: one per function marked in `present`, from
 * each side's flat and cum by function (index 0 the target, 1 the base).
 */
export function diffTopRows(diff: ProfileModel, present: ArrayLike<number>, flat: Float64Array[], cum: Float64Array[]): DiffTopRow[] {
  const rows: DiffTopRow[] = [];
  for (let f = 0; f < present.length; f++) {
    if (!present[f]) continue;
    rows.push({
      func: f,
      name: diff.strings[diff.funcs.name[f]!]!,
      flat: flat[0]![f]! - flat[1]![f]!,
      cum: cum[0]![f]! - cum[1]![f]!,
      targetFlat: flat[0]![f]!,
      targetCum: cum[0]![f]!,
      baseFlat: flat[1]![f]!,
      baseCum: cum[1]![f]!,
    });
  }
  sortTopRows(rows);
  return rows;
}

/** pprof's -top order: |flat| descending, then name, then |cum| descending. */
export function sortTopRows(rows: DiffTopRow[]): void {
  rows.sort((a, b) => {
    const df = Math.abs(b.flat) - Math.abs(a.flat);
    if (df !== 0) return df;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return Math.abs(b.cum) - Math.abs(a.cum);
  });
}

/**
 * Per call node of a comparison: the cum value of each side (base positive) and the net, for
 * the diff flame graph's widths, colours and tooltips. Works on any tree whose nodes are those
 * of `info` (top-down).
 */
export function diffCallTree(
  diff: ProfileModel,
  info: CallNodeInfo,
  sampleTypeIndex: number,
): { base: Float64Array; target: Float64Array; delta: Float64Array; total: number } {
  const sides = sideSelf(diff, info, sampleTypeIndex);
  const target = computeCallNodeTotal(info.nodes, sides.target);
  const base = computeCallNodeTotal(info.nodes, sides.base);
  const delta = new Float64Array(info.nodes.length);
  for (let n = 0; n < delta.length; n++) delta[n] = target[n]! - base[n]!;
  return { base, target, delta, total: sides.total };
}

/** Self value of each call node on each side (base values made positive again). */
function sideSelf(diff: ProfileModel, info: CallNodeInfo, sampleTypeIndex: number) {
  const n = info.nodes.length;
  const target = new Float64Array(n);
  const base = new Float64Array(n);
  const live = new Uint8Array(n);
  const values = diff.samples.values[sampleTypeIndex]!;
  const baseFrom = diff.diff?.baseFrom ?? diff.samples.length;
  const stacks = diff.samples.stack;
  let baseTotal = 0;
  let targetTotal = 0;
  let all = 0;
  const net = diff.diff?.mode === 'base' ? new Float64Array(diff.stacks.length) : null;
  for (let i = 0; i < diff.samples.length; i++) {
    const s = stacks[i]!;
    if (s < 0 || !info.stackKept[s]) continue;
    const node = info.callNodeOfStack[s]!;
    if (node < 0) continue;
    const v = values[i]!;
    if (v === 0) continue;
    live[node] = 1;
    all += Math.abs(v);
    if (net) net[s] += v;
    if (i < baseFrom) {
      target[node] += v;
      targetTotal += v;
    } else {
      base[node] -= v;
      baseTotal -= v;
    }
  }
  let total: number;
  if (net) {
    total = 0;
    for (let s = 0; s < net.length; s++) total += Math.abs(net[s]!);
  } else {
    let baseAbs = 0;
    for (let i = baseFrom; i < diff.samples.length; i++) {
      const s = stacks[i]!;
      if (s >= 0 && info.stackKept[s] && info.callNodeOfStack[s]! >= 0) baseAbs += Math.abs(values[i]!);
    }
    total = baseAbs > 0 ? baseAbs : all;
  }
  return { target, base, live, total, baseTotal, targetTotal };
}

/**
 * The call tree of a -diff_base comparison's profile, equal to `computeCallNodeInfo(diff, null)`,
 * made from the two sides' own call trees without a filter (each profile's first view has one):
 * the target's tree, then the base's merged into it node by node (`mergeCallTrees`). Its stacks
 * are the target's then the base's, so a stack's call node is its side's, renumbered.
 */
export function diffCallNodeInfo(diff: ProfileModel, base: ProfileModel, target: ProfileModel, baseInfo: CallNodeInfo, targetInfo: CallNodeInfo): CallNodeInfo {
  const nt = target.stacks.length;
  const nStacks = nt + base.stacks.length;
  if (diff.diff?.mode !== 'diff_base' || diff.stacks.length !== nStacks) throw new Error('diffCallNodeInfo: not the -diff_base comparison of these profiles');
  const funcOfName = new Map<string, number>();
  for (let f = 0; f < diff.funcs.length; f++) funcOfName.set(diff.strings[diff.funcs.name[f]!]!, f);
  const funcsOf = (p: ProfileModel) => {
    const funcs = new Int32Array(p.funcs.length);
    for (let f = 0; f < p.funcs.length; f++) funcs[f] = funcOfName.get(p.strings[p.funcs.name[f]!]!)!;
    return funcs;
  };
  const { nodes, merged } = mergeCallTrees([
    { p: target, info: targetInfo, funcs: funcsOf(target) },
    { p: base, info: baseInfo, funcs: funcsOf(base) },
  ]);
  const callNodeOfStack = new Int32Array(nStacks);
  const renumber = (info: CallNodeInfo, sideMerged: Int32Array, firstStack: number) => {
    const sideNode = info.callNodeOfStack;
    for (let s = 0; s < sideNode.length; s++) {
      const n = sideNode[s]!;
      callNodeOfStack[firstStack + s] = n >= 0 ? sideMerged[n]! : -1;
    }
  };
  renumber(targetInfo, merged[0]!, 0);
  renumber(baseInfo, merged[1]!, nt);
  return { nodes, callNodeOfStack, stackKept: new Uint8Array(nStacks).fill(1) };
}

/** One side of a comparison for `mergeCallTrees`: its profile, call tree without a filter, and function → the comparison's function. */
export type CallTreeSide = { p: ProfileModel; info: CallNodeInfo; funcs: Int32Array };

/**
 * The sides' call trees merged into one, in order (a call node is a path of functions, one per
 * name in the comparison): the first side's tree relabelled, then each next side's nodes found
 * in it or added. `merged[i][n]`: side i's call node n → the merged tree's. A few hundred
 * thousand nodes per side instead of every stack of both.
 *
 * How a node is found, cheapest first: where the sides' trees have the same shape, right after
 * the node the previous one became; a first child, right after its parent (trees are made so);
 * else in an index of the other children by (parent, function), made at the first such lookup
 * (two copies of one profile never need it). The first side, when no two of its functions are
 * one in the comparison, is its own tree relabelled, copied node for node.
 */
export function mergeCallTrees(sides: CallTreeSide[]): { nodes: CallNodeTable; merged: Int32Array[] } {
  let capacity = 0;
  for (const { p, info } of sides) {
    if (info.callNodeOfStack.length !== p.stacks.length) throw new Error('mergeCallTrees: a call tree of another profile');
    capacity += info.nodes.length;
  }
  const label = new Int32Array(capacity);
  const parent = new Int32Array(capacity);
  const inlined = new Uint8Array(capacity);
  let length = 0;
  // (parent + 1, function) → node, for the nodes not made right after their parent.
  let branches: IntPairMap | null = null;
  const merged: Int32Array[] = [];
  for (let i = 0; i < sides.length; i++) {
    const { info, funcs } = sides[i]!;
    const { func, parent: sideParent, inlined: sideInlined, length: n } = info.nodes;
    const into = new Int32Array(n);
    merged.push(into);
    if (i === 0 && distinct(funcs)) {
      for (let sn = 0; sn < n; sn++) {
        label[sn] = funcs[func[sn]!]!;
        into[sn] = sn;
      }
      parent.set(sideParent);
      inlined.set(sideInlined);
      length = n;
      continue;
    }
    for (let sn = 0; sn < n; sn++) {
      const pre = sideParent[sn]!;
      const mp = pre >= 0 ? into[pre]! : -1;
      const f = funcs[func[sn]!]!;
      let node = sn > 0 ? into[sn - 1]! + 1 : 0;
      if (!(node < length && parent[node] === mp && label[node] === f)) {
        node = mp + 1;
        if (!(mp >= 0 && node < length && parent[node] === mp && label[node] === f)) {
          if (length > 0) {
            branches ??= branchIndex(label, parent, length);
            node = branches.get(mp + 1, f);
          } else node = -1;
          if (node < 0) {
            // A new node (its parent has no child of this function).
            node = length++;
            label[node] = f;
            parent[node] = mp;
            inlined[node] = sideInlined[sn]!;
            if (mp < 0 || node !== mp + 1) (branches ??= branchIndex(label, parent, node)).set(mp + 1, f, node);
            into[sn] = node;
            continue;
          }
        }
      }
      // A node is inlined when every frame merged into it is an inlined call.
      if (!sideInlined[sn]) inlined[node] = 0;
      into[sn] = node;
    }
  }
  return { nodes: { func: label.subarray(0, length), parent: parent.subarray(0, length), inlined: inlined.subarray(0, length), length }, merged };
}

/** (parent + 1, label) → node of a tree's first `length` nodes, for those not right after their parent. */
function branchIndex(label: Int32Array, parent: Int32Array, length: number): IntPairMap {
  const map = new IntPairMap(Math.max(16, length >> 3));
  for (let node = 0; node < length; node++) {
    const pa = parent[node]!;
    if (pa < 0 || node !== pa + 1) map.set(pa + 1, label[node]!, node);
  }
  return map;
}

/** No two entries are the same (a side's functions stay apart in the comparison). */
function distinct(funcs: Int32Array): boolean {
  let max = -1;
  for (let f = 0; f < funcs.length; f++) max = Math.max(max, funcs[f]!);
  const seen = new Uint8Array(max + 1);
  for (let f = 0; f < funcs.length; f++) {
    if (seen[funcs[f]!]) return false;
    seen[funcs[f]!] = 1;
  }
  return true;
}

/**
 * The samples of a comparison: each side's non-zero samples summed into one sample per key (the
 * comparison's stack or call node that `keyOf` gives a side's stack, −1 for a sample of no
 * frames), the target's first, then the base's negated (`baseFrom`), each side in first-seen
 * order. Sums start at +0, and a sum that comes back to zero is +0: never a −0 that would print as "-0".
 */
export function sumSamplesByKey(
  target: ProfileModel,
  base: ProfileModel,
  types: string[],
  targetKey: (s: number) => number,
  baseKey: (s: number) => number,
  nKeys: number,
): { stack: Int32Array; values: Float64Array[]; baseFrom: number } {
  const nTypes = types.length;
  const capacity = target.samples.length + base.samples.length;
  const outStack = new Int32Array(capacity);
  const outValues = types.map(() => new Float64Array(capacity));
  let nOut = 0;
  let baseFrom = 0;
  // Key → its sample, valid when at least the side's first sample.
  const sampleOfKey = new Int32Array(nKeys).fill(-1);
  for (const [p, keyOf, sign] of [
    [target, targetKey, 1],
    [base, baseKey, -1],
  ] as const) {
    if (sign < 0) baseFrom = nOut;
    const cols = typeColumns(p, types);
    const sideStart = nOut;
    const stacks = p.samples.stack;
    let emptyStack = -1; // the side's sample of no frames
    for (let i = 0; i < p.samples.length; i++) {
      let zero = true;
      for (let t = 0; t < nTypes; t++) if (cols[t]![i] !== 0) zero = false;
      if (zero) continue;
      const s = stacks[i]!;
      const key = s >= 0 ? keyOf(s) : -1;
      let k = key >= 0 ? sampleOfKey[key]! : emptyStack;
      if (k < sideStart) {
        k = nOut++;
        if (key >= 0) sampleOfKey[key] = k;
        else emptyStack = k;
        outStack[k] = key;
      }
      for (let t = 0; t < nTypes; t++) outValues[t]![k] += sign * cols[t]![i]!;
    }
  }
  return { stack: outStack.subarray(0, nOut), values: outValues.map((c) => c.subarray(0, nOut)), baseFrom };
}
