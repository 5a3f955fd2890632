import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import {
  GC_FLAG_FORCED,
  GC_FLAG_LEAK_CHECK,
  GC_FLAG_NO_STACKS_GLOBALS,
  GC_FLAG_PERIODIC,
  type RuntimeLogModel,
} from '../../model/runtime-log';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { parseRuntimeLogText } from './runtime-log';

const MIB = 1048576;
const logs = listFixtures().filter((f) => /\/gctrace[^/]*\.log$/.test(f));
const read = (rel: string) => readFileSync(fixturePath(rel), 'utf8');
const msNs = (s: string) => Math.round(parseFloat(s) * 1e6);

/** The columns of one gc line, read by splitting on spaces (not by the parser's regex). */
function rowFromText(line: string) {
  const t = line.split(' ');
  const clock = t[4]!.split('+');
  const [c1, mid, c5] = t[7]!.split('+');
  const [c2, c3, c4] = mid!.split('/');
  const heap = t[10]!.split('->');
  return {
    cycle: Number(t[1]),
    startNs: Math.round(parseFloat(t[2]!.slice(1, -1)) * 1e9),
    cpuPercent: parseInt(t[3]!, 10),
    sweepTermNs: msNs(clock[0]!),
    markNs: msNs(clock[1]!),
    markTermNs: msNs(clock[2]!),
    sweepTermCpuNs: msNs(c1!),
    assistCpuNs: msNs(c2!),
    backgroundCpuNs: msNs(c3!),
    idleCpuNs: msNs(c4!),
    markTermCpuNs: msNs(c5!),
    heapStartBytes: Number(heap[0]) * MIB,
    heapMarkTermBytes: Number(heap[1]) * MIB,
    heapLiveBytes: Number(heap[2]) * MIB,
    heapGoalBytes: Number(t[12]) * MIB,
    stacksBytes: Number(t[15]) * MIB,
    globalsBytes: Number(t[18]) * MIB,
    procs: Number(t[21]),
    forced: line.endsWith(' (forced)'),
  };
}

function rowFromModel(m: RuntimeLogModel, i: number) {
  const g = m.gc;
  return {
    cycle: g.cycle[i],
    startNs: g.startNs[i],
    cpuPercent: g.cpuPercent[i],
    sweepTermNs: g.sweepTermNs[i],
    markNs: g.markNs[i],
    markTermNs: g.markTermNs[i],
    sweepTermCpuNs: g.sweepTermCpuNs[i],
    assistCpuNs: g.assistCpuNs[i],
    backgroundCpuNs: g.backgroundCpuNs[i],
    idleCpuNs: g.idleCpuNs[i],
    markTermCpuNs: g.markTermCpuNs[i],
    heapStartBytes: g.heapStartBytes[i],
    heapMarkTermBytes: g.heapMarkTermBytes[i],
    heapLiveBytes: g.heapLiveBytes[i],
    heapGoalBytes: g.heapGoalBytes[i],
    stacksBytes: g.stacksBytes[i],
    globalsBytes: g.globalsBytes[i],
    procs: g.procs[i],
    forced: (g.flags[i]! & GC_FLAG_FORCED) !== 0,
  };
}

describe('every gctrace / schedtrace log fixture', () => {
  it('finds them', () => expect(logs.length).toBe(20));
  for (const rel of logs) {
    it(rel, () => {
      const text = read(rel);
      const lines = text.split('\n').filter((l) => l !== '');
      const gcLines = lines.filter((l) => l.startsWith('gc '));
      const schedLines = lines.filter((l) => l.startsWith('SCHED '));
      const m = parseRuntimeLogText(text);
      expect(m.gc.length).toBe(gcLines.length);
      expect(m.sched.length).toBe(schedLines.length);
      expect(m.skipped.count).toBe(0);
      expect(m.lineCount).toBe(lines.length);
      let forced = 0;
      for (let i = 0; i < m.gc.length; i++) if (m.gc.flags[i]! & GC_FLAG_FORCED) forced++;
      expect(forced).toBe(gcLines.filter((l) => l.endsWith(' (forced)')).length);
      // Every row equals what splitting its line gives; first and last named for clarity.
      expect(rowFromModel(m, 0)).toEqual(rowFromText(gcLines[0]!));
      expect(rowFromModel(m, m.gc.length - 1)).toEqual(rowFromText(gcLines[gcLines.length - 1]!));
      for (let i = 0; i < m.gc.length; i++) expect(rowFromModel(m, i)).toEqual(rowFromText(gcLines[i]!));
      // No gaps, times never go back.
      for (let i = 1; i < m.gc.length; i++) {
        expect(m.gc.cycle[i]).toBe(m.gc.cycle[i - 1]! + 1);
        expect(m.gc.startNs[i]).toBeGreaterThanOrEqual(m.gc.startNs[i - 1]!);
      }
      // SCHED rows: time and the local run-queue sum from the bracket list.
      for (let i = 0; i < m.sched.length; i++) {
        const l = schedLines[i]!;
        expect(m.sched.timeNs[i]).toBe(Number(/^SCHED (\d+)ms/.exec(l)![1]) * 1e6);
        const list = /\[([^\]]*)\]/.exec(l)![1]!.trim().split(' ').map(Number);
        expect(m.sched.localRunqueueSum[i]).toBe(list.reduce((a, b) => a + b, 0));
        expect(m.sched.localRunqueueCount[i]).toBe(list.length);
      }
    });
  }
});

describe('figures checked by hand against the files', () => {
  it('leak go1.19: 9 cycles, forced 1, 7 and 9; last line values', () => {
    const m = parseRuntimeLogText(read('leak/go1.19/gctrace.log'));
    expect(m.gc.length).toBe(9);
    const forced = [...m.gc.cycle].filter((_, i) => m.gc.flags[i]! & GC_FLAG_FORCED);
    expect(forced).toEqual([1, 7, 9]);
    // gc 9 @3.140s 0%: 0.039+1.4+0.008 ms clock, 0.079+0/0.62/0.96+0.017 ms cpu, 44->44->40 MB, 65 MB goal, …, 4 P (forced)
    const i = 8;
    expect(m.gc.startNs[i]).toBe(3_140_000_000);
    expect([m.gc.sweepTermNs[i], m.gc.markNs[i], m.gc.markTermNs[i]]).toEqual([39_000, 1_400_000, 8_000]);
    expect([m.gc.assistCpuNs[i], m.gc.backgroundCpuNs[i], m.gc.idleCpuNs[i]]).toEqual([0, 620_000, 960_000]);
    expect([m.gc.heapStartBytes[i], m.gc.heapLiveBytes[i], m.gc.heapGoalBytes[i]]).toEqual([44 * MIB, 40 * MIB, 65 * MIB]);
    // gc 5 has the 1.2 ms sweep termination (two significant digits, no trailing decimals).
    expect(m.gc.sweepTermNs[4]).toBe(1_200_000);
  });

  it('leak go1.21: first and last line', () => {
    const m = parseRuntimeLogText(read('leak/go1.21/gctrace.log'));
    // gc 1 @0.001s 4%: 0.057+0.14+0.002 ms clock, 0.11+0/0.12/0.028+0.005 ms cpu, 1->1->1 MB, 4 MB goal, … (forced)
    expect([m.gc.startNs[0], m.gc.cpuPercent[0], m.gc.sweepTermNs[0], m.gc.idleCpuNs[0]]).toEqual([1_000_000, 4, 57_000, 28_000]);
    // gc 9 @3.125s 0%: 0.049+1.0+0.003 ms clock, … 44->44->40 MB, 65 MB goal, … (forced)
    expect([m.gc.cycle[8], m.gc.startNs[8], m.gc.markNs[8], m.gc.heapLiveBytes[8]]).toEqual([9, 3_125_000_000, 1_000_000, 40 * MIB]);
    expect(m.gc.flags[8]! & GC_FLAG_FORCED).toBe(GC_FLAG_FORCED);
  });

  it('leak go1.27: 8 cycles, forced 1, 6, 8', () => {
    const m = parseRuntimeLogText(read('leak/go1.27/gctrace.log'));
    expect([...m.gc.cycle].filter((_, i) => m.gc.flags[i]! & GC_FLAG_FORCED)).toEqual([1, 6, 8]);
    // gc 8 @3.129s 0%: 0.17+0.48+0.005 ms clock, 0.35+0/0.58/0.15+0.011 ms cpu, 44->44->41 MB, 69 MB goal
    expect([m.gc.startNs[7], m.gc.sweepTermNs[7], m.gc.markTermCpuNs[7], m.gc.heapLiveBytes[7], m.gc.heapGoalBytes[7]]).toEqual([
      3_129_000_000,
      170_000,
      11_000,
      41 * MIB,
      69 * MIB,
    ]);
  });

  it('memstats go1.19 / 1.21 / 1.27: schedtrace shapes across versions', () => {
    const m19 = parseRuntimeLogText(read('memstats/go1.19/gctrace_schedtrace.log'));
    expect([m19.gc.length, m19.sched.length]).toEqual([280, 15]);
    // SCHED 0ms: gomaxprocs=4 idleprocs=1 threads=6 spinningthreads=1 idlethreads=2 runqueue=0 [0 0 0 0]
    const s = m19.sched;
    expect([s.gomaxprocs[0], s.idleprocs[0], s.threads[0], s.spinningThreads[0], s.needSpinning[0], s.idleThreads[0], s.globalRunqueue[0]]).toEqual([
      4, 1, 6, 1, -1, 2, 0,
    ]);
    expect(m19.goVersionHints.map((h) => h.maxMinor)).toEqual([20]);

    const m21 = parseRuntimeLogText(read('memstats/go1.21/gctrace_schedtrace.log'));
    // SCHED 2844ms: gomaxprocs=4 idleprocs=1 threads=7 spinningthreads=0 needspinning=0 idlethreads=2 runqueue=1 [0 0 0 0]
    const l = m21.sched.length - 1;
    expect([m21.sched.timeNs[l], m21.sched.threads[l], m21.sched.needSpinning[l], m21.sched.globalRunqueue[l]]).toEqual([2_844_000_000, 7, 0, 1]);
    expect(m21.goVersionHints.map((h) => [h.minMinor, h.maxMinor])).toEqual([[21, 24]]);

    const m27 = parseRuntimeLogText(read('memstats/go1.27/gctrace_schedtrace.log'));
    expect([m27.gc.length, m27.sched.length]).toEqual([259, 15]);
    // SCHED 0ms: … runqueue=0 [ 2 0 0 0 ] schedticks=[ 0 0 0 0 ]
    expect(m27.sched.localRunqueueSum[0]).toBe(2);
    expect([...m27.localRunqueues.subarray(0, 4)]).toEqual([2, 0, 0, 0]);
    expect(m27.goVersionHints.map((h) => h.minMinor)).toEqual([25]);
  });
});

// Edge cases, made of lines as the runtime prints them (go-runtime-logs.md examples).
describe('mixed and broken logs', () => {
  const GC1 =
    'gc 1 @0.226s 1%: 3.1+0.24+0.003 ms clock, 6.3+0/0.26/0+0.007 ms cpu, 2->2->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)';
  const GC3 =
    'gc 3 @0.228s 0%: 0.007+0.50+0.002 ms clock, 0.015+0.010/0.064/0.080+0.004 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P';

  it('counts program output as skipped, keeps the first, never fails', () => {
    const m = parseRuntimeLogText(['starting server on :8080', GC1, 'request 1 ok', GC3, 'gc 4 @0.3s 0%: garbage', ''].join('\n'));
    expect(m.gc.length).toBe(2);
    expect(m.skipped).toEqual({ count: 3, first: 'starting server on :8080', firstLineNumber: 1 });
    expect(m.malformed).toEqual({ count: 1, first: 'gc 4 @0.3s 0%: garbage', firstLineNumber: 5 });
  });

  it('reads a gc line glued to program output without a newline', () => {
    const m = parseRuntimeLogText('partial output ' + GC3 + '\n');
    expect(m.gc.length).toBe(1);
    expect(m.gc.cycle[0]).toBe(3);
    expect(m.skipped.count).toBe(0);
  });

  it('reads runtime lines behind a log collector’s timestamp prefix', () => {
    const m = parseRuntimeLogText(
      [
        '2026-05-01T10:00:00.101Z stderr F ' + GC3,
        '2026-05-01T10:00:00.200Z stderr F SCHED 200ms: gomaxprocs=2 idleprocs=1 threads=5 spinningthreads=0 needspinning=0 idlethreads=1 runqueue=0 [0 0]',
        '2026-05-01T10:00:00.300Z stderr F scav 64 KiB work (bg), 0 KiB work (eager), 2048 KiB now, 97% util',
      ].join('\n'),
    );
    expect([m.gc.length, m.sched.length, m.scav.length, m.skipped.count]).toEqual([1, 1, 1, 0]);
    expect(m.sched.timeNs[0]).toBe(200e6);
    expect(m.scav.afterCycle[0]).toBe(3);
  });

  it('marks periodic GCs, leak-check cycles and pre-1.18 lines; counts gctrace=2 lines', () => {
    const m = parseRuntimeLogText(
      [
        'GC forced',
        GC3,
        'scan: total 10+2+3=15 objs, 1+1=2 spans',
        'scan: class 16B 1+0+0=1 objs, 1+0=1 spans',
        'gc 5 @1.500s 2% (checking for goroutine leaks): 0.1+0.2+0.3 ms clock, 0.2+0/0.1/0+0.6 ms cpu, 5->5->3 MB, 8 MB goal, 0 MB stacks, 0 MB globals, 4 P (forced)',
        'gc 6 @12.004s 0%: 12+350+0.010 ms clock, 24+0/700/0+0.020 ms cpu, 5->6->3 MB, 8 MB goal, 4 P',
      ].join('\n'),
    );
    expect([...m.gc.flags]).toEqual([GC_FLAG_PERIODIC, GC_FLAG_LEAK_CHECK | GC_FLAG_FORCED, GC_FLAG_NO_STACKS_GLOBALS]);
    expect(m.otherRuntimeLines).toEqual({ gcForced: 1, gcScan: 2, schedDetail: 0, pacer: 0 });
    expect([m.gc.sweepTermNs[2], m.gc.markNs[2], m.gc.markTermNs[2], m.gc.startNs[2]]).toEqual([12e6, 350e6, 10_000, 12_004_000_000]);
    expect(m.gc.stacksBytes[2]).toBe(-1);
  });

  it('reads both scavtrace forms and places them after their cycle', () => {
    const m = parseRuntimeLogText(
      [
        GC1,
        'scav 0 KiB work, 1024 KiB total, 98% util',
        GC3,
        'scav 64 KiB work (bg), 0 KiB work (eager), 2048 KiB now, 97% util [controller reset]',
        'scav 0 KiB work (bg), 512 KiB work (eager), 2560 KiB now, 99% util (forced)',
      ].join('\n'),
    );
    const s = m.scav;
    expect([...s.afterCycle]).toEqual([1, 3, 3]);
    expect([...s.eagerKiB]).toEqual([-1, 0, 512]);
    expect([...s.releasedKiB]).toEqual([1024, 2048, 2560]);
    expect([...s.flags]).toEqual([0, 2, 1]);
  });

  it('sums scheddetail P run queues into the header row and counts the detail lines', () => {
    const m = parseRuntimeLogText(
      [
        'SCHED 1000ms: gomaxprocs=2 idleprocs=0 threads=5 spinningthreads=0 needspinning=0 idlethreads=1 runqueue=3 gcwaiting=false nmidlelocked=0 stopwait=0 sysmonwait=false',
        '  P0: status=1 schedtick=10 syscalltick=2 m=0 runqsize=4 gfreecnt=0 timerslen=1',
        '  P1: status=1 schedtick=11 syscalltick=3 m=2 runqsize=1 gfreecnt=0 timerslen=0',
        '  M2: p=1 curg=7 mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=false blocked=false lockedg=nil',
        '  G1: status=4(chan receive) m=nil lockedm=nil',
      ].join('\n'),
    );
    expect(m.sched.detail[0]).toBe(1);
    expect(m.sched.localRunqueueSum[0]).toBe(5);
    expect(m.sched.globalRunqueue[0]).toBe(3);
    expect(m.otherRuntimeLines.schedDetail).toBe(4);
    expect(m.skipped.count).toBe(0);
  });

  it('rejects text with no runtime line', () => {
    expect(() => parseRuntimeLogText('hello\nworld\n')).toThrow(FormatError);
  });
});

describe('schedtrace lines with long digit runs (issue 17: the regex hang)', () => {
  const log = read('memstats/go1.27/gctrace_schedtrace.log');
  const lines = log.split('\n');
  const at = lines.findIndex((l) => l.startsWith('SCHED 209ms:'));
  const line = lines[at]!;

  it('a run queue list cut after 10 000 digits is a malformed line, read in linear time', () => {
    const cut = line.slice(0, line.indexOf('[ ') + 2) + '1'.repeat(10_000);
    const m = parseRuntimeLogText([...lines.slice(0, at), cut, ...lines.slice(at + 1)].join('\n'));
    expect(m.malformed.count).toBe(1);
    expect(m.malformed.firstLineNumber).toBe(at + 1);
    expect(m.sched.length).toBe(lines.filter((l) => l.startsWith('SCHED ')).length - 1);
  });

  it('long runs of digits in every field and list still parse as the numbers they are', () => {
    const big = line.replace('schedticks=[ 108067', 'schedticks=[ ' + '9'.repeat(40));
    const m = parseRuntimeLogText(big);
    expect(m.sched.length).toBe(1);
    expect(m.malformed.count).toBe(0);
  });
});
