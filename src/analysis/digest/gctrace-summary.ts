// Digest of a GODEBUG log (`golens summary --json`): gctrace figures, schedtrace and scavtrace
// sub-digests, version clues and the lines that were skipped. Pause rules: gctrace-pauses.ts.

import { GC_FLAG_FORCED, GC_FLAG_LEAK_CHECK, GC_FLAG_PERIODIC, type GoVersionHint, type RuntimeLogModel } from '../../model/runtime-log';
import { computeGcPauseStats, type PauseStats } from '../runtime/gctrace-pauses';
import { summarizeSched, type SchedDigest } from './schedtrace-summary';

export type RuntimeLogDigest = {
  /** 'gctrace' when the log has gc lines (or no SCHED lines), else 'schedtrace'. */
  format: 'gctrace' | 'schedtrace';
  gcCount: number;
  forcedCount: number; // `(forced)`: program-requested
  periodicForcedCount: number; // cycles announced by a `GC forced` line
  leakCheckCount: number;
  firstCycle: number;
  lastCycle: number;
  /** Cycle numbers absent between the first and last (a cut or filtered log). */
  missingCycles: number;
  /** Start of the last cycle minus start of the first (ms resolution). */
  durationNs: number;
  stwTotalNs: number;
  stwMaxNs: number;
  /** One pause per STW phase, two per cycle (see gctrace-pauses.ts). */
  pauses: PauseStats;
  /** Per-cycle pause sums, comparable with MemStats.PauseNs. */
  cyclePauses: PauseStats;
  /** Largest heap counter printed (max of H0 and H1), in bytes (printed MiB × 2^20). */
  peakHeapBytes: number;
  peakGoalBytes: number;
  lastLiveBytes: number;
  lastGoalBytes: number;
  /** PCT of the last cycle: GC's share of CPU since program start. */
  gcCpuPercent: number;
  maxProcs: number;
  markWallTotalNs: number;
  assistCpuTotalNs: number;
  scav: { lines: number; lastReleasedKiB: number; forced: number } | null;
  sched: SchedDigest | null;
  goVersionHints: string[];
  /** "1.21–1.24", "≥1.25", "≤1.20" or "" when nothing narrows it. */
  goVersionRange: string;
  lines: number;
  skippedLines: number;
  skippedFirstLine: string;
  malformedLines: number;
};

export function summarizeRuntimeLog(log: RuntimeLogModel): RuntimeLogDigest {
  const gc = log.gc;
  const n = gc.length;
  let forced = 0;
  let periodic = 0;
  let leak = 0;
  let peakHeap = 0;
  let peakGoal = 0;
  let maxProcs = 0;
  let markWall = 0;
  let assist = 0;
  for (let i = 0; i < n; i++) {
    const f = gc.flags[i]!;
    if (f & GC_FLAG_FORCED) forced++;
    if (f & GC_FLAG_PERIODIC) periodic++;
    if (f & GC_FLAG_LEAK_CHECK) leak++;
    peakHeap = Math.max(peakHeap, gc.heapStartBytes[i]!, gc.heapMarkTermBytes[i]!);
    peakGoal = Math.max(peakGoal, gc.heapGoalBytes[i]!);
    maxProcs = Math.max(maxProcs, gc.procs[i]!);
    markWall += gc.markNs[i]!;
    assist += gc.assistCpuNs[i]!;
  }
  const { pauses, cyclePauses } = computeGcPauseStats(gc);
  const first = n > 0 ? gc.cycle[0]! : 0;
  const last = n > 0 ? gc.cycle[n - 1]! : 0;
  const scavN = log.scav.length;
  let scavForced = 0;
  for (let i = 0; i < scavN; i++) if (log.scav.flags[i] === 1) scavForced++;
  return {
    format: n > 0 || log.sched.length === 0 ? 'gctrace' : 'schedtrace',
    gcCount: n,
    forcedCount: forced,
    periodicForcedCount: periodic,
    leakCheckCount: leak,
    firstCycle: first,
    lastCycle: last,
    missingCycles: n > 0 ? Math.max(0, last - first + 1 - n) : 0,
    durationNs: n > 0 ? gc.startNs[n - 1]! - gc.startNs[0]! : 0,
    stwTotalNs: pauses.totalNs,
    stwMaxNs: pauses.maxNs,
    pauses,
    cyclePauses,
    peakHeapBytes: peakHeap,
    peakGoalBytes: peakGoal,
    lastLiveBytes: n > 0 ? gc.heapLiveBytes[n - 1]! : 0,
    lastGoalBytes: n > 0 ? gc.heapGoalBytes[n - 1]! : 0,
    gcCpuPercent: n > 0 ? gc.cpuPercent[n - 1]! : 0,
    maxProcs,
    markWallTotalNs: markWall,
    assistCpuTotalNs: assist,
    scav: scavN > 0 ? { lines: scavN, lastReleasedKiB: log.scav.releasedKiB[scavN - 1]!, forced: scavForced } : null,
    sched: summarizeSched(log),
    goVersionHints: log.goVersionHints.map(describeHint),
    goVersionRange: goVersionRange(log.goVersionHints),
    lines: log.lineCount,
    skippedLines: log.skipped.count,
    skippedFirstLine: log.skipped.first,
    malformedLines: log.malformed.count,
  };
}

function describeHint(h: GoVersionHint): string {
  return `${h.evidence}: ${rangeText(h.minMinor, h.maxMinor)}`;
}

function rangeText(min: number, max: number): string {
  if (min > 0 && max > 0) return min === max ? `1.${min}` : `1.${min}–1.${max}`;
  if (min > 0) return `≥1.${min}`;
  if (max > 0) return `≤1.${max}`;
  return '';
}

/** The intersection of every hint's range ("" when none, or when they contradict). */
export function goVersionRange(hints: GoVersionHint[]): string {
  let min = 0;
  let max = 0;
  for (const h of hints) {
    if (h.minMinor > min) min = h.minMinor;
    if (h.maxMinor > 0 && (max === 0 || h.maxMinor < max)) max = h.maxMinor;
  }
  if (min > 0 && max > 0 && min > max) return '';
  return rangeText(min, max);
}
