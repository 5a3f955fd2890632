import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { gcCycleAt, gcMbText, gcMsText, runtimeLogExtent, schedRowAt } from './gctrace-view';

const logs = listFixtures().filter((f) => /gctrace.*\.log$/.test(f));

const GC_LINE = /^gc (\d+) @([\d.]+)s \d+%.*?: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock.*?, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal/;

describe('gctrace view lookups', () => {
  it('has gctrace fixtures', () => expect(logs.length).toBeGreaterThanOrEqual(10));

  it.each(logs)('%s: every line is found at its own start and its texts read back as printed', async (rel) => {
    const text = readFileSync(fixturePath(rel), 'utf8');
    const log = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (log.kind !== 'runtime-log') throw new Error(log.kind);
    const lines = text.split('\n').filter((l) => GC_LINE.test(l));
    expect(log.gc.length).toBe(lines.length);
    const [, end] = runtimeLogExtent(log);
    lines.forEach((line, i) => {
      const m = GC_LINE.exec(line)!;
      expect(log.gc.cycle[i]).toBe(Number(m[1]));
      const at = gcCycleAt(log.gc, log.gc.startNs[i]!);
      // Cycles printed at the same ms share a start: the lookup gives the last of them.
      expect(log.gc.startNs[at]).toBe(log.gc.startNs[i]);
      expect(at).toBeGreaterThanOrEqual(i);
      expect(gcMsText(log.gc.sweepTermNs[i]!)).toBe(String(Number(m[3])));
      expect(gcMsText(log.gc.markNs[i]!)).toBe(String(Number(m[4])));
      expect(gcMsText(log.gc.markTermNs[i]!)).toBe(String(Number(m[5])));
      expect(gcMbText(log.gc.heapStartBytes[i]!)).toBe(m[6]);
      expect(gcMbText(log.gc.heapMarkTermBytes[i]!)).toBe(m[7]);
      expect(gcMbText(log.gc.heapLiveBytes[i]!)).toBe(m[8]);
      expect(gcMbText(log.gc.heapGoalBytes[i]!)).toBe(m[9]);
      expect(end).toBeGreaterThan(log.gc.startNs[i]!);
    });
    if (log.gc.length) expect(gcCycleAt(log.gc, log.gc.startNs[0]! - 1)).toBe(-1);
    for (let i = 0; i < log.sched.length; i++) expect(log.sched.timeNs[schedRowAt(log.sched, log.sched.timeNs[i]!)]).toBe(log.sched.timeNs[i]);
  });
});

describe('pauses of a range', () => {
  it('the whole extent gives the log-wide figures; a range gives its cycles only', async () => {
    const { gcCyclesInRange, gcPausesOfRows } = await import('./gctrace-view');
    const { computeGcPauseStats, pauseStats } = await import('./gctrace-pauses');
    const rel = 'memstats/go1.27/gctrace_schedtrace.log';
    const text = readFileSync(fixturePath(rel), 'utf8');
    const log = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (log.kind !== 'runtime-log') throw new Error(log.kind);
    const [a, b] = gcCyclesInRange(log.gc, 0, runtimeLogExtent(log)[1]);
    expect([a, b]).toEqual([0, log.gc.length]);
    const all = gcPausesOfRows(log.gc, a, b);
    expect(pauseStats(all.phases)).toEqual(computeGcPauseStats(log.gc).pauses);
    // Cycles printed with @0.5xx s: their lines, counted in the text.
    const inHalf = text.split('\n').filter((l) => /^gc \d+ @0\.5\d\ds /.test(l)).length;
    const [c, d] = gcCyclesInRange(log.gc, 0.5e9, 0.599e9);
    expect(d - c).toBe(inHalf);
    expect(gcPausesOfRows(log.gc, c, d).phases.length).toBe(2 * inHalf);
  });
});
