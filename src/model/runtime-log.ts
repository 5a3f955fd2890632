// Columnar models of the Go runtime's text outputs (../shared/docs/go-runtime-logs.md and
// pprof-format.md §7.3): a GODEBUG log (gctrace + scavtrace + schedtrace), MemStats samples
// (expvar /debug/vars or JSON lines), a goroutine dump (debug=2) and escape-analysis output.
// Built by parse/text/, read by analysis/ (digests, pause statistics, groups, indexes).

import { message, type Message } from '../base/messages';
import type { UnixNsColumn } from '../base/time';

/** Lines of the input that were not understood: how many, and the first one (for the message). */
export type SkippedLines = {
  count: number;
  /** The first skipped line as written (trimmed to 200 characters), "" when count is 0. */
  first: string;
  /** 1-based line number of `first`, 0 when count is 0. */
  firstLineNumber: number;
};

export function noSkippedLines(): SkippedLines {
  return { count: 0, first: '', firstLineNumber: 0 };
}

/** Records a line that did not parse (kept short: the model may cross to the UI). */
export function skipLine(s: SkippedLines, line: string, lineNumber: number): void {
  if (s.count === 0) {
    s.first = line.length > 200 ? line.slice(0, 200) + '…' : line;
    s.firstLineNumber = lineNumber;
  }
  s.count++;
}

/** The note a view shows about skipped lines (null when none): `text.skipped-lines`. */
export function skippedMessage(s: SkippedLines): Message | null {
  if (s.count === 0) return null;
  return message('text.skipped-lines', { count: s.count, line: s.firstLineNumber, first: s.first });
}

// ---------------------------------------------------------------------------------------------
// GODEBUG=gctrace=1[,schedtrace=X[,scheddetail=1]][,scavtrace=1] log

/** Bits of GcCycleTable.flags. */
export const GC_FLAG_FORCED = 1; // `(forced)`: requested by the program (runtime.GC, FreeOSMemory)
export const GC_FLAG_PERIODIC = 2; // preceded by a `GC forced` line: the runtime's 2-minute forced GC
export const GC_FLAG_LEAK_CHECK = 4; // `(checking for goroutine leaks)` (Go 1.26+)
export const GC_FLAG_NO_STACKS_GLOBALS = 8; // pre-1.18 line without `MB stacks` / `MB globals`

/**
 * One row per `gc N @…` line, in file order. Durations are the printed ms values converted
 * exactly to integer ns (they are truncated to two significant digits by the runtime, §2.2).
 * Heap sizes are the printed MiB (`>>20`, truncated) × 2^20: a lower bound of the true value.
 */
export type GcCycleTable = {
  cycle: Float64Array; // GC number N (= MemStats.NumGC after the cycle)
  startNs: Float64Array; // @SECONDS: ns since program start at sweep termination (ms resolution)
  cpuPercent: Int32Array; // PCT: int(GCCPUFraction×100) since program start
  sweepTermNs: Float64Array; // T1: wall time of the STW sweep-termination phase
  markNs: Float64Array; // T2: wall time of concurrent mark
  markTermNs: Float64Array; // T3: wall time of the STW mark-termination phase
  sweepTermCpuNs: Float64Array; // C1
  assistCpuNs: Float64Array; // C2: mark assists
  backgroundCpuNs: Float64Array; // C3: dedicated + fractional workers
  idleCpuNs: Float64Array; // C4: idle workers
  markTermCpuNs: Float64Array; // C5
  heapStartBytes: Float64Array; // H0 × 2^20
  heapMarkTermBytes: Float64Array; // H1 × 2^20
  heapLiveBytes: Float64Array; // H2 × 2^20: marked live by this cycle
  heapGoalBytes: Float64Array; // GOAL × 2^20
  stacksBytes: Float64Array; // STACKS × 2^20, -1 when the line has no stacks field
  globalsBytes: Float64Array; // GLOBALS × 2^20, -1 when absent
  procs: Int32Array; // P: GOMAXPROCS for this cycle
  flags: Uint8Array; // GC_FLAG_* bits
  lineNumber: Int32Array; // 1-based line of the input
  length: number;
};

/** One row per `scav …` line (scavtrace=1). The lines carry no time: `afterCycle` places them. */
export type ScavTable = {
  afterCycle: Float64Array; // GC number of the last gc line before it, 0 when none
  backgroundKiB: Float64Array; // BG: returned by the background scavenger since the previous line
  eagerKiB: Float64Array; // EAGER (Go 1.21+), -1 in the Go 1.19 form
  releasedKiB: Float64Array; // NOW (1.21+) / TOTAL (1.19): HeapReleased
  utilPercent: Int32Array; // UTIL
  flags: Uint8Array; // 1 = (forced), 2 = [controller reset]
  lineNumber: Int32Array;
  length: number;
};

/** One row per `SCHED …ms:` line (schedtrace=X), in file order. */
export type SchedTable = {
  timeNs: Float64Array; // T ms × 1e6: since the first schedtrace output (not program start)
  gomaxprocs: Int32Array;
  idleprocs: Int32Array;
  threads: Int32Array;
  spinningThreads: Int32Array;
  needSpinning: Int32Array; // Go 1.21+, -1 when absent
  idleThreads: Int32Array;
  globalRunqueue: Int32Array;
  /** Sum of the per-P local run queues: from `[…]`, or in detail mode from the P lines' runqsize; -1 if unknown. */
  localRunqueueSum: Int32Array;
  /** Index of this row's first entry in `localRunqueues`; its count is `localRunqueueCount`. */
  localRunqueueStart: Int32Array;
  localRunqueueCount: Int32Array;
  /** 1 when the row is a scheddetail header (followed by P/M/G lines). */
  detail: Uint8Array;
  lineNumber: Int32Array;
  length: number;
};

/** "Go 1.minMinor … 1.maxMinor printed this": e.g. schedtrace's `needspinning=` means 1.21 or later. */
export type GoVersionHint = {
  evidence: string;
  minMinor: number; // smallest Go 1.x minor that prints it, 0 when unbounded
  maxMinor: number; // largest, 0 when unbounded
};

export type RuntimeLogModel = {
  kind: 'runtime-log';
  gc: GcCycleTable;
  scav: ScavTable;
  sched: SchedTable;
  /** Per-P local run-queue lengths of every SCHED row, concatenated in row order. */
  localRunqueues: Int32Array;
  /** Lines that are runtime output but carry no row: `GC forced`, `scan: …` (gctrace=2), scheddetail P/M/G lines, `pacer:`. */
  otherRuntimeLines: { gcForced: number; gcScan: number; schedDetail: number; pacer: number };
  /** Clues to the Go version that wrote the log (line shapes that only some versions print). */
  goVersionHints: GoVersionHint[];
  /** Lines that are not runtime output (program output, or malformed runtime lines). */
  skipped: SkippedLines;
  /** Of `skipped`: lines that begin like a gc/SCHED/scav line but do not follow the grammar. */
  malformed: SkippedLines;
  lineCount: number;
};

// ---------------------------------------------------------------------------------------------
// runtime.MemStats: expvar /debug/vars or JSON lines (one MemStats object per line)

/** The scalar fields of runtime.MemStats (§5.1), in struct order. */
export const MEMSTATS_SCALAR_FIELDS = [
  'Alloc',
  'TotalAlloc',
  'Sys',
  'Lookups',
  'Mallocs',
  'Frees',
  'HeapAlloc',
  'HeapSys',
  'HeapIdle',
  'HeapInuse',
  'HeapReleased',
  'HeapObjects',
  'StackInuse',
  'StackSys',
  'MSpanInuse',
  'MSpanSys',
  'MCacheInuse',
  'MCacheSys',
  'BuckHashSys',
  'GCSys',
  'OtherSys',
  'NextGC',
  'LastGC',
  'PauseTotalNs',
  'NumGC',
  'NumForcedGC',
  'GCCPUFraction',
  'EnableGC',
  'DebugGC',
] as const;
export type MemStatsScalarField = (typeof MEMSTATS_SCALAR_FIELDS)[number];

/** Unit of each scalar field, for display. */
export const MEMSTATS_FIELD_UNIT: Record<MemStatsScalarField, 'bytes' | 'count' | 'ns' | 'unix-ns' | 'fraction' | 'bool'> = {
  Alloc: 'bytes',
  TotalAlloc: 'bytes',
  Sys: 'bytes',
  Lookups: 'count',
  Mallocs: 'count',
  Frees: 'count',
  HeapAlloc: 'bytes',
  HeapSys: 'bytes',
  HeapIdle: 'bytes',
  HeapInuse: 'bytes',
  HeapReleased: 'bytes',
  HeapObjects: 'count',
  StackInuse: 'bytes',
  StackSys: 'bytes',
  MSpanInuse: 'bytes',
  MSpanSys: 'bytes',
  MCacheInuse: 'bytes',
  MCacheSys: 'bytes',
  BuckHashSys: 'bytes',
  GCSys: 'bytes',
  OtherSys: 'bytes',
  NextGC: 'bytes',
  LastGC: 'unix-ns',
  PauseTotalNs: 'ns',
  NumGC: 'count',
  NumForcedGC: 'count',
  GCCPUFraction: 'fraction',
  EnableGC: 'bool',
  DebugGC: 'bool',
};

export const MEMSTATS_PAUSE_RING = 256;
export const MEMSTATS_SIZE_CLASSES = 61;

export type MemStatsModel = {
  kind: 'memstats';
  /** 'expvar': one /debug/vars document (one sample); 'jsonl': one MemStats object per line. */
  source: 'expvar' | 'jsonl';
  /** Samples in file order (the order they were taken). */
  length: number;
  /**
   * One column per scalar field (booleans as 0/1). Values above 2^53 lose precision here;
   * `lastGcUnixNs` keeps LastGC exact and `inexactFields` names any other field that overflowed.
   */
  fields: Record<MemStatsScalarField, Float64Array>;
  /** LastGC exactly: ns since the Unix epoch, 0 before the first GC. */
  lastGcUnixNs: UnixNsColumn;
  /** PauseNs rings, 256 per sample, as stored (index (k−1) mod 256 holds cycle k; §5.3). */
  pauseNsRing: Float64Array;
  /** PauseEnd rings, 256 per sample, exact Unix ns. */
  pauseEndRing: UnixNsColumn;
  /** BySize, 61 per sample: size class upper bound, cumulative mallocs and frees. */
  bySizeSize: Float64Array;
  bySizeMallocs: Float64Array;
  bySizeFrees: Float64Array;
  /** expvar `cmdline` (os.Args), null for JSON lines. */
  cmdline: string[] | null;
  /** Other expvar variables: name and value as JSON text (NaN/Inf kept as written). */
  otherVars: { name: string; json: string }[];
  /** Scalar fields that had a value above 2^53 (so their Float64 column is rounded). */
  inexactFields: string[];
  /** Fields missing from a sample (a MemStats from another Go version, or a partial object). */
  missingFields: string[];
  /** 1-based line of each sample in the input. */
  lineNumber: Int32Array;
  skipped: SkippedLines;
  /** Samples refused for a value Go cannot write (a negative, fractional or huge counter): also in `skipped`. */
  invalidSamples?: { count: number; first: Message };
};

// ---------------------------------------------------------------------------------------------
// Goroutine dump (runtime.Stack(all) / pprof goroutine debug=2)

/** Bits of GoroutineTable.flags. */
export const G_FLAG_LOCKED_TO_THREAD = 1;
export const G_FLAG_SCAN = 2; // ` (scan)`: the GC was scanning the stack
export const G_FLAG_LEAKED = 4; // ` (leaked)` (Go 1.26+ leak detection)
export const G_FLAG_FRAMES_ELIDED = 8; // `...additional frames elided...`
export const G_FLAG_SYNCTEST = 16; // `, synctest bubble N`

export type GoroutineTable = {
  id: Float64Array; // goroutine ID
  status: Int32Array; // string index: wait reason or state (`chan receive`, `running`…), flags stripped
  waitMinutes: Int32Array; // `, N minutes`; 0 when absent (blocked < 1 minute or not blocked)
  stack: Int32Array; // GStackTable index of the innermost frame, -1 for no frames
  createdBy: Int32Array; // string index of the creator function, -1 when none (main, runtime)
  createdByFile: Int32Array; // string index, -1 when none
  createdByLine: Int32Array; // 0 when none
  creatorId: Float64Array; // `in goroutine N` (Go 1.21+), -1 when absent
  labels: Int32Array; // string index of the label text between the braces, -1 when none
  flags: Uint8Array; // G_FLAG_* bits
  lineNumber: Int32Array; // 1-based line of the header
  length: number;
};

export type GFrameTable = {
  func: Int32Array; // string index of the function as printed (`main.(*T).M`)
  file: Int32Array; // string index
  line: Int32Array;
  inlined: Uint8Array; // 1 when printed with `(...)` and no +0x offset (an inlined call)
  length: number;
};

/** Stacks as a prefix tree from the outermost frame: node i is frame[i] called from prefix[i]. */
export type GStackTable = {
  frame: Int32Array; // GFrameTable index
  prefix: Int32Array; // caller node, -1 for the outermost frame; a prefix precedes its children
  length: number;
};

export type GoroutineDumpModel = {
  kind: 'goroutine-dump';
  strings: string[];
  goroutines: GoroutineTable;
  frames: GFrameTable;
  stacks: GStackTable;
  skipped: SkippedLines;
  lineCount: number;
};

// ---------------------------------------------------------------------------------------------
// Escape analysis and inlining diagnostics (-gcflags=-m, -m -m, -m -l)

/** Decision kinds, in this order (EscapeDecisionTable.kind indexes it). */
export const ESCAPE_KINDS = [
  'moved-to-heap', // moved to heap: NAME
  'escapes-to-heap', // EXPR escapes to heap
  'does-not-escape', // EXPR does not escape / P does not escape
  'leaking-param', // leaking param: P
  'leaking-param-content', // leaking param content: P
  'leaking-param-to-result', // leaking param: P to result R level=N
  'can-inline', // can inline F [with cost N as: …]
  'cannot-inline', // cannot inline F: REASON
  'inlining-call', // inlining call to F
  'devirtualizing', // devirtualizing / partially devirtualizing …
  'zero-copy', // zero-copy string->[]byte conversion
  'closure-capture', // FUNC capturing by value|ref: VAR (…)  (-m -m)
  'uintptr', // assuming P is unsafe uintptr / marking P as escaping uintptr
  'other', // a positioned message not in the catalogue
] as const;
export type EscapeKind = (typeof ESCAPE_KINDS)[number];

export const ESCAPE_KIND_INDEX: Record<EscapeKind, number> = Object.fromEntries(
  ESCAPE_KINDS.map((k, i) => [k, i]),
) as Record<EscapeKind, number>;

/** Kinds that say a value lives on the heap. */
export const HEAP_ESCAPE_KINDS: ReadonlySet<EscapeKind> = new Set([
  'moved-to-heap',
  'escapes-to-heap',
  'leaking-param',
  'leaking-param-content',
  'leaking-param-to-result',
]);

/** One row per diagnostic line (explanation lines of -m -m go to EscapeExplanationTable). */
export type EscapeDecisionTable = {
  file: Int32Array; // string index, as printed (`./main.go`, `$GOROOT/src/…`, `<autogenerated>`)
  line: Int32Array;
  col: Int32Array; // 1-based byte column, 0 when the position has none (`<autogenerated>:1`)
  kind: Uint8Array; // ESCAPE_KINDS index
  subject: Int32Array; // string index: the variable, expression, parameter or function named
  message: Int32Array; // string index: the whole message after the position
  pkg: Int32Array; // string index of the preceding `# importPath`, -1 when none
  explanationStart: Int32Array; // first row in EscapeExplanationTable, -1 when none
  explanationCount: Int32Array;
  lineNumber: Int32Array; // 1-based line of the input
  length: number;
};

/** -m -m flow explanations, grouped: rows of one decision are contiguous. */
export type EscapeExplanationTable = {
  text: Int32Array; // string index of the message, indentation kept (`  flow: …`, `    from …`)
  decision: Int32Array; // decision row it explains, -1 when no decision line followed
  lineNumber: Int32Array;
  length: number;
};

export type EscapeModel = {
  kind: 'escape';
  strings: string[];
  decisions: EscapeDecisionTable;
  explanations: EscapeExplanationTable;
  /** `# importPath` headers in order. */
  packages: string[];
  skipped: SkippedLines;
  lineCount: number;
};

// ---------------------------------------------------------------------------------------------
// Integrity walks: every column as long as its table, every index in range, prefixes before
// children, line numbers increasing. Return problems (at most 20), [] when sound.

type Columns = Record<string, unknown> & { length: number };

function checkColumns(name: string, t: Columns, problems: string[]): void {
  for (const [k, v] of Object.entries(t)) {
    if (k === 'length') continue;
    if (ArrayBuffer.isView(v) && (v as unknown as { length: number }).length !== t.length) {
      problems.push(`${name}.${k}: ${(v as unknown as { length: number }).length} values for ${t.length} rows`);
    }
  }
}

function checkIncreasing(name: string, a: Int32Array, max: number, problems: string[]): void {
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < 1 || a[i]! > max || (i > 0 && a[i]! <= a[i - 1]!)) {
      problems.push(`${name}[${i}] = ${a[i]}: not increasing within 1…${max}`);
      return;
    }
  }
}

function checkIndex(name: string, a: Int32Array, lo: number, hi: number, problems: string[]): void {
  for (let i = 0; i < a.length; i++) {
    if (!(a[i]! >= lo && a[i]! < hi)) {
      problems.push(`${name}[${i}] = ${a[i]} out of ${lo}…${hi - 1}`);
      return;
    }
  }
}

/** Checked numbers: every value of the named columns an integer of at least `min`, exact in a double. */
function checkCounts(name: string, t: Columns, keys: readonly string[], min: number, problems: string[]): void {
  const cols = t as unknown as Record<string, ArrayLike<number>>;
  for (const k of keys) {
    const a = cols[k]!;
    for (let i = 0; i < a.length; i++) {
      const v = a[i]!;
      if (!(Number.isSafeInteger(v) && v >= min)) {
        problems.push(`${name}.${k}[${i}] = ${v}: not an integer ≥ ${min}`);
        break;
      }
    }
  }
}

const GC_COUNTS = [
  'cycle', 'startNs', 'cpuPercent', 'sweepTermNs', 'markNs', 'markTermNs', 'sweepTermCpuNs', 'assistCpuNs',
  'backgroundCpuNs', 'idleCpuNs', 'markTermCpuNs', 'heapStartBytes', 'heapMarkTermBytes', 'heapLiveBytes', 'heapGoalBytes', 'procs',
] as const;
const SCHED_COUNTS = ['timeNs', 'gomaxprocs', 'idleprocs', 'threads', 'spinningThreads', 'idleThreads', 'globalRunqueue'] as const;

export function checkRuntimeLogIntegrity(m: RuntimeLogModel): string[] {
  const p: string[] = [];
  checkCounts('gc', m.gc, GC_COUNTS, 0, p);
  checkCounts('gc', m.gc, ['stacksBytes', 'globalsBytes'], -1, p);
  checkCounts('scav', m.scav, ['afterCycle', 'backgroundKiB', 'releasedKiB', 'utilPercent'], 0, p);
  checkCounts('scav', m.scav, ['eagerKiB'], -1, p);
  checkCounts('sched', m.sched, SCHED_COUNTS, 0, p);
  checkCounts('sched', m.sched, ['needSpinning', 'localRunqueueSum'], -1, p);
  checkColumns('gc', m.gc, p);
  checkColumns('scav', m.scav, p);
  checkColumns('sched', m.sched, p);
  checkIncreasing('gc.lineNumber', m.gc.lineNumber, m.lineCount, p);
  checkIncreasing('scav.lineNumber', m.scav.lineNumber, m.lineCount, p);
  checkIncreasing('sched.lineNumber', m.sched.lineNumber, m.lineCount, p);
  const s = m.sched;
  for (let i = 0; i < s.length; i++) {
    const start = s.localRunqueueStart[i]!;
    const end = start + s.localRunqueueCount[i]!;
    if (start < 0 || end > m.localRunqueues.length || (i > 0 && start < s.localRunqueueStart[i - 1]! + s.localRunqueueCount[i - 1]!)) {
      p.push(`sched row ${i}: local run queues ${start}…${end} out of range or overlapping`);
      break;
    }
  }
  return p.slice(0, 20);
}

export function checkMemStatsIntegrity(m: MemStatsModel): string[] {
  const p: string[] = [];
  for (const f of MEMSTATS_SCALAR_FIELDS) if (m.fields[f].length !== m.length) p.push(`field ${f}: ${m.fields[f].length} values`);
  if (m.lastGcUnixNs.length !== m.length) p.push('lastGcUnixNs length');
  if (m.pauseNsRing.length !== m.length * MEMSTATS_PAUSE_RING || m.pauseEndRing.length !== m.length * MEMSTATS_PAUSE_RING) p.push('pause rings length');
  for (const a of [m.bySizeSize, m.bySizeMallocs, m.bySizeFrees]) if (a.length !== m.length * MEMSTATS_SIZE_CLASSES) p.push('BySize length');
  if (m.lineNumber.length !== m.length) p.push('lineNumber length');
  for (let i = 1; i < m.lineNumber.length; i++) if (m.lineNumber[i]! <= m.lineNumber[i - 1]!) p.push(`lineNumber[${i}] not increasing`);
  // NaN marks a missing field; any other value is a finite, non-negative number.
  for (const f of MEMSTATS_SCALAR_FIELDS) {
    const col = m.fields[f];
    for (let i = 0; i < col.length; i++) {
      const v = col[i]!;
      if (!Number.isNaN(v) && !(v >= 0 && v < Infinity)) {
        p.push(`field ${f}[${i}] = ${v}`);
        break;
      }
    }
  }
  for (const [name, a] of [['pauseNsRing', m.pauseNsRing], ['bySizeSize', m.bySizeSize], ['bySizeMallocs', m.bySizeMallocs], ['bySizeFrees', m.bySizeFrees]] as const) {
    for (let i = 0; i < a.length; i++) {
      if (!Number.isNaN(a[i]!) && !(a[i]! >= 0 && a[i]! < Infinity)) {
        p.push(`${name}[${i}] = ${a[i]}`);
        break;
      }
    }
  }
  return p.slice(0, 20);
}

export function checkGoroutineDumpIntegrity(d: GoroutineDumpModel): string[] {
  const p: string[] = [];
  const ns = d.strings.length;
  checkColumns('goroutines', d.goroutines, p);
  checkColumns('frames', d.frames, p);
  checkColumns('stacks', d.stacks, p);
  const g = d.goroutines;
  checkIndex('goroutines.status', g.status, 0, ns, p);
  checkIndex('goroutines.stack', g.stack, -1, d.stacks.length, p);
  checkIndex('goroutines.createdBy', g.createdBy, -1, ns, p);
  checkIndex('goroutines.createdByFile', g.createdByFile, -1, ns, p);
  checkIndex('goroutines.labels', g.labels, -1, ns, p);
  checkIncreasing('goroutines.lineNumber', g.lineNumber, d.lineCount, p);
  checkCounts('goroutines', g, ['id', 'waitMinutes', 'createdByLine'], 0, p);
  checkCounts('goroutines', g, ['creatorId'], -1, p);
  checkCounts('frames', d.frames, ['line'], 0, p);
  checkIndex('frames.func', d.frames.func, 0, ns, p);
  checkIndex('frames.file', d.frames.file, 0, ns, p);
  checkIndex('stacks.frame', d.stacks.frame, 0, d.frames.length, p);
  for (let i = 0; i < d.stacks.length; i++) {
    const pre = d.stacks.prefix[i]!;
    if (!(pre >= -1 && pre < i)) {
      p.push(`stack ${i}: prefix ${pre} does not precede it`);
      break;
    }
  }
  return p.slice(0, 20);
}

export function checkEscapeIntegrity(m: EscapeModel): string[] {
  const p: string[] = [];
  const ns = m.strings.length;
  const d = m.decisions;
  const e = m.explanations;
  checkColumns('decisions', d, p);
  checkColumns('explanations', e, p);
  checkIndex('decisions.file', d.file, 0, ns, p);
  checkIndex('decisions.subject', d.subject, 0, ns, p);
  checkIndex('decisions.message', d.message, 0, ns, p);
  checkIndex('decisions.pkg', d.pkg, -1, ns, p);
  checkIndex('explanations.text', e.text, 0, ns, p);
  checkIndex('explanations.decision', e.decision, -1, d.length, p);
  checkIncreasing('decisions.lineNumber', d.lineNumber, m.lineCount, p);
  checkCounts('decisions', d, ['line', 'col'], 0, p);
  for (let i = 0; i < d.length; i++) {
    if (d.kind[i]! >= ESCAPE_KINDS.length) p.push(`decision ${i}: kind ${d.kind[i]}`);
    const start = d.explanationStart[i]!;
    const count = d.explanationCount[i]!;
    if (count === 0) continue;
    if (start < 0 || start + count > e.length) p.push(`decision ${i}: explanations ${start}+${count} out of range`);
    else for (let j = start; j < start + count; j++) if (e.decision[j] !== i) p.push(`explanation ${j} does not point back at decision ${i}`);
  }
  return p.slice(0, 20);
}
