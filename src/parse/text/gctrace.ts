// GODEBUG=gctrace=1 and scavtrace=1 lines (../shared/docs/go-runtime-logs.md §2, §3).

import {
  GC_FLAG_FORCED,
  GC_FLAG_LEAK_CHECK,
  GC_FLAG_NO_STACKS_GLOBALS,
  type GcCycleTable,
  type ScavTable,
} from '../../model/runtime-log';
import { decimalToScaledInt, msToNs } from './text-lines';

const MIB = 1048576;
// §2.2: a ms field is `\d+(\.\d+)?` with a variable number of decimals.
const MS = '(\\d+(?:\\.\\d+)?)';
const GC_BODY =
  `gc (\\d+) @(\\d+(?:\\.\\d+)?)s (\\d+)%( \\(checking for goroutine leaks\\))?: ` +
  `${MS}\\+${MS}\\+${MS} ms clock, ${MS}\\+${MS}/${MS}/${MS}\\+${MS} ms cpu, ` +
  `(\\d+)->(\\d+)->(\\d+) MB, (\\d+) MB goal, (?:(\\d+) MB stacks, (\\d+) MB globals, )?(\\d+) P( \\(forced\\))?$`;
const GC_LINE = new RegExp('^' + GC_BODY);
// Program output written without a newline just before the runtime's line ends up in front of it.
const GC_LINE_ANYWHERE = new RegExp(GC_BODY);
/** A line that claims to be a gc line: if the grammar then fails, the line is malformed, not program output. */
export const GC_LINE_START = /^gc \d+ @/;

const SCAV_121 =
  /^scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB (?:now|total), (\d+)% util( \(forced\)| \[controller reset\])?$/;
const SCAV_119 = /^scav (\d+) KiB work, (\d+) KiB (?:total|now), (\d+)% util( \(forced\)| \[controller reset\])?$/;
export const SCAV_LINE_START = /^scav \d/;

/** Row builder of GcCycleTable: plain arrays (one row per GC is few rows), typed once at finish. */
export class GcCycleColumns {
  cycle: number[] = [];
  startNs: number[] = [];
  cpuPercent: number[] = [];
  sweepTermNs: number[] = [];
  markNs: number[] = [];
  markTermNs: number[] = [];
  sweepTermCpuNs: number[] = [];
  assistCpuNs: number[] = [];
  backgroundCpuNs: number[] = [];
  idleCpuNs: number[] = [];
  markTermCpuNs: number[] = [];
  heapStartBytes: number[] = [];
  heapMarkTermBytes: number[] = [];
  heapLiveBytes: number[] = [];
  heapGoalBytes: number[] = [];
  stacksBytes: number[] = [];
  globalsBytes: number[] = [];
  procs: number[] = [];
  flags: number[] = [];
  lineNumber: number[] = [];

  get length(): number {
    return this.cycle.length;
  }

  /**
   * Parses one gc line and appends its row. Returns false when the line is not a gc line.
   * `extraFlags` are OR-ed in (the periodic-GC mark of a preceding `GC forced` line).
   */
  addLine(line: string, lineNumber: number, extraFlags: number): boolean {
    const m = GC_LINE.exec(line) ?? (line.includes(' ms clock, ') ? GC_LINE_ANYWHERE.exec(line) : null);
    if (!m) return false;
    let flags = extraFlags;
    if (m[4]) flags |= GC_FLAG_LEAK_CHECK;
    if (m[20]) flags |= GC_FLAG_FORCED;
    if (m[18] === undefined) flags |= GC_FLAG_NO_STACKS_GLOBALS;
    this.cycle.push(Number(m[1]));
    this.startNs.push(decimalToScaledInt(m[2]!, 9));
    this.cpuPercent.push(Number(m[3]));
    this.sweepTermNs.push(msToNs(m[5]!));
    this.markNs.push(msToNs(m[6]!));
    this.markTermNs.push(msToNs(m[7]!));
    this.sweepTermCpuNs.push(msToNs(m[8]!));
    this.assistCpuNs.push(msToNs(m[9]!));
    this.backgroundCpuNs.push(msToNs(m[10]!));
    this.idleCpuNs.push(msToNs(m[11]!));
    this.markTermCpuNs.push(msToNs(m[12]!));
    this.heapStartBytes.push(Number(m[13]) * MIB);
    this.heapMarkTermBytes.push(Number(m[14]) * MIB);
    this.heapLiveBytes.push(Number(m[15]) * MIB);
    this.heapGoalBytes.push(Number(m[16]) * MIB);
    this.stacksBytes.push(m[17] === undefined ? -1 : Number(m[17]) * MIB);
    this.globalsBytes.push(m[18] === undefined ? -1 : Number(m[18]) * MIB);
    this.procs.push(Number(m[19]));
    this.flags.push(flags);
    this.lineNumber.push(lineNumber);
    return true;
  }

  finish(): GcCycleTable {
    const f64 = (a: number[]) => Float64Array.from(a);
    return {
      cycle: f64(this.cycle),
      startNs: f64(this.startNs),
      cpuPercent: Int32Array.from(this.cpuPercent),
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
      procs: Int32Array.from(this.procs),
      flags: Uint8Array.from(this.flags),
      lineNumber: Int32Array.from(this.lineNumber),
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
    let suffix: string | undefined;
    if (m) {
      this.sawForm121 = true;
      this.backgroundKiB.push(Number(m[1]));
      this.eagerKiB.push(Number(m[2]));
      this.releasedKiB.push(Number(m[3]));
      this.utilPercent.push(Number(m[4]));
      suffix = m[5];
    } else {
      m = SCAV_119.exec(line);
      if (!m) return false;
      this.sawForm119 = true;
      this.backgroundKiB.push(Number(m[1]));
      this.eagerKiB.push(-1);
      this.releasedKiB.push(Number(m[2]));
      this.utilPercent.push(Number(m[3]));
      suffix = m[4];
    }
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
