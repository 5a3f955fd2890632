// The two heap profiles of a run to compare for a brushed range: the nearest taken at or
// before its start (else the first inside it) as the base, the nearest taken at or after its
// end (else the last inside it) as the target. Null when they would be one profile or none.

import type { FilePlacement } from './placement';

export function rangeHeapPair(heaps: FilePlacement[], from: number, to: number): { base: FilePlacement; target: FilePlacement } | null {
  const placed = heaps.filter((p) => Number.isFinite(p.atNs ?? NaN)).sort((a, b) => a.atNs! - b.atNs!);
  const before = placed.filter((p) => p.atNs! <= from);
  const inside = placed.filter((p) => p.atNs! > from && p.atNs! < to);
  const after = placed.filter((p) => p.atNs! >= to);
  const base = before.at(-1) ?? inside[0];
  const target = after[0] ?? inside.at(-1);
  if (!base || !target || base === target) return null;
  return { base, target };
}
