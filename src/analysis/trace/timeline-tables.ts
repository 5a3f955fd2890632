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
// - State counts (goroutines by state): what each event changes, with checkpoints, so the
//   count at t and the mean count over a pixel column are a binary search and a short replay.

import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import type { Ns } from '../../base/time';
import {
  GState, eventTime, eventTimesInto, gStateEndEvent, eventTimeSearch, type EventTimes, type SeriesTable, type SyscallTable, type TraceModel,
} from '../../model/trace';

/**
 * Non-overlapping slices of one row, in start order. `item` is the row in the source table.
 * Bounds are Ns, or, when `times` is set, event indexes whose times they are (a P's runs: the
 * trace's events bound them, and an index takes half the bytes of a time); read them with
 * sliceStart / sliceEnd. Event times increase with their index, so searches by time become
 * searches by index.
 */
export type SliceRow = {
  start: Float64Array | Int32Array;
  end: Float64Array | Int32Array; // ≥ start
  /** Running maximum of `end` (equal to `end` when the row does not overlap): searchable. */
  maxEnd: Float64Array | Int32Array;
  times: EventTimes | null;
  /** Index into the table the slices came from; null when the row is rows itemBase.. of the table itself. */
  item: Int32Array | null;
  itemBase: number;
  length: number;
};

/** The table row of slice i of a row. */
export function sliceItem(row: SliceRow, i: number): number {
  return row.item ? row.item[i]! : row.itemBase + i;
}

/** Start of slice i (Ns). */
export function sliceStart(row: SliceRow, i: number): Ns {
  return row.times ? eventTime(row.times, row.start[i]!) : row.start[i]!;
}

/** End of slice i (Ns). */
export function sliceEnd(row: SliceRow, i: number): Ns {
  return row.times ? eventTime(row.times, row.end[i]!) : row.end[i]!;
}

/** First slice whose running end is after t: no slice before it reaches past t. */
function firstEndingAfter(row: SliceRow, t: Ns): number {
  // With event bounds: end > t ⟺ end index ≥ the first event after t.
  return row.times ? lowerBound(row.maxEnd, row.length, eventTimeSearch(row.times, t, true)) : upperBound(row.maxEnd, row.length, t);
}

/** First slice starting at or after t. */
function firstStartingFrom(row: SliceRow, t: Ns): number {
  return row.times ? lowerBound(row.start, row.length, eventTimeSearch(row.times, t, false)) : lowerBound(row.start, row.length, t);
}

/** First index i with a[i] > t (a sorted ascending, first n entries). */
export function upperBound(a: Float64Array | Int32Array, n: number, t: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with a[i] ≥ t. */
export function lowerBound(a: Float64Array | Int32Array, n: number, t: number): number {
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
    times: null,
    item: new Int32Array(c),
    itemBase: 0,
    length: 0,
  }));
  for (let k = 0; k < n; k++) {
    const i = sorted[k]!;
    const row = out[assign[k]!]!;
    const j = row.length++;
    row.start[j] = s0[i]!;
    row.end[j] = e0[i]!;
    row.maxEnd[j] = j > 0 ? Math.max(row.maxEnd[j - 1]!, e0[i]!) : e0[i]!;
    row.item![j] = src[i]!;
  }
  return out;
}

/**
 * A row of slices already known not to overlap, e.g. GC cycles (rows lo..hi-1 of a table).
 * When they are in start order without overlap (the common case), the row is views onto the
 * table's own columns, its items the table's rows from lo: no copy.
 */
export function sliceRowOf(start: Float64Array, end: Float64Array, lo: number, hi: number, endNs: Ns): SliceRow {
  if (hi > lo && inOrderWithoutOverlap(start, end, lo, hi)) {
    const e = end.subarray(lo, hi);
    return { start: start.subarray(lo, hi), end: e, maxEnd: e, times: null, item: null, itemBase: lo, length: hi - lo };
  }
  const rows = new Int32Array(Math.max(0, hi - lo));
  for (let i = 0; i < rows.length; i++) rows[i] = lo + i;
  const packed = packSlices(start, end, rows, endNs, 1);
  return packed[0] ?? { start: new Float64Array(0), end: new Float64Array(0), maxEnd: new Float64Array(0), times: null, item: null, itemBase: 0, length: 0 };
}

/**
 * sliceRowOf for slices bounded by events (rows lo..hi-1 of start/end event columns, such as
 * a P's runs, which can be millions): views onto the columns, no copy, when in order without
 * overlap; else (malformed traces only) their times, packed like any row.
 */
export function eventSliceRowOf(startEvent: Int32Array, endEvent: Int32Array, lo: number, hi: number, times: EventTimes, endNs: Ns): SliceRow {
  if (hi > lo && inOrderWithoutOverlap(startEvent, endEvent, lo, hi)) {
    const e = endEvent.subarray(lo, hi);
    return { start: startEvent.subarray(lo, hi), end: e, maxEnd: e, times, item: null, itemBase: lo, length: hi - lo };
  }
  const n = Math.max(0, hi - lo);
  const start = new Float64Array(n), end = new Float64Array(n), rows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = eventTime(times, startEvent[lo + i]!);
    end[i] = eventTime(times, endEvent[lo + i]!);
    rows[i] = i;
  }
  const row = packSlices(start, end, rows, endNs, 1)[0];
  if (!row) return sliceRowOf(start, end, 0, 0, endNs);
  const item = row.item!;
  for (let i = 0; i < row.length; i++) item[i] = item[i]! + lo;
  return row;
}

function inOrderWithoutOverlap(start: Float64Array | Int32Array, end: Float64Array | Int32Array, lo: number, hi: number): boolean {
  for (let i = lo; i < hi; i++) if (!(start[i]! <= end[i]! && (i + 1 === hi || end[i]! <= start[i + 1]!))) return false;
  return true;
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
  let i = firstEndingAfter(row, t0);
  let calls = 0;
  while (i < n) {
    const s = sliceStart(row, i);
    if (s >= tEnd) break;
    const x0 = (s - t0) / nsPerPx;
    const x1 = (sliceEnd(row, i) - t0) / nsPerPx;
    if (x1 - x0 >= 1) {
      draw(sliceItem(row, i), x0, x1, 1, i);
      calls++;
      i++;
      continue;
    }
    const col = Math.floor(Math.max(0, x0));
    const colEndNs = t0 + (col + 1) * nsPerPx;
    // Every slice starting before the column ends is inside it (narrow) or starts a wide one.
    let k = firstStartingFrom(row, colEndNs);
    if (k <= i) k = i + 1;
    // In a non-overlapping row only the last slice starting in the column can reach past it;
    // when it is wide it is drawn on its own next, else it widens this merged column.
    let right = Math.max(x1, col + 1);
    if (k - 1 > i) {
      const xs = (sliceStart(row, k - 1) - t0) / nsPerPx;
      const xe = (sliceEnd(row, k - 1) - t0) / nsPerPx;
      if (xe - xs >= 1) k--;
      else if (xe > right) right = xe;
    }
    draw(sliceItem(row, i), col, right, k - i, i);
    calls++;
    i = k;
  }
  return calls;
}

/** The narrowest a slice is to the pointer: a 1 px pause is found anywhere over 5 px. */
export const MIN_HIT_PX = 5;

/**
 * The slices of a row whose hit span contains pixel x of a view starting at t0, nearest first
 * (row indexes; at most `limit`). A slice is drawn over [x0, x1] px, one pixel column at least
 * (forEachSliceInView); its hit span is that, widened about its centre to at least `minHitPx`, so thin slices are not hard to hover.
 */
export function slicesAtPixel(row: SliceRow, t0: Ns, nsPerPx: number, x: number, minHitPx = MIN_HIT_PX, limit = 16): number[] {
  const reachNs = (minHitPx / 2 + 1) * nsPerPx;
  const t = t0 + x * nsPerPx;
  const hits: { i: number; dist: number; off: number }[] = [];
  for (let i = firstEndingAfter(row, t - reachNs); i < row.length; i++) {
    const s = sliceStart(row, i);
    if (s > t + reachNs) break;
    const xs = (s - t0) / nsPerPx, xe = (sliceEnd(row, i) - t0) / nsPerPx;
    // As forEachSliceInView draws it: a slice under a pixel fills the pixel column it starts in.
    const x0 = xe - xs < 1 ? Math.floor(xs) : xs;
    const x1 = Math.max(xe, x0 + 1);
    const pad = Math.max(0, (minHitPx - (x1 - x0)) / 2);
    const dist = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
    if (dist <= pad) hits.push({ i, dist, off: Math.abs(x - (x0 + x1) / 2) });
  }
  hits.sort((a, b) => a.dist - b.dist || a.off - b.off || a.i - b.i);
  return hits.slice(0, limit).map((h) => h.i);
}

/** The largest value a step series takes over [t0, t1] (its value entering t0 included); NaN if none. */
export function seriesMaxIn(s: SeriesTable, t0: Ns, t1: Ns): number {
  let i = upperBound(s.time, s.length, t0) - 1;
  let max = i >= 0 ? s.value[i]! : NaN;
  for (i++; i < s.length && s.time[i]! <= t1; i++) {
    const v = s.value[i]!;
    if (!(v <= max)) max = Number.isNaN(max) ? v : Math.max(max, v);
  }
  return max;
}

/** Room above the heap lane's highest value in the window, as a fraction of it. */
export const HEAP_HEADROOM = 0.08;

/**
 * The top of the heap lane's scale for a window: the highest heap in use or goal in it, with
 * some headroom; so a zoomed lane uses its height (1 when there is no value).
 */
export function heapScaleMax(heapAlloc: SeriesTable, heapGoal: SeriesTable, t0: Ns, t1: Ns): number {
  const a = seriesMaxIn(heapAlloc, t0, t1), g = seriesMaxIn(heapGoal, t0, t1);
  const m = Math.max(Number.isNaN(a) ? 0 : a, Number.isNaN(g) ? 0 : g);
  return m > 0 ? m * (1 + HEAP_HEADROOM) : 1;
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

/**
 * Goroutines by state over time, as what each event changes: every interval of gStates opens
 * and closes at an event, so a byte per event says which state lost one goroutine there (high
 * nibble, state + 1) and which gained one (low nibble); the rare events that change more (a
 * generation's Sync, from which first statuses count, and the final Sync, which closes every
 * open interval) list the rest in `extra*`, in event order. Counts and their time integrals
 * are kept every CHECKPOINT events, so the count or integral at any time is a binary search and
 * at most CHECKPOINT events replayed: about a byte per event, where sorted starts and ends with
 * prefix sums took 32 bytes per interval (350 MB for an 11.7 M-event trace).
 */
export type GoroutineStateDeltas = {
  time: EventTimes; // the model's event times
  length: number; // events
  delta: Uint8Array;
  extraEvent: Int32Array;
  extraState: Uint8Array;
  extraDelta: Int8Array; // +1 opened, -1 closed
  /** Per checkpoint k (before event k·CHECKPOINT): 4 counts, 4 integrals (∫₀ᵗ, t = its event's time), first extra at or after it. */
  ckCount: Int32Array;
  ckIntegral: Float64Array;
  ckExtra: Int32Array;
};

/** One state's view of the deltas (see stateCountAt). */
export type StateCounter = { deltas: GoroutineStateDeltas; state: number };

const CHECKPOINT = 64;
const CHECKPOINT_SHIFT = 6;

export type GoroutineStateCounts = {
  /** Indexed by GState: Running, Runnable, Waiting, Syscall. */
  byState: StateCounter[];
};

/** The times of the events a replay goes over (at most a checkpoint's). */
const replayTimes = new Float64Array(64);

/** The count at the end of the last replay (stateIntegral's second result). */
let replayCount = 0;

/** ∫₀ᵗ count(τ) dτ for one state; leaves the count at t in replayCount. */
function stateIntegral(c: StateCounter, t: Ns): number {
  const d = c.deltas, s = c.state, time = d.time;
  const e = eventTimeSearch(time, t, true); // events at or before t
  if (e === 0) {
    replayCount = 0;
    return 0;
  }
  const k = (e - 1) >> CHECKPOINT_SHIFT;
  let i = k << CHECKPOINT_SHIFT;
  let count = d.ckCount[k * 4 + s]!;
  let integral = d.ckIntegral[k * 4 + s]!;
  let x = d.ckExtra[k]!;
  const first = i;
  eventTimesInto(time, first, e, replayTimes);
  let prev = replayTimes[0]!;
  const delta = d.delta, extraEvent = d.extraEvent, nx = extraEvent.length;
  const closes = (s + 1) << 4, opens = s + 1;
  for (; i < e; i++) {
    const ti = replayTimes[i - first]!;
    integral += count * (ti - prev);
    prev = ti;
    const v = delta[i]!;
    if ((v & 0xf0) === closes) count--;
    if ((v & 15) === opens) count++;
    while (x < nx && extraEvent[x] === i) {
      if (d.extraState[x] === s) count += d.extraDelta[x]!;
      x++;
    }
  }
  replayCount = count;
  return integral + count * (t - prev);
}

/** How many intervals [start, end) contain t. */
export function stateCountAt(c: StateCounter, t: Ns): number {
  stateIntegral(c, t);
  return replayCount;
}

/** Mean count over [a, b) (b > a): what a pixel column covering [a, b) should show. */
export function stateMeanCount(c: StateCounter, a: Ns, b: Ns): number {
  return (stateIntegral(c, b) - stateIntegral(c, a)) / (b - a);
}

/** Counters of goroutines by state, from the model's goroutine state intervals. */
export function computeGoroutineStateCounts(t: TraceModel): GoroutineStateCounts {
  const gs = t.gStates, ev = t.events, n = ev.length, time = ev.time;
  const delta = new Uint8Array(n);
  // Changes beyond the byte's one close and one open, packed as event·4 + state with the sign
  // apart, then put in event order.
  const extraKey = new GrowableFloat64(256);
  const extraSign = new GrowableInt32(256);
  const state = gs.state, startEvent = gs.startEvent, off = t.gStateOffsets, lastEnd = t.gStateLastEnd;
  for (let g = 0; g < t.goroutines.length; g++) {
    for (let r = off[g]!, last = off[g + 1]! - 1; r <= last; r++) {
      const s = state[r]!;
      if (s === GState.Absent) continue;
      // An interval ends where its goroutine's next begins.
      const a = startEvent[r]!, b = r < last ? startEvent[r + 1]! : lastEnd[g]!;
      if ((delta[a]! & 15) === 0) delta[a] = delta[a]! | (s + 1);
      else {
        extraKey.push(a * 4 + s);
        extraSign.push(1);
      }
      if ((delta[b]! & 0xf0) === 0) delta[b] = delta[b]! | ((s + 1) << 4);
      else {
        extraKey.push(b * 4 + s);
        extraSign.push(-1);
      }
    }
  }
  const nx = extraKey.length;
  const order = new Int32Array(nx);
  for (let k = 0; k < nx; k++) order[k] = k;
  const keys = extraKey.data;
  order.sort((p, q) => keys[p]! - keys[q]!);
  const extraEvent = new Int32Array(nx), extraState = new Uint8Array(nx), extraDelta = new Int8Array(nx);
  for (let k = 0; k < nx; k++) {
    const key = keys[order[k]!]!;
    extraEvent[k] = Math.floor(key / 4);
    extraState[k] = key % 4;
    extraDelta[k] = extraSign.data[order[k]!]!;
  }
  // Checkpoints: one pass over the events with the four counts and integrals.
  const nck = (n >> CHECKPOINT_SHIFT) + 1;
  const ckCount = new Int32Array(nck * 4), ckIntegral = new Float64Array(nck * 4), ckExtra = new Int32Array(nck);
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, i0 = 0, i1 = 0, i2 = 0, i3 = 0;
  let prev = 0;
  let x = 0;
  // Times a chunk at a time (unpacked into a scratch column).
  const chunk = new Float64Array(Math.min(n, 1 << 16));
  for (let i = 0; i < n; i++) {
    if (i % chunk.length === 0) eventTimesInto(time, i, Math.min(n, i + chunk.length), chunk);
    const ti = chunk[i % chunk.length]!;
    const dt = ti - prev;
    i0 += c0 * dt;
    i1 += c1 * dt;
    i2 += c2 * dt;
    i3 += c3 * dt;
    prev = ti;
    if ((i & (CHECKPOINT - 1)) === 0) {
      const k = i >> CHECKPOINT_SHIFT;
      ckCount[k * 4] = c0;
      ckCount[k * 4 + 1] = c1;
      ckCount[k * 4 + 2] = c2;
      ckCount[k * 4 + 3] = c3;
      ckIntegral[k * 4] = i0;
      ckIntegral[k * 4 + 1] = i1;
      ckIntegral[k * 4 + 2] = i2;
      ckIntegral[k * 4 + 3] = i3;
      ckExtra[k] = x;
    }
    const v = delta[i]!;
    if (v !== 0) {
      switch ((v >> 4) - 1) {
        case 0: c0--; break;
        case 1: c1--; break;
        case 2: c2--; break;
        case 3: c3--; break;
      }
      switch ((v & 15) - 1) {
        case 0: c0++; break;
        case 1: c1++; break;
        case 2: c2++; break;
        case 3: c3++; break;
      }
    }
    for (; x < nx && extraEvent[x] === i; x++) {
      const dv = extraDelta[x]!;
      switch (extraState[x]) {
        case 0: c0 += dv; break;
        case 1: c1 += dv; break;
        case 2: c2 += dv; break;
        case 3: c3 += dv; break;
      }
    }
  }
  const deltas: GoroutineStateDeltas = { time, length: n, delta, extraEvent, extraState, extraDelta, ckCount, ckIntegral, ckExtra };
  return { byState: [GState.Running, GState.Runnable, GState.Waiting, GState.Syscall].map((state) => ({ deltas, state })) };
}

/** Start of goroutine state interval i (ns): the time of the event that opened it. */
export function gStateStart(t: TraceModel, i: number): Ns {
  const e = t.gStates.startEvent[i]!;
  return e >= 0 ? eventTime(t.events.time, e) : 0;
}

/** End of interval i of goroutine g (ns): where its next begins; the trace end for one still open. */
export function gStateEnd(t: TraceModel, g: number, i: number): Ns {
  const e = gStateEndEvent(t, g, i);
  return e >= 0 ? eventTime(t.events.time, e) : t.durationNs;
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
    if (hi > lo) out.push({ p, row: eventSliceRowOf(t.pRuns.startEvent, t.pRuns.endEvent, lo, hi, t.events.time, t.durationNs) });
  }
  return out;
}

/** Time a goroutine spent in each state inside the trace, ns, by GState. */
export function goroutineStateTotals(t: TraceModel, g: number): Float64Array {
  const out = new Float64Array(4);
  const gs = t.gStates;
  for (let i = t.gStateOffsets[g]!; i < t.gStateOffsets[g + 1]!; i++) {
    if (gs.state[i] !== GState.Absent) out[gs.state[i]!]! += gStateEnd(t, g, i) - gStateStart(t, i);
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
  const syscalls = t.syscalls;
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
  const i = eventTimeSearch(t.events.time, ns, false);
  return i < t.events.length && eventTime(t.events.time, i) === ns ? i : -1;
}

/**
 * Mean count of each pixel column [t0 + c·nsPerPx, t0 + (c+1)·nsPerPx): the same as
 * stateMeanCount per column, with the integral taken once per column boundary.
 */
export function stateMeanPerPixel(c: StateCounter, t0: Ns, nsPerPx: number, width: number, out: Float64Array): void {
  let prev = stateIntegral(c, t0);
  for (let col = 0; col < width; col++) {
    const integral = stateIntegral(c, t0 + (col + 1) * nsPerPx);
    out[col] = (integral - prev) / nsPerPx;
    prev = integral;
  }
}
