// The MMU page's curve and worst windows against go tool trace's (Go 1.27) references: the
// plot's curve gives the reference MMU at the reference windows, its last window is the span,
// and the worst windows listed are the reference's.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { fixturePath, readFixture } from '../../test-utils/fixtures';
import type { TraceModel } from '../../model/trace';
import { DEFAULT_UTIL_FLAGS, UtilFlag } from './mmu';
import { formatUtilFlags, MMU_MIN_WINDOW, mmuPlot, mmuWorstWindows, parseUtilFlags } from './mmu-plot';

type Ref = { mmu: { spanNs: number; windows: { windowNs: number; mmu: number; worst: { offsetNs: number; util: number }[] }[] } };

describe('MMU plot', () => {
  it('reads and writes go tool trace’s flag names', () => {
    expect(parseUtilFlags('')).toBe(DEFAULT_UTIL_FLAGS);
    expect(formatUtilFlags(DEFAULT_UTIL_FLAGS)).toBe('stw|background|assist');
    expect(parseUtilFlags('perProc|sweep')).toBe(UtilFlag.PerProc | UtilFlag.Sweep);
    expect(parseUtilFlags(formatUtilFlags(0))).toBe(0);
  });

  for (const rel of ['contention/go1.27/trace.out', 'leak/go1.27/trace.out', 'pool/go1.27/trace.out']) {
    it(`${rel}: the reference's MMU and worst windows`, async () => {
      const t = (await parseBytes(readFixture(rel))) as TraceModel;
      const ref = JSON.parse(readFileSync(fixturePath(`${rel}.analysis.json`), 'utf8')) as Ref;
      const plot = mmuPlot(t, DEFAULT_UTIL_FLAGS);
      expect(plot.spanNs).toBe(ref.mmu.spanNs);
      expect(plot.windows[0]).toBe(MMU_MIN_WINDOW);
      expect(plot.windows[plot.windows.length - 1]).toBe(ref.mmu.spanNs);
      expect(plot.windows.length).toBe(100);
      for (let i = 1; i < plot.windows.length; i++) expect(plot.windows[i]).toBeGreaterThan(plot.windows[i - 1]!);
      for (const u of plot.mmu) expect(u >= 0 && u <= 1).toBe(true);
      const atSpan = ref.mmu.windows.find((w) => w.windowNs === ref.mmu.spanNs);
      if (atSpan) expect(Math.abs(plot.mmu[plot.mmu.length - 1]! - atSpan.mmu)).toBeLessThanOrEqual(1e-9);
      for (const w of ref.mmu.windows) {
        expect(Math.abs(plot.curve.mmu(w.windowNs) - w.mmu)).toBeLessThanOrEqual(1e-9);
        const worst = mmuWorstWindows(plot, w.windowNs, w.worst.length);
        expect(worst.map((u) => u.time)).toEqual(w.worst.map((u) => u.offsetNs));
        worst.forEach((u, i) => expect(Math.abs(u.util - w.worst[i]!.util)).toBeLessThanOrEqual(1e-9));
      }
    });
  }
});
