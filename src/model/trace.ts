// The columnar model of a Go execution trace (generation format, Go 1.22+), built by
// parse/trace/ in one pass and read by analysis/ and the timeline views.
//
// Shape (every table is `{ column: TypedArray, …, length }`; no object per event):
//
// - `events`: every event Go's internal/trace Reader yields, in its order (Sync events
//   included). Columns: `time` (Ns since the first event, strictly increasing, exactly Go's
//   times minus the first), `code` (wire event type of tracev2, 0 = Sync; see TraceCode),
//   `g` (context goroutine: index into `goroutines`, -1 none), `p` (context P id, -1 none),
//   `m` (context thread: index into `threads`, -1 none), `stack` (index into `stacks`, -1
//   none), `arg` and `aux` (per code, see EVENT_ARGS below; read `arg` with eventArg: the few
//   beyond 32 bits are kept aside). `kindOfCode` maps a code to Go's event kind (TraceKind).
//   The reader's window (TraceEventTable) has a plain typed array per field; the model keeps
//   time in 32 bits from a base per block (EventTimes: read with eventTime), code in 8, and
//   g, P, M, stack, arg and aux bit-packed a block of 256 events at a time (PackedInt32: read
//   with packedAt / packedInto): within a block they span few values, so about 11 bytes an
//   event in all, where a plain array per field took 25.
// - `strings`: interned strings (every generation's string table merged); `frames`
//   (func/file string index, line, pc) and `stacks` (a prefix tree like the profile model:
//   stack i = frames[frame[i]] called from stacks[prefix[i]]; an event's stack index is its
//   leaf, walk `prefix` to the root).
// - `goroutines`: id, creation (time, parent goroutine, start stack, start function name),
//   end time. `threads`: OS thread ids.
// - Derived tables for the views: `gStates` (goroutine state intervals grouped by goroutine,
//   `gStateOffsets` bounding each goroutine's rows, in time order, end to end: each begins at
//   an event and ends where the next begins (gStateEndEvent); times are eventTime of those),
//   `pRuns` (which goroutine ran on which P: grouped by P index like gStates), `syscalls`
//   (goroutine, thread, begin and end), `gcCycles`,
//   `stw`, `markAssists`, `sweeps`, `heapAlloc` / `heapGoal` / `gomaxprocs` series,
//   `tasks`, `regions`, `logs`, `cpuSamples`, `generations` (with the clock snapshot of
//   1.25+ traces: trace time ↔ wall clock).
// - `warnings`: problems that did not stop the parse (a truncated file keeps every complete
//   generation: the warning says where the file ends and how many generations were kept;
//   the events and tables hold what was kept, ending with the reader's final Sync).
//
// EVENT_ARGS (`arg`, `aux` by code; "g" = goroutine index, "str" = string index):
//   Sync: N, generation index · CPUSample: -, - · ProcsChange/HeapAlloc/HeapGoal: value, - ·
//   ProcStart/ProcStop: P id, - · ProcSteal: P id, from ProcState · ProcStatus: P id,
//   from<<4|to (ProcState) · GoCreate/GoCreateBlocked/GoCreateSyscall: new g, start stack ·
//   GoStart/GoUnblock/GoSwitch/GoSwitchDestroy: g, - · GoDestroy/GoDestroySyscall/
//   GoSyscall*: g (the context's), - · GoStop/GoBlock: g, reason str · GoStatus(Stack): g,
//   from<<4|to (GoState) · STWBegin/STWEnd: -, reason str · GCActive/GCBegin/GCEnd: GC seq, - ·
//   GCSweepActive/GCSweepBegin: P id, - · GCSweepEnd: P id, sweepEventRows row ·
//   GCMarkAssistActive/Begin/End: g, - · GoLabel: -, label str · UserTaskBegin/End: task id,
//   taskEventRows row · UserRegionBegin/End: task id, name str · UserLog: task id, logEventRows row ·
//   experimental (128–136): first argument, -.

import { PACK_BLOCK, PACK_BLOCK_SHIFT, packedAt, packedInto, type PackedInt32 } from '../base/packed-column';

import type { Ns } from '../base/time';

export type { Ns };

/** Wire event types of the generation format (tracev2), plus 0 for the reader's Sync. */
export const TraceCode = {
  Sync: 0,
  CPUSample: 7,
  ProcsChange: 9,
  ProcStart: 10,
  ProcStop: 11,
  ProcSteal: 12,
  ProcStatus: 13,
  GoCreate: 14,
  GoCreateSyscall: 15,
  GoStart: 16,
  GoDestroy: 17,
  GoDestroySyscall: 18,
  GoStop: 19,
  GoBlock: 20,
  GoUnblock: 21,
  GoSyscallBegin: 22,
  GoSyscallEnd: 23,
  GoSyscallEndBlocked: 24,
  GoStatus: 25,
  STWBegin: 26,
  STWEnd: 27,
  GCActive: 28,
  GCBegin: 29,
  GCEnd: 30,
  GCSweepActive: 31,
  GCSweepBegin: 32,
  GCSweepEnd: 33,
  GCMarkAssistActive: 34,
  GCMarkAssistBegin: 35,
  GCMarkAssistEnd: 36,
  HeapAlloc: 37,
  HeapGoal: 38,
  GoLabel: 39,
  UserTaskBegin: 40,
  UserTaskEnd: 41,
  UserRegionBegin: 42,
  UserRegionEnd: 43,
  UserLog: 44,
  GoSwitch: 45,
  GoSwitchDestroy: 46,
  GoCreateBlocked: 47,
  GoStatusStack: 48,
} as const;

/** Go's internal/trace EventKind, numbered as Go numbers them. */
export const TraceKind = {
  Bad: 0,
  Sync: 1,
  Metric: 2,
  Label: 3,
  StackSample: 4,
  RangeBegin: 5,
  RangeActive: 6,
  RangeEnd: 7,
  TaskBegin: 8,
  TaskEnd: 9,
  RegionBegin: 10,
  RegionEnd: 11,
  Log: 12,
  StateTransition: 13,
  Experimental: 14,
} as const;

export const TRACE_KIND_NAMES = [
  'Bad',
  'Sync',
  'Metric',
  'Label',
  'StackSample',
  'RangeBegin',
  'RangeActive',
  'RangeEnd',
  'TaskBegin',
  'TaskEnd',
  'RegionBegin',
  'RegionEnd',
  'Log',
  'StateTransition',
  'Experimental',
];

/** Go's event kind of each code (index = code). */
export const kindOfCode: Uint8Array = (() => {
  const k = new Uint8Array(256);
  const C = TraceCode;
  const K = TraceKind;
  k[C.Sync] = K.Sync;
  k[C.CPUSample] = K.StackSample;
  for (const c of [C.ProcsChange, C.HeapAlloc, C.HeapGoal]) k[c] = K.Metric;
  for (const c of [
    C.ProcStart, C.ProcStop, C.ProcSteal, C.ProcStatus, C.GoCreate, C.GoCreateSyscall, C.GoStart,
    C.GoDestroy, C.GoDestroySyscall, C.GoStop, C.GoBlock, C.GoUnblock, C.GoSyscallBegin,
    C.GoSyscallEnd, C.GoSyscallEndBlocked, C.GoStatus, C.GoSwitch, C.GoSwitchDestroy,
    C.GoCreateBlocked, C.GoStatusStack,
  ]) k[c] = K.StateTransition;
  for (const c of [C.STWBegin, C.GCBegin, C.GCSweepBegin, C.GCMarkAssistBegin]) k[c] = K.RangeBegin;
  for (const c of [C.GCActive, C.GCSweepActive, C.GCMarkAssistActive]) k[c] = K.RangeActive;
  for (const c of [C.STWEnd, C.GCEnd, C.GCSweepEnd, C.GCMarkAssistEnd]) k[c] = K.RangeEnd;
  k[C.GoLabel] = K.Label;
  k[C.UserTaskBegin] = K.TaskBegin;
  k[C.UserTaskEnd] = K.TaskEnd;
  k[C.UserRegionBegin] = K.RegionBegin;
  k[C.UserRegionEnd] = K.RegionEnd;
  k[C.UserLog] = K.Log;
  for (let c = 128; c <= 136; c++) k[c] = K.Experimental;
  return k;
})();

/** Goroutine states as Go's reader names them (GoState). */
export const GoState = { Undetermined: 0, NotExist: 1, Runnable: 2, Running: 3, Waiting: 4, Syscall: 5 } as const;
/** P states as Go's reader names them (ProcState). */
export const ProcState = { Undetermined: 0, NotExist: 1, Running: 2, Idle: 3 } as const;

export type TraceEventTable = {
  time: Float64Array; // Ns since the first event; strictly increasing
  code: Uint8Array; // TraceCode
  g: Int32Array; // context goroutine index, -1 none
  p: Int32Array; // context P id, -1 none
  m: Int32Array; // context thread index, -1 none
  stack: Int32Array; // stack index (leaf), -1 none
  arg: Float64Array; // see EVENT_ARGS; -1 none
  aux: Int32Array; // see EVENT_ARGS; -1 none
  length: number;
};

/** `arg` of an event whose argument does not fit 32 bits: its value is in TraceModelEvents.bigArgs. */
export const ARG_BIG = -0x80000000;

/**
 * Events per block of EventTimes: the packing's block, so that a packed block of offsets spans
 * one time block and its bits are what that block's time span needs.
 */
export const TIME_BLOCK = PACK_BLOCK;
export const TIME_BLOCK_SHIFT = PACK_BLOCK_SHIFT;
/** EventTimes.offset (as unsigned) of an event too far after its block's first: its time is in `far`. */
export const TIME_FAR = 0xffffffff;

/**
 * Event times (Ns since the first event, strictly increasing): each block of TIME_BLOCK events
 * has the time of its first event, each event its offset from it, bit-packed (PackedInt32,
 * 32-bit unsigned offsets stored as their int32 bits; a block spanning 100 µs takes 17 bits an
 * event). An event more than 4.29 s after its block's first (a long idle gap) has its time in
 * `far`. Read with eventTime, eventTimeSearch, eventTimesInto.
 */
export type EventTimes = {
  base: Float64Array; // per block
  offset: PackedInt32; // per event
  far: EventSideValues; // the times of the events whose offset is TIME_FAR
  length: number;
};

/** Values of a few events that do not fit their column, by event index, in event order. */
export type EventSideValues = { event: Int32Array; value: Float64Array; length: number };

/** The side value of event i (which must have one). */
export function sideValue(side: EventSideValues, i: number): number {
  let lo = 0, hi = side.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (side.event[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return side.value[lo]!;
}

/** Time of event i. */
export function eventTime(times: EventTimes, i: number): number {
  const o = packedAt(times.offset, i) >>> 0;
  return o !== TIME_FAR ? times.base[i >>> TIME_BLOCK_SHIFT]! + o : sideValue(times.far, i);
}

/** First event index whose time is ≥ t (`after` false) or > t (`after` true); the count when none. */
export function eventTimeSearch(times: EventTimes, t: number, after: boolean): number {
  // The blocks' first times narrow it to one block, then the events of that block.
  const base = times.base;
  let lo = 0, hi = base.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (after ? base[mid]! <= t : base[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  // Blocks before lo start at or before t (or before it): the answer is in block lo-1 or at lo's start.
  let i = lo === 0 ? 0 : (lo - 1) << TIME_BLOCK_SHIFT;
  let end = Math.min(times.length, lo << TIME_BLOCK_SHIFT);
  while (i < end) {
    const mid = (i + end) >>> 1;
    const v = eventTime(times, mid);
    if (after ? v <= t : v < t) i = mid + 1;
    else end = mid;
  }
  return i;
}

/** Times of events [from, to) into out[0 .. to-from). */
export function eventTimesInto(times: EventTimes, from: number, to: number, out: Float64Array): void {
  packedInto(times.offset, from, to, out);
  const base = times.base;
  for (let i = from; i < to; i++) {
    const o = out[i - from]! >>> 0;
    out[i - from] = o !== TIME_FAR ? base[i >>> TIME_BLOCK_SHIFT]! + o : sideValue(times.far, i);
  }
}

/**
 * The model's events: TraceEventTable's fields, with times in 4 bytes (EventTimes) and the
 * integer fields bit-packed (PackedInt32: a block's values take the bits their range needs).
 */
export type TraceModelEvents = {
  time: EventTimes;
  code: Uint8Array; // TraceCode
  g: PackedInt32; // context goroutine index, -1 none
  p: PackedInt32; // context P id, -1 none
  m: PackedInt32; // context thread index, -1 none
  stack: PackedInt32; // stack index (leaf), -1 none
  arg: PackedInt32; // see EVENT_ARGS; ARG_BIG: the value is in bigArgs (read with eventArg)
  aux: PackedInt32; // see EVENT_ARGS
  /** Arguments beyond 32 bits (heap sizes from 2 GiB, large task ids…). */
  bigArgs: EventSideValues;
  length: number;
};

/** Syscalls as slices: which goroutine, on which OS thread, when. */
export type SyscallTable = {
  g: Int32Array; // goroutine index (the context's)
  m: Int32Array; // thread index, -1 unknown
  start: Float64Array;
  end: Float64Array; // trace end when still in the syscall
  length: number;
};

export type FrameTable = {
  func: Int32Array; // string index of the function name
  file: Int32Array; // string index of the file
  line: Int32Array;
  pc: Float64Array; // program counter (exact below 2^53)
  length: number;
};

export type TraceStackTable = {
  frame: Int32Array; // frame index
  prefix: Int32Array; // caller's stack index, -1 for the outermost frame; a prefix precedes its children
  length: number;
};

export type GoroutineTable = {
  id: Float64Array; // goroutine id
  createdAt: Float64Array; // Ns of its GoCreate*, NaN when it existed before the trace
  parent: Int32Array; // creating goroutine index, -1 none/unknown
  startStack: Int32Array; // stack of its start function (GoCreate new_stack), -1 unknown
  name: Int32Array; // string index of the start function (outermost frame), 0 ("") unknown
  endedAt: Float64Array; // Ns of its GoDestroy*, NaN while alive at the end
  length: number;
};

/**
 * State of a goroutine interval (gStates.state). Absent: between a goroutine's end and its
 * reappearance, which only a malformed trace that Go still reads has; it keeps a goroutine's
 * intervals end to end (each ends where the next begins).
 */
export const GState = { Running: 0, Runnable: 1, Waiting: 2, Syscall: 3, Absent: 4 } as const;

/**
 * Goroutine state intervals, grouped by goroutine (see TraceModel.gStateOffsets), each group
 * in time order and end to end: an interval ends at the event that begins the next one of its
 * goroutine, the last at TraceModel.gStateLastEnd (read both with gStateEndEvent). The reason
 * of a Waiting or Runnable interval is its start event's (gStateReason).
 */
export type GStateTable = {
  state: Uint8Array; // GState
  /**
   * Event that opened the interval (its time is the start; for a goroutine first seen by a
   * status event, the generation's Sync, as Go's summarizer counts from there).
   */
  startEvent: Int32Array;
  length: number;
};

/** What ran on each P: grouped by P (see TraceModel.pRunOffsets), each group in time order. */
export type PRunTable = {
  g: Int32Array; // goroutine index running on it
  /** The events that began and ended the run (times: eventTime; the final Sync while still running). */
  startEvent: Int32Array;
  endEvent: Int32Array;
  length: number;
};

export type RangeTable = {
  start: Float64Array; // Ns; NaN when the range began before the trace (Active event)
  end: Float64Array; // Ns; NaN while still open at the end of the trace
  owner: Int32Array; // goroutine index (STW, mark assist), P id (sweep), GC seq (GC cycles)
  label: Int32Array; // STW: reason string index; GC cycle: its sequence number; else -1
  length: number;
};

export type SweepTable = RangeTable & {
  swept: Float64Array; // bytes swept (GCSweepEnd), NaN while open
  reclaimed: Float64Array; // bytes reclaimed
};

export type SeriesTable = { time: Float64Array; value: Float64Array; length: number };

export type TaskTable = {
  id: Float64Array;
  parent: Float64Array; // parent task id, -1 none
  name: Int32Array; // string index
  start: Float64Array; // NaN when begun before the trace
  end: Float64Array; // NaN while open
  length: number;
};

export type RegionTable = {
  g: Int32Array; // goroutine index
  task: Float64Array; // task id (0 = background)
  name: Int32Array; // string index
  start: Float64Array; // NaN when begun before the trace
  end: Float64Array; // NaN while open
  depth: Int32Array; // nesting depth on its goroutine (0 = outermost)
  length: number;
};

export type LogTable = {
  time: Float64Array;
  g: Int32Array;
  task: Float64Array;
  key: Int32Array; // string index (category)
  message: Int32Array; // string index
  length: number;
};

export type CpuSampleTable = {
  time: Float64Array;
  g: Int32Array; // goroutine index, -1 none
  p: Int32Array; // P id, -1 none
  m: Int32Array; // thread index, -1 none
  stack: Int32Array; // stack index, -1 none
  length: number;
};

export type GenerationTable = {
  gen: Float64Array; // generation number as written
  start: Float64Array; // Ns of its Sync event
  firstEvent: Int32Array; // index of its Sync in `events`
  /** Clock snapshot (Go 1.25+): trace Ns, monotonic ns, wall clock Unix seconds + ns; NaN when absent. */
  snapTime: Float64Array;
  snapMono: Float64Array;
  snapWallSec: Float64Array;
  snapWallNsec: Float64Array;
  length: number;
};

export type TraceModel = {
  kind: 'trace';
  /** Header version, e.g. "1.26". */
  goVersion: string;
  /** Absolute trace-clock ns of time 0 (approximate above 2^53; for display only). */
  startAbsNs: number;
  durationNs: Ns;
  events: TraceModelEvents;
  strings: string[];
  frames: FrameTable;
  stacks: TraceStackTable;
  goroutines: GoroutineTable;
  threads: { tid: Float64Array; length: number };
  /** Goroutine state intervals: rows of goroutine g are gStateOffsets[g] .. gStateOffsets[g+1]-1, in time order. */
  gStates: GStateTable;
  gStateOffsets: Int32Array; // length goroutines.length + 1
  /** Per goroutine: the event that closed its last interval (the final Sync for one still open), -1 none. */
  gStateLastEnd: Int32Array;
  pRuns: PRunTable;
  pRunOffsets: Int32Array; // by P id: rows of P p are pRunOffsets[p] .. pRunOffsets[p+1]-1
  /** Syscalls from their begin/end events (one begun before the trace has no begin: left out). */
  syscalls: SyscallTable;
  gcCycles: RangeTable;
  stw: RangeTable;
  markAssists: RangeTable;
  sweeps: SweepTable;
  heapAlloc: SeriesTable;
  heapGoal: SeriesTable;
  gomaxprocs: SeriesTable;
  tasks: TaskTable;
  regions: RegionTable;
  logs: LogTable;
  cpuSamples: CpuSampleTable;
  generations: GenerationTable;
  /** Rows referenced by the `aux` of events whose data does not fit arg/aux. */
  taskEventRows: { parent: Float64Array; name: Int32Array; length: number }; // UserTaskBegin/End: parent id (-1 none), type name
  logEventRows: { key: Int32Array; message: Int32Array; length: number }; // UserLog: category, message
  sweepEventRows: { swept: Float64Array; reclaimed: Float64Array; length: number }; // GCSweepEnd: bytes
  warnings: string[];
};

/** The argument of event i (EVENT_ARGS). */
export function eventArg(events: TraceModelEvents, i: number): number {
  const a = packedAt(events.arg, i);
  return a !== ARG_BIG ? a : sideValue(events.bigArgs, i);
}

/** Start of P run i (Ns). */
export function pRunStart(t: TraceModel, i: number): number {
  return eventTime(t.events.time, t.pRuns.startEvent[i]!);
}

/** End of P run i (Ns; the trace's end while still running). */
export function pRunEnd(t: TraceModel, i: number): number {
  return eventTime(t.events.time, t.pRuns.endEvent[i]!);
}

/** The event that closed interval k of goroutine g (the final Sync for one still open). */
export function gStateEndEvent(t: TraceModel, g: number, k: number): number {
  return k + 1 < t.gStateOffsets[g + 1]! ? t.gStates.startEvent[k + 1]! : t.gStateLastEnd[g]!;
}

/** String index of why goroutine interval i began (GoBlock/GoStop reason), 0 none. */
export function gStateReason(t: TraceModel, i: number): number {
  const e = t.gStates.startEvent[i]!;
  const c = t.events.code[e]!;
  return c === TraceCode.GoStop || c === TraceCode.GoBlock ? packedAt(t.events.aux, e) : 0;
}

/** The frames of a stack, leaf first, as frame indexes. */
export function stackFrames(t: TraceModel, stack: number): number[] {
  const out: number[] = [];
  for (let s = stack; s >= 0; s = t.stacks.prefix[s]!) out.push(t.stacks.frame[s]!);
  return out;
}

/** Checks indexes are in range and times are strictly increasing. */
export function checkTraceIntegrity(t: TraceModel): string[] {
  const problems: string[] = [];
  const e = t.events;
  for (let i = 0; i < e.length && problems.length < 20; i++) {
    if (i > 0 && !(eventTime(e.time, i) > eventTime(e.time, i - 1))) problems.push(`event ${i}: time not increasing`);
    const g = packedAt(e.g, i);
    if (g < -1 || g >= t.goroutines.length) problems.push(`event ${i}: goroutine out of range`);
    const m = packedAt(e.m, i);
    if (m < -1 || m >= t.threads.length) problems.push(`event ${i}: thread out of range`);
    const s = packedAt(e.stack, i);
    if (s < -1 || s >= t.stacks.length) problems.push(`event ${i}: stack out of range`);
  }
  for (let i = 0; i < t.stacks.length; i++) {
    const pre = t.stacks.prefix[i]!;
    if (!(pre >= -1 && pre < i)) problems.push(`stack ${i}: prefix does not precede it`);
    const f = t.stacks.frame[i]!;
    if (!(f >= 0 && f < t.frames.length)) problems.push(`stack ${i}: frame out of range`);
  }
  const gs = t.gStates;
  for (let g = 0; g < t.goroutines.length && problems.length < 20; g++) {
    for (let k = t.gStateOffsets[g]!; k < t.gStateOffsets[g + 1]!; k++) {
      const end = gStateEndEvent(t, g, k);
      if (!(gs.startEvent[k]! >= 0 && gs.startEvent[k]! <= end && end < e.length)) problems.push(`gStates ${k}: events out of range`);
    }
  }
  if (t.gStateOffsets[t.goroutines.length] !== gs.length) problems.push('gStateOffsets do not cover gStates');
  for (let i = 0; i < t.frames.length; i++) {
    if (!(t.frames.func[i]! >= 0 && t.frames.func[i]! < t.strings.length)) problems.push(`frame ${i}: func out of range`);
  }
  return problems.slice(0, 20);
}
