// Digest of a goroutine dump (`golens summary --json`). Go's parsers give none (a debug=2 dump
// is not a profile), so these keys are GoLens's own.

import { G_FLAG_LOCKED_TO_THREAD, type GoroutineDumpModel } from '../../model/runtime-log';
import { DEFAULT_LEAK_OPTIONS, groupGoroutines } from '../runtime/goroutine-dump-groups';

export type GoroutineDumpDigest = {
  format: 'goroutine-dump';
  goroutines: number;
  /** Groups of identical function sequence and creator (goroutine-dump-groups.ts). */
  groups: number;
  distinctStacks: number;
  frames: number;
  /** Goroutines per status (wait reason or state), keys sorted. */
  states: Record<string, number>;
  maxWaitMinutes: number;
  waitingOverOneMinute: number;
  lockedToThread: number;
  withLabels: number;
  /** Groups flagged by the leak heuristic with the default thresholds, and their goroutines. */
  suspectedLeakGroups: number;
  suspectedLeakGoroutines: number;
  /** The 5 largest groups: size, top status, innermost function and site. */
  topGroups: { count: number; status: string; function: string; site: string; leak: string }[];
  skippedLines: number;
  skippedFirstLine: string;
};

export function summarizeGoroutineDump(d: GoroutineDumpModel): GoroutineDumpDigest {
  const g = d.goroutines;
  const states = new Map<string, number>();
  let maxW = 0;
  let over = 0;
  let locked = 0;
  let labeled = 0;
  const stacks = new Set<number>();
  for (let i = 0; i < g.length; i++) {
    const s = d.strings[g.status[i]!]!;
    states.set(s, (states.get(s) ?? 0) + 1);
    maxW = Math.max(maxW, g.waitMinutes[i]!);
    if (g.waitMinutes[i]! >= 1) over++;
    if (g.flags[i]! & G_FLAG_LOCKED_TO_THREAD) locked++;
    if (g.labels[i]! >= 0) labeled++;
    stacks.add(g.stack[i]!);
  }
  const groups = groupGoroutines(d, DEFAULT_LEAK_OPTIONS);
  let leakGroups = 0;
  let leakGs = 0;
  for (const gr of groups) {
    if (gr.leak) {
      leakGroups++;
      leakGs += gr.count;
    }
  }
  const sortedStates: Record<string, number> = {};
  for (const k of [...states.keys()].sort()) sortedStates[k] = states.get(k)!;
  return {
    format: 'goroutine-dump',
    goroutines: g.length,
    groups: groups.length,
    distinctStacks: stacks.size,
    frames: d.frames.length,
    states: sortedStates,
    maxWaitMinutes: maxW,
    waitingOverOneMinute: over,
    lockedToThread: locked,
    withLabels: labeled,
    suspectedLeakGroups: leakGroups,
    suspectedLeakGoroutines: leakGs,
    topGroups: groups.slice(0, 5).map((gr) => ({
      count: gr.count,
      status: gr.statuses[0]?.name ?? '',
      function: gr.functions[0] ?? '',
      site: gr.sites[0]?.name ?? '',
      leak: gr.leak ? gr.leak.rule : '',
    })),
    skippedLines: d.skipped.count,
    skippedFirstLine: d.skipped.first,
  };
}
