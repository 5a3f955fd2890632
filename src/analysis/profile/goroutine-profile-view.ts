// Goroutine groups of a goroutine PROFILE (pprof goroutine profile: debug=1 text or protobuf),
// for the same table as a debug=2 dump. Such a profile already merges goroutines by stack (one
// sample per distinct stack, valued by count); here samples are grouped further by function
// sequence (line numbers ignored), as goroutine-dump-groups.ts groups a dump. It carries no wait
// reason, wait time or creator, so the only leak rule that applies is the size of a group.

import { message, type Message } from '../../base/messages';
import type { ProfileModel } from '../../model/profile';

export type GoroutineProfileGroup = {
  count: number;
  /** Functions innermost first. */
  functions: string[];
  /**
   * The innermost function outside the runtime, as Go's debug=1 text names a record (its `#`
   * lines leave out the runtime's frames at the leaf: `runtime.` and `internal/runtime/`, so
   * they stay addresses, `0x480d09`); a protobuf profile has those frames named, and its group
   * gets the same name (`main.backend`, not `runtime.gopark`). A stack only of runtime frames is
   * named by its innermost symbolized one.
   */
  innermost: string;
  /** Innermost file:line of the group's samples, counted by goroutines, largest first. */
  sites: { name: string; count: number }[];
  /** Sample rows of the group. */
  samples: number[];
  leak: { rule: 'pile-up'; reason: Message } | null;
};

const UNSYMBOLIZED = /^0x[0-9a-f]+$/;

/** The frames Go's debug=1 text leaves out at a stack's leaf (runtime/pprof printStackRecord). */
function isRuntimeFrame(name: string): boolean {
  return name.startsWith('runtime.') || name.startsWith('internal/runtime/');
}

export function isGoroutineProfile(p: ProfileModel): boolean {
  return p.sampleTypes.length === 1 && p.sampleTypes[0]!.type === 'goroutine';
}

/** Groups, largest first (ties: first appearance). `pileUpSize`: goroutines in one group to flag it. */
export function goroutineProfileGroups(p: ProfileModel, pileUpSize: number): GoroutineProfileGroup[] {
  const values = p.samples.values[0]!;
  const byKey = new Map<string, GoroutineProfileGroup & { siteMap: Map<string, number> }>();
  for (let i = 0; i < p.samples.length; i++) {
    const functions: string[] = [];
    let site = '';
    let innermost = '';
    // The innermost symbolized frame, in case every frame is the runtime's.
    let anySite = '';
    let anyInnermost = '';
    for (let s = p.samples.stack[i]!; s >= 0; s = p.stacks.prefix[s]!) {
      const fr = p.stacks.frame[s]!;
      const fn = p.frames.func[fr]!;
      const name = p.strings[p.funcs.name[fn]!]!;
      if (site === '' && !UNSYMBOLIZED.test(name)) {
        const at = `${p.strings[p.funcs.file[fn]!] ?? ''}:${p.frames.line[fr]}`;
        if (anySite === '') [anySite, anyInnermost] = [at, name];
        if (!isRuntimeFrame(name)) [site, innermost] = [at, name];
      }
      functions.push(name);
    }
    if (site === '') [site, innermost] = [anySite, anyInnermost];
    const key = functions.join('\n');
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { count: 0, functions, innermost, sites: [], samples: [], leak: null, siteMap: new Map() }));
    const n = values[i]!;
    g.count += n;
    g.samples.push(i);
    g.siteMap.set(site, (g.siteMap.get(site) ?? 0) + n);
  }
  const out: GoroutineProfileGroup[] = [];
  for (const { siteMap, ...g } of byKey.values()) {
    g.sites = [...siteMap].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count);
    if (g.count >= pileUpSize) {
      g.leak = { rule: 'pile-up', reason: message('leak.profile-pile-up', { count: g.count, site: g.sites[0]!.name }) };
    }
    out.push(g);
  }
  out.sort((a, b) => b.count - a.count);
  return out;
}
