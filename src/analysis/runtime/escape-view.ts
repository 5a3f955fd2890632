// "Why is it on the heap?" for the top table of a heap/allocs profile: the allocation sites of
// each function (the file:line of the leaf frames of its samples, where the value is
// attributed) matched against escape-analysis decisions (escape-index.ts).

import type { ProfileModel } from '../../model/profile';
import type { EscapeModel } from '../../model/runtime-log';
import { escapeReasonAt, type EscapeReason } from './escape-index';

export type AllocationSite = {
  file: string;
  line: number;
  /** Σ of the sample type's values attributed to this line (as leaf). */
  value: number;
  /** Decisions printed for this line: heap ones first (escapeReasonAt's order). */
  reasons: EscapeReason[];
};

export type FuncEscapeInfo = {
  /** Sites with at least one decision, heaviest first. */
  sites: AllocationSite[];
  /** For the table's one line: the heaviest explained site is `sites[0]`; how many more sites there are. */
  moreSites: number;
};

/**
 * Per function (FuncTable index), its explained allocation sites. Functions whose leaf lines
 * the escape output says nothing about are absent. Unfiltered: the site is a fact of the code.
 */
export function escapeReasonsByFunc(p: ProfileModel, sampleTypeIndex: number, m: EscapeModel): Map<number, FuncEscapeInfo> {
  // Leaf frame → value, accumulated once per frame (many samples share one leaf).
  const values = p.samples.values[sampleTypeIndex];
  const frameValue = new Float64Array(p.frames.length);
  const seen = new Uint8Array(p.frames.length);
  if (values) {
    for (let i = 0; i < p.samples.length; i++) {
      const s = p.samples.stack[i]!;
      if (s < 0) continue;
      const fr = p.stacks.frame[s]!;
      frameValue[fr] += Math.abs(values[i]!);
      seen[fr] = 1;
    }
  }
  // Frames of one function at one line are one site.
  const sites = new Map<number, Map<number, number>>(); // func → line → value
  for (let fr = 0; fr < p.frames.length; fr++) {
    if (!seen[fr]) continue;
    const fn = p.frames.func[fr]!;
    const line = p.frames.line[fr]!;
    if (line <= 0) continue;
    let byLine = sites.get(fn);
    if (!byLine) sites.set(fn, (byLine = new Map()));
    byLine.set(line, (byLine.get(line) ?? 0) + frameValue[fr]!);
  }
  const out = new Map<number, FuncEscapeInfo>();
  for (const [fn, byLine] of sites) {
    const file = p.strings[p.funcs.file[fn]!] ?? '';
    if (file === '') continue;
    const explained: AllocationSite[] = [];
    for (const [line, value] of byLine) {
      const reasons = escapeReasonAt(m, file, line);
      if (reasons.length > 0) explained.push({ file, line, value, reasons });
    }
    if (explained.length === 0) continue;
    explained.sort((a, b) => b.value - a.value || a.line - b.line);
    out.set(fn, { sites: explained, moreSites: explained.length - 1 });
  }
  return out;
}
