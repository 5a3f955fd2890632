// A GODEBUG log (gctrace, schedtrace, scavtrace): pause statistics, then one time view with the
// GC timeline (STW bars at each cycle's start, concurrent mark between them, forced cycles
// marked), the heap per cycle (before → after → live, goal) and the scheduler's counts.
// A cycle's heap figures are gctrace's MB (MiB, truncated) and its durations its ms, as the log
// prints them; what GoLens computes (the pause statistics) reads as every duration of the app.

import { useMemo, type ReactNode } from 'react';
import { computeGcPauseStats, gcPhaseIntervals, pauseStats, type PauseStats } from '../../analysis/runtime/gctrace-pauses';
import { gcCycleAt, gcCyclesInRange, gcMbText, gcMsText, gcPausesOfRows, runtimeLogExtent, schedRowAt } from '../../analysis/runtime/gctrace-view';
import { GC_FLAG_FORCED, GC_FLAG_LEAK_CHECK, GC_FLAG_PERIODIC, type RuntimeLogModel } from '../../model/runtime-log';
import { skippedMessage } from '../../model/runtime-log';
import { formatMessage } from '../../i18n/en';
import { formatNanoseconds } from '../../base/units';
import { GcCycleTable } from './GcCycleTable';
import { SkippedNotice } from './SkippedNotice';
import { useGoLens } from '../../store/store';
import { useTimeRange } from '../view-state';
import { TimeAxis } from '../timeline/TimeAxis';
import { TimeLane, type LaneFrame } from '../timeline/TimeLane';
import { TimeViewport } from '../timeline/TimeViewport';

/** A lane of this view: drawn with x(ns) in CSS pixels, wrapped once into TimeLane's frame form. */
type Lane = {
  key: string;
  label: ReactNode;
  title: string;
  height: number;
  draw(ctx: CanvasRenderingContext2D, x: (ns: number) => number, width: number, height: number): void;
};

function laneDraw(lane: Lane): (ctx: CanvasRenderingContext2D, f: LaneFrame) => void {
  return (ctx, f) => {
    ctx.fillStyle = '#f6f7f8';
    ctx.fillRect(0, 0, f.width, f.height);
    ctx.save();
    lane.draw(ctx, (ns) => (ns - f.t0) / f.nsPerPx, f.width, f.height);
    ctx.restore();
  };
}

const C = {
  sweepTerm: '#e8590c',
  mark: '#9ec5e8',
  markTerm: '#c92a2a',
  forced: '#7048e8',
  heap: '#0b7fab',
  live: '#2b8a3e',
  goal: '#e67700',
  procs: '#1d232a',
  idle: '#adb5bd',
  threads: '#0b7fab',
  spinning: '#e67700',
  runq: '#c92a2a',
  localRunq: '#7048e8',
};

function Swatch({ color, dashed }: { color: string; dashed?: boolean }) {
  return <span className={dashed ? 'swatch dashed' : 'swatch'} style={{ borderColor: color, background: dashed ? undefined : color }} />;
}

function PauseStatsTable({ pauses, cycles, range }: { pauses: PauseStats; cycles: PauseStats; range: { from: number; to: number; label: string; stats: PauseStats } | null }) {
  const row = (label: string, s: PauseStats, key: string) => (
    <tr data-testid={`pause-stats-${key}`}>
      <th scope="row">{label}</th>
      <td className="num" data-stat="count" data-ns={s.count}>
        {s.count}
      </td>
      {(['totalNs', 'meanNs', 'p50Ns', 'p90Ns', 'p99Ns', 'maxNs'] as const).map((k) => (
        <td key={k} className="num" data-stat={k.replace(/Ns$/, '')} data-ns={s[k]}>
          {formatNanoseconds(s[k])}
        </td>
      ))}
    </tr>
  );
  return (
    <table className="pause-stats" data-testid="pause-stats" data-range={range ? `${range.from},${range.to}` : ''}>
      <thead>
        <tr>
          <th scope="col">stop-the-world</th>
          <th scope="col">count</th>
          <th scope="col">total</th>
          <th scope="col">mean</th>
          <th scope="col">p50</th>
          <th scope="col">p90</th>
          <th scope="col">p99</th>
          <th scope="col">max</th>
        </tr>
      </thead>
      <tbody>
        {row('each pause (sweep term. and mark term.)', pauses, 'phase')}
        {row('per cycle (as MemStats.PauseNs)', cycles, 'cycle')}
        {range ? row(range.label, range.stats, 'range') : null}
      </tbody>
    </table>
  );
}

export function RuntimeLogView({ log }: { log: RuntimeLogModel }) {
  const gc = log.gc;
  const sched = log.sched;
  const stats = useMemo(() => computeGcPauseStats(gc), [gc]);
  // A range brushed on the timeline (shift+drag, or drag on the axis): the pauses of its cycles.
  const [rangeNs] = useTimeRange();
  const rangeStats = useMemo(() => {
    if (!rangeNs) return null;
    const [a, b] = gcCyclesInRange(gc, rangeNs[0], rangeNs[1]);
    const label = `each pause, cycles starting in ${formatNanoseconds(rangeNs[0])} – ${formatNanoseconds(rangeNs[1])} (${b - a})`;
    return { from: rangeNs[0], to: rangeNs[1], label, stats: pauseStats(gcPausesOfRows(gc, a, b).phases) };
  }, [gc, rangeNs]);
  const phases = useMemo(() => gcPhaseIntervals(gc), [gc]);
  const extent = useMemo(() => runtimeLogExtent(log), [log]);
  const forced = useMemo(() => {
    let n = 0;
    for (let i = 0; i < gc.length; i++) if (gc.flags[i]! & GC_FLAG_FORCED) n++;
    return n;
  }, [gc]);

  const lanes = useMemo<Lane[]>(() => {
    const out: Lane[] = [];
    if (gc.length > 0) {
      out.push({
        key: 'gc',
        label: 'GC phases',
        title: 'Each GC cycle at its start: STW sweep termination (top), concurrent mark, STW mark termination (bottom); ▼ forced',
        height: 42,
        draw(ctx, x, width, h) {
          for (let i = 0; i < gc.length; i++) {
            const a = x(phases.sweepTermStart[i]!);
            const e = x(phases.end[i]!);
            if (e < -2 || a > width + 2) continue;
            const b = x(phases.markStart[i]!);
            const c = x(phases.markTermStart[i]!);
            // Concurrent mark behind; the two STW phases on their own rows so both stay visible
            // (at least 2 px wide: a 7 µs pause on a 3 s axis would vanish otherwise).
            ctx.fillStyle = C.mark;
            ctx.fillRect(b, 10, Math.max(1, c - b), h - 10);
            ctx.fillStyle = C.sweepTerm;
            ctx.fillRect(a, 10, Math.max(2, b - a), (h - 10) / 2 - 1);
            ctx.fillStyle = C.markTerm;
            ctx.fillRect(c, 10 + (h - 10) / 2, Math.max(2, e - c), (h - 10) / 2);
            const f = gc.flags[i]!;
            if (f & (GC_FLAG_FORCED | GC_FLAG_PERIODIC)) {
              ctx.fillStyle = C.forced;
              ctx.beginPath();
              ctx.moveTo(a - 5, 0);
              ctx.lineTo(a + 5, 0);
              ctx.lineTo(a, 8);
              ctx.closePath();
              ctx.fill();
            }
          }
        },
      });
      let maxHeap = 0;
      for (let i = 0; i < gc.length; i++) {
        maxHeap = Math.max(maxHeap, gc.heapStartBytes[i]!, gc.heapMarkTermBytes[i]!, gc.heapGoalBytes[i]!);
      }
      out.push({
        key: 'heap',
        title: 'Heap per cycle: H0 at the start, H1 at mark termination, then live H2 (dots); dashed: goal',
        label: (
          <>
            Heap
            <br />
            <span className="muted small">0 – {gcMbText(maxHeap)} MB</span>
          </>
        ),
        height: 150,
        draw(ctx, x, width, h) {
          const y = (b: number) => h - 4 - (maxHeap > 0 ? (b / maxHeap) * (h - 10) : 0);
          // Goal: a step from each cycle's start to the next.
          ctx.strokeStyle = C.goal;
          ctx.setLineDash([4, 3]);
          ctx.lineWidth = 1.5;
          ctx.beginPath();
          for (let i = 0; i < gc.length; i++) {
            const x0 = x(phases.sweepTermStart[i]!);
            const x1 = i + 1 < gc.length ? x(phases.sweepTermStart[i + 1]!) : width;
            ctx.moveTo(x0, y(gc.heapGoalBytes[i]!));
            ctx.lineTo(x1, y(gc.heapGoalBytes[i]!));
          }
          ctx.stroke();
          ctx.setLineDash([]);
          // Heap counter: H0 at the start, H1 at mark termination, then the marked live H2.
          ctx.strokeStyle = C.heap;
          ctx.beginPath();
          for (let i = 0; i < gc.length; i++) {
            const xs = x(phases.sweepTermStart[i]!);
            const xe = Math.max(xs + 1, x(phases.end[i]!));
            if (i === 0) ctx.moveTo(xs, y(gc.heapStartBytes[i]!));
            else ctx.lineTo(xs, y(gc.heapStartBytes[i]!));
            ctx.lineTo(xe, y(gc.heapMarkTermBytes[i]!));
            ctx.lineTo(xe, y(gc.heapLiveBytes[i]!));
          }
          ctx.stroke();
          // Live after each cycle, as dots (smaller when cycles crowd the window).
          let visible = 0;
          for (let i = 0; i < gc.length; i++) {
            const px = x(phases.end[i]!);
            if (px >= 0 && px <= width) visible++;
          }
          const r = Math.max(1.2, Math.min(3, width / Math.max(1, visible) / 4));
          ctx.fillStyle = C.live;
          for (let i = 0; i < gc.length; i++) {
            ctx.beginPath();
            ctx.arc(x(phases.end[i]!), y(gc.heapLiveBytes[i]!), r, 0, Math.PI * 2);
            ctx.fill();
          }
          ctx.lineWidth = 1;
        },
      });
    }
    if (sched.length > 0) {
      let maxCount = 1;
      let maxQ = 1;
      for (let i = 0; i < sched.length; i++) {
        maxCount = Math.max(maxCount, sched.gomaxprocs[i]!, sched.threads[i]!);
        maxQ = Math.max(maxQ, sched.globalRunqueue[i]!, sched.localRunqueueSum[i]!);
      }
      const steps = (cols: [Int32Array, string][], max: number): Lane['draw'] =>
        function draw(ctx, x, width, h) {
          const y = (v: number) => h - 4 - (v / max) * (h - 10);
          ctx.lineWidth = 1.5;
          for (const [col, color] of cols) {
            ctx.strokeStyle = color;
            ctx.beginPath();
            for (let i = 0; i < sched.length; i++) {
              const v = col[i]!;
              if (v < 0) continue;
              const x0 = x(sched.timeNs[i]!);
              const x1 = i + 1 < sched.length ? x(sched.timeNs[i + 1]!) : width;
              if (i === 0) ctx.moveTo(x0, y(v));
              else ctx.lineTo(x0, y(v));
              ctx.lineTo(x1, y(v));
            }
            ctx.stroke();
          }
          ctx.lineWidth = 1;
        };
      out.push({
        key: 'sched-procs',
        title: 'gomaxprocs, idle Ps, threads (Ms) and spinning Ms from the SCHED lines',
        label: (
          <>
            Ps &amp; Ms
            <br />
            <span className="muted small">0 – {maxCount}</span>
          </>
        ),
        height: 90,
        draw: steps(
          [
            [sched.gomaxprocs, C.procs],
            [sched.idleprocs, C.idle],
            [sched.threads, C.threads],
            [sched.spinningThreads, C.spinning],
          ],
          maxCount,
        ),
      });
      out.push({
        key: 'sched-runq',
        title: 'Global run queue and the sum of the per-P local run queues',
        label: (
          <>
            Run queues
            <br />
            <span className="muted small">0 – {maxQ}</span>
          </>
        ),
        height: 70,
        draw: steps(
          [
            [sched.globalRunqueue, C.runq],
            [sched.localRunqueueSum, C.localRunq],
          ],
          maxQ,
        ),
      });
    }
    return out;
  }, [gc, sched, phases]);

  const cursorNs = useGoLens((st) => st.cursorNs);
  const frameDraws = useMemo(() => lanes.map(laneDraw), [lanes]);
  const readout = (ns: number) => {
    const i = gcCycleAt(gc, ns);
    const s = schedRowAt(sched, ns);
    return (
      <>
        {i >= 0 ? (
          <div
            className="readout-line"
            data-testid="gc-readout"
            data-cycle={gc.cycle[i]}
            data-heap-start={gc.heapStartBytes[i]}
            data-heap-end={gc.heapMarkTermBytes[i]}
            data-heap-live={gc.heapLiveBytes[i]}
            data-heap-goal={gc.heapGoalBytes[i]}
          >
            <strong>
              gc {gc.cycle[i]} @{(gc.startNs[i]! / 1e9).toFixed(3)}s
            </strong>{' '}
            {gc.cpuPercent[i]}% · STW sweep termination <b>{gcMsText(gc.sweepTermNs[i]!)} ms</b> + mark {gcMsText(gc.markNs[i]!)} ms + STW mark
            termination <b>{gcMsText(gc.markTermNs[i]!)} ms</b> · heap{' '}
            <b>
              {gcMbText(gc.heapStartBytes[i]!)} → {gcMbText(gc.heapMarkTermBytes[i]!)} → {gcMbText(gc.heapLiveBytes[i]!)} MB
            </b>
            , goal <b>{gcMbText(gc.heapGoalBytes[i]!)} MB</b>
            {gc.stacksBytes[i]! >= 0 ? `, ${gcMbText(gc.stacksBytes[i]!)} MB stacks` : ''}
            {gc.globalsBytes[i]! >= 0 ? `, ${gcMbText(gc.globalsBytes[i]!)} MB globals` : ''} · {gc.procs[i]} P
            {gc.flags[i]! & GC_FLAG_FORCED ? <span className="tag forced"> forced</span> : null}
            {gc.flags[i]! & GC_FLAG_PERIODIC ? <span className="tag forced"> periodic (GC forced)</span> : null}
            {gc.flags[i]! & GC_FLAG_LEAK_CHECK ? <span className="tag"> leak check</span> : null}
            <span className="muted"> · line {gc.lineNumber[i]}</span>
          </div>
        ) : gc.length > 0 ? (
          <div className="readout-line muted">before the first GC cycle</div>
        ) : null}
        {s >= 0 ? (
          <div className="readout-line" data-testid="sched-readout" data-row={s}>
            <strong>SCHED {sched.timeNs[s]! / 1e6}ms</strong> gomaxprocs={sched.gomaxprocs[s]} idleprocs={sched.idleprocs[s]} threads=
            {sched.threads[s]} spinningthreads={sched.spinningThreads[s]} idlethreads={sched.idleThreads[s]} runqueue=
            {sched.globalRunqueue[s]}
            {sched.localRunqueueSum[s]! >= 0 ? ` local run queues Σ=${sched.localRunqueueSum[s]}` : ''}
          </div>
        ) : null}
      </>
    );
  };

  const legend = (
    <span className="legend-row">
      {gc.length > 0 ? (
        <>
          <span className="legend">
            <Swatch color={C.sweepTerm} /> STW sweep termination
          </span>
          <span className="legend">
            <Swatch color={C.mark} /> concurrent mark
          </span>
          <span className="legend">
            <Swatch color={C.markTerm} /> STW mark termination
          </span>
          <span className="legend">
            <span className="forced-mark">▼</span> forced
          </span>
          <span className="legend">
            <Swatch color={C.heap} /> heap H0→H1→live
          </span>
          <span className="legend">
            <Swatch color={C.live} /> live
          </span>
          <span className="legend">
            <Swatch color={C.goal} dashed /> goal
          </span>
        </>
      ) : null}
      {sched.length > 0 ? (
        <>
          <span className="legend">
            <Swatch color={C.procs} /> gomaxprocs
          </span>
          <span className="legend">
            <Swatch color={C.idle} /> idle Ps
          </span>
          <span className="legend">
            <Swatch color={C.threads} /> threads
          </span>
          <span className="legend">
            <Swatch color={C.spinning} /> spinning Ms
          </span>
          <span className="legend">
            <Swatch color={C.runq} /> global run queue
          </span>
          <span className="legend">
            <Swatch color={C.localRunq} /> Σ local run queues
          </span>
        </>
      ) : null}
    </span>
  );

  return (
    <div className="runtime-view gctrace-view" data-testid="runtime-log-view">
      <div className="toolbar">
        <strong className="view-title">
          GODEBUG log · {gc.length} GC cycle{gc.length === 1 ? '' : 's'}
          {forced ? ` (${forced} forced)` : ''}
          {sched.length ? ` · ${sched.length} SCHED lines` : ''}
          {log.scav.length ? ` · ${log.scav.length} scavenger lines` : ''}
        </strong>
        <span className="muted">{log.lineCount} lines</span>
      </div>
      <SkippedNotice skipped={log.skipped} what="not runtime output, or malformed" />
      {log.malformed.count > 0 ? (
        <p className="notice skipped-notice" role="status" data-testid="malformed-lines" data-count={log.malformed.count}>
          Malformed runtime lines: {formatMessage(skippedMessage(log.malformed)!)}
        </p>
      ) : null}
      {gc.length > 0 ? <PauseStatsTable pauses={stats.pauses} cycles={stats.cyclePauses} range={rangeStats} /> : null}
      {lanes.length > 0 ? (
        <div className="runtime-timeline">
          <div className="timeview-toolbar">
            {legend}
            <span className="muted small">wheel: zoom · drag: pan · W/S A/D · double-click: whole log</span>
          </div>
          <div className="cursor-readout runtime-readout" data-testid="cursor-readout" data-ns={cursorNs === null ? '' : Math.round(cursorNs)}>
            {cursorNs !== null ? readout(cursorNs) : <span className="muted">Hover the lanes to read the cycle (and SCHED line) at the cursor.</span>}
          </div>
          <div className="timeline-scroll">
            <TimeViewport extentNs={extent}>
              <TimeAxis />
              {lanes.map((l, i) => (
                <TimeLane key={l.key} id={l.key} label={<span className="lane-name">{l.label}</span>} title={l.title} height={l.height} draw={frameDraws[i]!} />
              ))}
            </TimeViewport>
          </div>
        </div>
      ) : (
        <p className="notice">No gc or SCHED lines to draw.</p>
      )}
      {gc.length > 0 ? <GcCycleTable gc={gc} /> : null}
      {sched.length > 0 && gc.length > 0 ? (
        <p className="muted small pad">
          SCHED times count from the first schedtrace output, gc times from program start; the runtime prints the first
          SCHED line at startup, so they agree to within a few ms.
        </p>
      ) : null}
    </div>
  );
}
