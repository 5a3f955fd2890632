import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRuntimeLogText } from '../../parse/text/runtime-log';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { gcPausesNs, gcPhaseIntervals, percentileSorted } from './gctrace-pauses';
import { goVersionRange, summarizeRuntimeLog } from '../digest/gctrace-summary';

const read = (rel: string) => readFileSync(fixturePath(rel), 'utf8');

describe('pause statistics', () => {
  it('leak go1.19, computed by hand from the 9 lines', () => {
    // STW phases (T1, T3) in ms: .077 .004 | .023 .003 | .055 .004 | .043 .047 | 1.2 .004 |
    // .028 .004 | .042 .004 | .074 .006 | .039 .008 → 18 pauses, sum 1.665 ms.
    const d = summarizeRuntimeLog(parseRuntimeLogText(read('leak/go1.19/gctrace.log')));
    expect(d).toMatchObject({
      format: 'gctrace',
      gcCount: 9,
      forcedCount: 3,
      stwTotalNs: 1_665_000,
      stwMaxNs: 1_200_000,
      // nearest rank of 18 sorted values: p50 = 9th (0.023), p90 = 17th (0.077), p99 = 18th (1.2)
      pauses: { count: 18, totalNs: 1_665_000, maxNs: 1_200_000, p50Ns: 23_000, p90Ns: 77_000, p99Ns: 1_200_000 },
      // per cycle: gc 5 has 1.2 + 0.004 ms
      cyclePauses: { count: 9, maxNs: 1_204_000 },
      // 44->44->40 MB, 65 MB goal on the last line; 44 MiB is the largest heap printed
      peakHeapBytes: 44 * 1048576,
      lastLiveBytes: 40 * 1048576,
      lastGoalBytes: 65 * 1048576,
      durationNs: 3_140_000_000,
      skippedLines: 0,
      sched: null,
    });
  });

  for (const rel of listFixtures().filter((f) => /\/gctrace[^/]*\.log$/.test(f))) {
    it(`${rel}: totals and maxima from the raw text`, () => {
      const lines = read(rel)
        .split('\n')
        .filter((l) => l.startsWith('gc '));
      const stw = lines.flatMap((l) => {
        const [t1, , t3] = l.split(' ')[4]!.split('+');
        return [Math.round(parseFloat(t1!) * 1e6), Math.round(parseFloat(t3!) * 1e6)];
      });
      const m = parseRuntimeLogText(read(rel));
      expect([...gcPausesNs(m.gc)]).toEqual(stw);
      const d = summarizeRuntimeLog(m);
      expect(d.stwTotalNs).toBe(stw.reduce((a, b) => a + b, 0));
      expect(d.stwMaxNs).toBe(Math.max(...stw));
      expect(d.pauses.count).toBe(2 * lines.length);
      const sorted = [...stw].sort((a, b) => a - b);
      expect(d.pauses.p90Ns).toBe(sorted[Math.ceil(0.9 * sorted.length) - 1]);
      // Phases follow each other inside a cycle.
      const ph = gcPhaseIntervals(m.gc);
      for (let i = 0; i < ph.length; i++) {
        expect(ph.markStart[i]).toBeGreaterThanOrEqual(ph.sweepTermStart[i]!);
        expect(ph.end[i]).toBeGreaterThanOrEqual(ph.markTermStart[i]!);
      }
    });
  }

  it('GC CPU per cycle: leak go1.19 gc 1 by hand', () => {
    // gc 1 @0.000s: 0.15+0/0.10/0.19+0.008 ms cpu, 4 P: the columns the GC cycle table reads.
    const gc = parseRuntimeLogText(read('leak/go1.19/gctrace.log')).gc;
    expect([gc.sweepTermCpuNs[0], gc.assistCpuNs[0], gc.backgroundCpuNs[0], gc.idleCpuNs[0], gc.markTermCpuNs[0]]).toEqual([
      150_000, 0, 100_000, 190_000, 8_000,
    ]);
    expect(gc.procs[0]).toBe(4);
  });

  it('percentiles by nearest rank', () => {
    const v = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([percentileSorted(v, 50), percentileSorted(v, 90), percentileSorted(v, 99), percentileSorted(v, 100)]).toEqual([5, 9, 10, 10]);
    expect(percentileSorted(new Float64Array(0), 50)).toBe(0);
  });

  it('narrows the Go version from the line shapes', () => {
    const d = summarizeRuntimeLog(parseRuntimeLogText(read('memstats/go1.22/gctrace_schedtrace.log')));
    expect(d.goVersionRange).toBe('1.21–1.24');
    expect(d.sched).toMatchObject({ samples: 15, gomaxprocs: 4 });
    expect(goVersionRange([])).toBe('');
    expect(
      goVersionRange([
        { evidence: 'a', minMinor: 25, maxMinor: 0 },
        { evidence: 'b', minMinor: 0, maxMinor: 20 },
      ]),
    ).toBe('');
  });
});
