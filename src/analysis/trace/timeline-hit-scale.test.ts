// The timeline's hit test for thin slices and the heap lane's scale, on real traces.

import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import type { SeriesTable, TraceModel } from '../../model/trace';
import {
  computeTraceTimeline,
  HEAP_HEADROOM,
  heapScaleMax,
  MIN_HIT_PX,
  seriesValueAt,
  sliceEnd,
  sliceStart,
  slicesAtPixel,
} from './timeline-tables';

async function trace(rel: string): Promise<TraceModel> {
  const t = await parseBytes(readFixture(rel));
  if (t.kind !== 'trace') throw new Error('not a trace');
  return t;
}

/** The highest value a step series takes over [t0, t1], by brute force over its points. */
function bruteMax(s: SeriesTable, t0: number, t1: number): number {
  let m = seriesValueAt(s, t0);
  if (Number.isNaN(m)) m = 0;
  for (let i = 0; i < s.length; i++) if (s.time[i]! > t0 && s.time[i]! <= t1) m = Math.max(m, s.value[i]!);
  return m;
}

describe('heap lane scale', () => {
  it('is the whole trace’s maximum with headroom unzoomed, and the window’s when zoomed', async () => {
    for (const rel of ['leak/go1.27/trace.out', 'pool/go1.21/trace.out']) {
      const t = await trace(rel);
      const tl = computeTraceTimeline(t);
      expect(heapScaleMax(t.heapAlloc, t.heapGoal, 0, t.durationNs)).toBe(tl.heapMax * (1 + HEAP_HEADROOM));
      for (const [a, b] of [[0.1, 0.12], [0.45, 0.5], [0.5, 0.502], [0.9, 1]]) {
        const t0 = t.durationNs * a!, t1 = t.durationNs * b!;
        const m = Math.max(bruteMax(t.heapAlloc, t0, t1), bruteMax(t.heapGoal, t0, t1));
        expect(heapScaleMax(t.heapAlloc, t.heapGoal, t0, t1), `${rel} ${a}–${b}`).toBe(m * (1 + HEAP_HEADROOM));
      }
    }
  });

  it('zoomed into the leak trace’s early GC cycles, the scale is a fraction of the whole trace’s', async () => {
    const t = await trace('leak/go1.27/trace.out');
    const whole = heapScaleMax(t.heapAlloc, t.heapGoal, 0, t.durationNs);
    const zoomed = heapScaleMax(t.heapAlloc, t.heapGoal, 0.2e9, 0.3e9);
    expect(zoomed).toBeLessThan(whole / 3);
    // Every value drawn in the window is under the scale's top.
    expect(bruteMax(t.heapAlloc, 0.2e9, 0.3e9)).toBeLessThan(zoomed);
  });
});

describe('hit test of thin slices', () => {
  const WIDTH = 1000;
  it('finds every STW pause when the pointer scans the lane in 3 px steps, whole trace and zoomed', async () => {
    for (const rel of ['leak/go1.27/trace.out', 'pool/go1.27/trace.out']) {
      const t = await trace(rel);
      const row = computeTraceTimeline(t).stwRow;
      expect(row.length).toBeGreaterThan(10);
      for (const [t0, t1] of [[0, t.durationNs], [t.durationNs * 0.2, t.durationNs * 0.4]] as const) {
        const nsPerPx = (t1 - t0) / WIDTH;
        const found = new Set<number>();
        for (let x = 0; x <= WIDTH; x += 3) for (const i of slicesAtPixel(row, t0, nsPerPx, x, MIN_HIT_PX, 64)) found.add(i);
        for (let i = 0; i < row.length; i++) {
          const x0 = (sliceStart(row, i) - t0) / nsPerPx, x1 = (sliceEnd(row, i) - t0) / nsPerPx;
          if (x1 < 0 || x0 > WIDTH) continue; // not drawn in this window
          expect(found.has(i), `${rel} pause ${i} at ${x0.toFixed(1)} px`).toBe(true);
          // Over the pixels where it is drawn, and out to a 5 px span about a thin one, it is found.
          const d0 = x1 - x0 < 1 ? Math.floor(x0) : x0, d1 = Math.max(x1, d0 + 1);
          const pad = Math.max(0, (MIN_HIT_PX - (d1 - d0)) / 2) * 0.999;
          for (const x of [d0 - pad, d0, (d0 + d1) / 2, d1, d1 + pad]) {
            if (x >= 0 && x <= WIDTH) expect(slicesAtPixel(row, t0, nsPerPx, x, MIN_HIT_PX, 64), `pause ${i} at x ${x}`).toContain(i);
          }
        }
      }
    }
  });

  it('finds nothing farther than the hit span, and the nearest first', async () => {
    const t = await trace('leak/go1.27/trace.out');
    const row = computeTraceTimeline(t).stwRow;
    const nsPerPx = t.durationNs / WIDTH;
    // Drawn extents as drawSliceRow fills them, and the hit span around each.
    const drawn: [number, number][] = [];
    for (let i = 0; i < row.length; i++) {
      const xs = sliceStart(row, i) / nsPerPx, xe = sliceEnd(row, i) / nsPerPx;
      const x0 = xe - xs < 1 ? Math.floor(xs) : xs;
      drawn.push([x0, Math.max(xe, x0 + 1)]);
    }
    const pad = (i: number) => Math.max(0, (MIN_HIT_PX - (drawn[i]![1] - drawn[i]![0])) / 2);
    const dist = (i: number, x: number) => Math.max(0, drawn[i]![0] - x, x - drawn[i]![1]);
    for (let x = 0; x <= WIDTH; x += 0.7) {
      const hits = slicesAtPixel(row, 0, nsPerPx, x, MIN_HIT_PX, 64);
      const expected = drawn.flatMap((_, i) => (dist(i, x) <= pad(i) ? [i] : []));
      expect([...hits].sort((a, b) => a - b)).toEqual(expected);
      for (let k = 1; k < hits.length; k++) expect(dist(hits[k - 1]!, x)).toBeLessThanOrEqual(dist(hits[k]!, x));
    }
    // A 1 px pause is found over 5 px.
    expect(MIN_HIT_PX).toBe(5);
  });
});
