// The "why on the heap" column of a heap/allocs profile's top table, when an escape-analysis
// output is loaded too (any file of the session): per function, its explained allocation sites.

import { useMemo } from 'react';
import { escapeReasonsByFunc } from '../../analysis/runtime/escape-view';
import type { ProfileModel } from '../../model/profile';
import type { EscapeModel } from '../../model/runtime-log';
import { useGoLens, type GoLensState } from '../../store/store';

export type TopExtraColumn = {
  title: string;
  /** FuncTable index → cell text and its tooltip. */
  cells: Map<number, { text: string; title: string }>;
};

function firstEscapeModel(s: GoLensState): EscapeModel | null {
  for (const f of s.files) if (f.parsed?.kind === 'escape') return f.parsed;
  return null;
}

/** Heap and allocs profiles: Go's (alloc|inuse)_(space|objects) sample types. */
function isHeapProfile(p: ProfileModel): boolean {
  return p.sampleTypes.some((t) => /^(alloc|inuse)_(space|objects)$/.test(t.type));
}

export function useEscapeColumn(profile: ProfileModel, sampleTypeIndex: number): TopExtraColumn | null {
  const escape = useGoLens(firstEscapeModel);
  return useMemo(() => {
    if (!escape || !isHeapProfile(profile)) return null;
    const byFunc = escapeReasonsByFunc(profile, sampleTypeIndex, escape);
    const cells = new Map<number, { text: string; title: string }>();
    for (const [fn, info] of byFunc) {
      const title = info.sites
        .map((s) => `${s.file}:${s.line}\n${s.reasons.map((r) => `  ${r.message}${r.explanation.length ? `\n${r.explanation.map((e) => `    ${e}`).join('\n')}` : ''}`).join('\n')}`)
        .join('\n');
      const first = info.sites[0]!;
      const more = info.moreSites;
      const text = `${first.file.slice(first.file.lastIndexOf('/') + 1)}:${first.line} ${first.reasons[0]!.message}${more > 0 ? ` (+${more} more line${more === 1 ? '' : 's'})` : ''}`;
      cells.set(fn, { text, title });
    }
    return { title: 'why on the heap (escape analysis)', cells };
  }, [escape, profile, sampleTypeIndex]);
}
