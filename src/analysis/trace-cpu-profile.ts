// A trace's CPU samples (StackSample events) as a pprof-like ProfileModel, so the app can show
// their flame graph; optionally only the samples inside [fromNs, toNs] (model times).

import { ProfileBuilder } from '../model/profile-builder';
import type { ProfileModel } from '../model/profile';
import type { TraceModel } from '../model/trace';

export type TraceCpuProfileOptions = { fromNs?: number; toNs?: number };

/**
 * Sample types samples/count and cpu/nanoseconds. Each sample is one CPU profiling tick; its
 * nanoseconds are the profiler's period, taken as 1e9/100 Hz (the runtime's default rate, which
 * the trace does not record).
 */
export function traceCpuProfile(t: TraceModel, options: TraceCpuProfileOptions = {}): ProfileModel {
  const PERIOD_NS = 10_000_000;
  const b = new ProfileBuilder([
    { type: 'samples', unit: 'count' },
    { type: 'cpu', unit: 'nanoseconds' },
  ]);
  const from = options.fromNs ?? -Infinity;
  const to = options.toNs ?? Infinity;
  const s = t.cpuSamples;
  // Trace stack index → profile stack index, made once per distinct trace stack.
  const stackMap = new Map<number, number>();
  const frameOf = new Map<number, number>();
  const values = [1, PERIOD_NS];
  const chain: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const time = s.time[i]!;
    if (time < from || time > to) continue;
    const leaf = s.stack[i]!;
    let ps = stackMap.get(leaf);
    if (ps === undefined) {
      // Walk leaf → root, then build root → leaf in the profile's prefix tree.
      chain.length = 0;
      for (let k = leaf; k >= 0; k = t.stacks.prefix[k]!) chain.push(t.stacks.frame[k]!);
      ps = -1;
      for (let j = chain.length - 1; j >= 0; j--) {
        const fr = chain[j]!;
        let pf = frameOf.get(fr);
        if (pf === undefined) {
          const func = b.func(t.strings[t.frames.func[fr]!]!, t.strings[t.frames.file[fr]!]!);
          pf = b.frame(String(fr), func, t.frames.line[fr]!, false);
          frameOf.set(fr, pf);
        }
        ps = b.stack(ps, pf);
      }
      stackMap.set(leaf, ps);
    }
    b.addSample(ps, values);
  }
  const n = b.sampleCount;
  return b.finish({
    encoding: 'protobuf',
    formatName: 'trace CPU samples',
    defaultSampleTypeIndex: 1,
    period: PERIOD_NS,
    periodType: { type: 'cpu', unit: 'nanoseconds' },
    durationNs: Math.max(0, Math.min(to, t.durationNs) - Math.max(from, 0)),
    timeNanos: '0',
    recordCounts: { samples: n, locations: frameOf.size, functions: 0 },
  });
}
