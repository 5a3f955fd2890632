// GODEBUG=gctrace=1 and scavtrace=1 lines (../shared/docs/go-runtime-logs.md §2, §3).

import { digitsAtMost, INT32_MAX } from '../../base/checked-number';
import { GrowableFloat64 } from '../../base/growable';
import {
  GC_FLAG_FORCED,
  GC_FLAG_LEAK_CHECK,
  GC_FLAG_NO_STACKS_GLOBALS,
  type GcCycleTable,
  type ScavTable,
} from '../../model/runtime-log';

const MIB = 1048576;
/** A line that claims to be a gc line: if the grammar then fails, the line is malformed, not program output. */
export const GC_LINE_START = /^gc \d+ @/;

/**
 * A scanner for the gc line grammar (§2.1), reading numbers straight from char codes: a long
 * log has one line per cycle and a regex with 20 captures made 20 substrings per line.
 * Decimals are scaled to integers exactly (§2.2: `\d+(\.\d+)?`, any number of decimals).
 */
class GcLineScanner {
  s = '';
  i = 0;
  /** Fields in grammar order: N, @S (ns), PCT, T1..T3, C1..C5 (ns), H0, H1, H2, GOAL, STACKS, GLOBALS (MiB), P. */
  readonly v = new Float64Array(21);
  leak = false;
  forced = false;
  hasStacks = false;

  private lit(t: string): boolean {
    if (!this.s.startsWith(t, this.i)) return false;
    this.i += t.length;
    return true;
  }

  /** Unsigned integer, NaN when there is no digit. */
  private int(): number {
    const s = this.s;
    let i = this.i;
    let v = 0;
    const start = i;
    for (; i < s.length; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      v = v * 10 + d;
    }
    this.i = i;
    return i === start ? NaN : v;
  }

  /** `\d+(\.\d+)?` × 10^digits, exact (extra decimals rounded half up); NaN when malformed. */
  private scaled(digits: number): number {
    const ip = this.int();
    if (Number.isNaN(ip)) return NaN;
    let v = ip * POW10[digits]!;
    if (this.s.charCodeAt(this.i) !== 46 /* . */) return v;
    this.i++;
    const s = this.s;
    let scale = POW10[digits]!;
    let n = 0;
    for (; this.i < s.length; this.i++) {
      const d = s.charCodeAt(this.i) - 48;
      if (d < 0 || d > 9) break;
      n++;
      if (scale > 1) {
        scale /= 10;
        v += d * scale;
      } else if (scale === 1) {
        if (d >= 5) v += 1; // first dropped decimal rounds
        scale = 0;
      }
    }
    return n === 0 ? NaN : v;
  }

  /** Scans the gc line starting at `from`; true when the whole rest of the line is one. */
  scan(line: string, from: number): boolean {
    this.s = line;
    this.i = from;
    const v = this.v;
    if (!this.lit('gc ')) return false;
    v[0] = this.int();
    if (!this.lit(' @')) return false;
    v[1] = this.scaled(9);
    if (!this.lit('s ')) return false;
    v[2] = this.int();
    if (!this.lit('%')) return false;
    this.leak = this.lit(' (checking for goroutine leaks)');
    if (!this.lit(': ')) return false;
    v[3] = this.scaled(6);
    if (!this.lit('+')) return false;
    v[4] = this.scaled(6);
    if (!this.lit('+')) return false;
    v[5] = this.scaled(6);
    if (!this.lit(' ms clock, ')) return false;
    v[6] = this.scaled(6);
    if (!this.lit('+')) return false;
    v[7] = this.scaled(6);
    if (!this.lit('/')) return false;
    v[8] = this.scaled(6);
    if (!this.lit('/')) return false;
    v[9] = this.scaled(6);
    if (!this.lit('+')) return false;
    v[10] = this.scaled(6);
    if (!this.lit(' ms cpu, ')) return false;
    v[11] = this.int();
    if (!this.lit('->')) return false;
    v[12] = this.int();
    if (!this.lit('->')) return false;
    v[13] = this.int();
    if (!this.lit(' MB, ')) return false;
    v[14] = this.int();
    if (!this.lit(' MB goal, ')) return false;
    // Go 1.18+ prints stacks and globals; before, the P count follows the goal.
    const n = this.int();
    if (this.lit(' MB stacks, ')) {
      this.hasStacks = true;
      v[15] = n;
      v[16] = this.int();
      if (!this.lit(' MB globals, ')) return false;
      v[17] = this.int();
    } else {
      this.hasStacks = false;
      v[15] = -1;
      v[16] = -1;
      v[17] = n;
    }
    if (!this.lit(' P')) return false;
    this.forced = this.lit(' (forced)');
    if (this.i !== line.length) return false;
    // Checked numbers: every field exact in a double (heap sizes once in bytes), the percentage
    // and the P count within their int32 columns; a line beyond them is malformed, not clamped.
    for (let k = 0; k < 18; k++) if (!(v[k]! <= Number.MAX_SAFE_INTEGER)) return false;
    for (let k = 11; k < 17; k++) if (v[k]! * MIB > Number.MAX_SAFE_INTEGER) return false;
    if (v[2]! > INT32_MAX || v[17]! > INT32_MAX) return false;
    return true;
  }
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const scanner = new GcLineScanner();

const SCAV_121 =
  /^scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB (?:now|total), (\d+)% util( \(forced\)| \[controller reset\])?$/;
const SCAV_119 = /^scav (\d+) KiB work, (\d+) KiB (?:total|now), (\d+)% util( \(forced\)| \[controller reset\])?$/;
export const SCAV_LINE_START = /^scav \d/;

/** Row builder of GcCycleTable: plain arrays (one row per GC is few rows), typed once at finish. */
export class GcCycleColumns {
  // Typed columns from the start: a long-running process's log has 10^5 cycles.
  readonly cycle = new GrowableFloat64(64);
  readonly startNs = new GrowableFloat64(64);
  readonly cpuPercent = new GrowableFloat64(64);
  readonly sweepTermNs = new GrowableFloat64(64);
  readonly markNs = new GrowableFloat64(64);
  readonly markTermNs = new GrowableFloat64(64);
  readonly sweepTermCpuNs = new GrowableFloat64(64);
  readonly assistCpuNs = new GrowableFloat64(64);
  readonly backgroundCpuNs = new GrowableFloat64(64);
  readonly idleCpuNs = new GrowableFloat64(64);
  readonly markTermCpuNs = new GrowableFloat64(64);
  readonly heapStartBytes = new GrowableFloat64(64);
  readonly heapMarkTermBytes = new GrowableFloat64(64);
  readonly heapLiveBytes = new GrowableFloat64(64);
  readonly heapGoalBytes = new GrowableFloat64(64);
  readonly stacksBytes = new GrowableFloat64(64);
  readonly globalsBytes = new GrowableFloat64(64);
  readonly procs = new GrowableFloat64(64);
  readonly flags = new GrowableFloat64(64);
  readonly lineNumber = new GrowableFloat64(64);

  get length(): number {
    return this.cycle.length;
  }

  /** GC number of the last row, 0 when none. */
  get lastCycle(): number {
    return this.cycle.length > 0 ? this.cycle.data[this.cycle.length - 1]! : 0;
  }

  /**
   * Parses one gc line and appends its row. Returns false when the line is not a gc line.
   * `extraFlags` are OR-ed in (the periodic-GC mark of a preceding `GC forced` line). Program
   * output written without a newline just before the runtime's line ends up in front of it,
   * so a line that does not start as a gc line is searched for one.
   */
  addLine(line: string, lineNumber: number, extraFlags: number): boolean {
    let ok = scanner.scan(line, 0);
    for (let at = line.indexOf('gc ', 1); !ok && at > 0; at = line.indexOf('gc ', at + 1)) ok = scanner.scan(line, at);
    if (!ok) return false;
    const v = scanner.v;
    let flags = extraFlags;
    if (scanner.leak) flags |= GC_FLAG_LEAK_CHECK;
    if (scanner.forced) flags |= GC_FLAG_FORCED;
    if (!scanner.hasStacks) flags |= GC_FLAG_NO_STACKS_GLOBALS;
    this.cycle.push(v[0]!);
    this.startNs.push(v[1]!);
    this.cpuPercent.push(v[2]!);
    this.sweepTermNs.push(v[3]!);
    this.markNs.push(v[4]!);
    this.markTermNs.push(v[5]!);
    this.sweepTermCpuNs.push(v[6]!);
    this.assistCpuNs.push(v[7]!);
    this.backgroundCpuNs.push(v[8]!);
    this.idleCpuNs.push(v[9]!);
    this.markTermCpuNs.push(v[10]!);
    this.heapStartBytes.push(v[11]! * MIB);
    this.heapMarkTermBytes.push(v[12]! * MIB);
    this.heapLiveBytes.push(v[13]! * MIB);
    this.heapGoalBytes.push(v[14]! * MIB);
    this.stacksBytes.push(v[15]! < 0 ? -1 : v[15]! * MIB);
    this.globalsBytes.push(v[16]! < 0 ? -1 : v[16]! * MIB);
    this.procs.push(v[17]!);
    this.flags.push(flags);
    this.lineNumber.push(lineNumber);
    return true;
  }

  finish(): GcCycleTable {
    const f64 = (a: GrowableFloat64) => a.finish();
    const i32 = (a: GrowableFloat64) => Int32Array.from(a.data.subarray(0, a.length));
    return {
      cycle: f64(this.cycle),
      startNs: f64(this.startNs),
      cpuPercent: i32(this.cpuPercent),
      sweepTermNs: f64(this.sweepTermNs),
      markNs: f64(this.markNs),
      markTermNs: f64(this.markTermNs),
      sweepTermCpuNs: f64(this.sweepTermCpuNs),
      assistCpuNs: f64(this.assistCpuNs),
      backgroundCpuNs: f64(this.backgroundCpuNs),
      idleCpuNs: f64(this.idleCpuNs),
      markTermCpuNs: f64(this.markTermCpuNs),
      heapStartBytes: f64(this.heapStartBytes),
      heapMarkTermBytes: f64(this.heapMarkTermBytes),
      heapLiveBytes: f64(this.heapLiveBytes),
      heapGoalBytes: f64(this.heapGoalBytes),
      stacksBytes: f64(this.stacksBytes),
      globalsBytes: f64(this.globalsBytes),
      procs: i32(this.procs),
      flags: Uint8Array.from(this.flags.data.subarray(0, this.flags.length)),
      lineNumber: i32(this.lineNumber),
      length: this.cycle.length,
    };
  }
}

export class ScavColumns {
  afterCycle: number[] = [];
  backgroundKiB: number[] = [];
  eagerKiB: number[] = [];
  releasedKiB: number[] = [];
  utilPercent: number[] = [];
  flags: number[] = [];
  lineNumber: number[] = [];
  /** Which line forms were seen: 1.19's `KiB work, … KiB total` or 1.21+'s `(bg)/(eager)`. */
  sawForm119 = false;
  sawForm121 = false;

  /** Parses one scav line; false when it is not one. `afterCycle` is the last GC number seen. */
  addLine(line: string, lineNumber: number, afterCycle: number): boolean {
    let m = SCAV_121.exec(line);
    let kib: (number | null)[];
    let suffix: string | undefined;
    let form121 = false;
    if (m) {
      form121 = true;
      kib = [digitsAtMost(m[1]!), digitsAtMost(m[2]!), digitsAtMost(m[3]!), digitsAtMost(m[4]!, INT32_MAX)];
      suffix = m[5];
    } else {
      m = SCAV_119.exec(line);
      if (!m) return false;
      kib = [digitsAtMost(m[1]!), -1, digitsAtMost(m[2]!), digitsAtMost(m[3]!, INT32_MAX)];
      suffix = m[4];
    }
    // Checked numbers: KiB exact in a double, the percentage within its int32 column.
    if (kib.some((v) => v === null)) return false;
    if (form121) this.sawForm121 = true;
    else this.sawForm119 = true;
    this.backgroundKiB.push(kib[0]!);
    this.eagerKiB.push(kib[1]!);
    this.releasedKiB.push(kib[2]!);
    this.utilPercent.push(kib[3]!);
    this.flags.push(suffix === ' (forced)' ? 1 : suffix === ' [controller reset]' ? 2 : 0);
    this.afterCycle.push(afterCycle);
    this.lineNumber.push(lineNumber);
    return true;
  }

  finish(): ScavTable {
    return {
      afterCycle: Float64Array.from(this.afterCycle),
      backgroundKiB: Float64Array.from(this.backgroundKiB),
      eagerKiB: Float64Array.from(this.eagerKiB),
      releasedKiB: Float64Array.from(this.releasedKiB),
      utilPercent: Int32Array.from(this.utilPercent),
      flags: Uint8Array.from(this.flags),
      lineNumber: Int32Array.from(this.lineNumber),
      length: this.afterCycle.length,
    };
  }
}
