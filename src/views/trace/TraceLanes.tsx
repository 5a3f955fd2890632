// The lanes of a Go execution trace on the shared time axis: GC, stop-the-world, heap,
// goroutines by state, one lane per P, threads in syscalls, user tasks and regions.

import { useCallback, useMemo } from 'react';
import { GState, pRunEnd, pRunStart, type TraceModel } from '../../model/trace';
import {
  heapScaleMax,
  seriesMinMaxPerPixel,
  seriesValueAt,
  stateCountAt,
  stateMeanPerPixel,
  type SliceRow,
  type TraceTimeline,
} from '../../analysis/trace/timeline-tables';
import { formatBytes, formatNanoseconds } from '../../base/units';
import { TimeLane, type LaneFrame, type LaneHit } from '../timeline/TimeLane';
import { useTimeViewport } from '../timeline/TimeViewport';
import { drawSliceRow, itemAt, itemsAt, rowIndexAt } from '../timeline/draw';
import { COLORS, colorForKey, stwColor } from '../timeline/colors';
import { useViewOption } from '../view-state';

export type TraceSelection =
  | { kind: 'goroutine'; g: number; start: number; end: number; where: string }
  | { kind: 'gc'; item: number }
  | { kind: 'stw'; item: number }
  | { kind: 'region'; item: number }
  | { kind: 'task'; item: number };

type LaneProps = { t: TraceModel; tl: TraceTimeline; onSelect(s: TraceSelection): void };

export function goroutineLabel(t: TraceModel, g: number): string {
  const name = t.strings[t.goroutines.name[g]!] || '(unknown start)';
  return `G${t.goroutines.id[g]} ${name}`;
}

function span(start: number, end: number): string {
  return `${formatNanoseconds(end - start)} (at ${formatNanoseconds(start)})`;
}

/**
 * Adds a step line through y[c] (one value per pixel column; NaN = no value) with a vertex only
 * where the value changes. `closed`: an area down to `floor` under each stretch with values.
 */
function stepEdge(path: Path2D, y: Float64Array, floor: number, closed: boolean): void {
  let prev = NaN;
  let runStart = -1;
  const end = (c: number) => {
    path.lineTo(c, prev);
    if (closed) {
      path.lineTo(c, floor);
      path.lineTo(runStart, floor);
      path.closePath();
    }
  };
  for (let c = 0; c < y.length; c++) {
    const v = y[c]!;
    if (Number.isNaN(v)) {
      if (runStart >= 0) end(c);
      runStart = -1;
      prev = NaN;
      continue;
    }
    if (runStart < 0) {
      runStart = c;
      path.moveTo(c, v);
    } else if (v !== prev) {
      path.lineTo(c, prev);
      path.lineTo(c, v);
    }
    prev = v;
  }
  if (runStart >= 0) end(y.length);
}

const ROW_MARK = 16;
const DIMMED = '#e3e6ea';
const ROW_SMALL = 7;

export function GcLane({ t, tl, onSelect }: LaneProps) {
  const assistTop = ROW_MARK + 3;
  const sweepTop = assistTop + tl.assistRows.length * ROW_SMALL + 2;
  const height = Math.max(sweepTop + tl.sweepRows.length * ROW_SMALL + 2, 32);
  const cycleNumber = useCallback((i: number) => i + 1, []);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      drawSliceRow(ctx, tl.gcRow, f, 1, ROW_MARK, () => COLORS.gcMark, (i) => `GC ${cycleNumber(i)}`);
      tl.assistRows.forEach((row, r) => drawSliceRow(ctx, row, f, assistTop + r * ROW_SMALL, ROW_SMALL - 1, () => COLORS.gcAssist));
      tl.sweepRows.forEach((row, r) => drawSliceRow(ctx, row, f, sweepTop + r * ROW_SMALL, ROW_SMALL - 1, () => COLORS.gcSweep));
    },
    [tl, assistTop, sweepTop, cycleNumber],
  );
  const hitTest = (ns: number, y: number, f: LaneFrame): LaneHit | null => {
    if (y < assistTop) {
      const i = itemAt(tl.gcRow, ns, f);
      if (i < 0) return null;
      const s = t.gcCycles.start[i]!, e = t.gcCycles.end[i]!;
      return {
        text: `GC ${cycleNumber(i)} mark phase: ${Number.isNaN(s) ? 'began before the trace' : Number.isNaN(e) ? 'still running at the end' : span(s, e)}`,
        onSelect: () => onSelect({ kind: 'gc', item: i }),
      };
    }
    if (y < sweepTop) {
      const r = rowIndexAt(y, assistTop, ROW_SMALL, tl.assistRows.length);
      const i = r >= 0 ? itemAt(tl.assistRows[r]!, ns, f) : -1;
      if (i < 0) return null;
      const g = t.markAssists.owner[i]!;
      const s = t.markAssists.start[i]!, e = t.markAssists.end[i]!;
      return {
        text: `mark assist by ${g >= 0 ? goroutineLabel(t, g) : 'a goroutine'}: ${span(Number.isNaN(s) ? 0 : s, Number.isNaN(e) ? t.durationNs : e)}`,
        onSelect: g >= 0 ? () => onSelect({ kind: 'goroutine', g, start: s, end: e, where: 'mark assist' }) : undefined,
      };
    }
    const r = rowIndexAt(y, sweepTop, ROW_SMALL, tl.sweepRows.length);
    const i = r >= 0 ? itemAt(tl.sweepRows[r]!, ns, f) : -1;
    if (i < 0) return null;
    const s = t.sweeps.start[i]!, e = t.sweeps.end[i]!;
    const swept = t.sweeps.swept[i]!;
    return {
      text: `sweep on P${t.sweeps.owner[i]}: ${span(Number.isNaN(s) ? 0 : s, Number.isNaN(e) ? t.durationNs : e)}${Number.isNaN(swept) ? '' : `, swept ${formatBytes(swept)}, reclaimed ${formatBytes(t.sweeps.reclaimed[i]!)}`}`,
    };
  };
  return (
    <TimeLane
      id="gc"
      label={
        <span className="lane-name">
          GC <small className="muted">mark · assists · sweeps</small>
        </span>
      }
      title="GC cycles (mark phase, numbered in the order they ran in this trace), mark assists and sweeps"
      height={height}
      draw={draw}
      hitTest={hitTest}
      data={{ 'gc-cycles': t.gcCycles.length }}
    />
  );
}

const STW_TIP_MAX = 8;

export function StwLane({ t, tl, onSelect }: LaneProps) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) =>
      drawSliceRow(
        ctx,
        tl.stwRow,
        f,
        4,
        22,
        (i) => stwColor(t.stw.end[i]! - t.stw.start[i]!),
        (i) => t.strings[t.stw.label[i]!] ?? '',
      ),
    [t, tl],
  );
  const hitTest = (ns: number, _y: number, f: LaneFrame): LaneHit | null => {
    // Pauses a few µs apart share a pixel: the tooltip names each of them, a click takes the nearest.
    const items = itemsAt(tl.stwRow, ns, f, STW_TIP_MAX);
    const i = items[0];
    if (i === undefined) return null;
    const reason = (k: number) => t.strings[t.stw.label[k]!] ?? '?';
    const when = (k: number) => {
      const s = t.stw.start[k]!, e = t.stw.end[k]!;
      return Number.isNaN(s) || Number.isNaN(e) ? 'open at an end of the trace' : span(s, e);
    };
    const text =
      items.length === 1
        ? `stop-the-world (${reason(i)}): ${when(i)}`
        : `${items.length} stop-the-world pauses here — ${[...items].sort((a, b) => a - b).map((k) => `${reason(k)}: ${when(k)}`).join(' · ')}`;
    return { text, items, onSelect: () => onSelect({ kind: 'stw', item: i }) };
  };
  return (
    <TimeLane
      id="stw"
      label={
        <span className="lane-name">
          Stop-the-world
          <small>
            <i className="swatch" style={{ background: COLORS.stwShort }} />
            &lt;100µs <i className="swatch" style={{ background: COLORS.stwMedium }} />
            &lt;1ms <i className="swatch" style={{ background: COLORS.stwLong }} />
            more
          </small>
        </span>
      }
      title="Stop-the-world pauses, with their reason, coloured by length"
      height={30}
      draw={draw}
      hitTest={hitTest}
    />
  );
}

export function HeapChart({ t, tl }: LaneProps) {
  const height = 84;
  // The scale follows the window: zoomed in, the line uses the lane's height.
  const { window: win } = useTimeViewport();
  const scaleMax = useMemo(() => heapScaleMax(t.heapAlloc, t.heapGoal, win[0], win[1]), [t, win]);
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const w = Math.ceil(f.width);
      const min = new Float64Array(w), max = new Float64Array(w);
      const y = (v: number) => f.height - 1 - (v / scaleMax) * (f.height - 4);
      // One path per series, with a vertex only where the value changes: rasterizing long paths
      // is what costs most per frame, and at any zoom most columns repeat their neighbour.
      seriesMinMaxPerPixel(t.heapAlloc, f.t0, f.nsPerPx, w, min, max);
      const top = new Float64Array(w).fill(NaN);
      for (let c = 0; c < w; c++) if (max[c]! >= 0) top[c] = y(max[c]!);
      const area = new Path2D();
      const edge = new Path2D();
      const ticks = new Path2D();
      stepEdge(area, top, f.height, true);
      stepEdge(edge, top, f.height, false);
      for (let c = 0; c < w; c++) {
        if (max[c]! > min[c]!) {
          ticks.moveTo(c + 0.5, y(min[c]!));
          ticks.lineTo(c + 0.5, top[c]!);
        }
      }
      ctx.fillStyle = COLORS.heapInUseFill;
      ctx.fill(area);
      ctx.strokeStyle = COLORS.heapInUse;
      ctx.lineWidth = 1.25;
      ctx.stroke(edge);
      ctx.stroke(ticks);
      seriesMinMaxPerPixel(t.heapGoal, f.t0, f.nsPerPx, w, min, max);
      for (let c = 0; c < w; c++) top[c] = max[c]! >= 0 ? y(max[c]!) : NaN;
      const goal = new Path2D();
      stepEdge(goal, top, f.height, false);
      ctx.strokeStyle = COLORS.heapGoal;
      ctx.setLineDash([4, 3]);
      ctx.stroke(goal);
      ctx.setLineDash([]);
      ctx.fillStyle = '#6b7480';
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(formatBytes(scaleMax), 3, 2);
    },
    [t, scaleMax],
  );
  const hitTest = (ns: number): LaneHit | null => {
    const v = seriesValueAt(t.heapAlloc, ns), g = seriesValueAt(t.heapGoal, ns);
    if (Number.isNaN(v) && Number.isNaN(g)) return null;
    return { text: `heap in use ${Number.isNaN(v) ? '—' : formatBytes(v)} · goal ${Number.isNaN(g) ? '—' : formatBytes(g)}` };
  };
  return (
    <TimeLane
      id="heap"
      label={
        <span className="lane-name">
          Heap{' '}
          <small>
            <i className="swatch" style={{ background: COLORS.heapInUse }} />
            in use <i className="swatch" style={{ background: COLORS.heapGoal }} />
            goal
          </small>
        </span>
      }
      title="Heap in use (/memory/classes/heap/objects:bytes) and heap goal (/gc/heap/goal:bytes)"
      height={height}
      draw={draw}
      hitTest={hitTest}
      data={{ 'heap-max': tl.heapMax, 'scale-max': Math.round(scaleMax) }}
    />
  );
}

const STATE_ORDER = [GState.Running, GState.Runnable, GState.Syscall, GState.Waiting];
const STATE_COLORS = [COLORS.running, COLORS.runnable, COLORS.waiting, COLORS.syscall]; // by GState
const STATE_NAMES = ['running', 'runnable', 'waiting', 'syscall']; // by GState

export function GoroutineChart({ tl }: LaneProps) {
  const height = 64;
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) => {
      const w = Math.ceil(f.width);
      const means = STATE_ORDER.map(() => new Float64Array(w));
      STATE_ORDER.forEach((s, k) => stateMeanPerPixel(tl.stateCounts.byState[s]!, f.t0, f.nsPerPx, w, means[k]!));
      let activePeak = 1, waitingPeak = 1;
      for (let c = 0; c < w; c++) {
        for (let k = 0; k < 4; k++) if (!(means[k]![c]! > 0)) means[k]![c] = 0;
        const active = means[0]![c]! + means[1]![c]! + means[2]![c]!;
        if (active > activePeak) activePeak = active;
        if (means[3]![c]! > waitingPeak) waitingPeak = means[3]![c]!;
      }
      // Waiting goroutines usually outnumber the active ones by far: they get their own scale,
      // drawn behind as a light area, so running/runnable/syscall stay readable in front.
      const area = (top: Float64Array, bottom: Float64Array, color: string) => {
        const path = new Path2D();
        let prev = NaN;
        path.moveTo(0, bottom[0]!);
        for (let c = 0; c < w; c++) {
          const v = top[c]!;
          if (v === prev) continue;
          if (c > 0) path.lineTo(c, prev);
          path.lineTo(c, v);
          prev = v;
        }
        path.lineTo(w, prev);
        prev = NaN;
        for (let c = w - 1; c >= 0; c--) {
          const v = bottom[c]!;
          if (v === prev) continue;
          path.lineTo(c + 1, Number.isNaN(prev) ? v : prev);
          path.lineTo(c + 1, v);
          prev = v;
        }
        path.lineTo(0, prev);
        path.closePath();
        ctx.fillStyle = color;
        ctx.fill(path);
      };
      const floor = new Float64Array(w).fill(f.height);
      const plotH = f.height - 12;
      const waitTop = new Float64Array(w);
      for (let c = 0; c < w; c++) waitTop[c] = f.height - (means[3]![c]! / waitingPeak) * plotH;
      area(waitTop, floor, 'rgba(160, 170, 182, 0.35)');
      const below = new Float64Array(floor);
      const above = new Float64Array(w);
      for (let k = 0; k < 3; k++) {
        const m = means[k]!;
        for (let c = 0; c < w; c++) above[c] = below[c]! - (m[c]! / activePeak) * plotH;
        area(above, below, STATE_COLORS[STATE_ORDER[k]!]!);
        below.set(above);
      }
      ctx.font = '10px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillStyle = '#2e7d32';
      ctx.fillText(`active ≤ ${Math.round(activePeak)}`, 3, 1);
      ctx.fillStyle = '#6b7480';
      const label = `waiting ≤ ${Math.round(waitingPeak)}`;
      ctx.fillText(label, f.width - ctx.measureText(label).width - 4, 1);
    },
    [tl],
  );
  const hitTest = (ns: number): LaneHit => ({
    text: STATE_ORDER.map((s) => `${STATE_NAMES[s]} ${stateCountAt(tl.stateCounts.byState[s]!, ns)}`).join(' · '),
  });
  return (
    <TimeLane
      id="goroutines"
      label={
        <span className="lane-name">
          Goroutines
          <small className="legend">
            {STATE_ORDER.map((s) => (
              <span key={s}>
                <i className="swatch" style={{ background: STATE_COLORS[s] }} />
                {STATE_NAMES[s]}{' '}
              </span>
            ))}
          </small>
        </span>
      }
      title="Goroutines by state over time (mean per pixel): running, runnable and in syscall stacked; waiting behind, on its own scale"
      height={height}
      draw={draw}
      hitTest={hitTest}
    />
  );
}

function GoroutineRowLane({
  t,
  id,
  label,
  title,
  row,
  gOf,
  color,
  describe,
  bounds,
  onSelect,
  height = 18,
}: {
  t: TraceModel;
  id: string;
  label: string;
  title: string;
  row: SliceRow;
  gOf(item: number): number;
  color(item: number): string;
  describe(item: number): string;
  bounds(item: number): [number, number];
  onSelect(s: TraceSelection): void;
  height?: number;
}) {
  const draw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) =>
      drawSliceRow(ctx, row, f, 1, height - 2, color, (i) => {
        const g = gOf(i);
        return g >= 0 ? goroutineLabel(t, g) : '';
      }),
    [t, row, gOf, color, height],
  );
  const hitTest = (ns: number, _y: number, f: LaneFrame): LaneHit | null => {
    const i = itemAt(row, ns, f);
    if (i < 0) return null;
    const g = gOf(i);
    return {
      text: describe(i),
      onSelect: g >= 0 ? () => onSelect({ kind: 'goroutine', g, start: bounds(i)[0], end: bounds(i)[1], where: label }) : undefined,
    };
  };
  return (
    <TimeLane
      id={id}
      label={<span className="lane-name">{label}</span>}
      title={title}
      height={height}
      draw={draw}
      hitTest={hitTest}
      className={height < 16 ? 'lane-small' : undefined}
    />
  );
}

export function ProcLanes({ t, tl, onSelect }: LaneProps) {
  const gOf = useCallback((i: number) => t.pRuns.g[i]!, [t]);
  // A goroutine opened from the Goroutines page (view option `g`): its slices keep their colour, the rest are dimmed.
  const [hl] = useViewOption('g');
  const hg = hl === '' ? -1 : Number(hl);
  const color = useCallback(
    (i: number) => (hg >= 0 && t.pRuns.g[i] !== hg ? DIMMED : colorForKey(t.goroutines.name[t.pRuns.g[i]!]!)),
    [t, hg],
  );
  return (
    <>
      {tl.pRows.map(({ p, row }) => (
        <GoroutineRowLane
          key={p}
          t={t}
          id={`p${p}`}
          label={`P${p}`}
          title={`Goroutines that ran on P${p}, coloured by start function`}
          row={row}
          gOf={gOf}
          color={color}
          describe={(i) =>
            `P${p}: ${goroutineLabel(t, t.pRuns.g[i]!)} ran ${span(pRunStart(t, i), pRunEnd(t, i))} — click for details`
          }
          bounds={(i) => [pRunStart(t, i), pRunEnd(t, i)]}
          onSelect={onSelect}
        />
      ))}
    </>
  );
}

export function SyscallLanes({ t, tl, onSelect }: LaneProps) {
  const sc = tl.syscalls;
  const gOf = useCallback((i: number) => sc.g[i]!, [sc]);
  const color = useCallback(() => COLORS.syscallSlice, []);
  return (
    <>
      {tl.syscallRows.map(({ thread, row }) => {
        const tid = thread >= 0 ? t.threads.tid[thread] : undefined;
        return (
          <GoroutineRowLane
            key={thread}
            t={t}
            id={`syscalls-m${thread}`}
            label={tid !== undefined ? `thread ${tid}` : 'thread unknown'}
            title={`System calls made on OS thread ${tid ?? '(unknown)'}`}
            row={row}
            gOf={gOf}
            color={color}
            height={14}
            describe={(i) => `syscall by ${goroutineLabel(t, sc.g[i]!)}: ${span(sc.start[i]!, sc.end[i]!)}`}
            bounds={(i) => [sc.start[i]!, sc.end[i]!]}
            onSelect={onSelect}
          />
        );
      })}
    </>
  );
}

export function TaskRegionLanes({ t, tl, onSelect }: LaneProps) {
  const taskDraw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) =>
      tl.taskRows.forEach((row, r) =>
        drawSliceRow(ctx, row, f, 1 + r * 15, 13, () => COLORS.task, (i) => t.strings[t.tasks.name[i]!] ?? ''),
      ),
    [t, tl],
  );
  const regionDraw = useCallback(
    (ctx: CanvasRenderingContext2D, f: LaneFrame) =>
      tl.regionRows.forEach((row, r) =>
        drawSliceRow(
          ctx,
          row,
          f,
          1 + r * 15,
          13,
          (i) => colorForKey(t.regions.name[i]!),
          (i) => t.strings[t.regions.name[i]!] ?? '',
        ),
      ),
    [t, tl],
  );
  const hit = (rows: SliceRow[], ns: number, y: number, f: LaneFrame) => {
    const r = rowIndexAt(y, 1, 15, rows.length);
    return r >= 0 ? itemAt(rows[r]!, ns, f) : -1;
  };
  const when = (s: number, e: number) =>
    `${Number.isNaN(s) ? 'begun before the trace' : `at ${formatNanoseconds(s)}`}, ${Number.isNaN(e) ? 'still open at the end' : `for ${formatNanoseconds(e - (Number.isNaN(s) ? 0 : s))}`}`;
  return (
    <>
      {tl.taskRows.length ? (
        <TimeLane
          id="tasks"
          label={<span className="lane-name">Tasks</span>}
          title="User tasks (runtime/trace.NewTask)"
          height={tl.taskRows.length * 15 + 2}
          draw={taskDraw}
          hitTest={(ns, y, f) => {
            const i = hit(tl.taskRows, ns, y, f);
            if (i < 0) return null;
            return {
              text: `task ${t.tasks.id[i]} "${t.strings[t.tasks.name[i]!] ?? ''}" ${when(t.tasks.start[i]!, t.tasks.end[i]!)}`,
              onSelect: () => onSelect({ kind: 'task', item: i }),
            };
          }}
        />
      ) : null}
      {tl.regionRows.length ? (
        <TimeLane
          id="regions"
          label={<span className="lane-name">Regions</span>}
          title="User regions (runtime/trace.WithRegion / StartRegion)"
          height={tl.regionRows.length * 15 + 2}
          draw={regionDraw}
          hitTest={(ns, y, f) => {
            const i = hit(tl.regionRows, ns, y, f);
            if (i < 0) return null;
            return {
              text: `region "${t.strings[t.regions.name[i]!] ?? ''}" on ${goroutineLabel(t, t.regions.g[i]!)} ${when(t.regions.start[i]!, t.regions.end[i]!)}`,
              onSelect: () => onSelect({ kind: 'region', item: i }),
            };
          }}
        />
      ) : null}
    </>
  );
}

/** All lanes in order. */
export function TraceLanes(props: LaneProps) {
  const { tl } = props;
  const hasTasks = useMemo(() => tl.taskRows.length + tl.regionRows.length > 0, [tl]);
  return (
    <>
      <GcLane {...props} />
      <StwLane {...props} />
      <HeapChart {...props} />
      <GoroutineChart {...props} />
      <div className="lane-group-title">Processors (P) — goroutine slices coloured by start function</div>
      <ProcLanes {...props} />
      {tl.syscallRows.length ? <div className="lane-group-title">Threads in syscalls</div> : null}
      <SyscallLanes {...props} />
      {hasTasks ? <div className="lane-group-title">User annotations</div> : null}
      <TaskRegionLanes {...props} />
    </>
  );
}
