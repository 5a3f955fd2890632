import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import type { RuntimeLogModel } from '../../model/runtime-log';
import type { TraceModel } from '../../model/trace';
import { summarizeTrace } from '../digest/trace-summary';
import { placeRun } from './placement';
import { gctraceRangeCycles, gctraceRates, runRangeLogCycles, traceRangeRates, traceRates } from './rates';

describe('run rates', () => {
  it.each(['pool/go1.27', 'pool/go1.25', 'leak/go1.27'])('%s: the trace and the log of one run give the same allocation and GC rates', async (dir) => {
    const t = (await parseBytes(readFixture(`${dir}/trace.out`))) as TraceModel;
    const log = (await parseBytes(readFixture(`${dir}/gctrace.log`))) as RuntimeLogModel;
    const run = placeRun([{ id: 't', name: 't', parsed: t }, { id: 'l', name: 'l', parsed: log }]);
    if (!run.ok) throw new Error('not placed');
    const offset = run.files[1]!.offsetNs;
    const whole = traceRangeRates(t, 0, t.durationNs);
    expect(whole.gcCount).toBe(summarizeTrace(t).gcCount - (Number.isNaN(t.gcCycles.start[0]!) ? 1 : 0));
    expect(whole.allocBytes).toBeGreaterThan(0);
    // The log's cycles begun inside the trace are the trace's.
    expect(gctraceRangeCycles(log.gc, offset, 0, t.durationNs).rows.length).toBe(whole.gcCount);
    // Between the same two cycles, both sources see the same allocation (the log in whole MiB,
    // truncated; the trace's metric misses what was allocated and freed between two samples).
    const tr = traceRates(t);
    const lr = gctraceRates(log.gc, offset);
    const first = run.files[1]!.gcMatch!.fileCycleOf[Number.isNaN(t.gcCycles.start[0]!) ? 1 : 0]!;
    for (let k = 0; k < tr.length; k++) {
      const l = first + k;
      expect(Math.abs(lr.start[l]! - tr.start[k]!)).toBeLessThan(1.1e6);
      expect(lr.gcPerSec[l]! / tr.gcPerSec[k]!).toBeCloseTo(1, 1);
      expect(Math.abs(lr.allocBytes[l]! - tr.allocBytes[k]!)).toBeLessThanOrEqual(2 * 2 ** 20 + 0.2 * tr.allocBytes[k]!);
    }
  });

  it("a range of the pool run leaves out a log of another run (on its own clock) and counts its own log's cycles", async () => {
    const t = (await parseBytes(readFixture('pool/go1.27/trace.out'))) as TraceModel;
    const own = (await parseBytes(readFixture('pool/go1.27/gctrace.log'))) as RuntimeLogModel;
    const other = (await parseBytes(readFixture('leak/go1.27/gctrace.log'))) as RuntimeLogModel;
    const run = placeRun([
      { id: 't', name: 'trace.out', parsed: t },
      { id: 'own', name: 'gctrace.log', parsed: own },
      { id: 'other', name: 'gctrace.log', parsed: other },
    ]);
    if (!run.ok) throw new Error('not placed');
    expect(run.files.map((p) => p.method)).toEqual(['axis', 'gc-cycles', 'own-clock']);
    const logs = [
      { p: run.files[1]!, log: own },
      { p: run.files[2]!, log: other },
    ];
    const whole = traceRangeRates(t, 0, t.durationNs);
    // On its own clock the leak log has cycles in [0, the trace's length]: counted as if on the
    // run's axis they would add to the range's, which they are not part of.
    expect(gctraceRangeCycles(other.gc, run.files[2]!.offsetNs, 0, t.durationNs).rows.length).toBeGreaterThan(0);
    const r = runRangeLogCycles(logs, 0, t.durationNs);
    expect(r.counted.map((x) => x.l.p.id)).toEqual(['own']);
    expect(r.counted[0]!.c.rows.length).toBe(whole.gcCount);
    expect(r.ownClock.map((x) => x.p.id)).toEqual(['other']);
  });
});
