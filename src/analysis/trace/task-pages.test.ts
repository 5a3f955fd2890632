// go tool trace's tasks and regions pages on the tasks scenario (Go 1.27): the types' counts are
// the reference's (go tool trace's own analysis), every complete duration sits in its bucket,
// and a task's logs and regions across goroutines are the model's own tables' for that task.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { fixturePath, readFixture } from '../../test-utils/fixtures';
import type { TraceModel } from '../../model/trace';
import { bucketMin, durationBucket, durationHistogram, taskDetail, taskPages } from './task-pages';

const FILE = 'tasks/go1.27/trace.out';

describe('tasks and regions pages', () => {
  it('buckets as go tool trace does: five per power of ten', () => {
    expect(bucketMin(0)).toBe(1);
    expect(bucketMin(5)).toBe(10);
    expect(bucketMin(30)).toBe(1e6);
    expect(durationBucket(0)).toBe(0);
    expect(durationBucket(1e6 + 1)).toBe(30);
    expect(durationHistogram([])).toEqual({ count: 0, minBucket: 0, maxBucket: -1, counts: [] });
  });

  it(`${FILE}: types, histograms and a task's regions and logs`, async () => {
    const t = (await parseBytes(readFixture(FILE))) as TraceModel;
    const ref = JSON.parse(readFileSync(fixturePath(`${FILE}.analysis.json`), 'utf8')) as {
      tasks: { type: string; count: number; complete: number; totalNs: number; maxNs: number }[];
      regions: { type: string; count: number; incomplete: number; totalNs: number; maxNs: number }[];
    };
    const pages = taskPages(t);
    expect(pages.tasks.map(({ type, count, complete, totalNs, maxNs }) => ({ type, count, complete, totalNs, maxNs }))).toEqual(ref.tasks);
    expect(pages.regions.map(({ type, count, incomplete, totalNs, maxNs }) => ({ type, count, incomplete, totalNs, maxNs }))).toEqual(ref.regions);
    for (const tt of [...pages.tasks, ...pages.regions]) {
      const h = tt.histogram;
      expect(h.counts.reduce((a, b) => a + b, 0)).toBe(tt.durations.length);
      for (const d of tt.durations) {
        const b = durationBucket(d);
        expect(b >= h.minBucket && b <= h.maxBucket).toBe(true);
        expect(d).toBeGreaterThanOrEqual(bucketMin(b));
        expect(d).toBeLessThanOrEqual(bucketMin(b + 1));
      }
      if (h.count) expect(h.counts[0]! > 0 && h.counts[h.counts.length - 1]! > 0).toBe(true);
    }
    const order = pages.tasks.find((tt) => tt.type === 'order')!;
    expect(order.slowest.length).toBe(10);
    expect(order.slowest[0]!.end - order.slowest[0]!.start).toBe(order.maxNs);
    // Each order task's logs and regions are the model's rows for its id.
    for (const task of order.tasks) {
      const d = taskDetail(t, task);
      const modelLogs = [...t.logs.task].filter((id) => id === task.id).length;
      expect(d.logs.length).toBe(modelLogs);
      const modelRegions = [...t.regions.task].filter((id) => id === task.id).length;
      expect(d.regions.filter((r) => r.name !== '').length).toBe(modelRegions);
      for (let i = 1; i < d.logs.length; i++) expect(d.logs[i]!.time).toBeGreaterThanOrEqual(d.logs[i - 1]!.time);
      expect(d.logs.every((l) => l.category !== '' || l.message !== '')).toBe(true);
    }
    // Child tasks run on other goroutines: some order task spans more than one goroutine.
    expect(order.tasks.some((task) => taskDetail(t, task).goroutines.length > 1)).toBe(true);
  });
});
