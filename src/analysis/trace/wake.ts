// Who woke whom: for a goroutine interval that was blocked (Waiting), the event that ended it
// — a GoUnblock (Go's reader: a Waiting->Runnable transition whose context goroutine is the
// waker, with the waker's stack) or a GoSwitch (the context goroutine hands over directly) —
// the waker, its stack there, and the woken goroutine's next running interval. The chain goes
// back from the waker: who woke it for the run in which it did the waking, and so on.

import { packedAt } from '../../base/packed-column';
import { eventTime, GState, gStateEndEvent, TraceCode as C, type TraceModel } from '../../model/trace';

export type Wake = {
  /** The woken goroutine (index into goroutines) and its Waiting interval (gStates row). */
  g: number;
  waitRow: number;
  /** The event that ended the wait (GoUnblock, GoSwitch, GoSwitchDestroy). */
  event: number;
  /** Its time (Ns). */
  time: number;
  /** The goroutine that woke it (-1: none, the runtime on a P or thread without one). */
  waker: number;
  /** The waker's stack at that event (-1 none). */
  stack: number;
  /** The P the event happened on (-1 none). */
  p: number;
  /** The woken goroutine's next Running interval (gStates row, -1 none before the trace ended). */
  runRow: number;
  /** The P that next Running interval began on (-1 unknown). */
  runP: number;
};

const WAKING = new Set<number>([C.GoUnblock, C.GoSwitch, C.GoSwitchDestroy]);

/** The gStates row of goroutine g whose interval contains time ns (-1 before its first). */
export function gStateRowAt(t: TraceModel, g: number, ns: number): number {
  let lo = t.gStateOffsets[g]!, hi = t.gStateOffsets[g + 1]!;
  const first = lo;
  // Last row starting at or before ns.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (eventTime(t.events.time, t.gStates.startEvent[mid]!) <= ns) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1 >= first ? lo - 1 : -1;
}

/** The wake that ended Waiting interval `row` of goroutine g; null if it was not ended by a goroutine's wake event. */
export function wakeOf(t: TraceModel, g: number, row: number): Wake | null {
  if (t.gStates.state[row] !== GState.Waiting) return null;
  const e = gStateEndEvent(t, g, row);
  if (e < 0 || !WAKING.has(t.events.code[e]!)) return null;
  // The woken goroutine must be this event's subject (GoUnblock/GoSwitch: arg).
  if (packedAt(t.events.arg, e) !== g) return null;
  let runRow = -1;
  const end = t.gStateOffsets[g + 1]!;
  for (let k = row + 1; k < end; k++) {
    const s = t.gStates.state[k]!;
    if (s === GState.Running) {
      runRow = k;
      break;
    }
    if (s !== GState.Runnable) break;
  }
  return {
    g,
    waitRow: row,
    event: e,
    time: eventTime(t.events.time, e),
    waker: packedAt(t.events.g, e),
    stack: packedAt(t.events.stack, e),
    p: packedAt(t.events.p, e),
    runRow,
    runP: runRow >= 0 ? packedAt(t.events.p, t.gStates.startEvent[runRow]!) : -1,
  };
}

/**
 * The wake behind what goroutine g was doing at time ns: its interval there if Waiting, else
 * the Waiting interval just before it, across Runnable ones only (a run that followed a
 * preemption or a yield was not woken). Null when there is none.
 */
export function wakeBefore(t: TraceModel, g: number, ns: number): Wake | null {
  let k = gStateRowAt(t, g, ns);
  if (k < 0) return null;
  const first = t.gStateOffsets[g]!;
  if (t.gStates.state[k] === GState.Running) k--;
  while (k >= first && t.gStates.state[k] === GState.Runnable) k--;
  if (k < first || t.gStates.state[k] !== GState.Waiting) return null;
  return wakeOf(t, g, k);
}

/**
 * The chain back from a wake: the wake itself, then the wake of its waker for the run in which
 * it did the waking, and so on, at most `max` long, stopping at a goroutine already in the chain.
 */
export function wakeChain(t: TraceModel, first: Wake, max = 8): Wake[] {
  const out: Wake[] = [first];
  const seen = new Set<number>([first.g]);
  let w = first;
  while (out.length < max && w.waker >= 0 && !seen.has(w.waker)) {
    seen.add(w.waker);
    // The waker was running at the wake: the wait before that run is the next link.
    const next = wakeBefore(t, w.waker, w.time);
    if (!next) break;
    out.push(next);
    w = next;
  }
  return out;
}

