// The series chart: the total and the top functions of N snapshots over time, one line each,
// one cursor (the store's, on the series' axis: ns since the first snapshot), and clicks that
// pick two snapshots to compare (the earlier one as the base). Plain SVG; names are React text.

import { formatValue } from '../../base/units';
import { displayName, titleName } from '../../base/display-name';
import { useWidth } from '../use-width';

export type SeriesLine = { name: string; values: number[]; total?: boolean };

type Props = {
  /** Per snapshot: its name (the file's), and its place on the axis (ns since the first). */
  labels: string[];
  xs: number[];
  /** How the axis is laid out: by time, or one step per snapshot (no capture time). */
  axis: 'time' | 'order';
  lines: SeriesLine[];
  unit: string;
  /** The snapshot under the cursor, or null. */
  cursor: number | null;
  onCursor(i: number | null): void;
  /** Snapshots picked for a comparison (0, 1 or 2 of them). */
  picked: number[];
  onPick(i: number): void;
};

const HEIGHT = 260;
const PAD = { left: 72, right: 16, top: 14, bottom: 34 };
export const LINE_COLORS = ['#1d232a', '#d1495b', '#0b7fab', '#edae49', '#66a182', '#8d5a97', '#e07a5f', '#3d5a80', '#81b29a'];


/** Round steps for the value axis. */
function ticksOf(max: number, n = 4): number[] {
  if (max <= 0) return [0];
  const raw = max / n;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max * 1.0001; v += step) out.push(v);
  return out;
}

function formatAxisTime(ns: number): string {
  if (ns === 0) return '0';
  if (Math.abs(ns) >= 60e9) return `${(ns / 60e9).toFixed(1)} min`;
  if (Math.abs(ns) >= 1e9) return `${(ns / 1e9).toFixed(ns >= 10e9 ? 0 : 1)} s`;
  return `${(ns / 1e6).toFixed(0)} ms`;
}

export function SeriesChart({ labels, xs, axis, lines, unit, cursor, onCursor, picked, onPick }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const n = labels.length;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x0 = xs[0] ?? 0;
  const x1 = xs[n - 1] ?? 1;
  const span = x1 - x0 || 1;
  const xOf = (i: number) => PAD.left + (n === 1 ? plotW / 2 : ((xs[i]! - x0) / span) * plotW);
  let max = 0;
  for (const l of lines) for (const v of l.values) max = Math.max(max, v);
  const ticks = ticksOf(max);
  const top = Math.max(max, ticks[ticks.length - 1] ?? 0) || 1;
  const yOf = (v: number) => PAD.top + plotH - (Math.max(0, v) / top) * plotH;

  const nearest = (clientX: number, el: SVGSVGElement): number => {
    const r = el.getBoundingClientRect();
    const px = clientX - r.left;
    let best = 0;
    for (let i = 1; i < n; i++) if (Math.abs(xOf(i) - px) < Math.abs(xOf(best) - px)) best = i;
    return best;
  };

  return (
    <div className="series-chart" ref={ref} data-testid="series-chart" data-points={n} data-cursor={cursor ?? ''}>
      <svg
        width={width}
        height={HEIGHT}
        role="img"
        aria-label={`${lines.map((l) => displayName(l.name)).join(', ')} over ${n} snapshots`}
        onMouseMove={(e) => {
          const i = nearest(e.clientX, e.currentTarget);
          if (i !== cursor) onCursor(i);
        }}
        onMouseLeave={() => onCursor(null)}
        onClick={(e) => onPick(nearest(e.clientX, e.currentTarget))}
      >
        {ticks.map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={width - PAD.right} y1={yOf(t)} y2={yOf(t)} className="grid" />
            <text x={PAD.left - 6} y={yOf(t) + 4} textAnchor="end" className="tick">
              {formatValue(t, unit)}
            </text>
          </g>
        ))}
        {labels.map((label, i) => (
          <g key={i}>
            <line x1={xOf(i)} x2={xOf(i)} y1={PAD.top + plotH} y2={PAD.top + plotH + 4} className="axis" />
            <text x={xOf(i)} y={PAD.top + plotH + 16} textAnchor={n > 1 && i === n - 1 ? 'end' : n > 1 && i === 0 ? 'start' : 'middle'} className="tick">
              {axis === 'time' ? formatAxisTime(xs[i]! - x0) : `#${i + 1}`}
            </text>
            <title>{titleName(label)}</title>
          </g>
        ))}
        <line x1={PAD.left} x2={width - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} className="axis" />
        {cursor !== null && cursor < n ? <line x1={xOf(cursor)} x2={xOf(cursor)} y1={PAD.top} y2={PAD.top + plotH} className="cursor" /> : null}
        {picked.map((i) => (
          <rect key={`p${i}`} x={xOf(i) - 6} y={PAD.top} width={12} height={plotH} className="picked" />
        ))}
        {lines.map((l, li) => (
          <g key={l.name} className={l.total ? 'line total' : 'line'}>
            <polyline
              fill="none"
              stroke={LINE_COLORS[li % LINE_COLORS.length]}
              strokeWidth={l.total ? 2.5 : 1.5}
              points={l.values.map((v, i) => `${xOf(i)},${yOf(v)}`).join(' ')}
            />
            {l.values.map((v, i) => (
              <circle key={i} cx={xOf(i)} cy={yOf(v)} r={cursor === i ? 4 : 2.5} fill={LINE_COLORS[li % LINE_COLORS.length]} />
            ))}
          </g>
        ))}
      </svg>
    </div>
  );
}

/** A small line of one function's values over the snapshots. */
export function Sparkline({ values, width = 90, height = 22 }: { values: number[]; width?: number; height?: number }) {
  let max = 0;
  let min = 0;
  for (const v of values) {
    max = Math.max(max, v);
    min = Math.min(min, v);
  }
  const range = max - min || 1;
  const n = values.length;
  const pts = values
    .map((v, i) => `${n === 1 ? width / 2 : (i / (n - 1)) * (width - 4) + 2},${height - 2 - ((v - min) / range) * (height - 4)}`)
    .join(' ');
  return (
    <svg className="sparkline" width={width} height={height} aria-hidden="true">
      <polyline points={pts} fill="none" stroke="#d1495b" strokeWidth={1.5} />
    </svg>
  );
}
