// Wire facts of the v1 trace format (headers go 1.11, go 1.19, go 1.21; written by Go 1.11–1.21):
// ../shared/docs/go-trace-format.md §3. Tables indexed by event type.

export const EV_NONE = 0;
export const EV_BATCH = 1;
export const EV_FREQUENCY = 2;
export const EV_STACK = 3;
export const EV_GOMAXPROCS = 4;
export const EV_PROC_START = 5;
export const EV_PROC_STOP = 6;
export const EV_GC_START = 7;
export const EV_GC_DONE = 8;
export const EV_STW_START = 9;
export const EV_STW_DONE = 10;
export const EV_GC_SWEEP_START = 11;
export const EV_GC_SWEEP_DONE = 12;
export const EV_GO_CREATE = 13;
export const EV_GO_START = 14;
export const EV_GO_END = 15;
export const EV_GO_STOP = 16;
export const EV_GO_SCHED = 17;
export const EV_GO_PREEMPT = 18;
export const EV_GO_SLEEP = 19;
export const EV_GO_BLOCK = 20;
export const EV_GO_UNBLOCK = 21;
export const EV_GO_BLOCK_SEND = 22;
export const EV_GO_BLOCK_RECV = 23;
export const EV_GO_BLOCK_SELECT = 24;
export const EV_GO_BLOCK_SYNC = 25;
export const EV_GO_BLOCK_COND = 26;
export const EV_GO_BLOCK_NET = 27;
export const EV_GO_SYSCALL = 28;
export const EV_GO_SYS_EXIT = 29;
export const EV_GO_SYS_BLOCK = 30;
export const EV_GO_WAITING = 31;
export const EV_GO_IN_SYSCALL = 32;
export const EV_HEAP_ALLOC = 33;
export const EV_HEAP_GOAL = 34;
export const EV_TIMER_GOROUTINE = 35;
export const EV_FUTILE_WAKEUP = 36;
export const EV_STRING = 37;
export const EV_GO_START_LOCAL = 38;
export const EV_GO_UNBLOCK_LOCAL = 39;
export const EV_GO_SYS_EXIT_LOCAL = 40;
export const EV_GO_START_LABEL = 41;
export const EV_GO_BLOCK_GC = 42;
export const EV_GC_MARK_ASSIST_START = 43;
export const EV_GC_MARK_ASSIST_DONE = 44;
export const EV_USER_TASK_CREATE = 45;
export const EV_USER_TASK_END = 46;
export const EV_USER_REGION = 47;
export const EV_USER_LOG = 48;
export const EV_CPU_SAMPLE = 49;
export const EV_COUNT = 50;

/** Fake P ids Go's v1 reader gives events that no P runs. */
export const TIMER_P = 1000001;
export const NETPOLL_P = 1000002;
export const SYSCALL_P = 1000003;
export const GC_P = 1000004;
export const PROFILE_P = 1000005;

export const V1_NAMES: string[] = [];
/** First format version (minor) with the event type. */
export const V1_MIN_VERSION = new Uint8Array(256).fill(255);
/** Whether the event's last argument is its stack ID. */
export const V1_HAS_STACK = new Uint8Array(256);
/** Number of named arguments (after the timestamp, before the stack). */
export const V1_ARGS = new Uint8Array(256);

function def(t: number, name: string, minVersion: number, stack: boolean, args: number) {
  V1_NAMES[t] = name;
  V1_MIN_VERSION[t] = minVersion;
  V1_HAS_STACK[t] = stack ? 1 : 0;
  V1_ARGS[t] = args;
}

def(EV_NONE, 'None', 5, false, 0);
def(EV_BATCH, 'Batch', 5, false, 2);
def(EV_FREQUENCY, 'Frequency', 5, false, 1);
def(EV_STACK, 'Stack', 5, false, 2);
def(EV_GOMAXPROCS, 'Gomaxprocs', 5, true, 1);
def(EV_PROC_START, 'ProcStart', 5, false, 1);
def(EV_PROC_STOP, 'ProcStop', 5, false, 0);
def(EV_GC_START, 'GCStart', 5, true, 1);
def(EV_GC_DONE, 'GCDone', 5, false, 0);
def(EV_STW_START, 'GCSTWStart', 5, false, 1);
def(EV_STW_DONE, 'GCSTWDone', 5, false, 0);
def(EV_GC_SWEEP_START, 'GCSweepStart', 5, true, 0);
def(EV_GC_SWEEP_DONE, 'GCSweepDone', 5, false, 2);
def(EV_GO_CREATE, 'GoCreate', 5, true, 2);
def(EV_GO_START, 'GoStart', 5, false, 2);
def(EV_GO_END, 'GoEnd', 5, false, 0);
def(EV_GO_STOP, 'GoStop', 5, true, 0);
def(EV_GO_SCHED, 'GoSched', 5, true, 0);
def(EV_GO_PREEMPT, 'GoPreempt', 5, true, 0);
def(EV_GO_SLEEP, 'GoSleep', 5, true, 0);
def(EV_GO_BLOCK, 'GoBlock', 5, true, 0);
def(EV_GO_UNBLOCK, 'GoUnblock', 5, true, 2);
def(EV_GO_BLOCK_SEND, 'GoBlockSend', 5, true, 0);
def(EV_GO_BLOCK_RECV, 'GoBlockRecv', 5, true, 0);
def(EV_GO_BLOCK_SELECT, 'GoBlockSelect', 5, true, 0);
def(EV_GO_BLOCK_SYNC, 'GoBlockSync', 5, true, 0);
def(EV_GO_BLOCK_COND, 'GoBlockCond', 5, true, 0);
def(EV_GO_BLOCK_NET, 'GoBlockNet', 5, true, 0);
def(EV_GO_SYSCALL, 'GoSysCall', 5, true, 0);
def(EV_GO_SYS_EXIT, 'GoSysExit', 5, false, 3);
def(EV_GO_SYS_BLOCK, 'GoSysBlock', 5, false, 0);
def(EV_GO_WAITING, 'GoWaiting', 5, false, 1);
def(EV_GO_IN_SYSCALL, 'GoInSyscall', 5, false, 1);
def(EV_HEAP_ALLOC, 'HeapAlloc', 5, false, 1);
def(EV_HEAP_GOAL, 'HeapGoal', 5, false, 1);
def(EV_TIMER_GOROUTINE, 'TimerGoroutine', 5, false, 1);
def(EV_FUTILE_WAKEUP, 'FutileWakeup', 5, false, 0);
def(EV_STRING, 'String', 7, false, 0);
def(EV_GO_START_LOCAL, 'GoStartLocal', 7, false, 1);
def(EV_GO_UNBLOCK_LOCAL, 'GoUnblockLocal', 7, true, 1);
def(EV_GO_SYS_EXIT_LOCAL, 'GoSysExitLocal', 7, false, 2);
def(EV_GO_START_LABEL, 'GoStartLabel', 8, false, 3);
def(EV_GO_BLOCK_GC, 'GoBlockGC', 8, true, 0);
def(EV_GC_MARK_ASSIST_START, 'GCMarkAssistStart', 9, true, 0);
def(EV_GC_MARK_ASSIST_DONE, 'GCMarkAssistDone', 9, false, 0);
def(EV_USER_TASK_CREATE, 'UserTaskCreate', 11, true, 3);
def(EV_USER_TASK_END, 'UserTaskEnd', 11, true, 1);
def(EV_USER_REGION, 'UserRegion', 11, true, 3);
def(EV_USER_LOG, 'UserLog', 11, true, 2);
def(EV_CPU_SAMPLE, 'CPUSample', 19, true, 3);

/**
 * The number of values an event of type `t` carries on the wire (Go's rawEvent.argNum): its
 * named arguments, its stack, and its timestamp (all but Batch, Frequency and TimerGoroutine).
 */
export function v1ArgNum(t: number): number {
  const n = V1_ARGS[t]! + V1_HAS_STACK[t]!;
  if (t === EV_BATCH || t === EV_FREQUENCY || t === EV_TIMER_GOROUTINE) return n;
  return n + 1;
}

/** STWStart kind → Go's STWReason (tracev1.STWReason), by format version. */
export function stwReason(minor: number, kind: number): number {
  if (minor < 21) return kind === 0 || kind === 1 ? kind + 1 : 0;
  return kind >= 0 && kind < 17 ? kind : 0;
}

/** STW reason strings in Go's conversion (index = STWReason; 6 is spelled as Go spells it). */
export const STW_REASONS = [
  '', 'GC mark termination', 'GC sweep termination', 'write heap dump', 'goroutine profile',
  'goroutine profile cleanup', 'all goroutine stack trace', 'read mem stats', 'AllThreadsSyscall',
  'GOMAXPROCS', 'start trace', 'stop trace', 'CountPagesInUse (test)', 'ReadMetricsSlow (test)',
  'ReadMemStatsSlow (test)', 'PageCachePagesLeaked (test)', 'ResetDebugLog (test)',
];

/** Block reason of each blocking v1 event in Go's conversion (GoBlock or GoStop reason strings). */
export const BLOCK_REASON: string[] = [];
BLOCK_REASON[EV_GO_STOP] = 'forever';
BLOCK_REASON[EV_GO_SCHED] = 'runtime.Gosched';
BLOCK_REASON[EV_GO_PREEMPT] = 'preempted';
BLOCK_REASON[EV_GO_SLEEP] = 'sleep';
BLOCK_REASON[EV_GO_BLOCK] = '';
BLOCK_REASON[EV_GO_BLOCK_SEND] = 'chan send';
BLOCK_REASON[EV_GO_BLOCK_RECV] = 'chan receive';
BLOCK_REASON[EV_GO_BLOCK_SELECT] = 'select';
BLOCK_REASON[EV_GO_BLOCK_SYNC] = 'sync';
BLOCK_REASON[EV_GO_BLOCK_COND] = 'sync.(*Cond).Wait';
BLOCK_REASON[EV_GO_BLOCK_NET] = 'network';
BLOCK_REASON[EV_GO_BLOCK_GC] = 'GC mark assist wait for work';
