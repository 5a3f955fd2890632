// GODEBUG=schedtrace=X lines, and the extra lines of scheddetail=1
// (../shared/docs/go-runtime-logs.md §4).

import { digitsAtMost, INT32_MAX } from '../../base/checked-number';
import type { SchedTable } from '../../model/runtime-log';

const SCHED_LINE =
  /^SCHED (\d+)ms: gomaxprocs=(\d+) idleprocs=(\d+) threads=(\d+) spinningthreads=(\d+)(?: needspinning=(\d+))? idlethreads=(\d+) runqueue=(\d+)((?:[^\d\n\r\u2028\u2029].*)?)$/;
/** A line that claims to be a schedtrace line; if the grammar then fails it is malformed. */
export const SCHED_LINE_START = /^SCHED \d+ms:/;
// §4.1: 1.19–1.24 `[0 0]`, 1.25+ `[ 0 0 ] schedticks=[ 1 2 ]`. Numbers with single spaces as
// `(?:\d+ )*\d*`: `(?:\d+ ?)*` says the same and backtracks exponentially on a run of digits.
const LOCAL_QUEUES = /^ \[ ?((?:\d+ )*\d*)\](?: schedticks=\[ ?((?:\d+ )*\d*)\])?$/;
// §4.2 detail header tail.
const DETAIL_TAIL = /^ gcwaiting=(?:true|false|\d+) nmidlelocked=-?\d+ stopwait=-?\d+ sysmonwait=(?:true|false|\d+)$/;
/** scheddetail's per-P, per-M and per-G lines (two spaces, then P0:/M3:/G17:). */
export const SCHED_DETAIL_LINE = /^ {2}[PMG]-?\d+: /;
const DETAIL_P_RUNQ = / runqsize=(\d+)/;

export type SchedLineShape = {
  needSpinning: boolean;
  schedTicks: boolean;
  detail: boolean;
};

export class SchedColumns {
  timeNs: number[] = [];
  gomaxprocs: number[] = [];
  idleprocs: number[] = [];
  threads: number[] = [];
  spinningThreads: number[] = [];
  needSpinning: number[] = [];
  idleThreads: number[] = [];
  globalRunqueue: number[] = [];
  localRunqueueSum: number[] = [];
  localRunqueueStart: number[] = [];
  localRunqueueCount: number[] = [];
  detail: number[] = [];
  lineNumber: number[] = [];
  localRunqueues: number[] = [];
  /** Shapes seen, for Go version hints. */
  readonly shapes = { withoutNeedSpinning: false, needSpinningNoTicks: false, schedTicks: false, detailNil: false, detailMinusOne: false };

  get length(): number {
    return this.timeNs.length;
  }

  /** Parses one SCHED line; false when it does not follow the grammar. */
  addLine(line: string, lineNumber: number): boolean {
    const m = SCHED_LINE.exec(line);
    if (!m) return false;
    // Counts go to int32 columns and the time to ns: a number beyond them makes the line malformed.
    const ms = digitsAtMost(m[1]!, Math.floor(Number.MAX_SAFE_INTEGER / 1e6));
    const counts: number[] = [];
    for (let k = 2; k <= 8; k++) {
      const v = m[k] === undefined ? -1 : digitsAtMost(m[k]!, INT32_MAX);
      if (v === null) return false;
      counts.push(v);
    }
    if (ms === null) return false;
    const rest = m[9]!;
    const start = this.localRunqueues.length;
    let sum = 0;
    let detail = 0;
    let ticks = false;
    const q = LOCAL_QUEUES.exec(rest);
    if (q) {
      const queues: number[] = [];
      for (const tok of q[1]!.split(' ')) {
        if (tok === '') continue;
        const n = digitsAtMost(tok, INT32_MAX);
        if (n === null) return false;
        queues.push(n);
        sum += n;
      }
      if (sum > INT32_MAX) return false;
      for (const n of queues) this.localRunqueues.push(n);
      ticks = q[2] !== undefined;
    } else if (DETAIL_TAIL.test(rest)) {
      detail = 1;
      sum = -1; // filled from the P lines that follow
    } else {
      return false;
    }
    if (detail === 0) {
      if (m[6] === undefined) this.shapes.withoutNeedSpinning = true;
      else if (ticks) this.shapes.schedTicks = true;
      else this.shapes.needSpinningNoTicks = true;
    } else if (m[6] === undefined) {
      this.shapes.withoutNeedSpinning = true;
    }
    this.timeNs.push(ms * 1e6);
    this.gomaxprocs.push(counts[0]!);
    this.idleprocs.push(counts[1]!);
    this.threads.push(counts[2]!);
    this.spinningThreads.push(counts[3]!);
    this.needSpinning.push(counts[4]!);
    this.idleThreads.push(counts[5]!);
    this.globalRunqueue.push(counts[6]!);
    this.localRunqueueSum.push(sum);
    this.localRunqueueStart.push(start);
    this.localRunqueueCount.push(this.localRunqueues.length - start);
    this.detail.push(detail);
    this.lineNumber.push(lineNumber);
    return true;
  }

  /**
   * A scheddetail P/M/G line: a P line's runqsize is that P's local run queue, so it is added
   * to the preceding detail header's row (which has no `[…]` list of its own).
   */
  addDetailLine(line: string): void {
    if (line.includes(' m=nil') || line.includes(' curg=nil') || line.includes(' p=nil')) this.shapes.detailNil = true;
    else if (line.includes(' m=-1') || line.includes(' curg=-1') || line.includes(' p=-1')) this.shapes.detailMinusOne = true;
    const row = this.timeNs.length - 1;
    if (row < 0 || this.detail[row] !== 1 || line.charCodeAt(2) !== 80 /* P */) return;
    const m = DETAIL_P_RUNQ.exec(line);
    const n = m ? digitsAtMost(m[1]!, INT32_MAX) : null;
    if (n === null || Math.max(0, this.localRunqueueSum[row]!) + n > INT32_MAX) return;
    this.localRunqueues.push(n);
    this.localRunqueueCount[row]!++;
    this.localRunqueueSum[row] = Math.max(0, this.localRunqueueSum[row]!) + n;
  }

  finish(): { sched: SchedTable; localRunqueues: Int32Array } {
    const i32 = (a: number[]) => Int32Array.from(a);
    return {
      sched: {
        timeNs: Float64Array.from(this.timeNs),
        gomaxprocs: i32(this.gomaxprocs),
        idleprocs: i32(this.idleprocs),
        threads: i32(this.threads),
        spinningThreads: i32(this.spinningThreads),
        needSpinning: i32(this.needSpinning),
        idleThreads: i32(this.idleThreads),
        globalRunqueue: i32(this.globalRunqueue),
        localRunqueueSum: i32(this.localRunqueueSum),
        localRunqueueStart: i32(this.localRunqueueStart),
        localRunqueueCount: i32(this.localRunqueueCount),
        detail: Uint8Array.from(this.detail),
        lineNumber: i32(this.lineNumber),
        length: this.timeNs.length,
      },
      localRunqueues: i32(this.localRunqueues),
    };
  }
}
