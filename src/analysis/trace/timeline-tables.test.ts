// The timeline's derived tables and per-pixel queries against brute force on real traces.

import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import { gStateEndEvents } from '../../test-utils/trace-intervals';
import { eventTime, type TraceModel } from '../../model/trace';
import type { ProfileModel } from '../../model/profile';
import {
  computeTraceTimeline,
  forEachSliceInView,
  sliceEnd,
  sliceStart,
  seriesMinMaxPerPixel,
  seriesValueAt,
  stateCountAt,
  stateMeanCount,
  stateMeanPerPixel,
  type SliceRow,
} from './timeline-tables';
import { computeRangeSummary, cpuProfileOfRange, profileTraceTime, traceClockAlignment } from './timeline-range';
import { summarizeTrace } from '../digest/trace-summary';

async function trace(rel: string): Promise<TraceModel> {
  const t = await parseBytes(readFixture(rel));
  if (t.kind !== 'trace') throw new Error('not a trace');
  return t;
}

/** Pixel columns any slice of the row covers, by brute force. */
function coveredColumns(row: SliceRow, t0: number, nsPerPx: number, width: number): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < row.length; i++) {
    const a = Math.max(0, Math.floor((sliceStart(row, i) - t0) / nsPerPx));
    const b = Math.min(width - 1, Math.floor((sliceEnd(row, i) - t0) / nsPerPx));
    for (let c = a; c <= b; c++) out.add(c);
  }
  return out;
}

describe('timeline tables on real traces', () => {
  it('draws every P run at any zoom, with calls bounded by pixels + wide slices', async () => {
    const t = await trace('leak/go1.27/trace.out');
    const tl = computeTraceTimeline(t);
    expect(tl.pRows.length).toBe(4);
    const width = 800;
    for (const [t0, span] of [[0, t.durationNs], [t.durationNs * 0.3, t.durationNs / 50], [t.durationNs * 0.5, 2e5]] as const) {
      const nsPerPx = span / width;
      for (const { row } of tl.pRows) {
        // Non-overlapping, in start order.
        let overlaps = 0;
        for (let i = 1; i < row.length; i++) if (sliceStart(row, i) < sliceEnd(row, i - 1)) overlaps++;
        expect(overlaps).toBe(0);
        const drawn = new Set<number>();
        let wide = 0;
        const calls = forEachSliceInView(row, t0, nsPerPx, width, (_item, x0, x1, count) => {
          if (count === 1 && x1 - x0 >= 1) wide++;
          for (let c = Math.max(0, Math.floor(x0)); c <= Math.min(width - 1, Math.floor(x1 - 1e-9)); c++) drawn.add(c);
        });
        expect(calls).toBeLessThanOrEqual(width + wide + 1);
        const covered = coveredColumns(row, t0, nsPerPx, width);
        // A slice ending exactly on a column boundary may or may not light the next column.
        const missed = [...covered].filter((c) => !drawn.has(c) && !drawn.has(c - 1) && !drawn.has(c + 1));
        expect(missed).toEqual([]);
      }
    }
  });

  it('counts goroutines by state exactly at any time, and the pixel mean lies within the extremes', async () => {
    const t = await trace('pool/go1.27/trace.out');
    const tl = computeTraceTimeline(t);
    const gs = t.gStates;
    const endEvent = gStateEndEvents(t);
    for (let k = 1; k < 40; k++) {
      const at = Math.round((t.durationNs * k) / 40) + 0.5;
      const brute = [0, 0, 0, 0];
      for (let i = 0; i < gs.length; i++) {
        const s = eventTime(t.events.time, gs.startEvent[i]!);
        const e = eventTime(t.events.time, endEvent[i]!);
        if (s <= at && at < e) brute[gs.state[i]!]!++;
      }
      expect(tl.stateCounts.byState.map((c) => stateCountAt(c, at))).toEqual(brute);
    }
    // Mean counts over ranges = the intervals' overlap with the range, summed by brute force.
    for (const [a, b] of [[0, t.durationNs], [t.durationNs * 0.25, t.durationNs * 0.26], [1e6, 1e6 + 777], [t.durationNs - 5e5, t.durationNs + 5e5]]) {
      const brute = [0, 0, 0, 0];
      for (let i = 0; i < gs.length; i++) {
        const s = eventTime(t.events.time, gs.startEvent[i]!);
        const e = eventTime(t.events.time, endEvent[i]!);
        brute[gs.state[i]!]! += Math.max(0, Math.min(b!, e) - Math.max(a!, s));
      }
      tl.stateCounts.byState.forEach((c, s) => expect(stateMeanCount(c, a!, b!)).toBeCloseTo(brute[s]! / (b! - a!), 6));
    }
    // Per-pixel means (boundaries shared, galloping searches) = one mean per column.
    for (const [t0, span] of [[0, t.durationNs], [t.durationNs * 0.4, 3e6]] as const) {
      const w = 500, out = new Float64Array(w);
      for (const c of tl.stateCounts.byState) {
        stateMeanPerPixel(c, t0, span / w, w, out);
        let worst = 0;
        for (let col = 0; col < w; col++) {
          const a = t0 + (col * span) / w;
          worst = Math.max(worst, Math.abs(out[col]! - stateMeanCount(c, a, a + span / w)));
        }
        expect(worst).toBeLessThan(1e-3);
      }
    }
    const total = t.goroutines.length;
    const mean = stateMeanCount(tl.stateCounts.byState[2]!, 0, t.durationNs);
    expect(mean).toBeGreaterThan(0);
    expect(mean).toBeLessThanOrEqual(total);
  });

  it('heap min/max per pixel hold the values of the points inside each column', async () => {
    const t = await trace('pool/go1.27/trace.out');
    const width = 300;
    const nsPerPx = t.durationNs / width;
    const min = new Float64Array(width), max = new Float64Array(width);
    seriesMinMaxPerPixel(t.heapAlloc, 0, nsPerPx, width, min, max);
    let bad = 0;
    for (let i = 0; i < t.heapAlloc.length; i++) {
      const c = Math.floor(t.heapAlloc.time[i]! / nsPerPx);
      if (c >= width) continue;
      if (!(min[c]! <= t.heapAlloc.value[i]! && max[c]! >= t.heapAlloc.value[i]!)) bad++;
    }
    expect(bad).toBe(0);
    expect(seriesValueAt(t.heapAlloc, t.heapAlloc.time[5]!)).toBe(t.heapAlloc.value[5]);
    expect(seriesValueAt(t.heapAlloc, -1)).toBeNaN();
  });

  it('the CPU profile of a range has exactly the samples summary --from/--to counts', async () => {
    for (const rel of ['pool/go1.27/trace.out', 'pool/go1.25/trace.out', 'pool/go1.22/trace.out']) {
      const t = await trace(rel);
      expect(cpuProfileOfRange(t, null).samples.length).toBe(summarizeTrace(t).cpuSamples);
      for (let k = 0; k < 10; k++) {
        const from = Math.round((t.durationNs * k) / 13);
        const to = Math.round(from + t.durationNs / 4);
        const p = cpuProfileOfRange(t, [from, to]);
        const r = computeRangeSummary(t, from, to);
        expect(p.samples.length).toBe(r.cpuSamples);
        expect(r.cpuSamples).toBe(summarizeTrace(t, { fromNs: from, toNs: to }).cpuSamples);
      }
      // A boundary exactly on a sample's time includes it at both ends.
      const at = t.cpuSamples.time[3]!;
      expect(cpuProfileOfRange(t, [at, at]).samples.length).toBe(1);
    }
  });

  it('places heap profiles of the same run on 1.25+ traces, in capture order, and refuses older ones', async () => {
    for (const v of ['go1.25', 'go1.27']) {
      const t = await trace(`leak/${v}/trace.out`);
      const align = traceClockAlignment(t);
      expect(align.ok).toBe(true);
      const times = [];
      for (const h of ['heap_before', 'heap_mid', 'heap_after']) {
        const p = (await parseBytes(readFixture(`leak/${v}/${h}.pb.gz`))) as ProfileModel;
        times.push(profileTraceTime(align, p));
      }
      expect(times[0]!).toBeGreaterThan(0);
      expect(times[1]!).toBeGreaterThan(times[0]!);
      expect(times[2]!).toBeGreaterThan(times[1]!);
      expect(times[2]!).toBeLessThan(t.durationNs);
    }
    const old = traceClockAlignment(await trace('leak/go1.22/trace.out'));
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.reason).toEqual({ code: 'trace.no-wall-clock', args: { version: '1.22' } });
  });
});
