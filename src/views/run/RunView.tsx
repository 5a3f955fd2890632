// The page of a run: files of one program run on one time axis (analysis/run/placement.ts).
// The placement report says how each file was placed; the lanes of every placed file stack
// under one cursor and one range (the trace's GC, STW and heap lanes, each gctrace log's
// cycles, MemStats' heap figures and GC cycles, profile markers and CPU spans, allocation rate
// against GC frequency, the trace's goroutines and Ps on demand); the readout
// names the values of each file at the cursor; a brushed range shows both sources' GC cycles
// and pauses, the rates, and the flame graph of the CPU samples inside it.

import { useCallback, useMemo, useRef } from 'react';
import { formatMessage } from '../../i18n/en';
import { message } from '../../base/messages';
import { formatBytes, formatBytesPerSecond, formatNanoseconds, formatPerSecond } from '../../base/units';
import { formatInteger } from '../../base/number-format';
import type { MemStatsModel, RuntimeLogModel } from '../../model/runtime-log';
import type { TraceModel } from '../../model/trace';
import { isOnRunAxis, type FilePlacement, type RunFile, type RunPlacement } from '../../analysis/run/placement';
import { gctraceRates, runRangeLogCycles, traceRangeRates, traceRates, type RateIntervals } from '../../analysis/run/rates';
import { memStatsOnAxis, memStatsSampleAt, type MemStatsOnAxis } from '../../analysis/run/memstats-on-axis';
import { rangeHeapPair } from '../../analysis/run/range-heaps';
import { isHeapProfile } from '../../analysis/trace/timeline-range';
import { rangeRowAt, seriesValueAt } from '../../analysis/trace/timeline-tables';
import { viewKeyOf, type FileEntry } from '../../store/store';
import { runPlacement, traceSelectors } from '../../store/selectors';
import { useGoLens } from '../../store/store';
import { useTimeRange, useTimeWindow, useViewOption, ViewKeyProvider } from '../view-state';
import { CompareView } from '../compare/CompareView';
import { ProfileView } from '../profile/ProfileView';
import { TimeViewport } from '../timeline/TimeViewport';
import { TimeAxis, type AxisMarker } from '../timeline/TimeAxis';
import { TimeLane, type LaneFrame, type LaneHit } from '../timeline/TimeLane';
import { COLORS, stwColor } from '../timeline/colors';
import { GcLane, GoroutineChart, HeapChart, ProcLanes, StwLane } from '../trace/TraceLanes';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';
import { ResizablePanel, type PanelHandle } from '../workspace/ResizablePanel';

const METHOD_LABEL: Record<FilePlacement['method'], string> = {
  axis: 'the run’s axis',
  'gc-cycles': 'GC cycles matched',
  'memstats-gc': 'pause rings matched to GC cycles',
  'wall-clock': 'time_nanos against the trace’s wall clock',
  'memstats-wall-clock': 'time_nanos against the wall clock from MemStats',
  manual: 'manual offset',
  'own-clock': 'own clock (matches nothing)',
  unplaced: 'cannot be placed',
};

type PlacedLog = { p: FilePlacement; log: RuntimeLogModel };
type PlacedMemStats = { p: FilePlacement; a: MemStatsOnAxis };

/** MemStats of the run on its axis, memoized per model and placement. */
const memStatsCache = new WeakMap<MemStatsModel, { key: string; a: MemStatsOnAxis }>();
function memStatsOf(m: MemStatsModel, p: FilePlacement): MemStatsOnAxis {
  const key = `${p.clockOriginUnixNs}|${p.offsetNs}`;
  const hit = memStatsCache.get(m);
  if (hit && hit.key === key) return hit.a;
  const a = memStatsOnAxis(m, p.clockOriginUnixNs!, p.offsetNs);
  memStatsCache.set(m, { key, a });
  return a;
}

function signedNs(v: number): string {
  return `${v < 0 ? '−' : '+'}${formatNanoseconds(Math.abs(v))}`;
}

export function RunView({ files: shown }: { files: FileEntry[] }) {
  // The demo's files are other programs' profiles: never part of the user's run (a link made
  // before "Same run" left them out may still name them); the report says they were left out.
  const files = useMemo(() => shown.filter((f) => f.origin !== 'demo'), [shown]);
  const leftOut = shown.filter((f) => f.origin === 'demo').map((f) => f.name);
  const runFiles = useMemo(() => files.map((f): RunFile => ({ id: f.id, name: f.name, parsed: f.parsed! })), [files]);
  const [manualText, setManualText] = useViewOption('offsets');
  const manual = useMemo(() => parseOffsets(manualText), [manualText]);
  const run = runPlacement(runFiles, manual);
  if (!run.ok) {
    return (
      <section className="run-view">
        <p className="notice error" role="alert" data-testid="run-refused">
          {formatMessage(run.reason)}
        </p>
        <DemoLeftOut names={leftOut} />
      </section>
    );
  }
  return <PlacedRun run={run} files={files} leftOut={leftOut} manual={manual} setManual={(m) => setManualText(formatOffsets(m))} />;
}

function DemoLeftOut({ names }: { names: string[] }) {
  if (names.length === 0) return null;
  return (
    <p className="run-note muted" data-testid="run-demo-left-out">
      {formatMessage(message('run.demo-left-out', { files: names.join(', ') }))}
    </p>
  );
}

function parseOffsets(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(';')) {
    const k = part.lastIndexOf('=');
    if (k <= 0) continue;
    const v = Number(part.slice(k + 1));
    if (Number.isFinite(v)) out[part.slice(0, k)] = v;
  }
  return out;
}

function formatOffsets(m: Record<string, number>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${Math.round(v)}`)
    .join(';');
}

function PlacedRun({
  run,
  files,
  leftOut,
  manual,
  setManual,
}: {
  run: Extract<RunPlacement, { ok: true }>;
  files: FileEntry[];
  leftOut: string[];
  manual: Record<string, number>;
  setManual(m: Record<string, number>): void;
}) {
  const traceEntry = files.find((f) => f.parsed?.kind === 'trace') ?? null;
  const t = traceEntry ? (traceEntry.parsed as TraceModel) : null;
  const tsel = t ? traceSelectors(t, traceEntry!.derived) : null;
  const tl = tsel ? tsel.timeline() : null;
  const [rangeNs, setRange] = useTimeRange();
  const extent = useMemo<[number, number]>(() => [0, Math.max(1, run.axis.durationNs)], [run.axis.durationNs]);

  const logs: PlacedLog[] = run.files
    // A log whose cycles match nothing is shown too, on its own clock (offset 0), as its report row says.
    .filter((p) => p.kind === 'runtime-log' && (p.method === 'gc-cycles' || p.method === 'axis' || p.method === 'own-clock'))
    .map((p) => ({ p, log: files.find((f) => f.id === p.id)!.parsed as RuntimeLogModel }));
  const memstats: PlacedMemStats[] = run.files
    .filter((p) => p.kind === 'memstats' && p.method === 'memstats-gc' && p.clockOriginUnixNs !== undefined)
    .map((p) => ({ p, a: memStatsOf(files.find((f) => f.id === p.id)!.parsed as MemStatsModel, p) }));
  const [lanesOption, setLanesOption] = useViewOption('lanes');
  const showAllLanes = lanesOption === 'all';
  const profiles = run.files.filter((p) => p.kind === 'profile' && Number.isFinite(p.atNs ?? NaN));
  const markers: AxisMarker[] = profiles.map((p) => ({
    ns: p.atNs!,
    label: p.spanNs ? 'C' : 'H',
    title: `${displayName(p.name)}: ${p.spanNs ? `CPU profile from ${formatNanoseconds(p.atNs!)} for ${formatNanoseconds(p.spanNs)}` : `taken at ${formatNanoseconds(p.atNs!)}`}`,
    onClick: () => useGoLens.getState().select({ kind: 'file', id: p.id }),
  }));

  // Without a trace, the rates are the axis's log's (a log on its own clock is not on the axis).
  const rateLog = logs.find((x) => isOnRunAxis(x.p));
  const rates = useMemo(() => {
    if (t) return { source: 'trace', r: traceRates(t) };
    return rateLog ? { source: 'log', r: gctraceRates(rateLog.log.gc, rateLog.p.offsetNs) } : null;
  }, [t, rateLog?.log, rateLog?.p.offsetNs]);

  const heaps = profiles.filter((p) => {
    const f = files.find((x) => x.id === p.id)?.parsed;
    return f?.kind === 'profile' && isHeapProfile(f);
  });
  const heapPair = rangeNs ? rangeHeapPair(heaps, rangeNs[0], rangeNs[1]) : null;
  const noop = useCallback(() => {}, []);
  const lanesRef = useRef<HTMLDivElement>(null);
  const heapRef = useRef<HTMLElement>(null);
  const panelRef = useRef<PanelHandle>(null);
  const rangeProfile = tsel && rangeNs ? tsel.rangeCpuProfile(rangeNs[0], rangeNs[1]) : null;

  return (
    <div className="run-view trace-view" data-testid="run-view">
      <PlacementReport run={run} manual={manual} setManual={setManual} />
      <DemoLeftOut names={leftOut} />
      <div className="toolbar trace-toolbar" role="toolbar" aria-label="Timeline">
        <ResetWindow />
        <button type="button" data-testid="clear-range" disabled={!rangeNs} onClick={() => setRange(null)}>
          Clear range
        </button>
        {t && tl ? (
          <button type="button" data-testid="run-trace-lanes" aria-pressed={showAllLanes} onClick={() => setLanesOption(showAllLanes ? null : 'all')}>
            {showAllLanes ? 'Hide' : 'Show'} the trace’s goroutines and Ps
          </button>
        ) : null}
        <span className="muted hint">
          <kbd>wheel</kbd> zoom · <kbd>drag</kbd> pan · <kbd>shift</kbd>+<kbd>drag</kbd> or drag on the axis: select a range
        </span>
      </div>
      <RunReadout t={t} logs={logs} memstats={memstats} />
      <div className="timeline-scroll" ref={lanesRef}>
        <TimeViewport extentNs={extent}>
          <TimeAxis markers={markers} />
          {t && tl ? (
            <>
              <GcLane t={t} tl={tl} onSelect={noop} />
              <StwLane t={t} tl={tl} onSelect={noop} />
              <HeapChart t={t} tl={tl} onSelect={noop} />
            </>
          ) : null}
          {logs.map((l) => (
            <GcLogLane key={l.p.id} placed={l} />
          ))}
          {memstats.map((m) => (
            <MemStatsLane key={m.p.id} placed={m} />
          ))}
          {profiles.length ? <ProfileLane profiles={profiles} /> : null}
          {rates ? <RatesLane rates={rates.r} source={rates.source} /> : null}
          {t && tl && showAllLanes ? (
            <>
              <GoroutineChart t={t} tl={tl} onSelect={noop} />
              <div className="lane-group-title"><Name text={traceEntry!.name} />: processors (P) — goroutine slices coloured by start function</div>
              <ProcLanes t={t} tl={tl} onSelect={noop} />
            </>
          ) : null}
        </TimeViewport>
      </div>
      <ResizablePanel aboveRef={lanesRef} className="trace-bottom run-bottom" label="Resize the range panel" collapsed={!rangeNs} handle={panelRef}>
        <div className="trace-side">
          {rangeNs ? (
            <RunRangePanel
              t={t}
              logs={logs}
              memstats={memstats}
              range={rangeNs}
              heapPair={heapPair}
              onShowHeap={() => showHeapComparison(heapRef.current, panelRef.current)}
            />
          ) : (
            <p className="muted panel-hint">
              Select a time range (<kbd>shift</kbd>+drag on the lanes, or drag on the time axis) to see GC cycles and pauses from
              every file, the allocation rate and GC frequency, and the CPU samples inside it.
            </p>
          )}
        </div>
        <div className="trace-flame run-flame">
          {rangeProfile ? (
            rangeProfile.samples.length ? (
              <ProfileView profile={rangeProfile} title="CPU samples in the range" />
            ) : (
              <p className="notice" data-testid="no-samples">No CPU samples in the selected range.</p>
            )
          ) : null}
        </div>
        {heapPair ? <RangeHeapComparison base={files.find((f) => f.id === heapPair.base.id)!} target={files.find((f) => f.id === heapPair.target.id)!} pair={heapPair} sectionRef={heapRef} /> : null}
      </ResizablePanel>
    </div>
  );
}

/**
 * The range summary's link to the heap comparison: the panel grows by what the comparison lacks
 * (as far as the lanes let it); when all of it fits, its top goes to the panel's top, else the
 * panel scrolls so that its flame graph is in view (its bottom, where its root and first frames
 * are; a bottom-up one from its top, its toolbar above it) under the comparison's heading
 * (sticky: it stays in view).
 */
function showHeapComparison(section: HTMLElement | null, panel: PanelHandle | null) {
  if (!section) return;
  const scroller = section.closest<HTMLElement>('.split-panel');
  const flame = section.querySelector('[data-testid="flamegraph"]');
  if (scroller && flame) {
    // Taller by what the comparison, from its top to its flame graph's bottom, lacks.
    const need = flame.getBoundingClientRect().bottom - section.getBoundingClientRect().top - scroller.clientHeight;
    panel?.grow(Math.ceil(need));
  }
  // After the panel's new height is laid out.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      if (!scroller) return section.scrollIntoView({ block: 'start' });
      const box = scroller.getBoundingClientRect();
      const at = (el: Element) => el.getBoundingClientRect().top - box.top + scroller.scrollTop;
      const start = at(section);
      let top = start;
      if (flame) {
        const bottom = at(flame) + flame.getBoundingClientRect().height;
        if (bottom - start > scroller.clientHeight) {
          // The flame graph's bottom at the panel's bottom (its root and first frames in view);
          // bottom-up, its root is at its top: the comparison's toolbar then goes under the heading.
          const toolbar = section.querySelector('[role="toolbar"]');
          const headingPx = section.querySelector('h3')?.getBoundingClientRect().height ?? 0;
          top = flame.classList.contains('inverted') && toolbar ? at(toolbar) - headingPx : bottom - scroller.clientHeight;
        }
      }
      scroller.scrollTop = Math.max(start, top);
    }),
  );
}

/** The heap profiles on both sides of the range (or inside it), compared as pprof -diff_base does, under the comparison's own view key. */
function RangeHeapComparison({
  base,
  target,
  pair,
  sectionRef,
}: {
  base: FileEntry;
  target: FileEntry;
  pair: { base: FilePlacement; target: FilePlacement };
  sectionRef: React.RefObject<HTMLElement | null>;
}) {
  const sel = { kind: 'compare', base: base.id, target: target.id } as const;
  return (
    <section ref={sectionRef} className="run-heap-compare" data-testid="range-heap-compare" data-base={base.id} data-target={target.id}>
      <h3>
        Heap: {base.name} <span className="muted">(at {formatNanoseconds(pair.base.atNs!)})</span> → {target.name}{' '}
        <span className="muted">(at {formatNanoseconds(pair.target.atNs!)})</span>{' '}
        <button type="button" className="link" data-testid="open-heap-compare" onClick={() => useGoLens.getState().select(sel)}>
          Open as the comparison
        </button>
      </h3>
      <ViewKeyProvider value={viewKeyOf(sel)}>
        <CompareView base={base} target={target} />
      </ViewKeyProvider>
    </section>
  );
}

function ResetWindow() {
  const [w, setW] = useTimeWindow();
  return (
    <button type="button" data-testid="reset-window" disabled={!w} onClick={() => setW(null)}>
      Reset zoom
    </button>
  );
}

function PlacementReport({
  run,
  manual,
  setManual,
}: {
  run: Extract<RunPlacement, { ok: true }>;
  manual: Record<string, number>;
  setManual(m: Record<string, number>): void;
}) {
  return (
    <section className="run-placement" data-testid="run-placement">
      <h2>One run, one axis</h2>
      <table className="digest-table">
        <thead>
          <tr>
            <th>file</th>
            <th>placed by</th>
            <th>offset</th>
            <th>GC cycles matched</th>
            <th>confidence</th>
          </tr>
        </thead>
        <tbody>
          {run.files.map((p) => (
            <tr
              key={p.id}
              data-testid="run-file"
              data-file-id={p.id}
              data-method={p.method}
              data-offset-ns={Number.isFinite(p.offsetNs) ? Math.round(p.offsetNs) : ''}
              data-matched={p.gcMatch ? p.gcMatch.matched : ''}
              data-confidence={p.confidence}
            >
              <td>
                <Name text={p.name} />
              </td>
              <td>{METHOD_LABEL[p.method]}</td>
              <td>
                {p.method === 'axis'
                  ? '0'
                  : p.method === 'own-clock'
                    ? 'none (own clock)'
                    : p.kind === 'profile' && Number.isFinite(p.atNs ?? NaN)
                      ? `at ${formatNanoseconds(p.atNs!)}${p.spanNs ? ` for ${formatNanoseconds(p.spanNs)}` : ''}`
                      : Number.isFinite(p.offsetNs)
                        ? `${signedNs(p.offsetNs)}${p.uncertaintyNs > 0 ? ` ± ${formatNanoseconds(p.uncertaintyNs)}` : ''}`
                        : '—'}
                {p.kind === 'profile' && (p.method === 'unplaced' || p.method === 'manual') ? (
                  <label className="manual-offset">
                    {' '}
                    set time (ms){' '}
                    <input
                      type="number"
                      data-testid="manual-offset"
                      defaultValue={manual[p.id] !== undefined ? manual[p.id]! / 1e6 : ''}
                      onChange={(e) => {
                        const v = e.currentTarget.value;
                        const next = { ...manual };
                        if (v === '' || !Number.isFinite(Number(v))) delete next[p.id];
                        else next[p.id] = Number(v) * 1e6;
                        setManual(next);
                      }}
                    />
                  </label>
                ) : null}
              </td>
              <td>{p.gcMatch ? `${p.gcMatch.matched} of ${p.gcMatch.axisCycles}` : ''}</td>
              <td>
                {p.confidence}
                {p.note ? (
                  <span className={p.method === 'unplaced' || p.method === 'own-clock' ? 'run-note warn' : 'run-note'} role={p.method === 'unplaced' || p.method === 'own-clock' ? 'alert' : undefined}>
                    {' '}
                    {formatMessage(p.note)}
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The log's row of the cycle at axis time ns (the last begun at or before it), -1 none. */
function logCycleAt(l: PlacedLog, ns: number): number {
  const gc = l.log.gc;
  const x = ns - l.p.offsetNs;
  let lo = 0, hi = gc.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (gc.startNs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function mib(v: number): string {
  return String(Math.round(v / 2 ** 20));
}

function cycleText(l: PlacedLog, j: number): string {
  const gc = l.log.gc;
  return `gc ${gc.cycle[j]} @${formatNanoseconds(gc.startNs[j]!)}: ${mib(gc.heapStartBytes[j]!)}→${mib(gc.heapMarkTermBytes[j]!)}→${mib(gc.heapLiveBytes[j]!)} MB, ${mib(gc.heapGoalBytes[j]!)} MB goal, STW ${formatNanoseconds(gc.sweepTermNs[j]!)} + ${formatNanoseconds(gc.markTermNs[j]!)}`;
}

function RunReadout({ t, logs, memstats }: { t: TraceModel | null; logs: PlacedLog[]; memstats: PlacedMemStats[] }) {
  const ns = useGoLens((s) => s.cursorNs);
  if (ns === null) {
    return (
      <div className="cursor-readout" data-testid="cursor-readout" data-ns="">
        <span className="muted">Hover the lanes: the values of every file of the run at the cursor appear here.</span>
      </div>
    );
  }
  const heap = t ? seriesValueAt(t.heapAlloc, ns) : NaN;
  const goal = t ? seriesValueAt(t.heapGoal, ns) : NaN;
  const gcRow = t ? rangeRowAt(t.gcCycles.start, t.gcCycles.end, t.gcCycles.length, ns, t.durationNs) : -1;
  return (
    <div className="cursor-readout" data-testid="cursor-readout" data-ns={Math.round(ns)} data-heap-bytes={Number.isNaN(heap) ? '' : heap}>
      <span>
        <b>t</b> <span data-testid="readout-time">{formatNanoseconds(ns)}</span>
      </span>
      {t ? (
        <span data-testid="readout-trace">
          <b>trace</b> heap <span data-testid="readout-heap">{Number.isNaN(heap) ? '—' : formatBytes(heap)}</span> / goal{' '}
          {Number.isNaN(goal) ? '—' : formatBytes(goal)}
          {gcRow >= 0 ? <b className="gc-tag"> GC marking</b> : null}
        </span>
      ) : null}
      {logs.map((l) => {
        const j = logCycleAt(l, ns);
        return (
          <span key={l.p.id} data-testid="readout-log" data-cycle={j >= 0 ? l.log.gc.cycle[j] : ''}>
            <b>
              <Name text={l.p.name} />
            </b>
            {isOnRunAxis(l.p) ? ' ' : ' (its own clock) '}
            {j >= 0 ? `last ${cycleText(l, j)}` : 'before its first cycle'}
          </span>
        );
      })}
      {memstats.map(({ p, a }) => {
        const k = memStatsSampleAt(a, ns);
        return (
          <span key={p.id} data-testid="readout-memstats" data-sample={k >= 0 ? k + 1 : ''} data-numgc={k >= 0 ? a.numGc[k] : ''}>
            <b>
              <Name text={p.name} />
            </b>{' '}
            {k >= 0
              ? `sample ${k + 1} (at or after its LastGC): HeapAlloc ${formatBytes(a.heapAlloc[k]!)}, HeapInuse ${formatBytes(a.heapInuse[k]!)}, NextGC ${formatBytes(a.nextGc[k]!)}, NumGC ${a.numGc[k]}`
              : 'no sample yet'}
          </span>
        );
      })}
    </div>
  );
}

function GcLogLane({ placed: l }: { placed: PlacedLog }) {
  const gc = l.log.gc;
  const o = l.p.offsetNs;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const x = (ns: number) => (ns - f.t0) / f.nsPerPx;
      for (let j = 0; j < gc.length; j++) {
        const s = gc.startNs[j]! + o;
        const m = s + gc.sweepTermNs[j]!;
        const mt = m + gc.markNs[j]!;
        const e = mt + gc.markTermNs[j]!;
        if (e < f.t0 || s > f.t1) continue;
        ctx.fillStyle = COLORS.gcMark;
        ctx.fillRect(x(m), 6, Math.max(1, x(mt) - x(m)), 14);
        // Both stop-the-world phases, at least 3 px so they can be seen and hovered.
        ctx.fillStyle = stwColor(gc.sweepTermNs[j]!);
        ctx.fillRect(x(s) - 1, 2, Math.max(3, x(m) - x(s)), 22);
        ctx.fillStyle = stwColor(gc.markTermNs[j]!);
        ctx.fillRect(x(mt) - 1, 2, Math.max(3, x(e) - x(mt)), 22);
      }
    },
    [gc, o],
  );
  const hitTest = (ns: number, _y: number, f: LaneFrame): LaneHit | null => {
    const j = logCycleAt(l, ns + 2 * f.nsPerPx);
    if (j < 0) return null;
    const s = gc.startNs[j]! + o;
    const e = s + gc.sweepTermNs[j]! + gc.markNs[j]! + gc.markTermNs[j]!;
    if (ns < s - 3 * f.nsPerPx || ns > e + 3 * f.nsPerPx) return null;
    return { text: isOnRunAxis(l.p) ? cycleText(l, j) : `${cycleText(l, j)} (on its own clock, not the run's)` };
  };
  return (
    <TimeLane
      id={`gclog-${l.p.id}`}
      label={
        <span className="lane-name">
          <Name className="lane-file" text={l.p.name} />
          <small>{isOnRunAxis(l.p) ? 'gc cycles' : 'gc cycles · own clock'}</small>
        </span>
      }
      title={
        isOnRunAxis(l.p)
          ? `${displayName(l.p.name)}: gctrace cycles (sweep termination, mark, mark termination) placed at ${signedNs(o)}`
          : `${displayName(l.p.name)}: gctrace cycles (sweep termination, mark, mark termination) on its own clock, from its program's start: its cycles match none of the run's, so it is not placed on the run's axis`
      }
      height={30}
      draw={draw}
      hitTest={hitTest}
    />
  );
}

const MEMSTATS_SERIES = [
  { key: 'nextGc', name: 'NextGC', color: '#e67700' },
  { key: 'heapInuse', name: 'HeapInuse', color: '#2f9e44' },
  { key: 'heapAlloc', name: 'HeapAlloc', color: '#0b7fab' },
] as const;

/**
 * A MemStats file on the run's axis: HeapAlloc, HeapInuse and NextGC of each sample at its
 * LastGC (scaled to the samples in the window), and a tick at the end of each GC cycle its
 * pause rings list (NumGC markers).
 */
function MemStatsLane({ placed: { p, a } }: { placed: PlacedMemStats }) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const x = (ns: number) => (ns - f.t0) / f.nsPerPx;
      const top = 14, h = f.height - top - 3;
      // GC cycles: ticks along the top, at least 1 px wide.
      ctx.fillStyle = '#c92a2a';
      for (let i = 0; i < a.gc.length; i++) {
        const e = x(a.gc.endNs[i]!), b = x(a.gc.endNs[i]! - a.gc.pauseNs[i]!);
        if (e < -2 || b > f.width + 2) continue;
        ctx.fillRect(b, 2, Math.max(1, e - b), 8);
      }
      let max = 0, lo = -1, hi = -1;
      for (let s = 0; s < a.length; s++) {
        const v = a.sampleNs[s]!;
        if (!(v >= f.t0 && v <= f.t1)) continue;
        if (lo < 0) lo = s;
        hi = s;
        max = Math.max(max, a.heapAlloc[s]!, a.heapInuse[s]!, a.nextGc[s]!);
      }
      if (lo < 0) return;
      // One sample on either side of the window, so the lines reach its edges.
      lo = Math.max(0, lo - 1);
      hi = Math.min(a.length - 1, hi + 1);
      const y = (v: number) => top + h - (max > 0 ? Math.min(1, v / max) : 0) * h;
      for (const sr of MEMSTATS_SERIES) {
        const col = a[sr.key];
        ctx.strokeStyle = sr.color;
        ctx.fillStyle = sr.color;
        ctx.globalAlpha = 0.5;
        ctx.beginPath();
        let started = false;
        for (let s = lo; s <= hi; s++) {
          if (Number.isNaN(a.sampleNs[s]!)) continue;
          if (started) ctx.lineTo(x(a.sampleNs[s]!), y(col[s]!));
          else ctx.moveTo(x(a.sampleNs[s]!), y(col[s]!));
          started = true;
        }
        ctx.stroke();
        ctx.globalAlpha = 1;
        for (let s = lo; s <= hi; s++) {
          if (Number.isNaN(a.sampleNs[s]!)) continue;
          ctx.fillRect(x(a.sampleNs[s]!) - 2, y(col[s]!) - 2, 4, 4);
        }
      }
      ctx.fillStyle = '#6b7480';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(`0 – ${formatBytes(max)}`, 3, 12);
    },
    [a],
  );
  const hitTest = (ns: number, yy: number, f: LaneFrame): LaneHit | null => {
    if (yy <= 12) {
      // The nearest GC cycle end within 3 px.
      let best = -1;
      for (let i = 0; i < a.gc.length; i++) {
        const d = Math.abs(a.gc.endNs[i]! - ns);
        if (d <= 3 * f.nsPerPx && (best < 0 || d < Math.abs(a.gc.endNs[best]! - ns))) best = i;
      }
      if (best >= 0) return { text: `${p.name}: gc ${a.gc.cycle[best]} ended at ${formatNanoseconds(a.gc.endNs[best]!)}, paused ${formatNanoseconds(a.gc.pauseNs[best]!)}` };
    }
    const k = memStatsSampleAt(a, ns);
    if (k < 0) return null;
    return {
      text: `${p.name}: sample ${k + 1}, at or after ${formatNanoseconds(a.sampleNs[k]!)} (its LastGC): HeapAlloc ${formatBytes(a.heapAlloc[k]!)}, HeapInuse ${formatBytes(a.heapInuse[k]!)}, NextGC ${formatBytes(a.nextGc[k]!)}, NumGC ${a.numGc[k]}`,
    };
  };
  return (
    <TimeLane
      id={`memstats-${p.id}`}
      label={
        <span className="lane-name">
          <Name className="lane-file" text={p.name} />
          <small>MemStats · red: GC ends</small>
          <small className="legend">
            {MEMSTATS_SERIES.map((sr) => (
              <span key={sr.key}>
                <i className="swatch" style={{ background: sr.color }} />
                {sr.name}
              </span>
            ))}
          </small>
        </span>
      }
      title={`${displayName(p.name)}: HeapAlloc, HeapInuse and NextGC of each sample at its LastGC (taken at or after it: MemStats has no sampling time); red ticks: the GC cycles its pause rings list (NumGC)`}
      height={72}
      draw={draw}
      hitTest={hitTest}
      data={{ samples: a.length, cycles: a.gc.length }}
    />
  );
}

function ProfileLane({ profiles }: { profiles: FilePlacement[] }) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const x = (ns: number) => (ns - f.t0) / f.nsPerPx;
      profiles.forEach((p, k) => {
        const y = 3 + (k % 3) * 7;
        if (p.spanNs) {
          ctx.fillStyle = 'rgba(70, 110, 190, 0.55)';
          const a = Math.max(0, x(p.atNs!)), b = Math.min(f.width, x(p.atNs! + p.spanNs));
          if (b > a) ctx.fillRect(a, y, b - a, 6);
        } else {
          ctx.fillStyle = '#8a4bb0';
          ctx.fillRect(Math.min(Math.max(0, x(p.atNs!) - 2), f.width - 4), y - 2, 4, 10);
        }
      });
    },
    [profiles],
  );
  const hitTest = (ns: number, _y: number, f: LaneFrame): LaneHit | null => {
    const p = profiles.find((q) => (q.spanNs ? ns >= q.atNs! && ns <= q.atNs! + q.spanNs : Math.abs(ns - q.atNs!) <= 4 * f.nsPerPx));
    return p ? { text: `${displayName(p.name)}: ${p.spanNs ? `CPU profile, ${formatNanoseconds(p.spanNs)}` : `taken at ${formatNanoseconds(p.atNs!)}`}` } : null;
  };
  return <TimeLane id="profiles" label={<span className="lane-name">Profiles</span>} title="Profiles: CPU spans and capture times" height={26} draw={draw} hitTest={hitTest} />;
}

function RatesLane({ rates: r, source }: { rates: RateIntervals; source: string }) {
  let maxAlloc = 0, maxGc = 0;
  for (let k = 0; k < r.length; k++) {
    if (Number.isFinite(r.allocPerSec[k]!)) maxAlloc = Math.max(maxAlloc, r.allocPerSec[k]!);
    if (Number.isFinite(r.gcPerSec[k]!)) maxGc = Math.max(maxGc, r.gcPerSec[k]!);
  }
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const x = (ns: number) => (ns - f.t0) / f.nsPerPx;
      const h = f.height;
      for (let k = 0; k < r.length; k++) {
        const a = x(r.start[k]!), b = x(r.end[k]!);
        if (b < 0 || a > f.width) continue;
        const ya = h - 2 - (r.allocPerSec[k]! / (maxAlloc || 1)) * (h - 16);
        ctx.fillStyle = 'rgba(46, 139, 87, 0.35)';
        ctx.fillRect(a, ya, Math.max(1, b - a - 1), h - ya);
        const yg = h - 2 - (r.gcPerSec[k]! / (maxGc || 1)) * (h - 16);
        ctx.fillStyle = '#b35900';
        ctx.fillRect(a, yg - 1, Math.max(1, b - a - 1), 2);
      }
      ctx.fillStyle = '#6b7480';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(`${formatBytesPerSecond(maxAlloc)} · ${formatPerSecond(maxGc, 'GC')}`, 3, 2);
    },
    [r, maxAlloc, maxGc],
  );
  const hitTest = (ns: number): LaneHit | null => {
    for (let k = 0; k < r.length; k++) {
      if (ns >= r.start[k]! && ns < r.end[k]!) {
        return { text: `${formatBytes(r.allocBytes[k]!)} allocated in ${formatNanoseconds(r.end[k]! - r.start[k]!)}: ${formatBytesPerSecond(r.allocPerSec[k]!)} · ${formatPerSecond(r.gcPerSec[k]!, 'GC')}` };
      }
    }
    return null;
  };
  return (
    <TimeLane
      id="rates"
      label={
        <span className="lane-name">
          Alloc rate <small className="muted">vs GC/s</small>
        </span>
      }
      title={`Bytes allocated a second (green, from the ${source === 'trace' ? 'trace’s heap rises' : 'log’s #->#-># MB'}) and GC cycles a second (orange), between consecutive GC cycles`}
      height={48}
      draw={draw}
      hitTest={hitTest}
      data={{ 'alloc-max': Math.round(maxAlloc) }}
    />
  );
}

function RunRangePanel({
  t,
  logs,
  memstats,
  range,
  heapPair,
  onShowHeap,
}: {
  t: TraceModel | null;
  logs: PlacedLog[];
  memstats: PlacedMemStats[];
  range: [number, number];
  heapPair: { base: FilePlacement; target: FilePlacement } | null;
  onShowHeap(): void;
}) {
  const tsel = t ? traceSelectors(t) : null;
  const s = tsel ? tsel.rangeSummary(range[0], range[1]) : null;
  const tr = t ? traceRangeRates(t, range[0], range[1]) : null;
  const sec = (range[1] - range[0]) / 1e9;
  // A log on its own clock is not on the run's axis: its cycles are not the range's (left out, and said so).
  const { counted: logRanges, ownClock } = runRangeLogCycles(logs, range[0], range[1]);
  // Without a trace: the log's allocation over the range, from its cycles' heap figures.
  let logAlloc = NaN;
  if (!t && logRanges[0]) {
    const { l, c } = logRanges[0];
    logAlloc = 0;
    for (const j of c.rows) if (j > 0) logAlloc += Math.max(0, l.log.gc.heapMarkTermBytes[j]! - l.log.gc.heapLiveBytes[j - 1]!);
  }
  const gcCount = tr ? tr.gcCount : (logRanges[0]?.c.rows.length ?? 0);
  const allocPerSec = tr ? tr.allocPerSec : sec > 0 ? logAlloc / sec : NaN;
  return (
    <section className="range-summary" data-testid="range-summary" data-from={range[0]} data-to={range[1]}>
      <h3>
        Range {formatNanoseconds(range[0])} – {formatNanoseconds(range[1])} <span className="muted">({formatNanoseconds(range[1] - range[0])})</span>
      </h3>
      <table className="digest-table">
        <tbody>
          <tr>
            <th scope="row">allocation rate</th>
            <td data-testid="range-alloc-rate" data-bytes-per-sec={Number.isFinite(allocPerSec) ? Math.round(allocPerSec) : ''}>
              {formatBytesPerSecond(allocPerSec)}
            </td>
          </tr>
          <tr>
            <th scope="row">GC frequency</th>
            <td data-testid="range-gc-frequency" data-per-sec={sec > 0 ? gcCount / sec : ''}>
              {sec > 0 ? formatPerSecond(gcCount / sec, 'GC') : '—'} ({formatInteger(gcCount)} begun)
            </td>
          </tr>
          {s ? (
            <tr>
              <th scope="row">trace: GC, STW</th>
              <td data-testid="range-trace-gc">
                {formatInteger(s.gcCount)} cycles · {formatInteger(s.stwCount)} pauses · total {formatNanoseconds(s.stwTotalNs)} · max {formatNanoseconds(s.stwMaxNs)}
              </td>
            </tr>
          ) : null}
          {logRanges.map(({ l, c }) => (
            <tr key={l.p.id}>
              <th scope="row">
                <Name text={l.p.name} />: GC, STW
              </th>
              <td data-testid="range-log-gc" data-cycles={c.rows.length}>
                {formatInteger(c.rows.length)} cycles · {formatInteger(c.pauses)} pauses · total {formatNanoseconds(c.pauseTotalNs)} · max {formatNanoseconds(c.pauseMaxNs)}
                {s && c.rows.length !== s.gcCount ? (
                  <span className="run-note warn" data-testid="range-disagree">
                    {' '}
                    (the trace counts {s.gcCount}: a cycle at the range’s edge falls on either side within the log’s millisecond)
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
          {ownClock.map((l) => (
            <tr key={l.p.id}>
              <th scope="row">
                <Name text={l.p.name} />: GC, STW
              </th>
              <td className="run-note" data-testid="range-log-own-clock">
                {formatMessage(message('run.range-own-clock'))}
              </td>
            </tr>
          ))}
          {memstats.map(({ p, a }) => {
            let n = 0, peak = 0, first = -1, last = -1;
            for (let k = 0; k < a.length; k++) {
              if (!(a.sampleNs[k]! >= range[0] && a.sampleNs[k]! <= range[1])) continue;
              n++;
              peak = Math.max(peak, a.heapAlloc[k]!);
              if (first < 0) first = k;
              last = k;
            }
            let cycles = 0;
            for (let i = 0; i < a.gc.length; i++) if (a.gc.endNs[i]! >= range[0] && a.gc.endNs[i]! <= range[1]) cycles++;
            return (
              <tr key={p.id}>
                <th scope="row">
                  <Name text={p.name} />: MemStats
                </th>
                <td data-testid="range-memstats" data-samples={n} data-cycles={cycles}>
                  {formatInteger(cycles)} cycles ended · {formatInteger(n)} samples
                  {n > 0 ? ` · NumGC ${a.numGc[first]} → ${a.numGc[last]} · HeapAlloc peak ${formatBytes(peak)}` : ''}
                </td>
              </tr>
            );
          })}
          {heapPair ? (
            <tr>
              <th scope="row">heap profiles</th>
              <td>
                <Name text={heapPair.base.name} /> → <Name text={heapPair.target.name} />{' '}
                <button type="button" className="link" data-testid="range-heap-link" onClick={onShowHeap}>
                  Show their comparison ↓
                </button>
              </td>
            </tr>
          ) : null}
          {s ? (
            <tr>
              <th scope="row">CPU samples</th>
              <td data-testid="range-cpu-samples">{formatInteger(s.cpuSamples)}</td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </section>
  );
}
