// What the trace view shows for a brushed time range and around it: the range summary (the
// same counts `golens summary --from/--to` prints, so the app and the CLI agree by
// construction), the CPU samples of the range as a ProfileModel for the flame graph, and the
// alignment of heap profiles (pprof time_nanos, wall clock) with the trace's clock snapshot.

import { message, type Message } from '../../base/messages';
import { NO_UNIX_NS } from '../../base/time';
import type { Ns } from '../../base/time';
import type { ProfileModel } from '../../model/profile';
import { ProfileBuilder } from '../../model/profile-builder';
import type { TraceModel } from '../../model/trace';
import { summarizeTrace } from '../digest/trace-summary';
import { lowerBound, seriesValueAt, upperBound } from './timeline-tables';

export type RangeSummary = {
  fromNs: Ns;
  toNs: Ns;
  gcCount: number;
  stwCount: number;
  stwTotalNs: number;
  stwMaxNs: number;
  /** Heap in use at the range's end minus at its start (NaN when the trace has no heap metric there). */
  heapStart: number;
  heapEnd: number;
  cpuSamples: number;
};

/** Counts over [fromNs, toNs], both ends included (events as `summarizeTrace` counts them). */
export function computeRangeSummary(t: TraceModel, fromNs: Ns, toNs: Ns): RangeSummary {
  const d = summarizeTrace(t, { fromNs, toNs });
  return {
    fromNs,
    toNs,
    gcCount: d.gcCount,
    stwCount: d.stw.count,
    stwTotalNs: d.stw.totalNs,
    stwMaxNs: d.stw.maxNs,
    heapStart: seriesValueAt(t.heapAlloc, fromNs),
    heapEnd: seriesValueAt(t.heapAlloc, toNs),
    cpuSamples: d.cpuSamples,
  };
}

/**
 * The trace's CPU samples with time in [fromNs, toNs] (the whole trace when no range) as a
 * profile of one sample type, samples/count: its flame graph total is the sample count.
 */
export function cpuProfileOfRange(t: TraceModel, range: [Ns, Ns] | null): ProfileModel {
  const cs = t.cpuSamples;
  const lo = range ? lowerBound(cs.time, cs.length, range[0]) : 0;
  const hi = range ? upperBound(cs.time, cs.length, range[1]) : cs.length;
  const b = new ProfileBuilder([{ type: 'samples', unit: 'count' }], 256);
  const frameOf = new Int32Array(t.frames.length).fill(-1);
  const stackOf = new Int32Array(t.stacks.length).fill(-2);
  const mapFrame = (f: number): number => {
    let pf = frameOf[f]!;
    if (pf < 0) {
      const func = b.func(t.strings[t.frames.func[f]!] ?? '', t.strings[t.frames.file[f]!] ?? '');
      pf = frameOf[f] = b.frame(String(f), func, t.frames.line[f]!, false);
    }
    return pf;
  };
  // Trace stacks list callers first (a prefix precedes its children), as the profile's do.
  const mapStack = (s: number): number => {
    if (s < 0) return -1;
    const known = stackOf[s]!;
    if (known !== -2) return known;
    const chain: number[] = [];
    let x = s;
    while (x >= 0 && stackOf[x] === -2) {
      chain.push(x);
      x = t.stacks.prefix[x]!;
    }
    let prefix = x >= 0 ? stackOf[x]! : -1;
    for (let k = chain.length - 1; k >= 0; k--) {
      const st = chain[k]!;
      prefix = stackOf[st] = b.stack(prefix, mapFrame(t.stacks.frame[st]!));
    }
    return prefix;
  };
  const one = [1];
  for (let i = lo; i < hi; i++) b.addSample(mapStack(cs.stack[i]!), one);
  const n = hi - lo;
  return b.finish({
    encoding: 'protobuf',
    formatName: 'trace CPU samples',
    defaultSampleTypeIndex: 0,
    period: 0,
    periodType: null,
    durationNs: range ? range[1] - range[0] : t.durationNs,
    timeNanos: NO_UNIX_NS,
    recordCounts: { samples: n, locations: 0, functions: 0 },
  });
}

export type ClockAlignment =
  | { ok: true; /** trace Ns of a wall-clock Unix ns (bigint), exactly to the ns. */ toTraceNs(unixNs: bigint): number }
  | { ok: false; reason: Message };

/**
 * Trace time ↔ wall clock from the clock snapshots of Go 1.25+ traces (one per generation; the
 * snapshot nearest before the instant is used, so clock drift over a long trace stays small).
 */
export function traceClockAlignment(t: TraceModel): ClockAlignment {
  const g = t.generations;
  const snaps: { trace: number; wall: bigint }[] = [];
  for (let i = 0; i < g.length; i++) {
    if (!Number.isFinite(g.snapTime[i]!) || !Number.isFinite(g.snapWallSec[i]!)) continue;
    snaps.push({ trace: g.snapTime[i]!, wall: BigInt(g.snapWallSec[i]!) * 1_000_000_000n + BigInt(g.snapWallNsec[i]!) });
  }
  if (snaps.length === 0) {
    return {
      ok: false,
      reason: message('trace.no-wall-clock', { version: t.goVersion }),
    };
  }
  return {
    ok: true,
    toTraceNs(unixNs: bigint): number {
      let best = snaps[0]!;
      for (const s of snaps) if (s.wall <= unixNs) best = s;
      return best.trace + Number(unixNs - best.wall);
    },
  };
}

/** A heap profile's capture time on the trace's axis (NaN when it has none). */
export function profileTraceTime(align: ClockAlignment, p: ProfileModel): number {
  if (!align.ok || p.timeNanos <= 0n) return NaN;
  return align.toTraceNs(p.timeNanos);
}

/** Whether a profile is a heap profile (inuse/alloc space), the kind placed on the trace axis. */
export function isHeapProfile(p: ProfileModel): boolean {
  return p.sampleTypes.some((s) => s.type === 'inuse_space');
}
