// A run: files of one program run on one time axis. Each file is placed on the axis with the
// method that placed it, the offset found and how sure it is:
// - a trace is the axis (offset 0); without one, the first gctrace log's program clock is;
// - a gctrace log: its `gc N @T s` cycles matched to the axis's GC cycles by the sequence of
//   spacings and pause lengths (cycle-match.ts): the offset and how many cycles agree;
// - MemStats (JSON lines, expvar): its pause rings (PauseEnd, PauseNs, numbered by NumGC)
//   matched to the axis's cycles, which also gives the axis a wall clock;
// - pprof profiles: by time_nanos (and duration_nanos, a span, for CPU profiles) against the
//   trace's wall-clock snapshot (Go 1.25+), else the wall clock MemStats gave, else a manual
//   offset the user set, else "cannot be placed";
// - two traces: refused. A log that matches nothing is shown on its own clock, and says so.

import { message, type Message } from '../../base/messages';
import type { Ns } from '../../base/time';
import type { ParsedFile, ParsedKind } from '../../model/parsed-file';
import type { ProfileModel } from '../../model/profile';
import type { RuntimeLogModel } from '../../model/runtime-log';
import { memStatsGcTimeline } from '../runtime/memstats-view';
import { traceClockAlignment } from '../trace/timeline-range';
import { matchCycleSequences, type CycleMatch } from './cycle-match';
import { anchorPairTest, gctraceAnchors, memStatsAnchors, numberedShifts, traceAnchors, type GcAnchors } from './gc-anchors';

export type RunFile = { id: string; name: string; parsed: ParsedFile };

export type PlacementMethod =
  | 'axis' // the run's axis
  | 'gc-cycles' // a log's GC cycles matched to the axis's
  | 'memstats-gc' // MemStats pause rings matched to the axis's GC cycles
  | 'wall-clock' // time_nanos against the trace's clock snapshot
  | 'memstats-wall-clock' // time_nanos against the wall clock MemStats gave the axis
  | 'manual' // an offset the user set
  | 'own-clock' // a log whose cycles match nothing: shown on its own clock
  | 'unplaced';

export type Confidence = 'exact' | 'high' | 'low' | 'none';

export type GcMatchReport = {
  /** Axis cycles matched to a cycle of this file. */
  matched: number;
  /** The axis's GC cycles. */
  axisCycles: number;
  /** This file's GC cycles. */
  fileCycles: number;
  /** Pairs whose time fits but whose pauses disagree. */
  pauseDisagreements: number;
  /** File row (log cycle / ring entry) of each axis cycle, -1 none. */
  fileCycleOf: Int32Array;
  ambiguous: boolean;
};

export type FilePlacement = {
  id: string;
  name: string;
  kind: ParsedKind;
  method: PlacementMethod;
  /** Axis ns = file-clock ns + offsetNs (logs: the program's clock; the axis: 0). NaN when unplaced. */
  offsetNs: Ns;
  /** Half the width of the offsets the evidence allows (0 exact). */
  uncertaintyNs: Ns;
  confidence: Confidence;
  gcMatch?: GcMatchReport;
  /** Profiles: where they were taken on the axis (a CPU profile: the start of its span), NaN unplaced. */
  atNs?: Ns;
  /** CPU profiles: the span's length (duration_nanos). */
  spanNs?: Ns;
  /** Why it is not placed, or what to know about the placement. */
  note?: Message;
  /** MemStats: the Unix ns instant its clock counts from (axis ns = unix − this + offsetNs). */
  clockOriginUnixNs?: bigint;
};

export type WallClock = {
  /** The file whose evidence gives it. */
  sourceId: string;
  method: 'trace-snapshot' | 'memstats';
  /** Axis ns of a Unix ns instant. */
  toAxisNs(unixNs: bigint): Ns;
};

export type RunPlacement =
  | {
      ok: true;
      axis: { id: string; kind: 'trace' | 'runtime-log'; durationNs: Ns };
      files: FilePlacement[];
      wallClock: WallClock | null;
    }
  | { ok: false; reason: Message };

/** Minimum cycles that must agree (or every axis cycle when there are fewer). */
const MIN_MATCHED = 3;

function gcMatchReport(m: CycleMatch | null, axis: GcAnchors, file: GcAnchors): GcMatchReport {
  return {
    matched: m?.matched ?? 0,
    axisCycles: axis.length,
    fileCycles: file.length,
    pauseDisagreements: m?.pauseDisagreements ?? 0,
    fileCycleOf: m?.fileCycleOf ?? new Int32Array(axis.length).fill(-1),
    ambiguous: m?.ambiguous ?? false,
  };
}

function accepted(m: CycleMatch | null, axisCycles: number): m is CycleMatch {
  return m !== null && m.matched >= Math.min(MIN_MATCHED, axisCycles) && m.matched > 0;
}

function confidenceOf(m: CycleMatch): Confidence {
  if (m.ambiguous || m.pauseDisagreements > 0 || m.matched < m.compared) return 'low';
  return 'high';
}

/** The axis's GC anchors with runtime numbers filled in from a placed gctrace log (trace cycles carry none). */
function numbered(axis: GcAnchors, fileAnchors: GcAnchors, fileCycleOf: Int32Array): GcAnchors {
  const number = Float64Array.from(axis.number);
  for (let i = 0; i < axis.length; i++) {
    const j = fileCycleOf[i]!;
    if (j >= 0) number[i] = fileAnchors.number[j]!;
  }
  return { ...axis, number };
}

/**
 * Places every file of a run. `manualOffsets`: axis ns the user set for a profile's capture
 * (a view option), used when nothing else places it.
 */
export function placeRun(files: RunFile[], manualOffsets: Record<string, number> = {}): RunPlacement {
  const traces = files.filter((f) => f.parsed.kind === 'trace');
  if (traces.length > 1) {
    return { ok: false, reason: message('run.two-traces', { first: traces[0]!.name, second: traces[1]!.name }) };
  }
  const logs = files.filter((f) => f.parsed.kind === 'runtime-log' && (f.parsed as RuntimeLogModel).gc.length > 0);
  const axisFile = traces[0] ?? logs[0];
  if (!axisFile) return { ok: false, reason: message('run.no-axis') };

  let axisAnchors: GcAnchors;
  let durationNs: Ns;
  let wallClock: WallClock | null = null;
  if (axisFile.parsed.kind === 'trace') {
    const t = axisFile.parsed;
    axisAnchors = traceAnchors(t);
    durationNs = t.durationNs;
    const align = traceClockAlignment(t);
    if (align.ok) wallClock = { sourceId: axisFile.id, method: 'trace-snapshot', toAxisNs: align.toTraceNs };
  } else {
    const gc = (axisFile.parsed as RuntimeLogModel).gc;
    axisAnchors = gctraceAnchors(gc);
    durationNs = gc.length > 0 ? axisAnchors.endHi[gc.length - 1]! : 0;
  }

  const placed = new Map<string, FilePlacement>();
  placed.set(axisFile.id, {
    id: axisFile.id, name: axisFile.name, kind: axisFile.parsed.kind, method: 'axis', offsetNs: 0, uncertaintyNs: 0, confidence: 'exact',
  });

  // Logs: by their GC cycles.
  for (const f of files) {
    if (f === axisFile || f.parsed.kind !== 'runtime-log') continue;
    const gc = f.parsed.gc;
    if (gc.length === 0) {
      placed.set(f.id, unplaced(f, message('run.log-without-gc')));
      continue;
    }
    const anchors = gctraceAnchors(gc);
    const m = matchCycleSequences(axisAnchors.length, anchors.length, anchorPairTest(axisAnchors, anchors), numberedShifts(axisAnchors, anchors));
    const report = gcMatchReport(m, axisAnchors, anchors);
    if (accepted(m, axisAnchors.length)) {
      placed.set(f.id, {
        id: f.id, name: f.name, kind: f.parsed.kind, method: 'gc-cycles',
        offsetNs: Math.round((m.offsetLo + m.offsetHi) / 2), uncertaintyNs: Math.max(0, (m.offsetHi - m.offsetLo) / 2),
        confidence: confidenceOf(m), gcMatch: report,
        ...(m.ambiguous ? { note: message('run.match-ambiguous') } : {}),
      });
      if (!Number.isFinite(axisAnchors.number[0]!)) axisAnchors = numbered(axisAnchors, anchors, m.fileCycleOf);
    } else {
      placed.set(f.id, {
        id: f.id, name: f.name, kind: f.parsed.kind, method: 'own-clock', offsetNs: 0, uncertaintyNs: NaN, confidence: 'none',
        gcMatch: report, note: message('run.log-matches-nothing', { cycles: gc.length, axisCycles: axisAnchors.length }),
      });
    }
  }

  // MemStats: by the pause rings of every sample (each lists the last 256 cycles it saw), so
  // every cycle the file saw is matched, not only those the last sample's ring still holds.
  for (const f of files) {
    if (f.parsed.kind !== 'memstats') continue;
    const tl = memStatsGcTimeline(f.parsed);
    if (tl.length === 0) {
      placed.set(f.id, unplaced(f, message('run.memstats-without-gc')));
      continue;
    }
    const base = tl.originUnixNs;
    const anchors = memStatsAnchors(tl);
    const match = matchCycleSequences(axisAnchors.length, anchors.length, anchorPairTest(axisAnchors, anchors), numberedShifts(axisAnchors, anchors));
    if (accepted(match, axisAnchors.length)) {
      const offset = Math.round((match.offsetLo + match.offsetHi) / 2);
      placed.set(f.id, {
        id: f.id, name: f.name, kind: f.parsed.kind, method: 'memstats-gc', offsetNs: offset, clockOriginUnixNs: base,
        uncertaintyNs: Math.max(0, (match.offsetHi - match.offsetLo) / 2), confidence: confidenceOf(match),
        gcMatch: { ...gcMatchReport(match, axisAnchors, anchors), fileCycles: tl.length },
      });
      // axis = (wall − base) + offset
      if (!wallClock) wallClock = { sourceId: f.id, method: 'memstats', toAxisNs: (u) => Number(u - base) + offset };
    } else {
      placed.set(f.id, {
        ...unplaced(f, message('run.memstats-matches-nothing', { cycles: tl.length, axisCycles: axisAnchors.length })),
        gcMatch: { ...gcMatchReport(match, axisAnchors, anchors), fileCycles: tl.length },
      });
    }
  }

  // Profiles: by their wall-clock capture time.
  for (const f of files) {
    if (f.parsed.kind !== 'profile') continue;
    placed.set(f.id, placeProfile(f, f.parsed, wallClock, manualOffsets[f.id]));
  }

  for (const f of files) {
    if (!placed.has(f.id)) placed.set(f.id, unplaced(f, message('run.kind-has-no-time', { kind: f.parsed.kind })));
  }
  return {
    ok: true,
    axis: { id: axisFile.id, kind: axisFile.parsed.kind === 'trace' ? 'trace' : 'runtime-log', durationNs },
    files: files.map((f) => placed.get(f.id)!),
    wallClock,
  };
}

/**
 * Whether a file's times are on the run's axis: not when it cannot be placed, nor a log on its
 * own clock (its cycles match none of the axis's: drawn from its program's start, not placed).
 */
export function isOnRunAxis(p: FilePlacement): boolean {
  return p.method !== 'own-clock' && p.method !== 'unplaced';
}

function unplaced(f: RunFile, note: Message): FilePlacement {
  return { id: f.id, name: f.name, kind: f.parsed.kind, method: 'unplaced', offsetNs: NaN, uncertaintyNs: NaN, confidence: 'none', note };
}

function placeProfile(f: RunFile, p: ProfileModel, wall: WallClock | null, manual: number | undefined): FilePlacement {
  const isCpu = p.sampleTypes.some((s) => s.type === 'cpu');
  const span = isCpu && p.durationNs > 0 ? { spanNs: p.durationNs } : {};
  if (manual !== undefined && Number.isFinite(manual)) {
    return { id: f.id, name: f.name, kind: 'profile', method: 'manual', offsetNs: manual, uncertaintyNs: NaN, confidence: 'low', atNs: manual, ...span };
  }
  if (p.timeNanos <= 0n) return { ...unplaced(f, message('run.profile-without-time')), atNs: NaN };
  if (!wall) return { ...unplaced(f, message('run.no-wall-clock')), atNs: NaN };
  const at = wall.toAxisNs(p.timeNanos);
  return {
    id: f.id, name: f.name, kind: 'profile',
    method: wall.method === 'trace-snapshot' ? 'wall-clock' : 'memstats-wall-clock',
    offsetNs: at, uncertaintyNs: 0, confidence: wall.method === 'trace-snapshot' ? 'exact' : 'high', atNs: at, ...span,
  };
}
