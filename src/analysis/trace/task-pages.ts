// go tool trace's user-defined tasks and regions pages: per task type and region type the
// count and the duration distribution as go tool trace buckets it (five buckets per power of
// ten, bucket b holding durations from e^(b·ln(10)/5) ns), the slowest instances, and one
// task's regions and logs across goroutines, in time order.

import { eventTime, TraceCode as C, type TraceModel } from '../../model/trace';
import { packedAt } from '../../base/packed-column';
import { summarizeTrace, type RegionSummary, type TaskSummary, type TimeRange, type TraceSummary } from './goroutine-summary';
import { regionTypes, taskTypes, type RegionTypeStats, type TaskTypeStats } from './trace-analysis';

const LOG_DIV = Math.log(Math.pow(10, 1 / 5));

/** go tool trace's bucket of a duration (ns): 0 for 0 and less. */
export function durationBucket(d: number): number {
  return d > 0 ? Math.trunc(Math.log(d) / LOG_DIV) : 0;
}

/** The shortest duration (ns, whole) of a bucket, as go tool trace labels it. */
export function bucketMin(b: number): number {
  return Math.trunc(Math.exp(b * LOG_DIV));
}

export type DurationHistogram = {
  count: number;
  /** Buckets minBucket … maxBucket: counts[i] is bucket minBucket + i. */
  minBucket: number;
  maxBucket: number;
  counts: number[];
};

export function durationHistogram(durations: readonly number[]): DurationHistogram {
  if (durations.length === 0) return { count: 0, minBucket: 0, maxBucket: -1, counts: [] };
  let lo = Infinity, hi = -Infinity;
  const bs = durations.map(durationBucket);
  for (const b of bs) {
    lo = Math.min(lo, b);
    hi = Math.max(hi, b);
  }
  const counts = new Array<number>(hi - lo + 1).fill(0);
  for (const b of bs) counts[b - lo]!++;
  return { count: durations.length, minBucket: lo, maxBucket: hi, counts };
}

export type TaskPages = {
  /** The range it is of (null: the whole trace). */
  range: TimeRange | null;
  summary: TraceSummary;
  tasks: (TaskTypeStats & { histogram: DurationHistogram })[];
  regions: (RegionTypeStats & { histogram: DurationHistogram })[];
};

/**
 * The pages' data. With a range, the tasks and regions that overlap it (each with its whole
 * duration; a missing start or end is the trace's, as cmd/trace takes it).
 */
export function taskPages(t: TraceModel, range: TimeRange | null = null, whole: TraceSummary = summarizeTrace(t)): TaskPages {
  const summary = range ? overlapping(t, whole, range) : whole;
  return {
    range,
    summary,
    tasks: taskTypes(summary).map((tt) => ({ ...tt, histogram: durationHistogram(tt.durations) })),
    regions: regionTypes(t, summary).map((rt) => ({ ...rt, histogram: durationHistogram(rt.durations) })),
  };
}

/** The summary's tasks and its goroutines' regions that overlap a range (a missing end is the trace's). */
function overlapping(t: TraceModel, s: TraceSummary, [a, b]: TimeRange): TraceSummary {
  const last = t.events.length > 0 ? eventTime(t.events.time, t.events.length - 1) : 0;
  const over = (start: number, end: number) => (Number.isNaN(start) ? 0 : start) <= b && (Number.isNaN(end) ? last : end) >= a;
  return {
    ...s,
    tasks: s.tasks.filter((k) => over(k.start, k.end)),
    goroutines: s.goroutines.map((g) => ({ ...g, regions: g.regions.filter((r) => over(r.start, r.end)) })),
  };
}

export type TaskLog = { event: number; time: number; g: number; category: string; message: string };

export type TaskDetail = {
  task: TaskSummary;
  /** Its regions on every goroutine, by start (a region begun before the trace first). */
  regions: RegionSummary[];
  logs: TaskLog[];
  /** The goroutines it touched, by index. */
  goroutines: number[];
  /** Its child tasks (ids). */
  children: number[];
};

export function taskDetail(t: TraceModel, task: TaskSummary): TaskDetail {
  const regions = [...task.regions].sort((a, b) => (Number.isNaN(a.start) ? -Infinity : a.start) - (Number.isNaN(b.start) ? -Infinity : b.start));
  const logs: TaskLog[] = [];
  for (const e of task.logs) {
    if (t.events.code[e] !== C.UserLog) continue;
    const row = packedAt(t.events.aux, e);
    logs.push({
      event: e,
      time: eventTime(t.events.time, e),
      g: packedAt(t.events.g, e),
      category: t.strings[t.logEventRows.key[row]!] ?? '',
      message: t.strings[t.logEventRows.message[row]!] ?? '',
    });
  }
  logs.sort((a, b) => a.time - b.time);
  return { task, regions, logs, goroutines: [...task.goroutines].sort((a, b) => a - b), children: [...task.children] };
}

