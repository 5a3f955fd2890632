// Leak suspects of a trace: goroutines of the program that blocked and were never woken before
// the trace ended (alive at the end, their last state Waiting), grouped by wait reason and
// creation stack, most goroutines first. Left out, and counted: the runtime's own goroutines
// (start function in the runtime, or, when the start is unknown, a wait entirely inside it:
// GC workers, the sweeper, the trace reader wait so by design), sleeps (a timer ends them), and
// goroutines nothing is known of (no start function, no stack: old-format traces' goroutines
// that never ran).

import { eventTime, GState, gStateReason, stackFrames, TraceCode, type TraceModel } from '../../model/trace';
import { packedAt } from '../../base/packed-column';

export type LeakSuspectGroup = {
  /** Why they wait (Go's wait reason; "" when the runtime gave none). */
  reason: string;
  /** The innermost frame outside the runtime of where they wait ("" unknown). */
  waitsIn: string;
  /** The innermost frame outside the runtime of the stack that created them, else their start function. */
  createdBy: string;
  /** Their start function ("" unknown). */
  start: string;
  /** The goroutines (indexes into t.goroutines), by id. */
  goroutines: number[];
  /** The wait stack of the first of them (leaf first, frame indexes), and the creation stack. */
  waitFrames: number[];
  createFrames: number[];
  /** When the earliest of them began waiting (Ns), and the time all of them waited until the end. */
  sinceNs: number;
  waitedNs: number;
};

export type LeakSuspects = {
  groups: LeakSuspectGroup[];
  /** Goroutines waiting at the end that were left out, by why. */
  leftOut: { runtime: number; sleep: number; unknown: number };
};

/** A function of the runtime (or of the toolchain's internals), which Go's debug=1 text leaves out. */
export function isRuntimeFunction(name: string): boolean {
  return name.startsWith('runtime.') || name.startsWith('internal/') || name.startsWith('runtime/trace.');
}

/** The innermost frame outside the runtime, as a function name ("" none). */
function firstOwnFrame(t: TraceModel, frames: number[]): string {
  for (const f of frames) {
    const name = t.strings[t.frames.func[f]!]!;
    if (!isRuntimeFunction(name)) return name;
  }
  return '';
}

export function leakSuspects(t: TraceModel): LeakSuspects {
  const leftOut = { runtime: 0, sleep: 0, unknown: 0 };
  const byKey = new Map<string, LeakSuspectGroup>();
  const end = t.durationNs;
  for (let g = 0; g < t.goroutines.length; g++) {
    const a = t.gStateOffsets[g]!, b = t.gStateOffsets[g + 1]!;
    if (b <= a || t.gStates.state[b - 1] !== GState.Waiting || !Number.isNaN(t.goroutines.endedAt[g]!)) continue;
    const last = b - 1;
    const reason = t.strings[gStateReason(t, last)] ?? '';
    const blockEvent = t.gStates.startEvent[last]!;
    const waitFrames = stackFrames(t, packedAt(t.events.stack, blockEvent));
    const start = t.strings[t.goroutines.name[g]!] ?? '';
    // The creating goroutine's stack at the go statement (its GoCreate), when it was created in the trace.
    const first = t.gStates.startEvent[a]!;
    const code = t.events.code[first]!;
    const createFrames = code === TraceCode.GoCreate || code === TraceCode.GoCreateBlocked ? stackFrames(t, packedAt(t.events.stack, first)) : [];
    const ownWait = firstOwnFrame(t, waitFrames);
    if (start ? isRuntimeFunction(start) : waitFrames.length > 0 && !ownWait) {
      leftOut.runtime++;
      continue;
    }
    if (!start && waitFrames.length === 0) {
      leftOut.unknown++;
      continue;
    }
    if (reason === 'sleep') {
      leftOut.sleep++;
      continue;
    }
    const createdBy = firstOwnFrame(t, createFrames) || start;
    const createKey = createFrames.length ? createFrames.map((f) => t.frames.pc[f]!).join(',') : `start:${start}`;
    const key = `${reason}\u0000${createKey}`;
    const since = eventTime(t.events.time, blockEvent);
    let gr = byKey.get(key);
    if (!gr) {
      gr = { reason, waitsIn: ownWait, createdBy, start, goroutines: [], waitFrames, createFrames, sinceNs: since, waitedNs: 0 };
      byKey.set(key, gr);
    }
    gr.goroutines.push(g);
    gr.sinceNs = Math.min(gr.sinceNs, since);
    gr.waitedNs += end - since;
  }
  const groups = [...byKey.values()];
  for (const gr of groups) gr.goroutines.sort((x, y) => t.goroutines.id[x]! - t.goroutines.id[y]!);
  groups.sort((x, y) => y.goroutines.length - x.goroutines.length || y.waitedNs - x.waitedNs || (x.createdBy < y.createdBy ? -1 : x.createdBy > y.createdBy ? 1 : 0));
  return { groups, leftOut };
}
