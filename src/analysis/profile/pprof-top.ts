// `go tool pprof -top -nodecount=N` as text (its report.printText with reportLabels): the
// header lines, "Showing nodes accounting for …", "Dropped N nodes (cum <= …)", "Showing top N
// nodes out of M", then the table in pprof's columns and units.

import type { ProfileModel } from '../../model/profile';
import { computeCallNodeInfo, computeCallNodeSelf, type CallNodeInfo } from './call-tree';
import { pprofHeader, pprofOutputUnit, pprofPercentage, pprofScaledLabel, type PprofTimeLayout } from './pprof-header';
import { computeTopRows, pprofTotal } from './top';

/** pprof's default -nodefraction. */
const NODE_FRACTION = 0.005;

export function pprofTopText(
  p: ProfileModel,
  sampleTypeIndex = p.defaultSampleTypeIndex,
  layout: PprofTimeLayout = 'go1.24',
  nodeCount = 20,
): string {
  const sampleUnit = p.sampleTypes[sampleTypeIndex]!.unit.toLowerCase();
  const info = computeCallNodeInfo(p, null);
  const top = computeTopRows(p, sampleTypeIndex, null, info);
  const rows = top.rows;
  // pprof's total counts every sample, those with no frames too (the call tree has no node for them).
  const total = pprofTotal(p, sampleTypeIndex);
  const { unit } = pprofOutputUnit(p, sampleTypeIndex, nodeCount, top);
  const fmt = (v: number) => pprofScaledLabel(v, sampleUnit, unit);
  // The graph's nodes (none of zero value), those under the cut-off dropped, the first N shown.
  const nodes = rows.filter((r) => r.flat !== 0 || r.cum !== 0);
  const totalValue = nodes.reduce((a, r) => a + r.flat, 0);
  const cutoff = Math.abs(Math.trunc(totalValue * NODE_FRACTION));
  const kept = cutoff > 0 ? nodes.filter((r) => Math.abs(r.cum) >= cutoff) : nodes;
  const shown = kept.slice(0, nodeCount);
  const flatSum = shown.reduce((a, r) => a + r.flat, 0);

  const lines = pprofHeader(p, sampleTypeIndex, layout, top);
  lines.push(`Showing nodes accounting for ${fmt(flatSum)}, ${pprofPercentage(flatSum, total).trim()} of ${fmt(total)} total`);
  const dropped = nodes.length - kept.length;
  if (total !== 0 && dropped > 0) {
    lines.push(`Dropped ${dropped} node${dropped === 1 ? '' : 's'} (cum <= ${fmt(Math.abs(Math.trunc(NODE_FRACTION * total)))})`);
  }
  if (shown.length < kept.length) lines.push(`Showing top ${shown.length} nodes out of ${kept.length}`);
  lines.push(`${'flat'.padStart(10)} ${'flat'.padStart(5)}% ${'sum'.padStart(5)}% ${'cum'.padStart(10)} ${'cum'.padStart(5)}%`);
  const inline = inlineLabels(p, sampleTypeIndex, info, new Set(shown.map((r) => r.func)));
  let sum = 0;
  for (const r of shown) {
    sum += r.flat;
    const mark = inline.get(r.func);
    const inl = mark ? ` (${mark})` : '';
    lines.push(
      `${fmt(r.flat).padStart(10)} ${pprofPercentage(r.flat, total)} ${pprofPercentage(sum, total)} ${fmt(r.cum).padStart(10)} ${pprofPercentage(r.cum, total)}  ${r.name}${inl}`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * pprof's inline marks over the graph of the shown functions only (it rebuilds the graph with the
 * kept nodes): an edge joins a function to the nearest shown function above it in a stack (not
 * to itself), inlined when the call was an inlined frame; "inline" when every edge into a
 * function is, "partial-inline" when some are. Stacks of no value make no edges.
 */
function inlineLabels(p: ProfileModel, sampleTypeIndex: number, info: CallNodeInfo, shown: Set<number>): Map<number, string> {
  const { nodes } = info;
  // Call nodes on the stack of a sample with a value (children come after their parents).
  const valued = computeCallNodeSelf(p, info, sampleTypeIndex).live.slice();
  for (let n = nodes.length - 1; n >= 0; n--) if (valued[n] && nodes.parent[n]! >= 0) valued[nodes.parent[n]!] = 1;
  const keptAbove = new Int32Array(nodes.length);
  const inlineIn = new Set<number>();
  const plainIn = new Set<number>();
  for (let n = 0; n < nodes.length; n++) {
    const parent = nodes.parent[n]!;
    const above = parent >= 0 ? keptAbove[parent]! : -1;
    const f = nodes.func[n]!;
    if (!shown.has(f)) {
      keptAbove[n] = above;
      continue;
    }
    keptAbove[n] = f;
    if (above >= 0 && above !== f && valued[n]) (nodes.inlined[n] ? inlineIn : plainIn).add(f);
  }
  const out = new Map<number, string>();
  for (const f of inlineIn) out.set(f, plainIn.has(f) ? 'partial-inline' : 'inline');
  return out;
}
