// Search: which functions match, and what share of the total their samples hold
// (a sample counts once even when several of its frames match).

import type { ProfileModel } from '../../model/profile';
import type { CallNodeInfo } from './call-tree';

export type SearchShare = {
  /** Sum of |value| over kept samples whose stack holds a matching function. */
  matched: number;
  total: number;
  matchingFunctions: number;
  /** Per function: 1 when its name matches. */
  funcMatches: Uint8Array;
};

/** The search term as pprof's UI reads it: a regular expression, else a plain substring. */
export function searchRegExp(term: string): RegExp {
  try {
    return new RegExp(term);
  } catch {
    return new RegExp(term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
}

export function computeSearchShare(
  p: ProfileModel,
  info: CallNodeInfo,
  sampleTypeIndex: number,
  term: string,
): SearchShare {
  const re = searchRegExp(term);
  const funcMatches = new Uint8Array(p.funcs.length);
  let matchingFunctions = 0;
  for (let f = 0; f < p.funcs.length; f++) {
    if (re.test(p.strings[p.funcs.name[f]!]!)) {
      funcMatches[f] = 1;
      matchingFunctions++;
    }
  }
  // Does the call node's path hold a match? Parents precede children.
  const { nodes } = info;
  const nodeMatch = new Uint8Array(nodes.length);
  for (let n = 0; n < nodes.length; n++) {
    const parent = nodes.parent[n]!;
    nodeMatch[n] = funcMatches[nodes.func[n]!] || (parent >= 0 && nodeMatch[parent]) ? 1 : 0;
  }
  const values = p.samples.values[sampleTypeIndex]!;
  let matched = 0;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const s = p.samples.stack[i]!;
    if (s < 0 || !info.stackKept[s]) continue;
    const node = info.callNodeOfStack[s]!;
    if (node < 0) continue;
    const v = Math.abs(values[i]!);
    total += v;
    if (nodeMatch[node]) matched += v;
  }
  return { matched, total, matchingFunctions, funcMatches };
}
