// From a profile's stack table to call trees, under pprof's filters (focus, ignore, hide, show).
//
// A call node is a path of functions from a root: stacks that differ only in lines or
// addresses of the same functions share a call node (pprof's `functions` granularity).
// Tables are typed arrays in which a parent always precedes its children.

import { float64, int32, uint8 } from '../../base/arena';
import { PrefixTreeBuilder } from '../../base/prefix-tree';
import type { ProfileModel } from '../../model/profile';

export type IndexIntoCallNodeTable = number;

export type CallNodeTable = {
  func: Int32Array; // IndexIntoFuncTable
  parent: Int32Array; // IndexIntoCallNodeTable, -1 for a root; parents precede children
  /** 1 when every frame merged into this node was an inlined call. */
  inlined: Uint8Array;
  length: number;
};

/** pprof's -focus / -ignore / -hide / -show, as regular expressions over names and files. */
export type ProfileFilter = {
  focus: RegExp | null;
  ignore: RegExp | null;
  hide: RegExp | null;
  show: RegExp | null;
};

export const NO_FILTER: ProfileFilter = { focus: null, ignore: null, hide: null, show: null };

export function isFilterEmpty(f: ProfileFilter | null): boolean {
  return !f || (!f.focus && !f.ignore && !f.hide && !f.show);
}

/** Compiles the filter strings; a bad expression is reported, not thrown. */
export function compileFilter(src: { focus?: string; ignore?: string; hide?: string; show?: string }): {
  filter: ProfileFilter;
  errors: string[];
} {
  const errors: string[] = [];
  const compile = (key: string, s: string | undefined): RegExp | null => {
    if (!s) return null;
    try {
      return new RegExp(s);
    } catch (e) {
      errors.push(`${key}: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };
  return {
    filter: {
      focus: compile('focus', src.focus),
      ignore: compile('ignore', src.ignore),
      hide: compile('hide', src.hide),
      show: compile('show', src.show),
    },
    errors,
  };
}

/** Per function: does the expression match its name or its file (as pprof matches)? */
function matchFuncs(p: ProfileModel, re: RegExp | null): Uint8Array | null {
  if (!re) return null;
  const m = new Uint8Array(p.funcs.length);
  for (let f = 0; f < p.funcs.length; f++) {
    const name = p.strings[p.funcs.name[f]!]!;
    const file = p.strings[p.funcs.file[f]!]!;
    m[f] = re.test(name) || (file !== '' && re.test(file)) ? 1 : 0;
  }
  return m;
}

export type CallNodeInfo = {
  nodes: CallNodeTable;
  /** For each stack: its call node, or -1 when its sample is dropped or all frames hidden. */
  callNodeOfStack: Int32Array;
  /** For each stack: 1 when samples with it are kept by focus/ignore. */
  stackKept: Uint8Array;
};

export function computeCallNodeInfo(p: ProfileModel, filter: ProfileFilter | null): CallNodeInfo {
  if (isFilterEmpty(filter)) return computeUnfilteredCallNodeInfo(p);
  const f = filter ?? NO_FILTER;
  const focus = matchFuncs(p, f.focus);
  const ignore = matchFuncs(p, f.ignore);
  const hide = matchFuncs(p, f.hide);
  const show = matchFuncs(p, f.show);
  const { frame, prefix, length: nStacks } = p.stacks;
  const frameFunc = p.frames.func;
  const frameInlined = p.frames.inlined;

  // Focus: some frame matches; ignore: no frame matches. Both inherited from the prefix.
  const hasFocus = new Uint8Array(nStacks);
  const hasIgnore = new Uint8Array(nStacks);
  const stackKept = new Uint8Array(nStacks);
  const callNodeOfStack = new Int32Array(nStacks);
  // There are never more call nodes than stacks: size the columns once.
  const tree = new PrefixTreeBuilder(nStacks);
  const nodeInlined = new Uint8Array(nStacks);

  for (let s = 0; s < nStacks; s++) {
    const pre = prefix[s]!;
    const fr = frame[s]!;
    const func = frameFunc[fr]!;
    hasFocus[s] = (pre >= 0 && hasFocus[pre]) || (focus !== null && focus[func]) ? 1 : 0;
    hasIgnore[s] = (pre >= 0 && hasIgnore[pre]) || (ignore !== null && ignore[func]) ? 1 : 0;
    stackKept[s] = (focus === null || hasFocus[s]) && !hasIgnore[s] ? 1 : 0;
    const parentNode = pre >= 0 ? callNodeOfStack[pre]! : -1;
    const visible = (hide === null || !hide[func]) && (show === null || show[func]);
    if (!visible) {
      callNodeOfStack[s] = parentNode;
      continue;
    }
    const before = tree.length;
    const node = tree.child(parentNode, func);
    if (tree.length > before) {
      nodeInlined[node] = frameInlined[fr]!;
    } else if (!frameInlined[fr]) {
      nodeInlined[node] = 0;
    }
    callNodeOfStack[s] = node;
  }
  return callNodeInfo(tree, nodeInlined, callNodeOfStack, stackKept);
}

/**
 * The call tree of every stack, as computeCallNodeInfo without a filter, in one lean loop (the
 * first view of every profile). Stacks are numbered as they were made, so most follow their
 * prefix directly: when the prefix's call node was new at the previous stack, it has no
 * children yet and this stack's node is appended without a lookup.
 */
function computeUnfilteredCallNodeInfo(p: ProfileModel): CallNodeInfo {
  const { frame, prefix, length: nStacks } = p.stacks;
  const frameFunc = p.frames.func;
  const frameInlined = p.frames.inlined;
  const callNodeOfStack = int32(nStacks);
  const tree = new PrefixTreeBuilder(nStacks);
  const nodeInlined = uint8(nStacks);
  let newAt = -2; // the last stack whose call node was new
  for (let s = 0; s < nStacks; s++) {
    const pre = prefix[s]!;
    const fr = frame[s]!;
    const func = frameFunc[fr]!;
    const parentNode = pre >= 0 ? callNodeOfStack[pre]! : -1;
    let node: number;
    if (pre >= 0 && pre === newAt && pre === s - 1) node = tree.appendToNew(parentNode, func);
    else {
      const before = tree.length;
      node = tree.child(parentNode, func);
      if (tree.length === before) {
        if (!frameInlined[fr]) nodeInlined[node] = 0;
        callNodeOfStack[s] = node;
        continue;
      }
    }
    newAt = s;
    nodeInlined[node] = frameInlined[fr]!;
    callNodeOfStack[s] = node;
  }
  return callNodeInfo(tree, nodeInlined, callNodeOfStack, uint8(nStacks).fill(1));
}

/** The call nodes of a finished tree: views over columns sized for every stack (pages never written are never touched). */
function callNodeInfo(tree: PrefixTreeBuilder, nodeInlined: Uint8Array, callNodeOfStack: Int32Array, stackKept: Uint8Array): CallNodeInfo {
  const { label, parent, length } = tree.finish();
  return { nodes: { func: label, parent, inlined: nodeInlined.subarray(0, length), length }, callNodeOfStack, stackKept };
}

export type CallNodeSelf = {
  self: Float64Array; // per call node: Σ value of the kept samples whose leaf it is
  live: Uint8Array; // per call node: 1 when one of those samples has a non-zero value
  total: number; // Σ|v| of kept samples: pprof's total
  sampleCount: number; // kept samples with a non-zero value
};

/** Self value of each call node for one sample type: the samples whose leaf it is. */
export function computeCallNodeSelf(
  p: ProfileModel,
  info: CallNodeInfo,
  sampleTypeIndex: number,
): CallNodeSelf {
  const self = float64(info.nodes.length);
  const live = uint8(info.nodes.length);
  const values = p.samples.values[sampleTypeIndex]!;
  const stacks = p.samples.stack;
  let total = 0;
  let sampleCount = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const s = stacks[i]!;
    if (s < 0 || !info.stackKept[s]) continue;
    const node = info.callNodeOfStack[s]!;
    if (node < 0) continue;
    const v = values[i]!;
    self[node] += v;
    total += Math.abs(v);
    if (v !== 0) {
      sampleCount++;
      live[node] = 1;
    }
  }
  if (p.diff) total = diffTotal(p, info, values, total);
  return { self, live, total, sampleCount };
}

/**
 * pprof's total of a comparison (computeTotal in its report): with -diff_base, Σ|v| of the
 * samples labelled pprof::base=true alone (the base's) — or, when that is 0, of all samples, so
 * an empty base never divides by zero; with -base, Σ|v| of the merged samples, a stack's samples
 * of both sides being one.
 */
function diffTotal(p: ProfileModel, info: CallNodeInfo, values: Float64Array, allSamples: number): number {
  const { mode, baseFrom } = p.diff!;
  const stacks = p.samples.stack;
  let total = 0;
  if (mode === 'diff_base') {
    for (let i = baseFrom; i < p.samples.length; i++) {
      const s = stacks[i]!;
      if (s < 0 || !info.stackKept[s] || info.callNodeOfStack[s]! < 0) continue;
      total += Math.abs(values[i]!);
    }
    return total > 0 ? total : allSamples;
  }
  const net = new Float64Array(p.stacks.length);
  for (let i = 0; i < p.samples.length; i++) {
    const s = stacks[i]!;
    if (s < 0 || !info.stackKept[s] || info.callNodeOfStack[s]! < 0) continue;
    net[s] += values[i]!;
  }
  for (let s = 0; s < net.length; s++) total += Math.abs(net[s]!);
  return total;
}

/**
 * Total (cum) of each call node: its self plus its descendants'. Accumulated in a copy of
 * `self`, or in `self` itself when the caller passes it as `into` (one array less to allocate).
 */
export function computeCallNodeTotal(nodes: CallNodeTable, self: Float64Array, into: Float64Array = self.slice()): Float64Array {
  const total = into;
  for (let n = nodes.length - 1; n >= 0; n--) {
    const parent = nodes.parent[n]!;
    if (parent >= 0) total[parent] += total[n]!;
  }
  return total;
}

/**
 * The bottom-up (inverted) tree: roots are leaf functions, children their callers.
 * Built from every call node with a self value, walking to its root.
 */
export function computeInvertedTree(
  nodes: CallNodeTable,
  self: Float64Array,
): { nodes: CallNodeTable; total: Float64Array } {
  const total: number[] = [];
  const tree = new PrefixTreeBuilder(1024);
  for (let n = 0; n < nodes.length; n++) {
    const v = self[n]!;
    if (v === 0) continue;
    let inv = -1;
    for (let cur = n; cur >= 0; cur = nodes.parent[cur]!) {
      const fn = nodes.func[cur]!;
      const next = tree.child(inv, fn);
      if (next === total.length) total.push(0);
      total[next] += v;
      inv = next;
    }
  }
  return {
    nodes: {
      func: tree.label.slice(0, tree.length),
      parent: tree.parent.slice(0, tree.length),
      inlined: new Uint8Array(tree.length),
      length: tree.length,
    },
    total: Float64Array.from(total),
  };
}

export type FlameTree = {
  nodes: CallNodeTable;
  total: Float64Array; // per node: cum value
  rootTotal: number; // Σ|v| of kept samples: pprof's total
  sampleCount: number;
  /** The nodes a flame graph draws (see flameNodes), parents before children. */
  drawn: Int32Array;
  /** The flame graph's root: Σ of the roots' positive totals, drawn or not. */
  drawnRootValue: number;
};

/**
 * A flame graph leaves out frames below this share of the drawn total: ≈ 0.1 px at 1000 px
 * unzoomed, so a frame still shows at 10× zoom. Totals stay exact: a node's total counts its
 * dropped descendants.
 */
export const FLAME_MIN_SHARE = 1e-4;

/**
 * At most about this many frames are handed to the flame graph: d3-flame-graph lays out every
 * node it is given on each draw (its cost grows with the nodes: docs/performance.md), and a large heap
 * profile keeps 47k nodes at FLAME_MIN_SHARE. Past the cap the narrowest are left out: on the
 * 40k-sample CPU profile the cut falls at 0.25 px at 1000 px, still exact to 1 px at 4× zoom.
 */
export const FLAME_MAX_NODES = 4000;

/**
 * The call nodes a flame graph draws: positive total, at least `minShare` of the roots' summed
 * total, a drawn parent, and among the `maxNodes` widest (ties kept). Parents precede children,
 * as in the table.
 */
export function flameNodes(
  nodes: CallNodeTable,
  total: Float64Array,
  minShare = FLAME_MIN_SHARE,
  maxNodes = FLAME_MAX_NODES,
): { drawn: Int32Array; drawnRootValue: number } {
  const n = nodes.length;
  const parent = nodes.parent;
  let rootTotal = 0;
  for (let i = 0; i < n; i++) if (parent[i]! < 0) rootTotal += Math.max(0, total[i]!);
  let drawn = selectDrawn(nodes, total, rootTotal * minShare);
  if (drawn.length > maxNodes) {
    // The value of the maxNodes-th widest drawn node becomes the threshold.
    const values = new Float64Array(drawn.length);
    for (let i = 0; i < drawn.length; i++) values[i] = total[drawn[i]!]!;
    values.sort();
    drawn = selectDrawn(nodes, total, values[drawn.length - maxNodes]!);
  }
  return { drawn, drawnRootValue: rootTotal };
}

function selectDrawn(nodes: CallNodeTable, total: Float64Array, minValue: number): Int32Array {
  const n = nodes.length;
  const parent = nodes.parent;
  const isDrawn = uint8(n);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = total[i]!;
    if (v <= 0 || v < minValue) continue;
    const pa = parent[i]!;
    if (pa >= 0 && !isDrawn[pa]) continue; // its parent was left out
    isDrawn[i] = 1;
    out.push(i);
  }
  return Int32Array.from(out);
}

/**
 * The tree a flame graph draws: top-down, or bottom-up (`inverted`). With `consumeSelf`, the
 * top-down totals are accumulated in `nodeSelf.self`, which the caller no longer needs.
 */
export function computeFlameTree(
  p: ProfileModel,
  info: CallNodeInfo,
  sampleTypeIndex: number,
  inverted: boolean,
  nodeSelf: CallNodeSelf = computeCallNodeSelf(p, info, sampleTypeIndex),
  consumeSelf = false,
): FlameTree {
  const { self, total: rootTotal, sampleCount } = nodeSelf;
  if (!inverted) {
    const total = computeCallNodeTotal(info.nodes, self, consumeSelf ? self : self.slice());
    return { nodes: info.nodes, total, rootTotal, sampleCount, ...flameNodes(info.nodes, total) };
  }
  const inv = computeInvertedTree(info.nodes, self);
  return { nodes: inv.nodes, total: inv.total, rootTotal, sampleCount, ...flameNodes(inv.nodes, inv.total) };
}
