// Derived tables for time-based views, and the per-pixel (level-of-detail) queries they draw
// from. Pure and columnar: nothing here allocates per event when drawing, so a 100 MB trace
// draws in time proportional to the pixels, not to the events.
//
// Three shapes cover every lane:
// - SliceRow: non-overlapping intervals sorted by start (a P's goroutine runs, a thread's
//   syscalls, GC cycles…). `forEachSliceInView` walks only what can be seen: slices wider than
//   a pixel one by one, runs of narrower ones merged into one pixel column each.
// - Step series (heap in use, heap goal): value at t is the last point at or before t;
//   `seriesMinMaxPerPixel` gives each pixel column its min and max.
// - State counts (goroutines by state): sorted starts and ends with prefix sums, so the count
//   at t and the mean count over a pixel column are two binary searches each.

import type { Ns } from '../base/units';
import { GState, TraceCode as C, type SeriesTable, type TraceModel } from '../model/trace';

/** Non-overlapping slices of one row, in start order. `item` is the row in the source table. */
export type SliceRow = {
  start: Float64Array; // Ns
  end: Float64Array; // Ns, ≥ start
  /** Running maximum of `end` (equal to `end` when the row does not overlap): searchable. */
  maxEnd: Float64Array;
  item: Int32Array; // index into the table the slices came from
  length: number;
};

/** First index i with a[i] > t (a sorted ascending, first n entries). */
export function upperBound(a: Float64Array, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with a[i] ≥ t. */
export function lowerBound(a: Float64Array, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isSortedBy(order: Int32Array, key: Float64Array): boolean {
  for (let i = 1; i < order.length; i++) if (key[order[i]!]! < key[order[i - 1]!]!) return false;
  return true;
}

/**
 * Sorts times in place. Trace times are whole, non-negative ns: an LSD radix sort by 16-bit
 * digits is several times faster than the engine's Float64Array sort on millions of them.
 * Anything else falls back to the engine's sort.
 */
export function sortTimes(a: Float64Array): Float64Array {
  const n = a.length;
  let max = 0;
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const v = a[i]!;
    if (!(v >= 0 && v <= Number.MAX_SAFE_INTEGER && Math.floor(v) === v)) return a.sort();
    if (v > max) max = v;
    else if (v < max) sorted = false;
  }
  // Interval starts come in open order, already sorted: the common case costs one pass.
  if (sorted) return a;
  if (n < 2048) return a.sort();
  let src: Float64Array = a;
  let dst: Float64Array = new Float64Array(n);
  const count = new Int32Array(65536);
  for (let div = 1; max / div >= 1; div *= 65536) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(src[i]! / div) & 0xffff]!++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const v = src[i]!;
      dst[count[Math.floor(v / div) & 0xffff]!++] = v;
    }
    const tmp = src;
    src = dst;
    dst = tmp;
  }
  if (src !== a) a.set(src);
  return a;
}

/**
 * Slices from columns, packed greedily into at most `maxRows` rows so that slices of a row do
 * not overlap (the last row takes whatever does not fit and may overlap; `maxEnd` keeps it
 * searchable). NaN starts (begun before the trace) become 0, NaN ends (still open) `endNs`.
 * `rows` picks rows of the columns (all when null).
 */
export function packSlices(
  start: Float64Array,
  end: Float64Array,
  rows: ArrayLike<number> | null,
  endNs: Ns,
  maxRows = 8,
): SliceRow[] {
  const n = rows ? rows.length : start.length;
  const src = new Int32Array(n);
  const s0 = new Float64Array(n);
  const e0 = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = rows ? rows[k]! : k;
    src[k] = i;
    const s = Number.isNaN(start[i]!) ? 0 : start[i]!;
    const e = Number.isNaN(end[i]!) ? endNs : end[i]!;
    s0[k] = s;
    e0[k] = Math.max(s, e);
  }
  const identity = new Int32Array(n);
  for (let k = 0; k < n; k++) identity[k] = k;
  // Tables come in start order almost always; sorting is the rare case.
  const sorted = isSortedBy(identity, s0) ? identity : identity.sort((a, b) => s0[a]! - s0[b]! || a - b);
  const rowEnd: number[] = [];
  const assign = new Int32Array(n);
  const counts: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = sorted[k]!;
    let r = 0;
    while (r < rowEnd.length && rowEnd[r]! > s0[i]!) r++;
    if (r === rowEnd.length && r >= maxRows) r = maxRows - 1;
    if (r === rowEnd.length) {
      rowEnd.push(0);
      counts.push(0);
    }
    rowEnd[r] = Math.max(rowEnd[r]!, e0[i]!);
    assign[k] = r;
    counts[r]!++;
  }
  const out: SliceRow[] = counts.map((c) => ({
    start: new Float64Array(c),
    end: new Float64Array(c),
    maxEnd: new Float64Array(c),
    item: new Int32Array(c),
    length: 0,
  }));
  for (let k = 0; k < n; k++) {
    const i = sorted[k]!;
    const row = out[assign[k]!]!;
    const j = row.length++;
    row.start[j] = s0[i]!;
    row.end[j] = e0[i]!;
    row.maxEnd[j] = j > 0 ? Math.max(row.maxEnd[j - 1]!, e0[i]!) : e0[i]!;
    row.item[j] = src[i]!;
  }
  return out;
}

/** A row of slices already known not to overlap, e.g. one P's runs (rows lo..hi-1 of a table). */
export function sliceRowOf(start: Float64Array, end: Float64Array, lo: number, hi: number, endNs: Ns): SliceRow {
  const rows = new Int32Array(Math.max(0, hi - lo));
  for (let i = 0; i < rows.length; i++) rows[i] = lo + i;
  const packed = packSlices(start, end, rows, endNs, 1);
  return packed[0] ?? { start: new Float64Array(0), end: new Float64Array(0), maxEnd: new Float64Array(0), item: new Int32Array(0), length: 0 };
}

/**
 * Calls `draw` for what is visible of a row between t0 and t0 + widthPx·nsPerPx: each slice
 * at least a pixel wide on its own (`count` 1), and for slices narrower than a pixel one call
 * per pixel column they fall in (`item` = the first of them, `count` = how many), so the
 * number of calls is bounded by the visible wide slices plus the pixel columns.
 * x0/x1 are pixel positions (unclamped for wide slices).
 */
export function forEachSliceInView(
  row: SliceRow,
  t0: Ns,
  nsPerPx: number,
  widthPx: number,
  draw: (item: number, x0: number, x1: number, count: number, index: number) => void,
): number {
  const n = row.length;
  const tEnd = t0 + widthPx * nsPerPx;
  let i = upperBound(row.maxEnd, n, t0);
  let calls = 0;
  while (i < n) {
    const s = row.start[i]!;
    if (s >= tEnd) break;
    const x0 = (s - t0) / nsPerPx;
    const x1 = (row.end[i]! - t0) / nsPerPx;
    if (x1 - x0 >= 1) {
      draw(row.item[i]!, x0, x1, 1, i);
      calls++;
      i++;
      continue;
    }
    const col = Math.floor(Math.max(0, x0));
    const colEndNs = t0 + (col + 1) * nsPerPx;
    // Every slice starting before the column ends is inside it (narrow) or starts a wide one.
    let k = lowerBound(row.start, n, colEndNs);
    if (k <= i) k = i + 1;
    // In a non-overlapping row only the last slice starting in the column can reach past it;
    // when it is wide it is drawn on its own next, else it widens this merged column.
    let right = Math.max(x1, col + 1);
    if (k - 1 > i) {
      const xs = (row.start[k - 1]! - t0) / nsPerPx;
      const xe = (row.end[k - 1]! - t0) / nsPerPx;
      if (xe - xs >= 1) k--;
      else if (xe > right) right = xe;
    }
    draw(row.item[i]!, col, right, k - i, i);
    calls++;
    i = k;
  }
  return calls;
}

/** The slice of a row under time t (its index in the row), or -1. */
export function sliceAt(row: SliceRow, t: Ns, slopNs = 0): number {
  const n = row.length;
  let i = upperBound(row.maxEnd, n, t - slopNs);
  let best = -1;
  let bestDist = Infinity;
  for (; i < n && row.start[i]! <= t + slopNs; i++) {
    const s = row.start[i]!, e = row.end[i]!;
    const dist = t < s ? s - t : t > e ? t - e : 0;
    if (dist < bestDist) {
      best = i;
      bestDist = dist;
      if (dist === 0) break;
    }
  }
  return best;
}

/** Value of a step series at t (last point at or before t); NaN before the first point. */
export function seriesValueAt(s: SeriesTable, t: Ns): number {
  const i = upperBound(s.time, s.length, t) - 1;
  return i >= 0 ? s.value[i]! : NaN;
}

/**
 * For each pixel column c of [t0, t0 + width·nsPerPx): the min and max the step series takes
 * inside it (its value entering the column included); NaN where it has no value yet.
 */
export function seriesMinMaxPerPixel(
  s: SeriesTable,
  t0: Ns,
  nsPerPx: number,
  width: number,
  outMin: Float64Array,
  outMax: Float64Array,
): void {
  let i = upperBound(s.time, s.length, t0) - 1; // last point at or before t0
  let current = i >= 0 ? s.value[i]! : NaN;
  i++;
  for (let c = 0; c < width; c++) {
    const colEnd = t0 + (c + 1) * nsPerPx;
    let lo = current, hi = current;
    while (i < s.length && s.time[i]! < colEnd) {
      const v = s.value[i]!;
      if (!(v >= lo)) lo = Number.isNaN(lo) ? v : Math.min(lo, v);
      if (!(v <= hi)) hi = Number.isNaN(hi) ? v : Math.max(hi, v);
      current = v;
      i++;
    }
    outMin[c] = lo;
    outMax[c] = hi;
  }
}

/** Intervals of one kind as sorted starts and ends with prefix sums (see stateCountAt). */
export type StateCounter = {
  starts: Float64Array;
  ends: Float64Array;
  startSum: Float64Array; // startSum[k] = Σ starts[0..k-1]
  endSum: Float64Array;
  length: number;
};

function makeCounter(starts: Float64Array, ends: Float64Array): StateCounter {
  sortTimes(starts);
  sortTimes(ends);
  const n = starts.length;
  const startSum = new Float64Array(n + 1);
  const endSum = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    startSum[i + 1] = startSum[i]! + starts[i]!;
    endSum[i + 1] = endSum[i]! + ends[i]!;
  }
  return { starts, ends, startSum, endSum, length: n };
}

/** How many intervals [start, end) contain t. */
export function stateCountAt(c: StateCounter, t: Ns): number {
  return upperBound(c.starts, c.length, t) - upperBound(c.ends, c.length, t);
}

/** ∫₀ᵗ count(τ) dτ. */
function countIntegral(c: StateCounter, t: Ns): number {
  const ns = upperBound(c.starts, c.length, t);
  const ne = upperBound(c.ends, c.length, t);
  return t * (ns - ne) - (c.startSum[ns]! - c.endSum[ne]!);
}

/** Mean count over [a, b) (b > a): what a pixel column covering [a, b) should show. */
export function stateMeanCount(c: StateCounter, a: Ns, b: Ns): number {
  return (countIntegral(c, b) - countIntegral(c, a)) / (b - a);
}

export type GoroutineStateCounts = {
  /** Indexed by GState: Running, Runnable, Waiting, Syscall. */
  byState: StateCounter[];
};

/** Counters of goroutines by state, from the model's goroutine state intervals. */
export function computeGoroutineStateCounts(t: TraceModel): GoroutineStateCounts {
  const gs = t.gStates;
  const n = [0, 0, 0, 0];
  for (let i = 0; i < gs.length; i++) n[gs.state[i]!]!++;
  const starts = n.map((k) => new Float64Array(k));
  const ends = n.map((k) => new Float64Array(k));
  const fill = [0, 0, 0, 0];
  const state = gs.state, startEvent = gs.startEvent, endEvent = gs.endEvent, time = t.events.time;
  const end = t.durationNs;
  for (let i = 0; i < gs.length; i++) {
    const s = state[i]!;
    const k = fill[s]!++;
    const se = startEvent[i]!, ee = endEvent[i]!;
    starts[s]![k] = se >= 0 ? time[se]! : 0;
    ends[s]![k] = ee >= 0 ? time[ee]! : end;
  }
  return { byState: [GState.Running, GState.Runnable, GState.Waiting, GState.Syscall].map((s) => makeCounter(starts[s]!, ends[s]!)) };
}

/** Start of goroutine state interval i (ns): the time of the event that opened it. */
export function gStateStart(t: TraceModel, i: number): Ns {
  const e = t.gStates.startEvent[i]!;
  return e >= 0 ? t.events.time[e]! : 0;
}

/** End of goroutine state interval i (ns); the trace end for one still open. */
export function gStateEnd(t: TraceModel, i: number): Ns {
  const e = t.gStates.endEvent[i]!;
  return e >= 0 ? t.events.time[e]! : t.durationNs;
}

/** Syscalls as slices: which goroutine, on which OS thread, when. */
export type SyscallTable = {
  g: Int32Array; // goroutine index
  m: Int32Array; // thread index, -1 unknown
  start: Float64Array;
  end: Float64Array; // trace end when still in the syscall
  length: number;
};

/** Syscalls from their begin/end events (a syscall begun before the trace has no begin: left out). */
export function computeSyscalls(t: TraceModel): SyscallTable {
  const ev = t.events;
  const openStart = new Float64Array(t.goroutines.length).fill(NaN);
  const openM = new Int32Array(t.goroutines.length);
  const g: number[] = [], m: number[] = [], start: number[] = [], end: number[] = [];
  for (let i = 0; i < ev.length; i++) {
    const c = ev.code[i]!;
    if (c === C.GoSyscallBegin) {
      const gi = ev.g[i]!;
      if (gi < 0) continue;
      openStart[gi] = ev.time[i]!;
      openM[gi] = ev.m[i]!;
    } else if (c === C.GoSyscallEnd || c === C.GoSyscallEndBlocked || c === C.GoDestroySyscall) {
      const gi = ev.g[i]!;
      if (gi < 0 || Number.isNaN(openStart[gi]!)) continue;
      g.push(gi);
      m.push(openM[gi]!);
      start.push(openStart[gi]!);
      end.push(ev.time[i]!);
      openStart[gi] = NaN;
    }
  }
  for (let gi = 0; gi < openStart.length; gi++) {
    if (Number.isNaN(openStart[gi]!)) continue;
    g.push(gi);
    m.push(openM[gi]!);
    start.push(openStart[gi]!);
    end.push(t.durationNs);
  }
  return { g: Int32Array.from(g), m: Int32Array.from(m), start: Float64Array.from(start), end: Float64Array.from(end), length: g.length };
}

/** One row per thread that made syscalls, by thread index; rows of syscalls (items index the SyscallTable). */
export function syscallRowsByThread(t: TraceModel, sc: SyscallTable): { thread: number; row: SliceRow }[] {
  const byThread = new Map<number, number[]>();
  for (let i = 0; i < sc.length; i++) {
    const m = sc.m[i]!;
    let list = byThread.get(m);
    if (!list) byThread.set(m, (list = []));
    list.push(i);
  }
  return [...byThread.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([thread, items]) => ({ thread, row: packSlices(sc.start, sc.end, items, t.durationNs, 1)[0]! }));
}

/** P ids that ran goroutines, with each P's runs as a row (items index pRuns). */
export function pRunRows(t: TraceModel): { p: number; row: SliceRow }[] {
  const out: { p: number; row: SliceRow }[] = [];
  for (let p = 0; p + 1 < t.pRunOffsets.length; p++) {
    const lo = t.pRunOffsets[p]!, hi = t.pRunOffsets[p + 1]!;
    if (hi > lo) out.push({ p, row: sliceRowOf(t.pRuns.start, t.pRuns.end, lo, hi, t.durationNs) });
  }
  return out;
}

/** Time a goroutine spent in each state inside the trace, ns, by GState. */
export function goroutineStateTotals(t: TraceModel, g: number): Float64Array {
  const out = new Float64Array(4);
  const gs = t.gStates;
  for (let k = t.gStateOffsets[g]!; k < t.gStateOffsets[g + 1]!; k++) {
    const i = t.gStateIndex[k]!;
    out[gs.state[i]!]! += gStateEnd(t, i) - gStateStart(t, i);
  }
  return out;
}

/** The range table row containing t (rows sorted by start, few overlaps), or -1. */
export function rangeRowAt(start: Float64Array, end: Float64Array, n: number, t: Ns, endNs: Ns): number {
  // Rows are in start order (NaN = before the trace, first); scan back from the last start ≤ t.
  let i = n - 1;
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = Number.isNaN(start[mid]!) ? -Infinity : start[mid]!;
    if (s <= t) lo = mid + 1;
    else hi = mid;
  }
  i = lo - 1;
  for (let k = 0; i >= 0 && k < 4; i--, k++) {
    const e = Number.isNaN(end[i]!) ? endNs : end[i]!;
    if (t < e) return i;
  }
  return -1;
}

/** Everything the trace timeline draws, derived once per model (memoized by the store's selectors). */
export type TraceTimeline = {
  gcRow: SliceRow; // items index gcCycles
  assistRows: SliceRow[]; // items index markAssists
  sweepRows: SliceRow[]; // items index sweeps
  stwRow: SliceRow; // items index stw
  pRows: { p: number; row: SliceRow }[]; // items index pRuns
  syscalls: SyscallTable;
  syscallRows: { thread: number; row: SliceRow }[]; // items index syscalls
  taskRows: SliceRow[]; // items index tasks
  regionRows: SliceRow[]; // items index regions
  stateCounts: GoroutineStateCounts;
  /** Largest of heap in use and heap goal: the heap chart's scale. */
  heapMax: number;
};

export function computeTraceTimeline(t: TraceModel): TraceTimeline {
  const end = t.durationNs;
  const syscalls = computeSyscalls(t);
  let heapMax = 0;
  for (let i = 0; i < t.heapAlloc.length; i++) heapMax = Math.max(heapMax, t.heapAlloc.value[i]!);
  for (let i = 0; i < t.heapGoal.length; i++) heapMax = Math.max(heapMax, t.heapGoal.value[i]!);
  return {
    gcRow: packSlices(t.gcCycles.start, t.gcCycles.end, null, end, 1)[0] ?? sliceRowOf(t.gcCycles.start, t.gcCycles.end, 0, 0, end),
    assistRows: packSlices(t.markAssists.start, t.markAssists.end, null, end, 3),
    sweepRows: packSlices(t.sweeps.start, t.sweeps.end, null, end, 2),
    stwRow: packSlices(t.stw.start, t.stw.end, null, end, 1)[0] ?? sliceRowOf(t.stw.start, t.stw.end, 0, 0, end),
    pRows: pRunRows(t),
    syscalls,
    syscallRows: syscallRowsByThread(t, syscalls),
    taskRows: packSlices(t.tasks.start, t.tasks.end, null, end, 10),
    regionRows: packSlices(t.regions.start, t.regions.end, null, end, 10),
    stateCounts: computeGoroutineStateCounts(t),
    heapMax,
  };
}

/** The event at exactly time ns (event times are strictly increasing, so at most one), or -1. */
export function eventAtTime(t: TraceModel, ns: Ns): number {
  const i = lowerBound(t.events.time, t.events.length, ns);
  return i < t.events.length && t.events.time[i] === ns ? i : -1;
}

/** First index ≥ from with a[i] > t, searched by galloping from `from` (a sorted, t ≥ a[from-1]). */
function upperBoundFrom(a: Float64Array, n: number, t: number, from: number): number {
  let lo = from, step = 1, hi = from;
  while (hi < n && a[hi]! <= t) {
    lo = hi + 1;
    hi += step;
    step *= 2;
  }
  if (hi > n) hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Mean count of each pixel column [t0 + c·nsPerPx, t0 + (c+1)·nsPerPx): the same as
 * stateMeanCount per column, with the integral taken once per column boundary and the searches
 * galloping from the previous boundary (columns are in time order).
 */
export function stateMeanPerPixel(c: StateCounter, t0: Ns, nsPerPx: number, width: number, out: Float64Array): void {
  let is = upperBound(c.starts, c.length, t0);
  let ie = upperBound(c.ends, c.length, t0);
  let prev = t0 * (is - ie) - (c.startSum[is]! - c.endSum[ie]!);
  for (let col = 0; col < width; col++) {
    const t = t0 + (col + 1) * nsPerPx;
    is = upperBoundFrom(c.starts, c.length, t, is);
    ie = upperBoundFrom(c.ends, c.length, t, ie);
    const integral = t * (is - ie) - (c.startSum[is]! - c.endSum[ie]!);
    out[col] = (integral - prev) / nsPerPx;
    prev = integral;
  }
}
