// Goroutines grouped by identical stack, and the leak heuristic.
//
// Grouping: two goroutines are in one group when their stacks have the same FUNCTION SEQUENCE
// (innermost to outermost, line numbers ignored) and the same creator function (`created by`).
// A group's goroutines may sit at different lines of those functions: `sites` counts them.
//
// Leak heuristic (a group is flagged when any rule holds; thresholds are options):
//  1. runtime-detected: a goroutine of the group is marked `(leaked)` by Go's leak detector (1.26+).
//  2. long-wait: at least `minGroupSize` goroutines of the group have waited ≥ `minWaitMinutes`
//     (the `, N minutes` of the header; the runtime prints it from 1 minute on).
//  3. pile-up: at least `pileUpSize` goroutines of the whole dump are blocked on a channel,
//     select or sync primitive (status `chan receive`, `chan send`, `select`, `semacquire`,
//     `sync.*` and their variants) at the group's innermost site (file:line) — many goroutines
//     stuck on one receive or select is the usual shape of a goroutine leak.

import { message, type Message } from '../../base/messages';
import { G_FLAG_LEAKED, type GoroutineDumpModel } from '../../model/runtime-log';

export type LeakOptions = { minGroupSize: number; minWaitMinutes: number; pileUpSize: number };
export const DEFAULT_LEAK_OPTIONS: LeakOptions = { minGroupSize: 10, minWaitMinutes: 10, pileUpSize: 100 };

export type Counted = { name: string; count: number };

export type GoroutineGroup = {
  /** Goroutine rows (GoroutineTable indexes), in file order. */
  goroutines: Int32Array;
  count: number;
  /** Stack node of the group's first goroutine (its exact frames), -1 for no frames. */
  stack: number;
  /** Functions innermost first, as printed. */
  functions: string[];
  creator: string; // "" when none
  /** Innermost file:line of each goroutine, counted. */
  sites: Counted[];
  statuses: Counted[];
  creators: Counted[]; // `created by F in goroutine N`, by F and N
  labels: Counted[];
  minWaitMinutes: number;
  maxWaitMinutes: number;
  /** Goroutines per `N minutes` value, largest wait first (0 = under a minute or not waiting). */
  waitMinutes: { minutes: number; count: number }[];
  /** The rule that flagged the group, and why, as a message (`leak.<rule>`). */
  leak: { rule: 'runtime-detected' | 'long-wait' | 'pile-up'; reason: Message } | null;
};

const BLOCKED = /^(?:chan receive|chan send|select|semacquire|sync\.)/;

function counted(m: Map<string, number>): Counted[] {
  return [...m].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : 1));
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

/** Innermost `file:line` of a stack node. */
export function stackSite(d: GoroutineDumpModel, node: number): string {
  if (node < 0) return '';
  const f = d.stacks.frame[node]!;
  return `${d.strings[d.frames.file[f]!]}:${d.frames.line[f]}`;
}

/** Function names of a stack node, innermost first. */
export function stackFunctions(d: GoroutineDumpModel, node: number): string[] {
  const out: string[] = [];
  for (let n = node; n >= 0; n = d.stacks.prefix[n]!) out.push(d.strings[d.frames.func[d.stacks.frame[n]!]!]!);
  return out;
}

/** Frames of a stack node, innermost first, for a group's expanded stack. */
export function stackFrames(d: GoroutineDumpModel, node: number): { func: string; file: string; line: number; inlined: boolean }[] {
  const out: { func: string; file: string; line: number; inlined: boolean }[] = [];
  for (let n = node; n >= 0; n = d.stacks.prefix[n]!) {
    const f = d.stacks.frame[n]!;
    out.push({ func: d.strings[d.frames.func[f]!]!, file: d.strings[d.frames.file[f]!]!, line: d.frames.line[f]!, inlined: d.frames.inlined[f] === 1 });
  }
  return out;
}

/** Groups, largest first (ties: first appearance in the file). */
export function groupGoroutines(d: GoroutineDumpModel, options: LeakOptions = DEFAULT_LEAK_OPTIONS): GoroutineGroup[] {
  const g = d.goroutines;
  // Function-sequence id per stack node: memoised, nodes' prefixes precede them.
  const seqOfNode = new Int32Array(d.stacks.length);
  const seqIds = new Map<string, number>();
  for (let n = 0; n < d.stacks.length; n++) {
    const p = d.stacks.prefix[n]!;
    const key = `${p < 0 ? -1 : seqOfNode[p]}:${d.frames.func[d.stacks.frame[n]!]}`;
    let id = seqIds.get(key);
    if (id === undefined) seqIds.set(key, (id = seqIds.size));
    seqOfNode[n] = id;
  }
  // Per stack node and per status string, computed once (a dump may hold 10^5 goroutines).
  const siteCache: (string | undefined)[] = new Array(d.stacks.length);
  const siteOf = (node: number) => (node < 0 ? '' : (siteCache[node] ??= stackSite(d, node)));
  const blockedCache = new Map<number, boolean>();
  const isBlocked = (status: number) => {
    let b = blockedCache.get(status);
    if (b === undefined) blockedCache.set(status, (b = BLOCKED.test(d.strings[status]!)));
    return b;
  };
  // Blocked goroutines per innermost site, over the whole dump (rule 3).
  const blockedAtSite = new Map<string, number>();
  for (let i = 0; i < g.length; i++) {
    if (isBlocked(g.status[i]!)) bump(blockedAtSite, siteOf(g.stack[i]!));
  }
  const rowsByKey = new Map<string, number[]>();
  for (let i = 0; i < g.length; i++) {
    const node = g.stack[i]!;
    const key = `${node < 0 ? -1 : seqOfNode[node]}/${g.createdBy[i]}`;
    let rows = rowsByKey.get(key);
    if (!rows) rowsByKey.set(key, (rows = []));
    rows.push(i);
  }
  const groups: GoroutineGroup[] = [];
  for (const rows of rowsByKey.values()) {
    const sites = new Map<string, number>();
    const statuses = new Map<string, number>();
    const creators = new Map<string, number>();
    const labels = new Map<string, number>();
    const minutes = new Map<number, number>();
    let minW = Infinity;
    let maxW = 0;
    let leaked = 0;
    let longWait = 0;
    for (const i of rows) {
      bump(sites, siteOf(g.stack[i]!));
      bump(statuses, d.strings[g.status[i]!]!);
      const cb = g.createdBy[i]!;
      if (cb >= 0) bump(creators, d.strings[cb]! + (g.creatorId[i]! >= 0 ? ` in goroutine ${g.creatorId[i]}` : ''));
      if (g.labels[i]! >= 0) bump(labels, d.strings[g.labels[i]!]!);
      const w = g.waitMinutes[i]!;
      minutes.set(w, (minutes.get(w) ?? 0) + 1);
      minW = Math.min(minW, w);
      maxW = Math.max(maxW, w);
      if (g.flags[i]! & G_FLAG_LEAKED) leaked++;
      if (w >= options.minWaitMinutes) longWait++;
    }
    const first = rows[0]!;
    const siteList = counted(sites);
    let leak: GoroutineGroup['leak'] = null;
    if (leaked > 0) {
      leak = { rule: 'runtime-detected', reason: message('leak.runtime-detected', { count: leaked }) };
    } else if (longWait >= options.minGroupSize) {
      leak = { rule: 'long-wait', reason: message('leak.long-wait', { count: longWait, minutes: options.minWaitMinutes, maxMinutes: maxW }) };
    } else {
      for (const s of siteList) {
        const n = blockedAtSite.get(s.name) ?? 0;
        if (n >= options.pileUpSize) {
          leak = { rule: 'pile-up', reason: message('leak.pile-up', { count: n, site: s.name }) };
          break;
        }
      }
    }
    const cb = g.createdBy[first]!;
    groups.push({
      goroutines: Int32Array.from(rows),
      count: rows.length,
      stack: g.stack[first]!,
      functions: stackFunctions(d, g.stack[first]!),
      creator: cb >= 0 ? d.strings[cb]! : '',
      sites: siteList,
      statuses: counted(statuses),
      creators: counted(creators),
      labels: counted(labels),
      minWaitMinutes: minW === Infinity ? 0 : minW,
      maxWaitMinutes: maxW,
      waitMinutes: [...minutes].map(([m, count]) => ({ minutes: m, count })).sort((a, b) => b.minutes - a.minutes),
      leak,
    });
  }
  // Stable sort keeps first-appearance order for equal counts.
  groups.sort((a, b) => b.count - a.count);
  return groups;
}
