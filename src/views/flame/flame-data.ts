// The one place where the columnar call tree becomes the {name, value, children} objects
// d3-flame-graph draws, after pruning frames too small to ever be seen.

import type { FlameDatum } from 'd3-flame-graph';
import type { CallNodeTable } from '../../analysis/call-tree';
import type { ProfileModel } from '../../model/profile';

/** Frames below this share of the total are left out (≈ 0.1 px at 1000 px, unzoomed). */
const MIN_SHARE = 1e-4;

export function buildFlameData(
  p: ProfileModel,
  nodes: CallNodeTable,
  total: Float64Array,
  rootName: string,
): FlameDatum {
  let rootTotal = 0;
  for (let n = 0; n < nodes.length; n++) if (nodes.parent[n]! < 0) rootTotal += Math.max(0, total[n]!);
  const root: FlameDatum = { name: rootName, value: rootTotal, children: [], fn: -1 };
  const minValue = rootTotal * MIN_SHARE;
  const datum: (FlameDatum | null)[] = new Array(nodes.length).fill(null);
  for (let n = 0; n < nodes.length; n++) {
    const v = total[n]!;
    if (v <= 0 || v < minValue) continue;
    const parent = nodes.parent[n]!;
    const parentDatum = parent < 0 ? root : datum[parent];
    if (!parentDatum) continue; // its parent was pruned
    const fn = nodes.func[n]!;
    const d: FlameDatum = { name: p.strings[p.funcs.name[fn]!]!, value: v, fn };
    (parentDatum.children ??= []).push(d);
    datum[n] = d;
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
