// The page of a Go execution trace: its digest, the lanes under one cursor, the range summary
// with the CPU flame graph of the range beside, slice details, heap profiles on the axis.

import { useMemo, useRef, useState } from 'react';
import type { ProfileModel } from '../../model/profile';
import { GState, stackFrames, type TraceModel } from '../../model/trace';
import type { TraceDigest } from '../../analysis/digest/trace-summary';
import { eventAtTime, goroutineStateTotals, rangeRowAt, seriesValueAt, stateCountAt, type TraceTimeline } from '../../analysis/trace/timeline-tables';
import { isHeapProfile, profileTraceTime, traceClockAlignment, type RangeSummary } from '../../analysis/trace/timeline-range';
import { formatBytes, formatCount, formatNanoseconds } from '../../base/units';
import { formatInteger } from '../../base/number-format';
import { formatMessage } from '../../i18n/en';
import { packedAt } from '../../base/packed-column';
import { useGoLens, type FileDerived, type FileId } from '../../store/store';
import { traceSelectors } from '../../store/selectors';
import { useTimeRange, useTimeWindow, ViewKeyProvider } from '../view-state';
import { ProfileView } from '../profile/ProfileView';
import { TimeViewport } from '../timeline/TimeViewport';
import { TimeAxis, type AxisMarker } from '../timeline/TimeAxis';
import { goroutineLabel, TraceLanes, type TraceSelection } from './TraceLanes';
import { wakeBefore, wakeChain } from '../../analysis/trace/wake';
import { WakeDetails } from './WakeDetails';
import { WakeArrows } from './WakeArrows';
import { StackList } from './StackList';
import { TracePages } from './TracePages';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';
import { ResizablePanel } from '../workspace/ResizablePanel';

export function TraceView({ trace: t, name, derived }: { trace: TraceModel; name: string; derived?: FileDerived }) {
  const sel = traceSelectors(t, derived);
  const tl = sel.timeline();
  const [selection, setSelection] = useState<TraceSelection | null>(null);
  // The selected slice's wake and the chain back, drawn as arrows on the lanes.
  const wakes = useMemo(() => {
    if (selection?.kind !== 'goroutine' || !Number.isFinite(selection.start)) return [];
    const w = wakeBefore(t, selection.g, selection.start);
    return w ? wakeChain(t, w) : [];
  }, [t, selection]);
  const [heapFile, setHeapFile] = useState<FileId | null>(null);
  const [rangeNs, setRange] = useTimeRange();
  const files = useGoLens((s) => s.files);
  const extent = useMemo<[number, number]>(() => [0, Math.max(1, t.durationNs)], [t]);

  // Heap profiles loaded beside the trace, placed on its axis by their capture time.
  const align = useMemo(() => traceClockAlignment(t), [t]);
  const heapProfiles = useMemo(
    () =>
      files
        // The demo's profiles are not the user's: never placed on (or counted against) a user's trace.
        .filter((f) => f.origin === 'user' && f.parsed?.kind === 'profile' && isHeapProfile(f.parsed) && f.parsed.timeNanos !== 0n)
        .map((f) => ({
          id: f.id,
          name: f.name,
          profile: f.parsed as ProfileModel,
          initialView: f.derived.initialView ?? null,
          ns: profileTraceTime(align, f.parsed as ProfileModel),
        })),
    [files, align],
  );
  const placed = heapProfiles.filter((h) => h.ns >= 0 && h.ns <= t.durationNs);
  const markers: AxisMarker[] = placed.map((h) => ({
    ns: h.ns,
    label: 'H',
    title: `${displayName(h.name)}: heap profile taken at ${formatNanoseconds(h.ns)} — click for its flame graph`,
    active: h.id === heapFile,
    onClick: () => setHeapFile(h.id === heapFile ? null : h.id),
  }));
  const shownHeap = heapProfiles.find((h) => h.id === heapFile) ?? null;

  const lanesRef = useRef<HTMLDivElement>(null);
  const rangeProfile = sel.rangeCpuProfile(rangeNs ? rangeNs[0] : NaN, rangeNs ? rangeNs[1] : NaN);

  return (
    <div className="trace-view">
      <TraceHeader t={t} name={name} digest={sel.digest()} />
      <TracePages
        t={t}
        name={name}
        timeline={
          <>
      <div className="toolbar trace-toolbar" role="toolbar" aria-label="Timeline">
        <ResetWindowButton />
        <button type="button" data-testid="clear-range" disabled={!rangeNs} onClick={() => setRange(null)}>
          Clear range
        </button>
        <span className="muted hint">
          <kbd>wheel</kbd> zoom · <kbd>drag</kbd> pan · <kbd>shift</kbd>+<kbd>drag</kbd> or drag on the axis: select a range ·{' '}
          <kbd>W</kbd>/<kbd>S</kbd> zoom, <kbd>A</kbd>/<kbd>D</kbd> pan · double-click: reset · click a slice for details
        </span>
        {heapProfiles.length > 0 && !align.ok ? (
          <span className="align-note" data-testid="heap-align-note" role="status">
            Heap profiles cannot be aligned: {formatMessage(align.reason)}.
          </span>
        ) : null}
        {heapProfiles.length > 0 && align.ok && placed.length < heapProfiles.length ? (
          <span className="align-note" data-testid="heap-align-note" role="status">
            {heapProfiles.length - placed.length} heap profile(s) were taken outside this trace.
          </span>
        ) : null}
      </div>
      <CursorReadout t={t} tl={tl} />
      <div className="timeline-scroll" ref={lanesRef}>
        <TimeViewport extentNs={extent}>
          <TimeAxis markers={markers} />
          <TraceLanes t={t} tl={tl} onSelect={setSelection} />
          <WakeArrows t={t} wakes={wakes} />
        </TimeViewport>
      </div>
      <ResizablePanel aboveRef={lanesRef} className="trace-bottom" label="Resize the range panel">
        <div className="trace-side">
          {rangeNs ? <RangeSummaryPanel t={t} range={rangeNs} summary={sel.rangeSummary(rangeNs[0], rangeNs[1])} /> : (
            <p className="muted panel-hint">
              Select a time range (<kbd>shift</kbd>+drag on the lanes, or drag on the time axis) to see its GC, STW, heap change and
              the CPU samples inside it.
            </p>
          )}
          {selection ? <DetailsPanel t={t} sel={selection} onSelect={setSelection} onClose={() => setSelection(null)} /> : null}
        </div>
        <div className="trace-flame">
          {shownHeap ? (
            <>
              <div className="panel-head">
                <button type="button" className="link" onClick={() => setHeapFile(null)}>
                  ← CPU samples
                </button>
              </div>
              <ViewKeyProvider value={shownHeap.id}>
                <ProfileView
                  key={shownHeap.id}
                  profile={shownHeap.profile}
                  initialView={shownHeap.initialView}
                  header
                  title={`${shownHeap.name} (heap at ${formatNanoseconds(shownHeap.ns)})`}
                />
              </ViewKeyProvider>
            </>
          ) : t.cpuSamples.length === 0 ? (
            <p className="notice">
              This trace has no CPU samples: run the CPU profiler while tracing (pprof.StartCPUProfile beside trace.Start) to see
              where the time went.
            </p>
          ) : rangeProfile.samples.length === 0 ? (
            <p className="notice" data-testid="no-samples">No CPU samples in the selected range.</p>
          ) : (
            <ProfileView profile={rangeProfile} title={rangeNs ? 'CPU samples in the range' : 'CPU samples (whole trace)'} />
          )}
        </div>
      </ResizablePanel>
          </>
        }
      />
    </div>
  );
}

/** Its own component: the window changes on every wheel event and only this button cares. */
function ResetWindowButton() {
  const [windowNs, setWindow] = useTimeWindow();
  const zoomed = windowNs !== null;
  return (
    <button type="button" data-testid="reset-window" disabled={!zoomed} onClick={() => setWindow(null)}>
      Reset zoom
    </button>
  );
}

function TraceHeader({ t, name, digest: d }: { t: TraceModel; name: string; digest: TraceDigest }) {
  let heapPeak = 0;
  for (let i = 0; i < t.heapAlloc.length; i++) heapPeak = Math.max(heapPeak, t.heapAlloc.value[i]!);
  const figures: [string, string, string][] = [
    ['duration', formatNanoseconds(d.durationNs), 'durationNs'],
    ['GC cycles', formatInteger(d.gcCount), 'gcCount'],
    ['STW', `${formatInteger(d.stw.count)} · total ${formatNanoseconds(d.stw.totalNs)} · max ${formatNanoseconds(d.stw.maxNs)}`, 'stw'],
    ['goroutines', formatInteger(d.goroutines), 'goroutines'],
    ['Ps', formatInteger(d.procs), 'procs'],
    ['heap peak', t.heapAlloc.length ? formatBytes(heapPeak) : '—', 'heapPeak'],
    ['CPU samples', formatInteger(d.cpuSamples), 'cpuSamples'],
    ['events', formatCount(d.events), 'events'],
  ];
  return (
    <section className="trace-header" data-testid="trace-digest">
      <div className="trace-title">
        <strong>
          <Name text={name} />
        </strong>{' '}
        <span className="muted">Go execution trace · format go {t.goVersion}</span>
      </div>
      <dl className="trace-figures">
        {figures.map(([k, v, key]) => (
          <div key={k} data-key={key}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {t.warnings.length ? (
        <ul className="trace-warnings" data-testid="trace-warnings" role="alert">
          {t.warnings.map((w, i) => (
            <li key={i}>⚠ {w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function CursorReadout({ t, tl }: { t: TraceModel; tl: TraceTimeline }) {
  const ns = useGoLens((s) => s.cursorNs);
  if (ns === null) {
    return (
      <div className="cursor-readout" data-testid="cursor-readout" data-ns="">
        <span className="muted">Hover the timeline: time, heap, GC and goroutines at the cursor appear here.</span>
      </div>
    );
  }
  const heap = seriesValueAt(t.heapAlloc, ns);
  const goal = seriesValueAt(t.heapGoal, ns);
  const gc = rangeRowAt(t.gcCycles.start, t.gcCycles.end, t.gcCycles.length, ns, t.durationNs);
  const stw = rangeRowAt(t.stw.start, t.stw.end, t.stw.length, ns, t.durationNs);
  const running = stateCountAt(tl.stateCounts.byState[GState.Running]!, ns);
  const runnable = stateCountAt(tl.stateCounts.byState[GState.Runnable]!, ns);
  return (
    <div
      className="cursor-readout"
      data-testid="cursor-readout"
      data-ns={Math.round(ns)}
      data-heap-bytes={Number.isNaN(heap) ? '' : heap}
      data-goal-bytes={Number.isNaN(goal) ? '' : goal}
      data-running={running}
    >
      <span>
        <b>t</b> <span data-testid="readout-time">{formatNanoseconds(ns)}</span>
      </span>
      <span>
        <b>heap</b> <span data-testid="readout-heap">{Number.isNaN(heap) ? '—' : formatBytes(heap)}</span>
        {' / goal '}
        <span data-testid="readout-goal">{Number.isNaN(goal) ? '—' : formatBytes(goal)}</span>
      </span>
      <span data-testid="readout-gc">
        {stw >= 0 ? (
          <b className="stw-tag">STW: {displayName(t.strings[t.stw.label[stw]!] ?? '?')} ({formatNanoseconds(t.stw.end[stw]! - t.stw.start[stw]!)})</b>
        ) : null}{' '}
        {gc >= 0 ? <b className="gc-tag">GC {gc + 1} marking</b> : <span className="muted">no GC</span>}
      </span>
      <span>
        <b>goroutines</b> <span data-testid="readout-running">{running}</span> running · {runnable} runnable
      </span>
    </div>
  );
}

function RangeSummaryPanel({ range, summary: s }: { t: TraceModel; range: [number, number]; summary: RangeSummary }) {
  const [, setWindow] = useTimeWindow();
  const heapChange = s.heapEnd - s.heapStart;
  return (
    <section className="range-summary" data-testid="range-summary" data-from={range[0]} data-to={range[1]}>
      <h3>
        Range {formatNanoseconds(range[0])} – {formatNanoseconds(range[1])}{' '}
        <span className="muted">({formatNanoseconds(range[1] - range[0])})</span>
      </h3>
      <table className="digest-table">
        <tbody>
          <tr>
            <th scope="row">GC cycles begun</th>
            <td data-testid="range-gc">{formatInteger(s.gcCount)}</td>
          </tr>
          <tr>
            <th scope="row">STW pauses</th>
            <td data-testid="range-stw">
              {formatInteger(s.stwCount)} · total {formatNanoseconds(s.stwTotalNs)} · max {formatNanoseconds(s.stwMaxNs)}
            </td>
          </tr>
          <tr>
            <th scope="row">heap in use</th>
            <td data-testid="range-heap">
              {Number.isNaN(heapChange)
                ? '—'
                : `${formatBytes(s.heapStart)} → ${formatBytes(s.heapEnd)} (${heapChange >= 0 ? '+' : '−'}${formatBytes(Math.abs(heapChange))})`}
            </td>
          </tr>
          <tr>
            <th scope="row">CPU samples</th>
            <td data-testid="range-cpu-samples">{formatInteger(s.cpuSamples)}</td>
          </tr>
        </tbody>
      </table>
      <button type="button" data-testid="zoom-to-range" onClick={() => setWindow([range[0], Math.max(range[1], range[0] + 1)])}>
        Zoom to range
      </button>
    </section>
  );
}

const STATE_LABELS = ['running', 'runnable', 'waiting', 'in syscall'];

function DetailsPanel({ t, sel, onSelect, onClose }: { t: TraceModel; sel: TraceSelection; onSelect(s: TraceSelection): void; onClose(): void }) {
  let body: React.ReactNode;
  if (sel.kind === 'goroutine') {
    const g = sel.g;
    const totals = goroutineStateTotals(t, g);
    const stack = t.goroutines.startStack[g]!;
    const frames = stack >= 0 ? stackFrames(t, stack) : [];
    const created = t.goroutines.createdAt[g]!, ended = t.goroutines.endedAt[g]!;
    const parent = t.goroutines.parent[g]!;
    // The stack where the selected slice ended (a block, a preemption, a syscall…), else where it began.
    let sliceStack = -1;
    let sliceStackWhen = '';
    for (const [at, when] of [[sel.end, 'where the slice ended'], [sel.start, 'where the slice began']] as const) {
      if (sliceStack >= 0 || !Number.isFinite(at)) continue;
      const e = eventAtTime(t, at);
      const stack = e >= 0 ? packedAt(t.events.stack, e) : -1;
      if (stack >= 0 && packedAt(t.events.g, e) === g) {
        sliceStack = stack;
        sliceStackWhen = when;
      }
    }
    const wake = Number.isFinite(sel.start) ? wakeBefore(t, g, sel.start) : null;
    body = (
      <>
        <h3>
          Goroutine <span data-testid="detail-goroutine-id">{t.goroutines.id[g]}</span>
        </h3>
        <table className="digest-table">
          <tbody>
            <tr>
              <th scope="row">start function</th>
              <td>
                <code data-testid="detail-start-function">
                  <Name text={t.strings[t.goroutines.name[g]!] || '(unknown)'} />
                </code>
              </td>
            </tr>
            <tr>
              <th scope="row">selected slice</th>
              <td>
                <Name text={sel.where} />
                {Number.isFinite(sel.start) && Number.isFinite(sel.end)
                  ? `: ${formatNanoseconds(sel.end - sel.start)} at ${formatNanoseconds(sel.start)}`
                  : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">lifetime</th>
              <td>
                {Number.isNaN(created) ? 'existed when the trace began' : `created at ${formatNanoseconds(created)}`}
                {parent >= 0 ? ` by ${displayName(goroutineLabel(t, parent))}` : ''} ·{' '}
                {Number.isNaN(ended) ? 'alive at the end' : `ended at ${formatNanoseconds(ended)}`}
              </td>
            </tr>
            {Array.from(totals, (v, s) => (
              <tr key={s}>
                <th scope="row">{STATE_LABELS[s]}</th>
                <td data-state={STATE_LABELS[s]}>{formatNanoseconds(v)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {wake ? (
          <WakeDetails t={t} wake={wake} onSelect={onSelect} />
        ) : (
          <p className="muted" data-testid="wake-none">
            Not woken by another goroutine: this slice did not follow a wait.
          </p>
        )}
        {sliceStack >= 0 ? (
          <>
            <h4>Stack {sliceStackWhen}</h4>
            <StackList t={t} frames={stackFrames(t, sliceStack)} testId="detail-slice-stack" />
          </>
        ) : null}
        <h4>Start stack</h4>
        {frames.length ? (
          <StackList t={t} frames={frames} testId="detail-stack" />
        ) : (
          <p className="muted">No creation stack in the trace (the goroutine existed before tracing began).</p>
        )}
      </>
    );
  } else if (sel.kind === 'gc' || sel.kind === 'stw') {
    const table = sel.kind === 'gc' ? t.gcCycles : t.stw;
    const s = table.start[sel.item]!, e = table.end[sel.item]!;
    body = (
      <>
        <h3>{sel.kind === 'gc' ? `GC ${sel.item + 1} mark phase` : `Stop-the-world: ${displayName(t.strings[t.stw.label[sel.item]!] ?? '')}`}</h3>
        <p>
          {Number.isNaN(s) ? 'began before the trace' : `from ${formatNanoseconds(s)}`}{' '}
          {Number.isNaN(e) ? '· still running at the end' : `to ${formatNanoseconds(e)} · ${formatNanoseconds(e - (Number.isNaN(s) ? 0 : s))}`}
        </p>
      </>
    );
  } else if (sel.kind === 'task') {
    const i = sel.item;
    body = (
      <>
        <h3>
          Task {t.tasks.id[i]}: <Name text={t.strings[t.tasks.name[i]!] ?? ''} />
        </h3>
        <p>
          {Number.isNaN(t.tasks.start[i]!) ? 'begun before the trace' : `from ${formatNanoseconds(t.tasks.start[i]!)}`}{' '}
          {Number.isNaN(t.tasks.end[i]!) ? '· never ended' : `to ${formatNanoseconds(t.tasks.end[i]!)}`}
        </p>
      </>
    );
  } else {
    const i = sel.item;
    body = (
      <>
        <h3>
          Region <Name text={t.strings[t.regions.name[i]!] ?? ''} />
        </h3>
        <p>
          on <Name text={goroutineLabel(t, t.regions.g[i]!)} />, task {t.regions.task[i]} ·{' '}
          {Number.isNaN(t.regions.start[i]!) ? 'begun before the trace' : `from ${formatNanoseconds(t.regions.start[i]!)}`}{' '}
          {Number.isNaN(t.regions.end[i]!) ? '· still open at the end' : `to ${formatNanoseconds(t.regions.end[i]!)}`}
        </p>
      </>
    );
  }
  return (
    <section className="details-panel" data-testid="details-panel">
      <button type="button" className="close" aria-label="Close details" onClick={onClose}>
        ×
      </button>
      {body}
    </section>
  );
}
