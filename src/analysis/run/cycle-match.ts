// Matching two sequences of GC cycles recorded on different clocks: the axis's (a trace's, or
// a gctrace log's when there is no trace) and a file's (a gctrace log, a MemStats pause ring).
// Each source saw the same cycles in the same order, but numbers them differently (a trace from
// its own start, a log from the program's) and covers a different part of the run, so cycle i
// of the axis is cycle i + shift of the file for one unknown shift. For a candidate shift, each
// pair of cycles gives an interval of clock offsets it allows (from the times each source
// recorded and their resolution, e.g. a log's `@T` is truncated to the millisecond); the right
// shift is the one where the most pairs allow one common offset and their pauses agree: the
// sequence of cycle spacings and pause lengths is what identifies it.

export type CyclePairTest = {
  /** Offsets o (axis time = file time + o) that pair (axis cycle i, file cycle j) allows; null: no shared anchor. */
  interval(i: number, j: number): [number, number] | null;
  /** Whether the pair's pause lengths agree (null: not measurable for this pair). */
  pausesAgree(i: number, j: number): boolean | null;
};

export type CycleMatch = {
  /** File cycle of each axis cycle (index), -1 unmatched. */
  fileCycleOf: Int32Array;
  /** Axis cycles matched (their time allows the common offset and their pauses agree or cannot be measured). */
  matched: number;
  /** Pairs of the chosen shift that were compared (both cycles exist). */
  compared: number;
  /** Of the compared pairs: time consistent but pause lengths disagree. */
  pauseDisagreements: number;
  shift: number;
  /** The offsets every matched pair allows (axis = file + offset): the offset is known to lie in it. */
  offsetLo: number;
  offsetHi: number;
  /** Another shift matched as many cycles: the spacing does not single one out. */
  ambiguous: boolean;
};

/** The offset covered by the most intervals, with the intervals covering it (indices). */
function bestCover(intervals: { lo: number; hi: number; k: number }[]): { count: number; members: number[]; lo: number; hi: number } {
  const ends: { x: number; open: boolean; k: number }[] = [];
  for (const iv of intervals) {
    ends.push({ x: iv.lo, open: true, k: iv.k });
    ends.push({ x: iv.hi, open: false, k: iv.k });
  }
  // Opening before closing at the same x: touching intervals share that point.
  ends.sort((a, b) => a.x - b.x || (a.open === b.open ? 0 : a.open ? -1 : 1));
  let cur = 0;
  let best = 0;
  let bestX = NaN;
  for (const e of ends) {
    if (e.open) {
      cur++;
      if (cur > best) {
        best = cur;
        bestX = e.x;
      }
    } else cur--;
  }
  const members = intervals.filter((iv) => iv.lo <= bestX && bestX <= iv.hi);
  let lo = -Infinity, hi = Infinity;
  for (const m of members) {
    lo = Math.max(lo, m.lo);
    hi = Math.min(hi, m.hi);
  }
  return { count: best, members: members.map((m) => m.k), lo, hi };
}

/**
 * The shift and offset that match the most cycles (null when no pair of cycles is comparable).
 * `shifts` restricts the candidates (when both sources number cycles as the runtime does).
 */
export function matchCycleSequences(nAxis: number, nFile: number, test: CyclePairTest, shifts?: number[]): CycleMatch | null {
  const candidates: number[] = shifts ?? [];
  if (!shifts) for (let k = -(nAxis - 1); k <= nFile - 1; k++) candidates.push(k);
  type Scored = { shift: number; matched: number; members: number[]; lo: number; hi: number; compared: number; disagree: number };
  const scored: Scored[] = [];
  for (const shift of candidates) {
    const intervals: { lo: number; hi: number; k: number }[] = [];
    const timeOnly: { lo: number; hi: number; k: number }[] = [];
    let compared = 0;
    for (let i = Math.max(0, -shift); i < nAxis && i + shift < nFile; i++) {
      const j = i + shift;
      const iv = test.interval(i, j);
      if (!iv) continue;
      compared++;
      timeOnly.push({ lo: iv[0], hi: iv[1], k: i });
      if (test.pausesAgree(i, j) !== false) intervals.push({ lo: iv[0], hi: iv[1], k: i });
    }
    if (intervals.length === 0) continue;
    const cover = bestCover(intervals);
    // Pairs whose time fits the offset but whose pauses disagree.
    const disagree = timeOnly.filter((iv) => iv.lo <= cover.lo && cover.hi <= iv.hi && !cover.members.includes(iv.k)).length;
    scored.push({ shift, matched: cover.count, members: cover.members, lo: cover.lo, hi: cover.hi, compared, disagree });
  }
  if (scored.length === 0) return null;
  scored.sort((a, b) => b.matched - a.matched || a.disagree - b.disagree || a.hi - a.lo - (b.hi - b.lo));
  const best = scored[0]!;
  const fileCycleOf = new Int32Array(nAxis).fill(-1);
  for (const i of best.members) fileCycleOf[i] = i + best.shift;
  return {
    fileCycleOf,
    matched: best.matched,
    compared: best.compared,
    pauseDisagreements: best.disagree,
    shift: best.shift,
    offsetLo: best.lo,
    offsetHi: best.hi,
    ambiguous: scored.length > 1 && scored[1]!.matched === best.matched,
  };
}

/**
 * The resolution of a duration gctrace printed (runtime fmtNSAsMS): whole ms from 10 ms, else
 * two significant digits of µs (at most three decimals of ms), truncated; so the true value
 * lies in [v, v + resolution).
 */
export function gctraceDurationResolution(ns: number): number {
  if (ns >= 10e6) return 1e6;
  const us = Math.floor(ns / 1e3);
  if (us < 100) return 1e3;
  if (us < 1000) return 1e4;
  return 1e5;
}
