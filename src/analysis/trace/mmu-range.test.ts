// The MMU of a brushed range: the windows inside it. Go has no reference for a range, so:
// the range that covers the whole trace gives go tool trace's curve and worst windows
// (trace.out.analysis.json) exactly; a sub-range's MMU at a width that fits in it is never below
// the whole trace's (fewer windows), and equals a direct computation: the minimum over every
// window inside the range whose start or end is at a change of the utilization function (the
// mean over a sliding window is linear between those, so its minimum is at one of them).

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { fixturePath, readFixture } from '../../test-utils/fixtures';
import type { TraceModel } from '../../model/trace';
import { DEFAULT_UTIL_FLAGS, mutatorUtilization, UtilFlag, type UtilSeries } from './mmu';
import { mmuPlot, mmuPlotOf, mmuWorstWindows } from './mmu-plot';

type Ref = { mmu: { spanNs: number; windows: { windowNs: number; mmu: number; worst: { offsetNs: number; util: number }[] }[] } };

/** The integral of a utilization function from its start to x (a prefix sum and a search; not mmu.ts's code). */
function integralOf(s: UtilSeries): (x: number) => number {
  const sums = [0];
  for (let i = 1; i < s.time.length; i++) sums.push(sums[i - 1]! + s.util[i - 1]! * (s.time[i]! - s.time[i - 1]!));
  return (x) => {
    let l = 0, r = s.time.length;
    while (l < r) {
      const h = (l + r) >>> 1;
      if (s.time[h]! <= x) l = h + 1;
      else r = h;
    }
    const k = l - 1;
    return sums[k]! + s.util[k]! * (x - s.time[k]!);
  };
}

/** The minimum mean utilization over the windows of width w inside [lo, hi], directly. */
function bruteMMU(s: UtilSeries, lo: number, hi: number, w: number): number {
  const I = integralOf(s);
  const starts = [lo, hi - w];
  for (const x of s.time) {
    if (x >= lo && x <= hi - w) starts.push(x);
    if (x - w >= lo && x - w <= hi - w) starts.push(x - w);
  }
  let min = 1;
  for (const x of starts) min = Math.min(min, (I(x + w) - I(x)) / w);
  return min;
}

const TRACES = ['contention/go1.27/trace.out', 'leak/go1.27/trace.out', 'pool/go1.27/trace.out'];

describe('MMU of a range', () => {
  for (const rel of TRACES) {
    it(`${rel}: the range of the whole trace is go tool trace's curve; a sub-range's is of the windows inside it`, async () => {
      const t = (await parseBytes(readFixture(rel))) as TraceModel;
      const ref = JSON.parse(readFileSync(fixturePath(`${rel}.analysis.json`), 'utf8')) as Ref;
      const util = mutatorUtilization(t, DEFAULT_UTIL_FLAGS);
      expect(util.length).toBe(1);
      const whole = mmuPlotOf(util, DEFAULT_UTIL_FLAGS);

      // The whole trace as a range: the same curve, and the reference's values and worst windows.
      const all = mmuPlotOf(util, DEFAULT_UTIL_FLAGS, [0, t.durationNs]);
      expect(all.spanNs).toBe(ref.mmu.spanNs);
      expect(all.windows).toEqual(whole.windows);
      expect(all.mmu).toEqual(whole.mmu);
      for (const w of ref.mmu.windows) {
        expect(Math.abs(all.curve.mmu(w.windowNs) - w.mmu)).toBeLessThanOrEqual(1e-9);
        expect(mmuWorstWindows(all, w.windowNs, w.worst.length).map((u) => u.time)).toEqual(w.worst.map((u) => u.offsetNs));
      }

      const s = util[0]!;
      const first = s.time[0]!, end = s.time[s.time.length - 1]!;
      const d = end - first;
      let differs = 0;
      for (const [lo, hi] of [
        [first + d / 4, first + (3 * d) / 4],
        [first + 0.3 * d, first + 0.3 * d + Math.min(5e6, d / 10)],
      ].map(([a, b]) => [Math.round(a!), Math.round(b!)] as const)) {
        const plot = mmuPlotOf(util, DEFAULT_UTIL_FLAGS, [lo, hi]);
        expect(plot.range).toEqual([lo, hi]);
        expect(plot.spanNs).toBe(hi - lo);
        expect(plot.windows[plot.windows.length - 1]).toBe(hi - lo);
        expect(plot.windows.length).toBe(100);
        plot.windows.forEach((w, i) => {
          // Fewer windows than the whole trace's: never a lower minimum.
          expect(plot.mmu[i]!).toBeGreaterThanOrEqual(whole.curve.mmu(w) - 1e-12);
          expect(Math.abs(plot.mmu[i]! - bruteMMU(s, lo, hi, w))).toBeLessThanOrEqual(1e-9);
          if (plot.mmu[i]! > whole.curve.mmu(w) + 1e-9) differs++;
        });
        // The worst windows lie inside the range, each its mean utilization, none below the MMU.
        const I = integralOf(s);
        for (const w of [1e6, Math.round((hi - lo) / 3)]) {
          if (w > hi - lo) continue;
          const mmu = plot.curve.mmu(w);
          const worst = mmuWorstWindows(plot, w);
          expect(worst.length).toBeGreaterThan(0);
          expect(Math.abs(worst[0]!.util - mmu)).toBeLessThanOrEqual(1e-9);
          for (const u of worst) {
            expect(u.time).toBeGreaterThanOrEqual(lo);
            expect(u.time + w).toBeLessThanOrEqual(hi);
            expect(Math.abs(u.util - (I(u.time + w) - I(u.time)) / w)).toBeLessThanOrEqual(1e-9);
            expect(u.util).toBeGreaterThanOrEqual(mmu - 1e-12);
          }
        }
      }
      // And it is not the whole trace's curve.
      expect(differs).toBeGreaterThan(0);
    });
  }

  it('per-P: the range of the whole trace is the whole curve; a sub-range never goes below it', async () => {
    const t = (await parseBytes(readFixture('leak/go1.27/trace.out'))) as TraceModel;
    const flags = DEFAULT_UTIL_FLAGS | UtilFlag.PerProc;
    const whole = mmuPlot(t, flags);
    expect(whole.curve.span).toBeGreaterThan(0);
    const all = mmuPlot(t, flags, [0, t.durationNs]);
    expect(all.mmu).toEqual(whole.mmu);
    const [lo, hi] = [Math.round(t.durationNs / 3), Math.round((2 * t.durationNs) / 3)];
    const part = mmuPlot(t, flags, [lo, hi]);
    expect(part.spanNs).toBe(hi - lo);
    part.windows.forEach((w, i) => expect(part.mmu[i]!).toBeGreaterThanOrEqual(whole.curve.mmu(w) - 1e-12));
  });

  it('a range outside the utilization functions has no curve', async () => {
    const t = (await parseBytes(readFixture('leak/go1.27/trace.out'))) as TraceModel;
    const plot = mmuPlot(t, DEFAULT_UTIL_FLAGS, [t.durationNs + 10, t.durationNs + 1e6]);
    expect(plot.spanNs).toBe(0);
    expect(plot.windows).toEqual([]);
  });
});
