// The one place where the columnar call tree becomes the {name, value, children} objects
// d3-flame-graph draws: only for the nodes the tree marks as drawn (frames too small to be
// seen are left out by analysis/profile/call-tree.ts flameNodes, in the worker for a first view).

import type { FlameDatum } from 'd3-flame-graph';
import type { FlameTree } from '../../analysis/profile/call-tree';
import type { ProfileModel } from '../../model/profile';
import { displayName } from '../../base/display-name';

/** The {name, value, children} objects of the nodes the tree marks as drawn (flameNodes). */
export function buildFlameData(p: ProfileModel, tree: FlameTree, rootName: string): FlameDatum {
  const { nodes, total, drawn } = tree;
  // The root spans every root with a positive total, drawn or not.
  const root: FlameDatum = { name: rootName, value: tree.drawnRootValue, children: [], fn: -1, node: -1 };
  // `drawn` is ascending and a parent is drawn before its children: a parent's datum is found
  // by binary search among those already made (no map from 10^5 call nodes).
  const datum: FlameDatum[] = new Array(drawn.length);
  // The label d3-flame-graph draws (its `n`, made once per function): the name with its
  // controls made visible and cut (base/display-name.ts); `name` stays whole for search and zoom.
  const shown = new Map<number, string>();
  for (let i = 0; i < drawn.length; i++) {
    const n = drawn[i]!;
    const parent = nodes.parent[n]!;
    const fn = nodes.func[n]!;
    const name = p.strings[p.funcs.name[fn]!]!;
    let label = shown.get(fn);
    if (label === undefined) shown.set(fn, (label = displayName(name)));
    const d: FlameDatum = { name, value: total[n]!, fn, node: n };
    if (label !== name) d.n = label;
    datum[i] = d;
    let parentDatum = root;
    if (parent >= 0) {
      let lo = 0;
      let hi = i - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (drawn[mid]! < parent) lo = mid + 1;
        else hi = mid;
      }
      parentDatum = datum[lo]!;
    }
    if (parentDatum.children) parentDatum.children.push(d);
    else parentDatum.children = [d];
  }
  return root;
}

/** A Go function's package: "runtime/trace.(*T).m" → "runtime/trace". */
export function goPackageOf(name: string): string {
  const slash = name.lastIndexOf('/');
  const dot = name.indexOf('.', slash + 1);
  return dot < 0 ? name : name.slice(0, dot);
}

const packageColors = new Map<string, string>();

/** A stable colour per package; the standard library and the runtime get cooler tones. */
export function packageColor(name: string): string {
  const pkg = goPackageOf(name);
  let c = packageColors.get(pkg);
  if (c) return c;
  let h = 2166136261;
  for (let i = 0; i < pkg.length; i++) h = Math.imul(h ^ pkg.charCodeAt(i), 16777619);
  const u = (h >>> 0) / 4294967296;
  const isStd = !pkg.includes('.') && pkg !== 'main' && !pkg.startsWith('0x');
  const isRuntime = pkg === 'runtime' || pkg.startsWith('runtime/') || pkg.startsWith('internal/');
  const hue = isRuntime ? 200 + u * 40 : isStd ? 150 + u * 40 : (u * 60 + 350) % 360; // user code: warm
  const light = 62 + ((h >>> 8) & 15);
  c = `hsl(${hue.toFixed(0)}, 70%, ${light}%)`;
  packageColors.set(pkg, c);
  return c;
}
