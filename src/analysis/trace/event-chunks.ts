// The model's events read a chunk at a time into plain typed arrays (unpacking a block at a
// time is much faster than one packedAt per field per event), and the goroutine state
// transition each event is, as Go's internal/trace Event.StateTransition() reports it.

import { packedInto } from '../../base/packed-column';
import {
  ARG_BIG,
  eventTimesInto,
  GoState,
  sideValue,
  TraceCode as C,
  type TraceModel,
} from '../../model/trace';

export const CHUNK = 8192;

/** One chunk of events: index `base + k` is row k. */
export type EventChunk = {
  base: number;
  n: number;
  time: Float64Array;
  code: Uint8Array;
  g: Int32Array;
  p: Int32Array;
  stack: Int32Array;
  arg: Float64Array;
  aux: Int32Array;
};

/** Calls `f` with successive chunks of events [from, to) (the arrays are reused). */
export function forEachEventChunk(t: TraceModel, f: (c: EventChunk) => void, from = 0, to = t.events.length): void {
  const e = t.events;
  const c: EventChunk = {
    base: 0,
    n: 0,
    time: new Float64Array(CHUNK),
    code: new Uint8Array(CHUNK),
    g: new Int32Array(CHUNK),
    p: new Int32Array(CHUNK),
    stack: new Int32Array(CHUNK),
    arg: new Float64Array(CHUNK),
    aux: new Int32Array(CHUNK),
  };
  for (let i = from; i < to; i += CHUNK) {
    const end = Math.min(to, i + CHUNK);
    const n = end - i;
    c.base = i;
    c.n = n;
    eventTimesInto(e.time, i, end, c.time);
    c.code.set(e.code.subarray(i, end));
    packedInto(e.g, i, end, c.g);
    packedInto(e.p, i, end, c.p);
    packedInto(e.stack, i, end, c.stack);
    packedInto(e.arg, i, end, c.arg);
    packedInto(e.aux, i, end, c.aux);
    if (e.bigArgs.length > 0) {
      for (let k = 0; k < n; k++) if (c.arg[k] === ARG_BIG) c.arg[k] = sideValue(e.bigArgs, i + k);
    }
    f(c);
  }
}

/**
 * The goroutine transition of an event code: old state << 4 | new state (GoState), or -1 when
 * the code is not a goroutine transition. GoStatus events carry theirs in `aux`.
 */
export function goTransition(code: number, aux: number): number {
  const S = GoState;
  switch (code) {
    case C.GoCreate:
      return (S.NotExist << 4) | S.Runnable;
    case C.GoCreateBlocked:
      return (S.NotExist << 4) | S.Waiting;
    case C.GoCreateSyscall:
      return (S.NotExist << 4) | S.Syscall;
    case C.GoStart:
      return (S.Runnable << 4) | S.Running;
    case C.GoDestroy:
      return (S.Running << 4) | S.NotExist;
    case C.GoDestroySyscall:
      return (S.Syscall << 4) | S.NotExist;
    case C.GoStop:
      return (S.Running << 4) | S.Runnable;
    case C.GoBlock:
      return (S.Running << 4) | S.Waiting;
    case C.GoUnblock:
    case C.GoSwitch:
    case C.GoSwitchDestroy:
      return (S.Waiting << 4) | S.Runnable;
    case C.GoSyscallBegin:
      return (S.Running << 4) | S.Syscall;
    case C.GoSyscallEnd:
      return (S.Syscall << 4) | S.Running;
    case C.GoSyscallEndBlocked:
      return (S.Syscall << 4) | S.Runnable;
    case C.GoStatus:
    case C.GoStatusStack:
      return aux & 0xff;
  }
  return -1;
}

/**
 * The stack of a goroutine transition (Go's StateTransition.Stack): the new goroutine's start
 * stack for a creation, the event's stack for a stop, block, syscall begin and status with a
 * stack; -1 for the others.
 */
export function transitionStack(code: number, stack: number, aux: number): number {
  switch (code) {
    case C.GoCreate:
    case C.GoCreateBlocked:
      return aux;
    case C.GoStop:
    case C.GoBlock:
    case C.GoSyscallBegin:
    case C.GoStatusStack:
      return stack;
  }
  return -1;
}

/** The reason string index of a transition (GoStop/GoBlock), 0 (""): none. */
export function transitionReason(code: number, aux: number): number {
  return code === C.GoStop || code === C.GoBlock ? aux : 0;
}

/** Running or in a syscall (Go's GoState.Executing). */
export function executing(state: number): boolean {
  return state === GoState.Running || state === GoState.Syscall;
}
