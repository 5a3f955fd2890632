// Minimum mutator utilization, as Go's internal/trace computes it for `go tool trace`'s MMU page
// (MutatorUtilizationV2, NewMMUCurve, MMU, Examples): the same utilization function from the
// same events and the same band-refinement search over it, so every value equals Go's.
// Times are the model's (Ns since the first event); the search only uses differences and
// integer offsets, so the results are Go's on its absolute axis shifted by the first event's time.

import { ARG_BIG, eventTime, sideValue, TraceCode as C, TraceKind as K, kindOfCode, type TraceModel } from '../../model/trace';
import { packedAt } from '../../base/packed-column';
import { executing, goTransition } from './event-chunks';

/** Per event code: its goroutine transition (event-chunks.ts's goTransition), STATUS when it is in the event's aux. */
const STATUS = -2;
const TRANSITION = (() => {
  const out = new Int16Array(256);
  for (let c = 0; c < 256; c++) out[c] = c === C.GoStatus || c === C.GoStatusStack ? STATUS : goTransition(c, 0);
  return out;
})();
/** Per transition (from << 4 | to): +1 when it starts executing, -1 when it stops, else 0. */
const EXEC_CHANGE = (() => {
  const out = new Int8Array(256);
  for (let tr = 0; tr < 256; tr++) out[tr] = Number(executing(tr & 15)) - Number(executing(tr >> 4));
  return out;
})();

export const UtilFlag = { STW: 1, Background: 2, Assist: 4, Sweep: 8, PerProc: 16 } as const;
/** What go tool trace's MMU page loads with: STW, background workers and mark assists, system-wide. */
export const DEFAULT_UTIL_FLAGS = UtilFlag.STW | UtilFlag.Background | UtilFlag.Assist;

/** A utilization function: from time[i] on, the mean mutator utilization is util[i]. */
export type UtilSeries = { time: number[]; util: number[] };

function addUtil(s: UtilSeries, time: number, util: number): void {
  const n = s.util.length;
  if (n > 0) {
    if (util === s.util[n - 1]) return;
    if (time === s.time[n - 1]) {
      if (util < s.util[n - 1]!) s.util[n - 1] = util;
      return;
    }
  }
  s.time.push(time);
  s.util.push(util);
}

/**
 * Go's MutatorUtilizationV2: one series (system-wide, each P a 1/GOMAXPROCS share) or one per P
 * (UtilFlag.PerProc); empty when the trace has no GOMAXPROCS metric.
 */
export function mutatorUtilization(t: TraceModel, flags: number): UtilSeries[] {
  const perProc = (flags & UtilFlag.PerProc) !== 0;
  const out: UtilSeries[] = [];
  let stw = 0;
  const psGc: number[] = [];
  const psSeries: number[] = [];
  // By goroutine index + 1 (so that "none", -1, has a slot): typed arrays, not Maps, on the hot path.
  const nG = t.goroutines.length + 1;
  const inGC = new Uint8Array(nG);
  const states = new Uint8Array(nG); // GoState; 0 = Undetermined (never seen)
  const bgMark = new Uint8Array(nG);
  const procs: { time: number; n: number }[] = [];
  let nSync = 0;
  const strings = t.strings;
  const stwName = (aux: number) => strings[aux]!;
  const isGCSTW = (code: number, aux: number) =>
    (code === C.STWBegin || code === C.STWEnd) && stwName(aux).includes('GC');
  const handleSTW = (code: number, aux: number) => (flags & UtilFlag.STW) !== 0 && isGCSTW(code, aux);
  const isAssist = (code: number) => code === C.GCMarkAssistActive || code === C.GCMarkAssistBegin || code === C.GCMarkAssistEnd;
  const isSweep = (code: number) => code === C.GCSweepActive || code === C.GCSweepBegin || code === C.GCSweepEnd;
  const handleAssist = (code: number) => (flags & UtilFlag.Assist) !== 0 && isAssist(code);
  const handleSweep = (code: number) => (flags & UtilFlag.Sweep) !== 0 && isSweep(code);
  const e = t.events;
  const n = e.length;
  const codes = e.code;
  const argOf = (i: number) => {
    const v = packedAt(e.arg, i);
    return v !== ARG_BIG ? v : sideValue(e.bigArgs, i);
  };
  // Whether the utilization may differ from the last one added (see below).
  let changed = false, pending = false;
  // Events are read one field at a time, and only where they matter: most events of a trace
  // leave the utilization as it is, and only their code is looked at.
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    const kind = kindOfCode[code]!;
    if (kind === K.Sync) nSync = argOf(i);
    else if (code === C.ProcsChange) {
      changed = true;
      const time = eventTime(e.time, i);
      const gomaxprocs = argOf(i);
      if (psGc.length > gomaxprocs) {
        if (perProc) for (let j = gomaxprocs; j < psGc.length; j++) addUtil(out[psSeries[j]!]!, time, 0);
        psGc.length = gomaxprocs;
        psSeries.length = gomaxprocs;
      }
      while (psGc.length < gomaxprocs) {
        let series = 0;
        if (perProc || out.length === 0) {
          series = out.length;
          out.push({ time: [time], util: [1] });
        }
        psGc.push(0);
        psSeries.push(series);
      }
      if (procs.length === 0 || gomaxprocs !== procs[procs.length - 1]!.n) procs.push({ time, n: gomaxprocs });
    }
    if (psGc.length === 0) continue;
    switch (kind) {
      case K.RangeActive:
      case K.RangeBegin: {
        // Active ranges after the first generation are redundant (Go breaks out here).
        if (kind === K.RangeActive && nSync > 1) break;
        const pid = packedAt(e.p, i), aux = packedAt(e.aux, i);
        let fix = false;
        if (kind === K.RangeActive) {
          // Active back to the start of the trace: take its share off everything so far.
          if (handleAssist(code)) fix = executing(states[packedAt(e.g, i) + 1]!);
          else if (handleSweep(code)) fix = true;
          if (fix && !perProc) {
            const o = out[0]!;
            let mi = 0, pi = 0;
            while (mi < o.time.length) {
              if (pi < procs.length - 1 && procs[pi + 1]!.time < o.time[mi]!) {
                pi++;
                continue;
              }
              o.util[mi] = o.util[mi]! - 1 / procs[pi]!.n;
              if (o.util[mi]! < 0) o.util[mi] = 0;
              mi++;
            }
          }
        }
        if (fix) changed = true;
        if (handleSTW(code, aux)) {
          stw++;
          changed = true;
        } else if (handleSweep(code)) {
          psGc[pid]!++;
          changed = true;
        } else if (handleAssist(code)) {
          changed = true;
          psGc[pid]!++;
          const g = code === C.GCMarkAssistActive ? argOf(i) : packedAt(e.g, i);
          if (g >= 0) inGC[g + 1] = 1;
        }
        break;
      }
      case K.RangeEnd: {
        const aux = packedAt(e.aux, i);
        if (handleSTW(code, aux)) {
          stw--;
          changed = true;
        } else if (handleSweep(code)) {
          psGc[packedAt(e.p, i)]!--;
          changed = true;
        } else if (handleAssist(code)) {
          changed = true;
          psGc[packedAt(e.p, i)]!--;
          const g = packedAt(e.g, i);
          if (g >= 0) inGC[g + 1] = 0;
        }
        break;
      }
      case K.StateTransition: {
        let tr = TRANSITION[code]!;
        if (tr === STATUS) tr = goTransition(code, packedAt(e.aux, i));
        if (tr < 0) break;
        // In the first generation every goroutine's state is kept (an active assist reads it);
        // after it only a change between executing and not can change the utilization.
        const ex = EXEC_CHANGE[tr]!;
        if (nSync > 1 && ex === 0) break;
        const g = argOf(i);
        if (ex !== 0 && (inGC[g + 1] || bgMark[g + 1])) {
          psGc[packedAt(e.p, i)]! += ex;
          changed = true;
        }
        states[g + 1] = tr & 15;
        break;
      }
      case K.Label: {
        const label = strings[packedAt(e.aux, i)]!;
        if ((flags & UtilFlag.Background) !== 0 && label.startsWith('GC ') && label !== 'GC (idle)') {
          if (!(perProc && label === 'GC (dedicated)')) {
            bgMark[packedAt(e.g, i) + 1] = 1;
            psGc[packedAt(e.p, i)]!++;
            changed = true;
          }
        }
        break;
      }
    }
    // Go adds the utilization after every event; it only differs from the last one added
    // when something above changed, or when the last was folded into an earlier one at the
    // same time (addUtil keeps the lower), which the next event's time then records.
    if (!changed && !pending) continue;
    changed = false;
    pending = false;
    const time = eventTime(e.time, i);
    if (!perProc) {
      let gcPs = 0;
      if (stw > 0) gcPs = psGc.length;
      else for (let j = 0; j < psGc.length; j++) if (psGc[j]! > 0) gcPs++;
      const u = 1 - gcPs / psGc.length;
      const o = out[0]!;
      addUtil(o, time, u);
      pending = o.util[o.util.length - 1] !== u;
    } else {
      for (let j = 0; j < psGc.length; j++) {
        const o = out[psSeries[j]!]!, u = stw > 0 || psGc[j]! > 0 ? 0 : 1;
        addUtil(o, time, u);
        if (o.util[o.util.length - 1] !== u) pending = true;
      }
    }
  }
  if (n === 0) return [];
  const lastTime = eventTime(e.time, n - 1);
  for (let i = 0; i < psGc.length; i++) addUtil(out[psSeries[i]!]!, lastTime, 0);
  return out;
}

/**
 * The utilization functions restricted to a range [a, b] (ns on the model's axis): each one's
 * part inside it, from its value at `a`, ending at `b` (as a whole function ends, at 0). The MMU
 * of these is the minimum over the windows that lie inside the range. A function that does not
 * overlap the range for at least 1 ns is left out; a range covering a function keeps it as it is.
 */
export function utilizationInRange(util: readonly UtilSeries[], a: number, b: number): UtilSeries[] {
  const out: UtilSeries[] = [];
  for (const s of util) {
    const n = s.time.length;
    if (n === 0) continue;
    if (a <= s.time[0]! && b >= s.time[n - 1]!) {
      out.push(s);
      continue;
    }
    const lo = Math.max(a, s.time[0]!), hi = Math.min(b, s.time[n - 1]!);
    if (!(hi > lo)) continue;
    // The last point at or before lo: its value holds at lo.
    let l = 0, r = n;
    while (l < r) {
      const h = (l + r) >>> 1;
      if (s.time[h]! <= lo) l = h + 1;
      else r = h;
    }
    const time = [lo], u = [s.util[l - 1]!];
    for (let j = l; j < n && s.time[j]! < hi; j++) {
      time.push(s.time[j]!);
      u.push(s.util[j]!);
    }
    time.push(hi);
    u.push(0);
    out.push({ time, util: u });
  }
  return out;
}

/** A window and its mean mutator utilization (time: the window's start). */
export type UtilWindow = { time: number; util: number };

type Band = { minUtil: number; cumUtil: number; pos: number };

class Series {
  readonly sums: Float64Array;
  readonly bands: Band[];
  readonly bandDur: number;
  constructor(readonly time: number[], readonly util: number[]) {
    const n = time.length;
    this.sums = new Float64Array(n);
    let prevT = 0, prevU = 0, sum = 0;
    for (let j = 0; j < n; j++) {
      sum += prevU * (time[j]! - prevT);
      this.sums[j] = sum;
      prevT = time[j]!;
      prevU = util[j]!;
    }
    let numBands = 1000;
    if (numBands > n) numBands = n;
    const dur = time[n - 1]! - time[0]!;
    let bandDur = Math.trunc((dur + numBands - 1) / numBands);
    if (bandDur < 1) bandDur = 1;
    this.bandDur = bandDur;
    this.bands = [];
    const left = { pos: 0 };
    for (let i = 0; i <= numBands; i++) {
      const [startTime, endTime] = this.bandTime(i);
      const cumUtil = this.advance(left, startTime);
      const predIdx = left.pos;
      let minUtil = 1.0;
      for (let j = predIdx; j < n && time[j]! < endTime; j++) minUtil = Math.min(minUtil, util[j]!);
      this.bands.push({ minUtil, cumUtil, pos: left.pos });
    }
  }
  bandTime(i: number): [number, number] {
    const start = i * this.bandDur + this.time[0]!;
    return [start, start + this.bandDur];
  }
  /** The integral of the function from 0 to `t`, moving the integrator `it` (monotonic calls). */
  advance(it: { pos: number }, t: number): number {
    const time = this.time;
    let pos = it.pos;
    const n = time.length;
    if (pos + 8 < n && time[pos + 8]! > t) {
      while (pos + 1 < n && time[pos + 1]! <= t) pos++;
    } else {
      let l = pos, r = n;
      while (l < r) {
        const h = (l + r) >>> 1;
        if (time[h]! <= t) l = h + 1;
        else r = h;
      }
      pos = l - 1;
    }
    it.pos = pos;
    let partial = 0;
    if (t !== time[pos]) partial = this.util[pos]! * (t - time[pos]!);
    return this.sums[pos]! + partial;
  }
  next(it: { pos: number }, t: number): number {
    const time = this.time;
    for (let i = it.pos; i < time.length; i++) if (time[i]! > t) return time[i]!;
    return Number.MAX_SAFE_INTEGER;
  }
}

type Acc = { mmu: number; bound: number; nWorst: number; worst: UtilWindow[] };

/** The worst-N heap's order: the root is the highest utilization (latest time on ties). */
function heapLess(a: UtilWindow, b: UtilWindow): boolean {
  return a.util !== b.util ? a.util > b.util : a.time > b.time;
}
function heapUp(h: UtilWindow[], j: number): void {
  for (;;) {
    const i = (j - 1) >> 1;
    if (i === j || j <= 0 || !heapLess(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    j = i;
  }
}
function heapDown(h: UtilWindow[], i0: number, n: number): boolean {
  let i = i0;
  for (;;) {
    const j1 = 2 * i + 1;
    if (j1 >= n || j1 < 0) break;
    let j = j1;
    const j2 = j1 + 1;
    if (j2 < n && heapLess(h[j2]!, h[j1]!)) j = j2;
    if (!heapLess(h[j]!, h[i]!)) break;
    [h[i], h[j]] = [h[j]!, h[i]!];
    i = j;
  }
  return i > i0;
}
function heapPush(h: UtilWindow[], x: UtilWindow): void {
  h.push(x);
  heapUp(h, h.length - 1);
}
function heapPop(h: UtilWindow[]): UtilWindow {
  const n = h.length - 1;
  [h[0], h[n]] = [h[n]!, h[0]!];
  heapDown(h, 0, n);
  return h.pop()!;
}
function heapRemove(h: UtilWindow[], i: number): void {
  const n = h.length - 1;
  if (n !== i) {
    [h[i], h[n]] = [h[n]!, h[i]!];
    if (!heapDown(h, i, n)) heapUp(h, i);
  }
  h.pop();
}

function addMU(acc: Acc, time: number, mu: number, window: number): boolean {
  if (mu < acc.mmu) acc.mmu = mu;
  acc.bound = acc.mmu;
  if (acc.nWorst === 0) return mu === 0;
  const h = acc.worst;
  if (h.length < acc.nWorst || mu < h[0]!.util) {
    let keep = false;
    for (let i = 0; i < h.length; i++) {
      const ui = h[i]!;
      if (time + window > ui.time && ui.time + window > time) {
        if (ui.util <= mu) keep = true;
        else heapRemove(h, i);
        break;
      }
    }
    if (!keep) {
      heapPush(h, { time, util: mu });
      if (h.length > acc.nWorst) heapPop(h);
    }
  }
  if (h.length < acc.nWorst) acc.bound = 1.0;
  else acc.bound = Math.max(acc.bound, h[0]!.util);
  return h.length === acc.nWorst && h[0]!.util === 0;
}

/** Go's MMUCurve over one or more utilization functions. */
export class MMUCurve {
  private readonly series: Series[];
  constructor(utils: UtilSeries[]) {
    this.series = utils.filter((u) => u.time.length > 0).map((u) => new Series(u.time, u.util));
  }
  /** The longest window considered: the span of the functions. */
  get span(): number {
    if (this.series.length === 0) return 0;
    let lo = Infinity, hi = -Infinity;
    for (const s of this.series) {
      lo = Math.min(lo, s.time[0]!);
      hi = Math.max(hi, s.time[s.time.length - 1]!);
    }
    return hi - lo;
  }
  /** The minimum mutator utilization over every window of this width (ns). */
  mmu(window: number): number {
    const acc: Acc = { mmu: 1, bound: 1, nWorst: 0, worst: [] };
    this.run(window, acc);
    return acc.mmu;
  }
  /** The n worst disjoint windows of this width, lowest utilization first (Go's Examples). */
  examples(window: number, n: number): UtilWindow[] {
    const acc: Acc = { mmu: 1, bound: 1, nWorst: n, worst: [] };
    this.run(window, acc);
    const h = acc.worst;
    // sort.Reverse(heap order): by util ascending, then time ascending.
    return h.sort((a, b) => (a.util !== b.util ? a.util - b.util : a.time - b.time));
  }
  private run(window: number, acc: Acc): void {
    if (window <= 0) {
      acc.mmu = 0;
      return;
    }
    const bandU: { series: number; i: number; bound: number }[] = [];
    const windows: number[] = [];
    this.series.forEach((s, si) => {
      let w = window;
      const max = s.time[s.time.length - 1]! - s.time[0]!;
      if (w > max) w = max;
      windows.push(w);
      for (const b of mkBandUtil(s, si, w)) bandU.push(b);
    });
    // Go processes bands from the lowest bound with a heap; its pop order among equal bounds
    // decides which windows are found first, so the same heap is used here.
    const less = (a: (typeof bandU)[0], b: (typeof bandU)[0]) => a.bound < b.bound;
    const down = (i0: number, n: number) => {
      let i = i0;
      for (;;) {
        const j1 = 2 * i + 1;
        if (j1 >= n) break;
        let j = j1;
        if (j1 + 1 < n && less(bandU[j1 + 1]!, bandU[j1]!)) j = j1 + 1;
        if (!less(bandU[j]!, bandU[i]!)) break;
        [bandU[i], bandU[j]] = [bandU[j]!, bandU[i]!];
        i = j;
      }
    };
    for (let i = (bandU.length >> 1) - 1; i >= 0; i--) down(i, bandU.length);
    while (bandU.length > 0 && bandU[0]!.bound < acc.bound) {
      const si = bandU[0]!.series;
      bandMMU(this.series[si]!, bandU[0]!.i, windows[si]!, acc);
      const n = bandU.length - 1;
      [bandU[0], bandU[n]] = [bandU[n]!, bandU[0]!];
      down(0, n);
      bandU.pop();
    }
  }
}

function mkBandUtil(c: Series, series: number, window: number): { series: number; i: number; bound: number }[] {
  const bandDur = c.bandDur;
  const minBands = Math.trunc((window + bandDur - 1) / bandDur);
  const maxBands = Math.trunc((window + 2 * (bandDur - 1)) / bandDur);
  const tailDur = window % bandDur;
  let nUtil = c.bands.length - maxBands + 1;
  if (nUtil < 0) nUtil = 0;
  const out: { series: number; i: number; bound: number }[] = [];
  for (let i = 0; i < nUtil; i++) {
    let util = 0;
    const l = c.bands[i]!.minUtil;
    const r1 = c.bands[i + minBands - 1]!.minUtil;
    const r2 = c.bands[i + maxBands - 1]!.minUtil;
    const minBand = Math.min(l, Math.min(r1, r2));
    if (minBands === 1) {
      util += minBand * window;
    } else {
      util += minBand * bandDur;
      let midBand = 0;
      if (minBand === l) midBand = Math.min(r1, r2);
      else if (minBand === r1) midBand = Math.min(l, r2);
      else if (minBand === r2) midBand = Math.min(l, r1);
      util += midBand * tailDur;
    }
    if (minBands > 2) util += c.bands[i + minBands - 1]!.cumUtil - c.bands[i + 1]!.cumUtil;
    out.push({ series, i, bound: util / window });
  }
  return out;
}

function bandMMU(c: Series, bandIdx: number, window: number, acc: Acc): void {
  const left = { pos: c.bands[bandIdx]!.pos };
  const right = { pos: left.pos };
  let [time, endTime] = c.bandTime(bandIdx);
  const utilEnd = c.time[c.time.length - 1]! - window;
  if (utilEnd < endTime) endTime = utilEnd;
  for (;;) {
    const mu = (c.advance(right, time + window) - c.advance(left, time)) / window;
    if (addMU(acc, time, mu, window)) break;
    if (time === endTime) break;
    const minTime = time + Math.trunc((mu - acc.bound) * window);
    const t1 = c.next(left, time), t2 = c.next(right, time + window) - window;
    time = t1 < t2 ? t1 : t2;
    if (time < minTime) time = minTime;
    if (time >= endTime) time = endTime;
  }
}
