import { describe, expect, it } from 'vitest';
import { decodeProfileProto } from '../pprof/decode-profile';
import { packedAt, packedInto } from '../../base/packed-column';
import { summarizeTrace } from '../../analysis/digest/trace-summary';
import { cpuProfileOfRange } from '../../analysis/trace/timeline-range';
import { gunzip } from '../../base/gzip';
import { ARG_BIG, GState, eventArg, eventTime, eventTimeSearch, eventTimesInto, gStateEndEvent, gStateReason, type TraceEventTable, type TraceModel } from '../../model/trace';
import { computeTraceTimeline, eventAtTime, stateCountAt } from '../../analysis/trace/timeline-tables';
import { fixturesWithDigest, readFixture } from '../../test-utils/fixtures';
import { gStateEndEvents } from '../../test-utils/trace-intervals';
import { readFileSync } from 'node:fs';
import { parseGoTrace, parseGoTraceSized, readGoTrace } from './parse-trace';
import { TraceDigestAccumulator } from '../../analysis/digest/trace-summary';

const V2 = new Set(['1.22', '1.23', '1.25', '1.26']);
const scenarios = fixturesWithDigest((d, rel) => d.format === 'go-trace' && V2.has(d.goVersion as string) && rel.endsWith('/trace.out'));

/** Checks the intervals and P runs; returns the reasons intervals began with. */
function checkIntervals(t: TraceModel): Set<string> {
  const s = t.gStates;
  expect(t.gStateOffsets.length).toBe(t.goroutines.length + 1);
  expect(t.gStateOffsets[t.goroutines.length]).toBe(s.length);
  let running = 0;
  const reasons = new Set<string>();
  for (let g = 0; g < t.goroutines.length; g++) {
    for (let k = t.gStateOffsets[g]!; k < t.gStateOffsets[g + 1]!; k++) {
      expect(gStateEndEvent(t, g, k)).toBeGreaterThanOrEqual(s.startEvent[k]!);
      // These programs' goroutines never come back after their end: no gap between intervals.
      expect(s.state[k]).not.toBe(GState.Absent);
      if (s.state[k] === GState.Running) running++;
      // Only a block or a stop gives a reason: Waiting or Runnable intervals.
      const reason = gStateReason(t, k);
      if (reason !== 0) expect([GState.Waiting, GState.Runnable]).toContain(s.state[k]);
      if (reason !== 0) reasons.add(t.strings[reason]!);
    }
  }
  // One goroutine at a time on each P, and every Running interval ran on a P.
  const r = t.pRuns;
  expect(t.pRunOffsets[t.pRunOffsets.length - 1]).toBe(r.length);
  expect(r.length).toBe(running);
  for (let p = 0; p + 1 < t.pRunOffsets.length; p++) {
    for (let k = t.pRunOffsets[p]! + 1; k < t.pRunOffsets[p + 1]!; k++) expect(r.startEvent[k]).toBeGreaterThanOrEqual(r.endEvent[k - 1]!);
  }
  return reasons;
}

describe('derived tables agree with the digest of every scenario trace', () => {
  for (const { input, digest } of scenarios) {
    it(input, () => {
      const t = parseGoTrace(readFixture(input));
      const d = digest as ReturnType<typeof summarizeTrace>;
      expect(t.gcCycles.length - countNaN(t.gcCycles.start)).toBe(d.gcCount);
      // STW ranges: all closed in these traces, durations as the digest's.
      expect(t.stw.length).toBe(d.stw.count);
      let total = 0;
      for (let i = 0; i < t.stw.length; i++) total += t.stw.end[i]! - t.stw.start[i]!;
      expect(total).toBe(d.stw.totalNs);
      expect(t.heapAlloc.length).toBe(d.heapAlloc.points);
      expect(Math.max(0, ...t.heapAlloc.value)).toBe(d.heapAlloc.maxBytes);
      expect(t.heapGoal.length).toBe(d.heapGoal.points);
      expect(t.cpuSamples.length).toBe(d.cpuSamples);
      expect(t.logs.length).toBe(d.userLogs);
      expect(t.tasks.length - countNaN(t.tasks.start)).toBe(d.userTasks);
      expect(t.regions.length - countNaN(t.regions.start)).toBe(d.userRegions);
      const reasons = checkIntervals(t);
      // Every scenario blocks somewhere (channels, sleeps, the network, sync.Cond…), in Go's words.
      expect(reasons.size).toBeGreaterThan(0);
      for (const r of reasons) expect(r).toMatch(/^\S[^\n]*$/);
      // Every goroutine created in the trace has its creation time and a start function.
      for (let g = 0; g < t.goroutines.length; g++) {
        if (!Number.isNaN(t.goroutines.createdAt[g]!) && t.goroutines.startStack[g]! >= 0) {
          expect(t.strings[t.goroutines.name[g]!]).not.toBe('');
        }
      }
    });
  }
});

function countNaN(a: Float64Array): number {
  let n = 0;
  for (const v of a) if (Number.isNaN(v)) n++;
  return n;
}

describe("the model's event columns read back the reader's events, field by field", () => {
  // The model packs g, P, M, stack, arg and aux a block at a time: every value must come back.
  for (const rel of ['pool/go1.27/trace.out', 'tasks/go1.22/trace.out', 'netblock/go1.25/trace.out', 'leak/go1.27/trace.out']) {
    it(rel, () => {
      const bytes = readFixture(rel);
      const t = parseGoTrace(bytes);
      const fields = ['g', 'p', 'm', 'stack', 'aux'] as const;
      const want = { time: [] as number[], g: [] as number[], p: [] as number[], m: [] as number[], stack: [] as number[], aux: [] as number[], arg: [] as number[], code: [] as number[] };
      readGoTrace(bytes, {
        addEvents: (w: TraceEventTable, n: number) => {
          for (let k = 0; k < n; k++) {
            for (const f of fields) want[f].push(w[f][k]!);
            want.arg.push(w.arg[k]!);
            want.code.push(w.code[k]!);
            want.time.push(w.time[k]!);
          }
        },
      });
      const n = t.events.length;
      expect(n).toBe(want.g.length);
      for (const f of fields) {
        const out = new Int32Array(n);
        packedInto(t.events[f], 0, n, out);
        expect(Array.from(out)).toEqual(want[f]);
        expect(packedAt(t.events[f], n - 1)).toBe(want[f][n - 1]);
      }
      expect(Array.from({ length: n }, (_, i) => eventArg(t.events, i))).toEqual(want.arg);
      // Times: unpacked a run at a time or one by one, and searched, they are the reader's.
      const times = new Float64Array(n);
      eventTimesInto(t.events.time, 0, n, times);
      expect(Array.from(times)).toEqual(want.time.map((x) => x - want.time[0]!));
      for (let i = 0; i < n; i += 97) {
        expect(eventTime(t.events.time, i)).toBe(times[i]);
        expect(eventTimeSearch(t.events.time, times[i]!, false)).toBe(i);
        expect(eventTimeSearch(t.events.time, times[i]!, true)).toBe(i + 1);
        expect(eventTimeSearch(t.events.time, times[i]! - 0.5, true)).toBe(i);
      }
      expect(eventTimeSearch(t.events.time, -1, false)).toBe(0);
      expect(eventTimeSearch(t.events.time, times[n - 1]! + 1, false)).toBe(n);
      expect(Array.from(t.events.code)).toEqual(want.code);
      // Packed, the integer fields, arg and the time offsets take well under the 28 bytes an event of plain columns.
      const packedBytes = [...fields, 'arg' as const].reduce((a, f) => a + t.events[f].words.byteLength, 0) + t.events.time.offset.words.byteLength;
      expect(packedBytes / n).toBeLessThan(12);
    });
  }
});

describe('annotations (tasks scenario, Go 1.27)', () => {
  const t = parseGoTrace(readFixture('tasks/go1.27/trace.out'));
  it('tasks: one begun before tracing (end only, no name), one never ended', () => {
    const beforeTrace = [...t.tasks.start].filter(Number.isNaN).length;
    const open = [...t.tasks.end].filter(Number.isNaN).length;
    expect(beforeTrace).toBe(1);
    expect(open).toBe(1);
  });
  it('one region open at stop; regions nest per goroutine', () => {
    expect([...t.regions.end].filter(Number.isNaN).length).toBe(1);
    expect(Math.max(...t.regions.depth)).toBeGreaterThan(0);
  });
  it('goroutines are named by their start function; creators are known', () => {
    const names = new Set([...t.goroutines.name].map((i) => t.strings[i]));
    expect(names).toContain('main.main');
    expect(names).toContain('main.ship');
    const ship = [...t.goroutines.name].findIndex((i) => t.strings[i] === 'main.ship');
    expect(t.goroutines.parent[ship]).toBeGreaterThanOrEqual(0);
  });
  it('the clock snapshot (1.25+) maps trace time to the wall clock', () => {
    expect(t.generations.length).toBe(1);
    expect(t.generations.snapWallSec[0]).toBeGreaterThan(1.7e9);
    expect(t.generations.snapTime[0]).toBeGreaterThanOrEqual(0);
  });
  it('Go 1.22 traces have no clock snapshot', () => {
    const t22 = parseGoTrace(readFixture('tasks/go1.22/trace.out'));
    expect(Number.isNaN(t22.generations.snapWallSec[0]!)).toBe(true);
  });
});

describe('CPU samples as a profile (pool scenario, CPU profiling on while tracing)', () => {
  const t = parseGoTrace(readFixture('pool/go1.27/trace.out'));
  it('every sample becomes a profile sample with its stack', () => {
    const p = cpuProfileOfRange(t, null);
    expect(p.samples.length).toBe(t.cpuSamples.length);
    expect(p.samples.length).toBe(126);
    const withStack = [...t.cpuSamples.stack].filter((s) => s >= 0).length;
    expect([...p.samples.stack].filter((s) => s >= 0).length).toBe(withStack);
  });
  it('its functions are the program\'s functions in the CPU profile written beside it', async () => {
    const prof = decodeProfileProto(await gunzip(readFixture('pool/go1.27/cpu.pb.gz')), 'gzip-protobuf');
    const profNames = new Set([...prof.funcs.name].map((i) => prof.strings[i]));
    const p = cpuProfileOfRange(t, null);
    const names = [...p.funcs.name].map((i) => p.strings[i]!);
    const known = names.filter((n) => profNames.has(n)).length;
    expect(known / names.length).toBeGreaterThan(0.8);
  });
  it('a time range keeps only the samples inside it', () => {
    const mid = t.durationNs / 2;
    const a = cpuProfileOfRange(t, [0, mid]).samples.length;
    const b = cpuProfileOfRange(t, [mid + 0.5, t.durationNs]).samples.length;
    expect(a + b).toBe(126);
    expect(a).toBe([...t.cpuSamples.time].filter((x) => x <= mid).length);
  });
});

describe('the model builder', () => {
  // The pre-scan's upper bound sizes the columns once; a model whose columns had to grow (from
  // room for 100 events) and whose goroutine arrays grew as goroutines appeared is the same.
  for (const rel of ['pool/go1.27/trace.out', 'tasks/go1.22/trace.out', 'netblock/go1.25/trace.out']) {
    it(`grown from a small capacity, ${rel} is the same model`, () => {
      const bytes = readFixture(rel);
      const sized = parseGoTrace(bytes);
      const grown = parseGoTraceSized(bytes, 100);
      const plain = (t: TraceModel) =>
        JSON.stringify(t, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array, (x) => (Number.isNaN(x) ? 'NaN' : x)) : v));
      expect(plain(grown)).toBe(plain(sized));
      expect(sized.events.length).toBeGreaterThan(1000);
    });
  }
});

/** A real trace kept in testdata/ for a case the fixtures lack, its digest by Go's reader, and its events as the reader yields them. */
function testdataTrace(name: string) {
  const dir = new URL(`./testdata/${name}/`, import.meta.url);
  const bytes = new Uint8Array(readFileSync(new URL('trace.out', dir)));
  const want = JSON.parse(readFileSync(new URL('trace.out.summary.json', dir), 'utf8'));
  const streamed = { time: [] as number[], arg: [] as number[] };
  readGoTrace(bytes, {
    addEvents: (w: TraceEventTable, n: number) => {
      for (let k = 0; k < n; k++) {
        streamed.time.push(w.time[k]!);
        streamed.arg.push(w.arg[k]!);
      }
    },
  });
  return { bytes, want, streamed, t: parseGoTrace(bytes) };
}

describe('times over 2^32 ns past their block (a program stopped for 6 s, testdata/stopped: made by Go 1.27)', () => {
  const { want, streamed, t } = testdataTrace('stopped');
  it('keeps them aside and reads them back exactly', () => {
    expect(t.events.time.far.length).toBeGreaterThan(0);
    const t0 = streamed.time[0]!;
    expect(Array.from({ length: t.events.length }, (_, i) => eventTime(t.events.time, i))).toEqual(streamed.time.map((x) => x - t0));
    for (let k = 0; k < t.events.time.far.length; k++) {
      const i = t.events.time.far.event[k]!;
      expect(eventAtTime(t, eventTime(t.events.time, i))).toBe(i);
    }
  });
  it("the digest is Go's, the 6 s gap included", () => {
    expect(JSON.parse(JSON.stringify(summarizeTrace(t)))).toEqual(want);
  });
  it('counts goroutines by state across the gap as the intervals say', () => {
    const tl = computeTraceTimeline(t);
    const gs = t.gStates;
    const endEvent = gStateEndEvents(t);
    for (let k = 1; k < 30; k++) {
      const at = (t.durationNs * k) / 30 + 0.5;
      const brute = [0, 0, 0, 0];
      for (let i = 0; i < gs.length; i++) {
        if (eventTime(t.events.time, gs.startEvent[i]!) <= at && at < eventTime(t.events.time, endEvent[i]!)) brute[gs.state[i]!]!++;
      }
      expect(tl.stateCounts.byState.map((c) => stateCountAt(c, at))).toEqual(brute);
    }
  });
});

describe('arguments beyond 32 bits (a 2.5 GiB heap, testdata/bigheap: made by Go 1.27)', () => {
  const { bytes, want, streamed, t } = testdataTrace('bigheap');
  it('keeps them aside and reads them back exactly', () => {
    expect(t.events.bigArgs.length).toBeGreaterThan(0);
    expect(Array.from({ length: t.events.length }, (_, i) => packedAt(t.events.arg, i)).filter((a) => a === ARG_BIG).length).toBe(t.events.bigArgs.length);
    expect(Array.from({ length: t.events.length }, (_, i) => eventArg(t.events, i))).toEqual(streamed.arg);
  });
  it("the digest is Go's, heap maxima past 2^31 included", () => {
    expect(want.heapAlloc.maxBytes).toBeGreaterThan(2 ** 31);
    expect(JSON.parse(JSON.stringify(summarizeTrace(t)))).toEqual(want);
  });
  it('a range digest over the model equals one over the reader\'s events', () => {
    for (const [a, b] of [[0, t.durationNs / 2], [t.durationNs / 3, t.durationNs]]) {
      const acc = new TraceDigestAccumulator({ fromNs: a, toNs: b });
      readGoTrace(bytes, { addEvents: (w: TraceEventTable, n: number) => acc.add(w, 0, n) });
      expect(summarizeTrace(t, { fromNs: a, toNs: b })).toEqual(acc.digest(t.goVersion, t.warnings));
    }
  });
});

