import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { listFixtures, readFixture } from '../../test-utils/fixtures';
import type { MemStatsModel, RuntimeLogModel } from '../../model/runtime-log';
import { recentPauses } from '../runtime/memstats-derived';
import { memStatsGcTimeline } from '../runtime/memstats-view';
import type { TraceModel } from '../../model/trace';
import { placeRun, type RunFile } from './placement';
import { gctraceAnchors, traceCycleStw } from './gc-anchors';
import { gctraceDurationResolution } from './cycle-match';

async function runFile(rel: string): Promise<RunFile> {
  return { id: rel, name: rel.split('/').pop()!, parsed: await parseBytes(readFixture(rel)) };
}

/** Scenario directories with a trace GoLens reads and a gctrace log of the same run. */
const withTraceAndLog = [...new Set(listFixtures().filter((f) => /^(leak|pool)\/go1\.\d+\/gctrace\.log$/.test(f)).map((f) => f.slice(0, -'/gctrace.log'.length)))]
  .filter((dir) => Number(dir.split('go1.')[1]) >= 22);

describe('run placement', () => {
  it('covers every public scenario with a trace and a gctrace log', () => {
    expect(withTraceAndLog).toEqual([
      'leak/go1.22', 'leak/go1.23', 'leak/go1.24', 'leak/go1.25', 'leak/go1.26', 'leak/go1.27',
      'pool/go1.22', 'pool/go1.23', 'pool/go1.25', 'pool/go1.27',
    ]);
  });

  it.each(withTraceAndLog)('%s: every GC cycle of the trace is matched to a line of the log, at one offset the pauses agree with', async (dir) => {
    const trace = await runFile(`${dir}/trace.out`);
    const log = await runFile(`${dir}/gctrace.log`);
    const run = placeRun([trace, log]);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.axis.id).toBe(trace.id);
    const [axis, placed] = run.files;
    expect(axis!.method).toBe('axis');
    expect(placed!.method).toBe('gc-cycles');
    expect(placed!.confidence).toBe('high');
    const t = trace.parsed as TraceModel;
    const gc = (log.parsed as RuntimeLogModel).gc;
    const m = placed!.gcMatch!;
    expect(m.axisCycles).toBe(t.gcCycles.length);
    expect(m.matched).toBe(t.gcCycles.length);
    expect(m.pauseDisagreements).toBe(0);
    // Consecutive trace cycles are consecutive log lines.
    for (let i = 1; i < m.fileCycleOf.length; i++) expect(m.fileCycleOf[i]).toBe(m.fileCycleOf[i - 1]! + 1);
    // The trace starts after the program: the log's first cycles before it are not matched.
    expect(placed!.offsetNs).toBeLessThan(0);
    // At the offset, each sweep-termination stop of the trace begins within the millisecond
    // gctrace printed (`@T` truncated) and lasts what gctrace printed, to its resolution.
    const { sweep } = traceCycleStw(t);
    const slack = placed!.uncertaintyNs + 50_000;
    for (let i = 0; i < t.gcCycles.length; i++) {
      const j = m.fileCycleOf[i]!;
      if (sweep[i]! < 0) continue; // began before the trace
      const begin = t.stw.start[sweep[i]!]! - placed!.offsetNs;
      expect(begin).toBeGreaterThanOrEqual(gc.startNs[j]! - slack);
      expect(begin).toBeLessThanOrEqual(gc.startNs[j]! + 1e6 + slack);
      const len = t.stw.end[sweep[i]!]! - t.stw.start[sweep[i]!]!;
      const st = gc.sweepTermNs[j]!;
      const tol = Math.max(30_000, 0.25 * st);
      expect(len).toBeGreaterThanOrEqual(st - tol);
      expect(len).toBeLessThanOrEqual(st + gctraceDurationResolution(st) + tol);
    }
  });

  it('places the profiles of a Go 1.25+ run by their time_nanos against the trace clock, CPU profiles as a span', async () => {
    for (const v of ['go1.25', 'go1.27']) {
      const files = await Promise.all(['trace.out', 'gctrace.log', 'cpu.pb.gz', 'allocs.pb.gz'].map((f) => runFile(`pool/${v}/${f}`)));
      const run = placeRun(files);
      expect(run.ok).toBe(true);
      if (!run.ok) continue;
      const t = files[0]!.parsed as TraceModel;
      const [, , cpu, allocs] = run.files;
      expect(cpu!.method).toBe('wall-clock');
      expect(cpu!.spanNs).toBeGreaterThan(0);
      // The CPU profile was on while tracing: its span overlaps the trace.
      expect(cpu!.atNs!).toBeLessThan(t.durationNs);
      expect(cpu!.atNs! + cpu!.spanNs!).toBeGreaterThan(0);
      expect(allocs!.method).toBe('wall-clock');
      expect(allocs!.spanNs).toBeUndefined();
      expect(Number.isFinite(allocs!.atNs!)).toBe(true);
    }
  });

  it('says a profile of an older trace cannot be placed, and places it at a manual offset', async () => {
    const files = await Promise.all(['trace.out', 'allocs.pb.gz'].map((f) => runFile(`pool/go1.22/${f}`)));
    const run = placeRun(files);
    expect(run.ok && run.files[1]).toMatchObject({ method: 'unplaced', note: { code: 'run.no-wall-clock', args: {} } });
    const manual = placeRun(files, { [files[1]!.id]: 5e8 });
    expect(manual.ok && manual.files[1]).toMatchObject({ method: 'manual', atNs: 5e8 });
  });

  it('refuses two traces', async () => {
    const run = placeRun([await runFile('pool/go1.27/trace.out'), await runFile('leak/go1.27/trace.out')]);
    expect(run).toEqual({ ok: false, reason: { code: 'run.two-traces', args: { first: 'trace.out', second: 'trace.out' } } });
  });

  it('shows a log of another run on its own clock and says it matches nothing', async () => {
    const run = placeRun([await runFile('pool/go1.27/trace.out'), await runFile('leak/go1.27/gctrace.log')]);
    expect(run.ok).toBe(true);
    if (!run.ok) return;
    expect(run.files[1]).toMatchObject({ method: 'own-clock', confidence: 'none', note: { code: 'run.log-matches-nothing' } });
  });

  it('without a trace, the log is the axis and MemStats are placed by every sample’s pause rings (NumGC), giving a wall clock', async () => {
    const versions = listFixtures().filter((f) => /^memstats\/go1\.\d+\/memstats\.jsonl$/.test(f)).map((f) => f.split('/')[1]!);
    expect(versions.length).toBe(6);
    for (const v of versions) {
      const log = await runFile(`memstats/${v}/gctrace_schedtrace.log`);
      const ms = await runFile(`memstats/${v}/memstats.jsonl`);
      const run = placeRun([log, ms]);
      expect(run.ok).toBe(true);
      if (!run.ok) continue;
      expect(run.axis).toMatchObject({ id: log.id, kind: 'runtime-log' });
      const p = run.files[1]!;
      expect(p.method).toBe('memstats-gc');
      expect(p.confidence).toBe('high');
      const gc = (log.parsed as RuntimeLogModel).gc;
      const m = ms.parsed as MemStatsModel;

      // The cycles the file saw: every entry of every sample's rings, each sample's LastGC among them.
      const seen = new Map<number, { end: bigint; pause: number }>();
      for (let s = 0; s < m.length; s++) {
        const ring = recentPauses(m, s);
        for (let j = 0; j < ring.length; j++) if (ring.endUnixNs[j] !== 0n) seen.set(ring.cycle[j]!, { end: ring.endUnixNs[j]!, pause: ring.pauseNs[j]! });
        if (m.fields.NumGC[s]! > 0) expect(seen.get(m.fields.NumGC[s]!)?.end).toBe(m.lastGcUnixNs[s]);
      }
      // The runs saw more than a ring holds (256): the last sample alone lists only its last 256.
      const last = recentPauses(m, m.length - 1);
      expect(seen.size).toBeGreaterThan(last.length);
      expect(p.gcMatch!.fileCycles).toBe(seen.size);

      // Every cycle of the log that any sample saw is matched, to the cycle of its number.
      const expected = [...gc.cycle].filter((c) => seen.has(c)).length;
      expect(expected).toBe(seen.size);
      expect(p.gcMatch!.matched).toBe(expected);
      expect(p.gcMatch!.pauseDisagreements).toBe(0);
      expect(run.wallClock?.method).toBe('memstats');
      const tl = memStatsGcTimeline(m);
      const a = gctraceAnchors(gc);
      const slack = 2 * p.uncertaintyNs + 50_000;
      for (let i = 0; i < gc.length; i++) {
        const j = p.gcMatch!.fileCycleOf[i]!;
        const c = seen.get(gc.cycle[i]!);
        if (!c) {
          expect(j).toBe(-1);
          continue;
        }
        expect(tl.cycle[0]! + j).toBe(gc.cycle[i]);
        // At the wall clock found, the cycle's PauseEnd falls where gctrace says the cycle ended.
        const at = run.wallClock!.toAxisNs(c.end);
        expect(at).toBeGreaterThanOrEqual(a.endLo[i]! - slack);
        expect(at).toBeLessThanOrEqual(a.endHi[i]! + slack);
      }
    }
  });
});
