import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { listFixtures, readFixture } from '../../test-utils/fixtures';
import type { MemStatsModel, RuntimeLogModel } from '../../model/runtime-log';
import { placeRun } from './placement';
import { memStatsOnAxis, memStatsSampleAt } from './memstats-on-axis';

/** Every memstats scenario directory (a gctrace log and MemStats JSON lines of one run). */
const dirs = listFixtures().filter((f) => /^memstats\/go1\.\d+\/memstats\.jsonl$/.test(f)).map((f) => f.slice(0, -'/memstats.jsonl'.length));

describe('MemStats on a run axis', () => {
  it('covers every memstats scenario', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(dirs)('%s: each sample sits at the end of its NumGC cycle, and each cycle ends where the gctrace log’s cycle of that number ends', async (dir) => {
    const log = (await parseBytes(readFixture(`${dir}/gctrace_schedtrace.log`))) as RuntimeLogModel;
    const ms = (await parseBytes(readFixture(`${dir}/memstats.jsonl`))) as MemStatsModel;
    const run = placeRun([{ id: 'log', name: 'log', parsed: log }, { id: 'ms', name: 'ms', parsed: ms }]);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    const p = run.files[1]!;
    expect(p.method).toBe('memstats-gc');
    const a = memStatsOnAxis(ms, p.clockOriginUnixNs!, p.offsetNs);
    expect(a.length).toBe(ms.length);

    // A sample's LastGC is the PauseEnd of cycle NumGC: the same axis instant, exactly.
    let withGc = 0;
    for (let s = 0; s < a.length; s++) {
      if (Number.isNaN(a.sampleNs[s]!)) {
        expect(a.numGc[s]).toBe(0);
        continue;
      }
      const i = [...a.gc.cycle].indexOf(a.numGc[s]!);
      if (i < 0) continue; // a cycle older than the rings keep
      withGc++;
      expect(a.sampleNs[s]).toBe(a.gc.endNs[i]);
      expect(memStatsSampleAt(a, a.sampleNs[s]!)).toBeGreaterThanOrEqual(s);
    }
    expect(withGc).toBeGreaterThan(a.length / 2);

    // Each cycle the rings list ends where the log's line of the same number ends, within the
    // log's printed resolution (ms for @T, the phases' rounding) and the placement's uncertainty.
    const gc = log.gc;
    const row = new Map<number, number>();
    for (let j = 0; j < gc.length; j++) row.set(gc.cycle[j]!, j);
    let compared = 0;
    for (let i = 0; i < a.gc.length; i++) {
      const j = row.get(a.gc.cycle[i]!);
      if (j === undefined) continue;
      const logEnd = gc.startNs[j]! + gc.sweepTermNs[j]! + gc.markNs[j]! + gc.markTermNs[j]!;
      expect(Math.abs(a.gc.endNs[i]! - logEnd)).toBeLessThanOrEqual(p.uncertaintyNs + 1.5e6);
      compared++;
    }
    expect(compared).toBe(p.gcMatch!.matched); // the placement matched every cycle any sample's ring lists
  });
});
