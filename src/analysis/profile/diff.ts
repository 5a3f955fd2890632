// Comparing two profiles as `go tool pprof -diff_base=BASE TARGET` and `-base=BASE TARGET` do
// (its driver's fetch.go): the sample types both have (CompatibilizeSampleTypes), the base's
// values multiplied by −1 (with -diff_base its samples labelled pprof::base=true), both merged
// (profile.Merge: samples of one stack summed, all-zero samples dropped). The result is a
// ProfileModel like any other, so call trees, top and flame graphs work on it unchanged; the
// per-side values the diff views show come from diffTop / diffCallTree.

import { message, type Message } from '../../base/messages';
import { ProfileBuilder } from '../../model/profile-builder';
import type { ProfileModel, ValueType } from '../../model/profile';
import type { ParsedFile } from '../../model/parsed-file';
import { computeCallNodeInfo, computeCallNodeTotal, type CallNodeInfo, type ProfileFilter } from './call-tree';

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
 * header values are Merge's (the earliest time, the largest period, durations summed).
 * Throws when compareProblem would say why not.
 */
export function diffProfiles(base: ProfileModel, target: ProfileModel, mode: DiffMode): ProfileModel {
  const problem = compareProblem(base, target);
  if (problem) throw new Error(`${problem.code}: cannot compare`);
  const types = commonSampleTypes(base, target);
  const sampleTypes = types.map((type) => ({ ...target.sampleTypes.find((t) => t.type === type)! }));
  const b = new ProfileBuilder(sampleTypes, target.stacks.length + base.stacks.length);
  const frameKeys = new Map<string, number>();

  // One side's stacks into the merged tree; returns the merged stack of each of its stacks.
  const addStacks = (p: ProfileModel): Int32Array => {
    const mergedFrame = new Int32Array(p.frames.length);
    for (let f = 0; f < p.frames.length; f++) {
      const fn = p.frames.func[f]!;
      const func = b.func(p.strings[p.funcs.name[fn]!]!, p.strings[p.funcs.file[fn]!]!);
      const line = p.frames.line[f]!;
      const inlined = p.frames.inlined[f]!;
      const key = `${func}:${line}:${inlined}`;
      let fr = frameKeys.get(key);
      if (fr === undefined) {
        fr = b.newFrame(func, line, inlined === 1);
        frameKeys.set(key, fr);
      }
      mergedFrame[f] = fr;
    }
    const mergedStack = new Int32Array(p.stacks.length);
    for (let s = 0; s < p.stacks.length; s++) {
      const pre = p.stacks.prefix[s]!;
      mergedStack[s] = b.stack(pre >= 0 ? mergedStack[pre]! : -1, mergedFrame[p.stacks.frame[s]!]!);
    }
    return mergedStack;
  };
  const targetStacks = addStacks(target);
  const baseStacks = addStacks(base);

  // Samples: one per stack and side (Merge sums samples of one stack), in first-seen order.
  const nTypes = types.length;
  const outStack: number[] = [];
  const outValues: number[][] = types.map(() => []);
  const addSamples = (p: ProfileModel, mergedStack: Int32Array, sign: number) => {
    const cols = types.map((type) => p.samples.values[p.sampleTypes.findIndex((t) => t.type === type)]!);
    const sampleOfStack = new Map<number, number>();
    for (let i = 0; i < p.samples.length; i++) {
      let zero = true;
      for (let t = 0; t < nTypes; t++) if (cols[t]![i] !== 0) zero = false;
      if (zero) continue;
      const s = p.samples.stack[i]!;
      const ms = s >= 0 ? mergedStack[s]! : -1;
      let k = sampleOfStack.get(ms);
      if (k === undefined) {
        k = outStack.length;
        sampleOfStack.set(ms, k);
        outStack.push(ms);
        for (let t = 0; t < nTypes; t++) outValues[t]!.push(0);
      }
      for (let t = 0; t < nTypes; t++) outValues[t]![k] += sign * cols[t]![i]!;
    }
  };
  addSamples(target, targetStacks, 1);
  const baseFrom = outStack.length;
  addSamples(base, baseStacks, -1);
  // Zero on both sides is no value of its own: -0 would print as "-0".
  for (const col of outValues) for (let i = 0; i < col.length; i++) if (col[i] === 0) col[i] = 0;
  b.setSamples(
    Int32Array.from(outStack),
    outValues.map((c) => Float64Array.from(c)),
  );

  const targetDefault = target.sampleTypes[target.defaultSampleTypeIndex]?.type;
  const def = targetDefault !== undefined && types.includes(targetDefault) ? types.indexOf(targetDefault) : types.length - 1;
  const timeNanos =
    target.timeNanos === 0n ? base.timeNanos : base.timeNanos !== 0n && base.timeNanos < target.timeNanos ? base.timeNanos : target.timeNanos;
  const model = b.finish({
    encoding: target.encoding,
    formatName: target.formatName,
    defaultSampleTypeIndex: def,
    period: Math.max(target.period, base.period),
    periodType: target.periodType,
    durationNs: target.durationNs + base.durationNs,
    timeNanos,
    recordCounts: mergedRecordCounts(base, target, types, mode),
    comments: [...new Set([...target.comments, ...base.comments])],
    mainBinary: target.mainBinary || base.mainBinary,
  });
  if (target.mainBuildId) model.mainBuildId = target.mainBuildId;
  model.diff = { mode, baseFrom };
  return model;
}

/**
 * The record counts of the profile Merge makes, as far as the model knows them: samples one per
 * stack and side (with -base, one per stack), locations and functions those samples use. A
 * location is known by its lines (function, line, inlined calls): two locations of one line
 * (two calls on it) count as the larger of the two sides' numbers of them.
 */
function mergedRecordCounts(
  base: ProfileModel,
  target: ProfileModel,
  types: string[],
  mode: DiffMode,
): { samples: number; locations: number; functions: number } {
  // Stacks and frames are known across both sides by small interned ids, not by their text.
  const texts = new Map<string, number>();
  const stackIds = new Map<string, number>();
  const sides = [target, base].map((p) => usedRecords(p, types, mode === 'base', texts, stackIds));
  let samples: number;
  if (mode === 'diff_base') samples = sides[0]!.samples + sides[1]!.samples;
  else samples = new Set([...sides[0]!.stackKeys, ...sides[1]!.stackKeys]).size;
  let nLocations = 0;
  if (base.legacyAddresses && target.legacyAddresses) {
    nLocations = new Set([...target.legacyAddresses, ...base.legacyAddresses]).size;
  } else {
    const locations = new Map<string, number>();
    for (const side of sides) for (const [k, n] of side.locations) locations.set(k, Math.max(locations.get(k) ?? 0, n));
    for (const n of locations.values()) nLocations += n;
  }
  const functions = new Set([...sides[0]!.functions, ...sides[1]!.functions]);
  return { samples, locations: nLocations, functions: functions.size };
}

/**
 * A profile's non-zero samples' stacks (when asked: ids interned in `stackIds`, shared by both
 * sides), locations (by lines, with multiplicity) and functions.
 */
function usedRecords(
  p: ProfileModel,
  types: string[],
  withStackKeys: boolean,
  texts: Map<string, number>,
  stackIds: Map<string, number>,
) {
  const cols = types.map((type) => p.samples.values[p.sampleTypes.findIndex((t) => t.type === type)]!);
  const nonZeroAt = (i: number): boolean => {
    for (const c of cols) if (c[i] !== 0) return true;
    return false;
  };
  // Each frame's text (function:line) once, and its interned id.
  const frameText = new Array<string>(p.frames.length);
  const frameTextId = new Int32Array(p.frames.length);
  for (let f = 0; f < p.frames.length; f++) {
    const t = `${p.strings[p.funcs.name[p.frames.func[f]!]!]}:${p.frames.line[f]}`;
    frameText[f] = t;
    let id = texts.get(t);
    if (id === undefined) texts.set(t, (id = texts.size));
    frameTextId[f] = id;
  }
  // A stack's id: its prefix's id and its frame's text, interned (stacks come after their prefixes).
  const stackKeys = new Set<number>();
  const stackId = new Int32Array(withStackKeys ? p.stacks.length : 0);
  if (withStackKeys) {
    for (let s = 0; s < p.stacks.length; s++) {
      const pre = p.stacks.prefix[s]!;
      const key = `${pre >= 0 ? stackId[pre] : -1}|${frameTextId[p.stacks.frame[s]!]}`;
      let id = stackIds.get(key);
      if (id === undefined) stackIds.set(key, (id = stackIds.size));
      stackId[s] = id;
    }
  }
  const usedStack = new Uint8Array(p.stacks.length);
  // Merge's samples: one per stack and label set (legacy profiles have no labels: one per record).
  const labelHash = p.samples.labelHash;
  const mergedSamples = new Set<string>();
  let nonZero = 0;
  for (let i = 0; i < p.samples.length; i++) {
    if (!nonZeroAt(i)) continue;
    nonZero++;
    const s = p.samples.stack[i]!;
    if (withStackKeys) stackKeys.add(s >= 0 ? stackId[s]! : -1);
    if (labelHash) mergedSamples.add(`${s}#${labelHash[i]}`);
    for (let cur = s; cur >= 0 && !usedStack[cur]; cur = p.stacks.prefix[cur]!) usedStack[cur] = 1;
  }
  // A location is a run of frames ending with a frame that is not inlined (frames of a location
  // are made together, inlined calls first).
  const usedFrame = new Uint8Array(p.frames.length);
  for (let s = 0; s < p.stacks.length; s++) if (usedStack[s]) usedFrame[p.stacks.frame[s]!] = 1;
  const locations = new Map<string, number>();
  const functions = new Set<string>();
  let start = 0;
  for (let f = 0; f < p.frames.length; f++) {
    if (p.frames.inlined[f]) continue;
    let used = false;
    for (let g = start; g <= f; g++) if (usedFrame[g]) used = true;
    if (used) {
      const key = frameText.slice(start, f + 1).join(';');
      locations.set(key, (locations.get(key) ?? 0) + 1);
      for (let g = start; g <= f; g++) {
        const name = p.strings[p.funcs.name[p.frames.func[g]!]!]!;
        if (!/^0x[0-9a-f]+$/.test(name)) functions.add(name);
      }
    }
    start = f + 1;
  }
  return { stackKeys, locations, functions, samples: labelHash ? mergedSamples.size : nonZero };
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
 * total for percentages (with -diff_base the base's).
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
  const rows: DiffTopRow[] = [];
  for (let f = 0; f < nFuncs; f++) {
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
  rows.sort((a, b) => {
    const df = Math.abs(b.flat) - Math.abs(a.flat);
    if (df !== 0) return df;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return Math.abs(b.cum) - Math.abs(a.cum);
  });
  return { rows, total: sides.total, baseTotal: sides.baseTotal, targetTotal: sides.targetTotal };
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
