// A GODEBUG log: gctrace, scavtrace and schedtrace lines interleaved with each other and with
// whatever else the program wrote to stderr (../shared/docs/go-runtime-logs.md §1–4).
// One model holds every table; lines that are not runtime output are counted, never fatal.

import { FormatError } from '../../base/errors';
import {
  GC_FLAG_NO_STACKS_GLOBALS,
  GC_FLAG_PERIODIC,
  GC_FLAG_LEAK_CHECK,
  noSkippedLines,
  skipLine,
  type GoVersionHint,
  type RuntimeLogModel,
} from '../../model/runtime-log';
import { GC_LINE_START, GcCycleColumns, SCAV_LINE_START, ScavColumns } from './gctrace';
import { SCHED_DETAIL_LINE, SCHED_LINE_START, SchedColumns } from './schedtrace';
import { decodeText, splitLines } from '../../base/text-lines';

/** True when some line of `text` (searched up to `limit` characters) is a gc, SCHED or scav line. */
export function sniffRuntimeLog(text: string, limit = 1 << 20): boolean {
  const head = text.length > limit ? text.slice(0, limit) : text;
  return (
    /^(?:gc \d+ @\d+(?:\.\d+)?s \d+%|SCHED \d+ms: gomaxprocs=|scav \d+ KiB work)/m.test(head) ||
    / ms clock, [\d.+/]+ ms cpu, \d+->\d+->\d+ MB, /.test(head) ||
    /SCHED \d+ms: gomaxprocs=\d+ idleprocs=/.test(head)
  );
}

export function parseRuntimeLog(bytes: Uint8Array): RuntimeLogModel {
  return parseRuntimeLogText(decodeText(bytes));
}

export function parseRuntimeLogText(text: string): RuntimeLogModel {
  const lines = splitLines(text);
  const gc = new GcCycleColumns();
  const scav = new ScavColumns();
  const sched = new SchedColumns();
  const skipped = noSkippedLines();
  const malformed = noSkippedLines();
  const other = { gcForced: 0, gcScan: 0, schedDetail: 0, pacer: 0 };
  let pendingPeriodic = 0;
  let lastCycle = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNumber = i + 1;
    if (line.length === 0) continue;
    const c = line.charCodeAt(0);
    if (c === 103 /* g */ && gc.addLine(line, lineNumber, pendingPeriodic)) {
      pendingPeriodic = 0;
      lastCycle = gc.lastCycle;
      continue;
    }
    if (c === 83 /* S */ && sched.addLine(line, lineNumber)) continue;
    if (c === 115 /* s */) {
      if (scav.addLine(line, lineNumber, lastCycle)) continue;
      if (line.startsWith('scan: ')) {
        other.gcScan++;
        continue;
      }
    }
    if (c === 32 /* space */ && SCHED_DETAIL_LINE.test(line)) {
      other.schedDetail++;
      sched.addDetailLine(line);
      continue;
    }
    if (line === 'GC forced') {
      // §2.3: the runtime's periodic GC; the next gc line carries no `(forced)`.
      other.gcForced++;
      pendingPeriodic = GC_FLAG_PERIODIC;
      continue;
    }
    if (line.startsWith('pacer: ')) {
      other.pacer++;
      continue;
    }
    // A runtime line after a prefix: program output that had no newline, or a log collector's
    // timestamp (`2024-05-01T10:00:00Z stderr F gc 12 @…`). The grammar is searched anywhere.
    if (line.includes(' ms clock, ') && gc.addLine(line, lineNumber, pendingPeriodic)) {
      pendingPeriodic = 0;
      lastCycle = gc.lastCycle;
      continue;
    }
    const schedAt = line.indexOf('SCHED ', 1);
    if (schedAt > 0 && sched.addLine(line.slice(schedAt), lineNumber)) continue;
    const scavAt = line.indexOf('scav ', 1);
    if (scavAt > 0 && scav.addLine(line.slice(scavAt), lineNumber, lastCycle)) continue;
    if (GC_LINE_START.test(line) || SCHED_LINE_START.test(line) || SCAV_LINE_START.test(line)) {
      skipLine(malformed, line, lineNumber);
    }
    skipLine(skipped, line, lineNumber);
  }
  if (gc.length === 0 && sched.length === 0 && scav.afterCycle.length === 0) {
    // A line that starts like one but does not parse is the likeliest cause: named by its line.
    if (malformed.count > 0) {
      throw new FormatError('text.runtime-line-malformed', { line: malformed.firstLineNumber, first: malformed.first, count: malformed.count, lines: lines.length });
    }
    throw new FormatError('text.no-runtime-lines', { lines: lines.length });
  }
  const gcTable = gc.finish();
  const { sched: schedTable, localRunqueues } = sched.finish();
  return {
    kind: 'runtime-log',
    gc: gcTable,
    scav: scav.finish(),
    sched: schedTable,
    localRunqueues,
    otherRuntimeLines: other,
    goVersionHints: versionHints(gcTable.flags, scav, sched, other.gcScan),
    skipped,
    malformed,
    lineCount: lines.length,
  };
}

function versionHints(gcFlags: Uint8Array, scav: ScavColumns, sched: SchedColumns, scanLines: number): GoVersionHint[] {
  const hints: GoVersionHint[] = [];
  let leak = false;
  let noStacks = false;
  for (let i = 0; i < gcFlags.length; i++) {
    if (gcFlags[i]! & GC_FLAG_LEAK_CHECK) leak = true;
    if (gcFlags[i]! & GC_FLAG_NO_STACKS_GLOBALS) noStacks = true;
  }
  if (leak) hints.push({ evidence: 'gctrace `(checking for goroutine leaks)`', minMinor: 26, maxMinor: 0 });
  if (noStacks) hints.push({ evidence: 'gctrace without `MB stacks, MB globals`', minMinor: 0, maxMinor: 17 });
  if (scanLines > 0) hints.push({ evidence: 'gctrace=2 `scan:` lines', minMinor: 25, maxMinor: 0 });
  if (scav.sawForm119) hints.push({ evidence: 'scavtrace `KiB work, … KiB total`', minMinor: 0, maxMinor: 20 });
  if (scav.sawForm121) hints.push({ evidence: 'scavtrace `KiB work (bg), … (eager)`', minMinor: 21, maxMinor: 0 });
  const s = sched.shapes;
  if (s.withoutNeedSpinning) hints.push({ evidence: 'schedtrace without `needspinning=`', minMinor: 0, maxMinor: 20 });
  if (s.needSpinningNoTicks) hints.push({ evidence: 'schedtrace `needspinning=` without `schedticks=`', minMinor: 21, maxMinor: 24 });
  if (s.schedTicks) hints.push({ evidence: 'schedtrace `schedticks=`', minMinor: 25, maxMinor: 0 });
  if (s.detailNil) hints.push({ evidence: 'scheddetail `nil` references', minMinor: 21, maxMinor: 0 });
  if (s.detailMinusOne) hints.push({ evidence: 'scheddetail `-1` references', minMinor: 0, maxMinor: 20 });
  return hints;
}
