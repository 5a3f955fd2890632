// The analysis pages of a brushed range, on real traces (Go 1.27: contention, leak, tasks; Go
// 1.21's old format: contention): the range of the whole trace gives the whole trace's figures
// (go tool trace's, analysis.json), and a trace cut into ranges gives times that add up to the
// whole trace's, goroutine by goroutine and reason by reason, none longer than its range.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { fixturePath, readFixture } from '../../test-utils/fixtures';
import { eventTime, type TraceModel } from '../../model/trace';
import { goroutineAnalysis, type GoroutineRow } from './trace-analysis';
import { taskPages } from './task-pages';
import { summarizeTrace, type TimeRange } from './goroutine-summary';

const FILES = ['contention/go1.27/trace.out', 'leak/go1.27/trace.out', 'tasks/go1.27/trace.out', 'contention/go1.21/trace.out'];

async function traceOf(rel: string): Promise<TraceModel> {
  const t = await parseBytes(readFixture(rel));
  if (t.kind !== 'trace') throw new Error(`${rel}: not a trace`);
  return t;
}

const lastEventTime = (t: TraceModel) => eventTime(t.events.time, t.events.length - 1);

/** Every time of a goroutine's row, by name (block reasons and ranges by theirs). */
function timesOf(r: GoroutineRow): Map<string, number> {
  const m = new Map<string, number>([
    ['total', r.totalNs],
    ['exec', r.execNs],
    ['sched', r.schedWaitNs],
    ['syscall', r.syscallNs],
    ['syscallBlock', r.syscallBlockNs],
  ]);
  for (const [k, v] of r.blockNs) m.set(`block:${k}`, v);
  for (const [k, v] of r.rangeNs) m.set(`range:${k}`, v);
  return m;
}

describe('analyses of a range', () => {
  for (const rel of FILES) {
    it(`${rel}: the whole trace's range gives go tool trace's goroutine groups and tasks`, async () => {
      const t = await traceOf(rel);
      const whole = goroutineAnalysis(t);
      const ranged = goroutineAnalysis(t, [0, lastEventTime(t)]);
      expect(ranged.range).toEqual([0, lastEventTime(t)]);
      expect(ranged.groups).toEqual(whole.groups);
      expect(ranged.goroutines).toEqual(whole.goroutines);
      // The worker's page from the summary its pages share is the same page.
      const shared = summarizeTrace(t);
      expect(goroutineAnalysis(t, null, shared)).toEqual(whole);
      expect(taskPages(t, null, shared)).toEqual(taskPages(t));
      const ref = JSON.parse(readFileSync(fixturePath(`${rel}.analysis.json`), 'utf8')) as { goroutines: unknown[] };
      expect(ranged.groups.map(({ members: _m, ...g }) => g)).toEqual(ref.goroutines);
      const tasks = taskPages(t, [0, lastEventTime(t)]);
      const wholeTasks = taskPages(t);
      expect(tasks.tasks).toEqual(wholeTasks.tasks);
      expect(tasks.regions).toEqual(wholeTasks.regions);
    });

    it(`${rel}: ranges that cut the trace add up to the whole, goroutine by goroutine`, async () => {
      const t = await traceOf(rel);
      const end = lastEventTime(t);
      const cuts = [0, Math.round(end / 3), Math.round(end / 2), Math.round((2 * end) / 3), end];
      const whole = goroutineAnalysis(t);
      const sums = new Map<number, Map<string, number>>();
      const execOf = (a: { groups: { execNs: number }[] }) => a.groups.reduce((s, gr) => s + gr.execNs, 0);
      for (let i = 0; i + 1 < cuts.length; i++) {
        const range: TimeRange = [cuts[i]!, cuts[i + 1]!];
        const a = goroutineAnalysis(t, range);
        // Each part's figures are its own: less execution than the whole trace's.
        expect(execOf(a)).toBeGreaterThan(0);
        expect(execOf(a)).toBeLessThan(execOf(whole));
        expect(a.goroutines.length).toBeLessThanOrEqual(whole.goroutines.length);
        for (const r of a.goroutines) {
          // Alive in the range, and no time of it longer than the range.
          const len = range[1] - range[0];
          expect(r.totalNs).toBeGreaterThan(0);
          for (const [k, v] of timesOf(r)) {
            expect(v, k).toBeGreaterThanOrEqual(0);
            expect(v, k).toBeLessThanOrEqual(len);
          }
          const acc = sums.get(r.g) ?? new Map<string, number>();
          for (const [k, v] of timesOf(r)) acc.set(k, (acc.get(k) ?? 0) + v);
          sums.set(r.g, acc);
        }
        // A group's figures are its goroutines'.
        for (const gr of a.groups) {
          expect(gr.count).toBe(gr.members.length);
          expect(gr.execNs).toBe(gr.members.reduce((s, m) => s + a.goroutines[m]!.execNs, 0));
        }
      }
      for (const r of whole.goroutines) {
        const acc = sums.get(r.g) ?? new Map<string, number>();
        for (const [k, v] of timesOf(r)) expect(acc.get(k) ?? 0, `G${t.goroutines.id[r.g]} ${k}`).toBe(v);
      }
    });
  }

  it('tasks/go1.27: a range keeps the tasks and regions that overlap it, with their whole durations', async () => {
    const t = await traceOf('tasks/go1.27/trace.out');
    const end = lastEventTime(t);
    const range: TimeRange = [Math.round(end / 2), Math.round((3 * end) / 4)];
    const whole = taskPages(t);
    const part = taskPages(t, range);
    const over = (s: number, e: number) => (Number.isNaN(s) ? 0 : s) <= range[1] && (Number.isNaN(e) ? end : e) >= range[0];
    const expected = whole.summary.tasks.filter((k) => over(k.start, k.end));
    expect(part.summary.tasks.map((k) => k.id)).toEqual(expected.map((k) => k.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(whole.summary.tasks.length);
    const count = (p: typeof whole) => p.tasks.reduce((s, x) => s + x.count, 0);
    expect(count(part)).toBe(expected.length);
    for (const tt of part.tasks) {
      const w = whole.tasks.find((x) => x.type === tt.type)!;
      for (const d of tt.durations) expect(w.durations).toContain(d);
    }
    const regions = (p: typeof whole) => p.regions.reduce((s, x) => s + x.count, 0);
    expect(regions(part)).toBeLessThan(regions(whole));
    expect(regions(part)).toBe(whole.summary.goroutines.reduce((s, g) => s + g.regions.filter((r) => over(r.start, r.end)).length, 0));
  });
});
