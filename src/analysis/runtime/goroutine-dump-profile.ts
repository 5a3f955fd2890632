// A goroutine dump as a pprof-like profile (sample type goroutine/count), so the flame graph
// and top views draw it as they draw a goroutine profile: one sample per distinct stack,
// valued by how many goroutines have it.

import { NO_UNIX_NS } from '../../base/time';
import { ProfileBuilder } from '../../model/profile-builder';
import type { ProfileModel } from '../../model/profile';
import type { GoroutineDumpModel } from '../../model/runtime-log';

export function goroutineDumpToProfile(d: GoroutineDumpModel): ProfileModel {
  const b = new ProfileBuilder([{ type: 'goroutine', unit: 'count' }]);
  const profileStack = new Int32Array(d.stacks.length).fill(-2);
  // Stack nodes' prefixes precede them, so one forward pass maps every node.
  for (let n = 0; n < d.stacks.length; n++) {
    const fr = d.stacks.frame[n]!;
    const func = b.func(d.strings[d.frames.func[fr]!]!, d.strings[d.frames.file[fr]!]!);
    const frame = b.frame(String(fr), func, d.frames.line[fr]!, d.frames.inlined[fr] === 1);
    const p = d.stacks.prefix[n]!;
    profileStack[n] = b.stack(p < 0 ? -1 : profileStack[p]!, frame);
  }
  const counts = new Map<number, number>();
  const g = d.goroutines;
  for (let i = 0; i < g.length; i++) {
    const node = g.stack[i]!;
    const s = node < 0 ? -1 : profileStack[node]!;
    counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const v = new Float64Array(1);
  for (const [stack, count] of counts) {
    v[0] = count;
    b.addSample(stack, v);
  }
  const profile = b.finish({
    encoding: 'legacy',
    formatName: 'goroutine dump (debug=2)',
    defaultSampleTypeIndex: 0,
    period: 1,
    periodType: null,
    durationNs: 0,
    timeNanos: NO_UNIX_NS,
    recordCounts: { samples: counts.size, locations: d.frames.length, functions: 0 },
  });
  profile.recordCounts.functions = profile.funcs.length;
  return profile;
}
