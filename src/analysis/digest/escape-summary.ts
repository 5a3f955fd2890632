// Digest of escape-analysis output (`golens summary --json`). Go gives none; keys are GoLens's.

import { ESCAPE_KINDS, HEAP_ESCAPE_KINDS, type EscapeModel } from '../../model/runtime-log';

export type EscapeDigest = {
  format: 'escape';
  decisions: number;
  /** Decisions per kind (every kind listed, 0 included), in ESCAPE_KINDS order. */
  byKind: Record<string, number>;
  /** Distinct file:line:col positions with a heap decision (moved/escapes/leaking). */
  heapSites: number;
  explanationLines: number;
  explainedDecisions: number;
  /** -m -m explanation lines that no decision line followed. */
  unattachedExplanationLines: number;
  packages: string[];
  files: number;
  /** Which flags the output looks made with: "-m -m" (explanations or inlining costs), "-m -l" (no inlining lines), else "-m". */
  flagsGuess: string;
  /** "≥1.25" (`←` in flows, `append escapes`), "≤1.24" (`escapes to heap:` headers, `=` flows), or "". */
  goVersionRange: string;
  skippedLines: number;
  skippedFirstLine: string;
};

export function summarizeEscape(m: EscapeModel): EscapeDigest {
  const d = m.decisions;
  const byKind: Record<string, number> = {};
  for (const k of ESCAPE_KINDS) byKind[k] = 0;
  const heapSites = new Set<string>();
  const files = new Set<number>();
  let explained = 0;
  let withCost = false;
  let newStyle = false;
  for (let i = 0; i < d.length; i++) {
    const kind = ESCAPE_KINDS[d.kind[i]!]!;
    byKind[kind]!++;
    files.add(d.file[i]!);
    if (HEAP_ESCAPE_KINDS.has(kind)) heapSites.add(`${d.file[i]}:${d.line[i]}:${d.col[i]}`);
    if (d.explanationCount[i]! > 0) explained++;
    const msg = m.strings[d.message[i]!]!;
    if (kind === 'can-inline' && msg.includes(' with cost ')) withCost = true;
    if (msg === 'append escapes to heap' || msg === 'append does not escape') newStyle = true;
  }
  let unattached = 0;
  let arrow = false;
  let oldStyle = false;
  const e = m.explanations;
  for (let i = 0; i < e.length; i++) {
    if (e.decision[i]! < 0) unattached++;
    const t = m.strings[e.text[i]!]!;
    if (t.startsWith('  flow: ')) {
      if (t.includes(' ← ')) arrow = true;
      else if (t.includes(' = ')) oldStyle = true;
    }
    if (/ escapes to heap:$/.test(t)) oldStyle = true;
  }
  const inlining = byKind['can-inline']! + byKind['cannot-inline']! + byKind['inlining-call']!;
  return {
    format: 'escape',
    decisions: d.length,
    byKind,
    heapSites: heapSites.size,
    explanationLines: e.length,
    explainedDecisions: explained,
    unattachedExplanationLines: unattached,
    packages: m.packages,
    files: files.size,
    flagsGuess: e.length > 0 || withCost ? '-m -m' : inlining === 0 ? '-m -l' : '-m',
    goVersionRange: arrow || newStyle ? (oldStyle ? '' : '≥1.25') : oldStyle ? '≤1.24' : '',
    skippedLines: m.skipped.count,
    skippedFirstLine: m.skipped.first,
  };
}
