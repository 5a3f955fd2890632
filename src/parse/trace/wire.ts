// Wire facts of the generation-based trace format (../shared/docs/go-trace-format.md §4),
// as tables indexed by event type so the hot loops do array reads, not switches.

import { FormatError } from '../../base/errors';

export const EV_EVENT_BATCH = 1;
export const EV_STACKS = 2;
export const EV_STACK = 3;
export const EV_STRINGS = 4;
export const EV_STRING = 5;
export const EV_CPU_SAMPLES = 6;
export const EV_CPU_SAMPLE = 7;
export const EV_FREQUENCY = 8;
export const EV_EXPERIMENTAL_BATCH = 49;
export const EV_SYNC = 50;
export const EV_CLOCK_SNAPSHOT = 51;
export const EV_END_OF_GENERATION = 52;

/** Go's limits (tracev2): batch body, frames per stack, string length. */
export const MAX_BATCH_SIZE = 64 << 10;
export const MAX_FRAMES_PER_STACK = 128;
export const MAX_STRING_SIZE = 1 << 10;

/** Number of arguments after the time delta of each timed event type; -1 = not a timed event. */
export const TIMED_ARGC = new Int8Array(256).fill(-1);
/** Index (among the arguments after dt) of the event's own stack ID, -1 none. */
export const STACK_ARG = new Int8Array(256).fill(-1);
/** Indexes of string-ID arguments (up to two), -1 none. */
export const STRING_ARG0 = new Int8Array(256).fill(-1);
export const STRING_ARG1 = new Int8Array(256).fill(-1);
/** Second stack argument (GoCreate's new_stack), -1 none. */
export const STACK_ARG2 = new Int8Array(256).fill(-1);
/** Number of defined spec entries (Go's len(Specs())): types at or above are invalid. */
export const NUM_SPECS = 137;

export const EVENT_NAMES: string[] = [];

function def(t: number, name: string, argc: number, stack = -1, str0 = -1, str1 = -1, stack2 = -1) {
  TIMED_ARGC[t] = argc;
  STACK_ARG[t] = stack;
  STRING_ARG0[t] = str0;
  STRING_ARG1[t] = str1;
  STACK_ARG2[t] = stack2;
  EVENT_NAMES[t] = name;
}

def(9, 'ProcsChange', 2, 1);
def(10, 'ProcStart', 2);
def(11, 'ProcStop', 0);
def(12, 'ProcSteal', 3);
def(13, 'ProcStatus', 2);
def(14, 'GoCreate', 3, 2, -1, -1, 1);
def(15, 'GoCreateSyscall', 1);
def(16, 'GoStart', 2);
def(17, 'GoDestroy', 0);
def(18, 'GoDestroySyscall', 0);
def(19, 'GoStop', 2, 1, 0);
def(20, 'GoBlock', 2, 1, 0);
def(21, 'GoUnblock', 3, 2);
def(22, 'GoSyscallBegin', 2, 1);
def(23, 'GoSyscallEnd', 0);
def(24, 'GoSyscallEndBlocked', 0);
def(25, 'GoStatus', 3);
def(26, 'STWBegin', 2, 1, 0);
def(27, 'STWEnd', 0);
def(28, 'GCActive', 1);
def(29, 'GCBegin', 2, 1);
def(30, 'GCEnd', 1);
def(31, 'GCSweepActive', 1);
def(32, 'GCSweepBegin', 1, 0);
def(33, 'GCSweepEnd', 2);
def(34, 'GCMarkAssistActive', 1);
def(35, 'GCMarkAssistBegin', 1, 0);
def(36, 'GCMarkAssistEnd', 0);
def(37, 'HeapAlloc', 1);
def(38, 'HeapGoal', 1);
def(39, 'GoLabel', 1, -1, 0);
def(40, 'UserTaskBegin', 4, 3, 2);
def(41, 'UserTaskEnd', 2, 1);
def(42, 'UserRegionBegin', 3, 2, 1);
def(43, 'UserRegionEnd', 3, 2, 1);
def(44, 'UserLog', 4, 3, 1, 2);
def(45, 'GoSwitch', 2);
def(46, 'GoSwitchDestroy', 2);
def(47, 'GoCreateBlocked', 3, 2, -1, -1, 1);
def(48, 'GoStatusStack', 4, 3);
// ClockSnapshot is marked timed in Go's spec table: inside an event batch it decodes, then
// the ordering rejects it.
def(51, 'ClockSnapshot', 3);
def(128, 'Span', 3);
def(129, 'SpanAlloc', 3);
def(130, 'SpanFree', 1);
def(131, 'HeapObject', 2);
def(132, 'HeapObjectAlloc', 2);
def(133, 'HeapObjectFree', 1);
def(134, 'GoroutineStack', 2);
def(135, 'GoroutineStackAlloc', 2);
def(136, 'GoroutineStackFree', 1);

export function eventName(t: number): string {
  return EVENT_NAMES[t] ?? `event ${t}`;
}

/** Trace format versions Go's reader accepts (minor numbers). */
export const V2_VERSIONS = [22, 23, 25, 26];
/** Trace format versions of the v1 family Go's reader accepts (read by v1/). */
export const V1_VERSIONS = [11, 19, 21];
/** v1 formats of Go 1.5–1.10, which no current Go reads. */
const V1_OLD_VERSIONS = [5, 7, 8, 9, 10];

/** Whether a header's minor version is of the v1 family (Go 1.11–1.21). */
export function isV1Trace(minor: number): boolean {
  return V1_VERSIONS.includes(minor);
}

const HEADER_PREFIX = [0x67, 0x6f, 0x20, 0x31, 0x2e]; // "go 1."

/** True when the bytes start like a Go execution trace header ("go 1."). */
export function looksLikeGoTrace(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_PREFIX.length) return false;
  for (let i = 0; i < HEADER_PREFIX.length; i++) if (bytes[i] !== HEADER_PREFIX[i]) return false;
  return true;
}

/**
 * Reads the 16-byte header `go 1.N trace\0…`; returns N and the header length (v1 and v2
 * formats: see isV1Trace). Throws a FormatError naming the version for formats not read.
 */
export function readTraceHeader(bytes: Uint8Array): { minor: number; headerEnd: number } {
  if (!looksLikeGoTrace(bytes)) throw new FormatError('bad file format: not a Go execution trace');
  let pos = HEADER_PREFIX.length;
  let minor = 0;
  let digits = 0;
  while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39 && digits < 4) {
    minor = minor * 10 + (bytes[pos]! - 0x30);
    pos++;
    digits++;
  }
  const suffix = ' trace';
  let ok = digits > 0;
  for (let i = 0; ok && i < suffix.length; i++) if (bytes[pos + i] !== suffix.charCodeAt(i)) ok = false;
  if (!ok) throw new FormatError('bad file format: not a Go execution trace (malformed "go 1.N trace" header)', { offset: pos });
  pos += suffix.length;
  // Go's header format is "go 1.%d trace\x00\x00\x00": three NULs after the text.
  for (let i = 0; i < 3; i++) {
    if (bytes[pos] !== 0) throw new FormatError(`bad file format: Go 1.${minor} trace header is not NUL-terminated`, { offset: pos });
    pos++;
  }
  if (V2_VERSIONS.includes(minor) || V1_VERSIONS.includes(minor)) return { minor, headerEnd: pos };
  if (V1_OLD_VERSIONS.includes(minor)) throw new FormatError('trace.v1-too-old', { version: `1.${minor}` });
  throw new FormatError(`unknown or unsupported trace version go 1.${minor}`, { offset: HEADER_PREFIX.length });
}
