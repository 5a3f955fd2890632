// What each kind of file recorded about each GC cycle, as intervals on its own clock: when the
// cycle's sweep termination began, when its mark termination began, when it ended, how long
// its sweep-termination pause was and the sum of its pauses. A source fills what it recorded
// (NaN elsewhere) with the resolution it recorded it at, so that cycle-match.ts can compare any
// two sources on what they share.
//
// Where the numbers come from (Go's runtime, mgc.go): gctrace's `@T` is tSweepTerm − program
// start truncated to the ms, its clock fields are tMark − tSweepTerm, tMarkTerm − tMark and
// tEnd − tMarkTerm (truncated, see gctraceDurationResolution); the trace's stop-the-world ranges
// begin just after tSweepTerm / tMarkTerm and end when the world restarts (a mark termination
// range also covers the sweep setup after tEnd, so it is longer than gctrace's T3);
// MemStats.PauseEnd is tEnd on the wall clock and PauseNs the sum of both pauses.

import type { MemStatsGcTimeline } from '../runtime/memstats-view';
import type { GcCycleTable } from '../../model/runtime-log';
import type { TraceModel } from '../../model/trace';
import { gctraceDurationResolution, type CyclePairTest } from './cycle-match';

export type GcAnchors = {
  sweepLo: Float64Array;
  sweepHi: Float64Array;
  markTermLo: Float64Array;
  markTermHi: Float64Array;
  endLo: Float64Array;
  endHi: Float64Array;
  sweepPauseLo: Float64Array;
  sweepPauseHi: Float64Array;
  pauseSumLo: Float64Array;
  pauseSumHi: Float64Array;
  /** The runtime's GC number (MemStats.NumGC after it), NaN when the source does not number them so. */
  number: Float64Array;
  length: number;
};

function emptyAnchors(n: number): GcAnchors {
  const col = () => new Float64Array(n).fill(NaN);
  return {
    sweepLo: col(), sweepHi: col(), markTermLo: col(), markTermHi: col(), endLo: col(), endHi: col(),
    sweepPauseLo: col(), sweepPauseHi: col(), pauseSumLo: col(), pauseSumHi: col(), number: col(), length: n,
  };
}

const MS = 1e6;

/** A gctrace log's cycles, on the program's clock (ns since start). */
export function gctraceAnchors(gc: GcCycleTable): GcAnchors {
  const a = emptyAnchors(gc.length);
  for (let i = 0; i < gc.length; i++) {
    const L = gc.startNs[i]!;
    const st = gc.sweepTermNs[i]!, mk = gc.markNs[i]!, mt = gc.markTermNs[i]!;
    const rst = gctraceDurationResolution(st), rmk = gctraceDurationResolution(mk), rmt = gctraceDurationResolution(mt);
    a.sweepLo[i] = L;
    a.sweepHi[i] = L + MS;
    a.markTermLo[i] = L + st + mk;
    a.markTermHi[i] = L + MS + st + rst + mk + rmk;
    a.endLo[i] = L + st + mk + mt;
    a.endHi[i] = L + MS + st + rst + mk + rmk + mt + rmt;
    a.sweepPauseLo[i] = st;
    a.sweepPauseHi[i] = st + rst;
    // PauseNs counts a stop from when the world stopped; gctrace's T1 from before it began
    // stopping (and it can take longer than the stop itself): the sum lies below T1 + T3.
    a.pauseSumLo[i] = mt;
    a.pauseSumHi[i] = st + rst + mt + rmt;
    a.number[i] = gc.cycle[i]!;
  }
  return a;
}

/** Per GC cycle of a trace: its sweep-termination and mark-termination STW ranges (-1 none). */
export function traceCycleStw(t: TraceModel): { sweep: Int32Array; markTerm: Int32Array } {
  const n = t.gcCycles.length;
  const sweep = new Int32Array(n).fill(-1);
  const markTerm = new Int32Array(n).fill(-1);
  const sweepReason = t.strings.indexOf('GC sweep termination');
  const markReason = t.strings.indexOf('GC mark termination');
  const c = t.gcCycles;
  const stwStart = (k: number) => (Number.isNaN(t.stw.start[k]!) ? -Infinity : t.stw.start[k]!);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const from = Number.isNaN(c.start[i]!) ? -Infinity : c.start[i]!;
    const to = Number.isNaN(c.end[i]!) ? Infinity : c.end[i]!;
    while (s < t.stw.length && stwStart(s) < from) s++;
    for (let k = s; k < t.stw.length && stwStart(k) <= to; k++) {
      const lab = t.stw.label[k]!;
      if (lab === sweepReason && sweep[i]! < 0 && stwStart(k) > -Infinity) sweep[i] = k;
      if (lab === markReason && markTerm[i]! < 0) markTerm[i] = k;
    }
  }
  return { sweep, markTerm };
}

/** A trace's GC cycles, on the trace's clock. */
export function traceAnchors(t: TraceModel): GcAnchors {
  const { sweep, markTerm } = traceCycleStw(t);
  const a = emptyAnchors(t.gcCycles.length);
  for (let i = 0; i < a.length; i++) {
    const sw = sweep[i]!, mt = markTerm[i]!;
    if (sw >= 0) {
      a.sweepLo[i] = a.sweepHi[i] = t.stw.start[sw]!;
      const len = t.stw.end[sw]! - t.stw.start[sw]!;
      a.sweepPauseLo[i] = a.sweepPauseHi[i] = len;
    }
    if (mt >= 0 && !Number.isNaN(t.stw.start[mt]!)) {
      a.markTermLo[i] = a.markTermHi[i] = t.stw.start[mt]!;
      if (!Number.isNaN(t.stw.end[mt]!)) {
        // tEnd falls inside the mark-termination stop.
        a.endLo[i] = t.stw.start[mt]!;
        a.endHi[i] = t.stw.end[mt]!;
        if (sw >= 0) {
          a.pauseSumLo[i] = a.sweepPauseLo[i]!;
          a.pauseSumHi[i] = a.sweepPauseHi[i]! + (t.stw.end[mt]! - t.stw.start[mt]!);
        }
      }
    }
  }
  return a;
}

/**
 * The cycles a MemStats file saw (memStatsGcTimeline: every valid entry of every sample's
 * PauseEnd/PauseNs rings, so a sample's LastGC/NumGC too), on the wall clock minus the timeline's
 * origin. One row per runtime cycle number from the oldest listed to the newest, in order, so a
 * row's index and its number differ by one constant (what cycle-match.ts's shifts assume); a
 * cycle no sample's ring still held when it was sampled is a row with nothing recorded (NaN).
 */
export function memStatsAnchors(tl: MemStatsGcTimeline): GcAnchors {
  if (tl.length === 0) return emptyAnchors(0);
  const first = tl.cycle[0]!;
  const a = emptyAnchors(tl.cycle[tl.length - 1]! - first + 1);
  for (let j = 0; j < a.length; j++) a.number[j] = first + j;
  for (let i = 0; i < tl.length; i++) {
    const j = tl.cycle[i]! - first;
    a.endLo[j] = a.endHi[j] = tl.endNs[i]!;
    a.pauseSumLo[j] = a.pauseSumHi[j] = tl.pauseNs[i]!;
  }
  return a;
}

/** Slack for what no source records: the few µs between a runtime timestamp and its trace event. */
const TIME_SLACK_NS = 50_000;

function pauseTolerance(v: number): number {
  return Math.max(30_000, 0.25 * v);
}

/** The pair test of two anchor sets: the first instant both recorded fixes the offset, the first pause both recorded checks it. */
export function anchorPairTest(axis: GcAnchors, file: GcAnchors): CyclePairTest {
  const instants: [keyof GcAnchors, keyof GcAnchors][] = [
    ['sweepLo', 'sweepHi'],
    ['markTermLo', 'markTermHi'],
    ['endLo', 'endHi'],
  ];
  const pauses: [keyof GcAnchors, keyof GcAnchors][] = [
    ['sweepPauseLo', 'sweepPauseHi'],
    ['pauseSumLo', 'pauseSumHi'],
  ];
  const col = (x: GcAnchors, k: keyof GcAnchors) => x[k] as Float64Array;
  return {
    interval(i, j) {
      for (const [lo, hi] of instants) {
        const aLo = col(axis, lo)[i]!, aHi = col(axis, hi)[i]!, fLo = col(file, lo)[j]!, fHi = col(file, hi)[j]!;
        if (Number.isNaN(aLo) || Number.isNaN(fLo)) continue;
        return [aLo - fHi - TIME_SLACK_NS, aHi - fLo + TIME_SLACK_NS];
      }
      return null;
    },
    pausesAgree(i, j) {
      for (const [lo, hi] of pauses) {
        const aLo = col(axis, lo)[i]!, aHi = col(axis, hi)[i]!, fLo = col(file, lo)[j]!, fHi = col(file, hi)[j]!;
        if (Number.isNaN(aLo) || Number.isNaN(fLo)) continue;
        const tol = pauseTolerance(Math.max(aLo, fLo));
        return aLo <= fHi + tol && fLo <= aHi + tol;
      }
      return null;
    },
  };
}

/** Shifts (file index − axis index) under which both sources' runtime numbers agree, when both have them. */
export function numberedShifts(axis: GcAnchors, file: GcAnchors): number[] | undefined {
  const rowOf = new Map<number, number>();
  for (let j = 0; j < file.length; j++) if (!Number.isNaN(file.number[j]!)) rowOf.set(file.number[j]!, j);
  let numberedAxis = false;
  for (let i = 0; i < axis.length; i++) {
    const n = axis.number[i]!;
    if (Number.isNaN(n)) continue;
    numberedAxis = true;
    const j = rowOf.get(n);
    if (j !== undefined) return [j - i];
  }
  return numberedAxis && rowOf.size > 0 ? [] : undefined;
}
