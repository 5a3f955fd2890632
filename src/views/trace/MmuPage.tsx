// The MMU page (go tool trace's "Minimum mutator utilization"): the curve over window widths
// from 1 µs to the trace's span on a log axis, go tool trace's options (system or per-P; STW,
// background workers, mark assists, sweeping), a hover readout, and the worst windows of the
// chosen width, each jumping the timeline to it. With a range brushed, of the windows inside it
// (PageScope says which). Plain SVG; the numbers are analysis/trace/mmu.ts's.

import { useState } from 'react';
import type { TraceModel } from '../../model/trace';
import { UtilFlag } from '../../analysis/trace/mmu';
import { formatUtilFlags, parseUtilFlags } from '../../analysis/trace/mmu-plot';
import { formatNanoseconds } from '../../base/units';
import { formatSignificant } from '../../base/number-format';
import { formatMessage } from '../../i18n/en';
import { mmuCurveOf, mmuWorstOf } from '../../store/loader';
import { useViewOption } from '../view-state';
import { useWidth } from '../use-width';
import { useTraceWork } from './use-trace-work';
import { PageHead, usePageRange } from './PageScope';

const HEIGHT = 300;
const PAD = { left: 52, right: 18, top: 12, bottom: 36 };

const INCLUDE: [number, string, string][] = [
  [UtilFlag.STW, 'STW', 'Stop-the-world stops all goroutines at once.'],
  [UtilFlag.Background, 'Background workers', 'The GC’s own goroutines: 25% of the CPU is given to them during a cycle.'],
  [UtilFlag.Assist, 'Mark assist', 'Allocating goroutines made to help marking, so they do not outpace the GC.'],
  [UtilFlag.Sweep, 'Sweep', 'Sweeping reclaims unused memory between cycles.'],
];


/** The index of the sample nearest (on the log axis) to a window width. */
function nearest(windows: number[], w: number): number {
  let best = 0;
  for (let i = 1; i < windows.length; i++) if (Math.abs(Math.log(windows[i]! / w)) < Math.abs(Math.log(windows[best]! / w))) best = i;
  return best;
}

export function MmuPage({ t, onJump }: { t: TraceModel; onJump(window: [number, number]): void }) {
  const [flagsOpt, setFlagsOpt] = useViewOption('mmu-flags');
  const [widthOpt, setWidthOpt] = useViewOption('mmu-window');
  const flags = parseUtilFlags(flagsOpt);
  const range = usePageRange();
  // The curve comes from the trace's analysis worker, which keeps the curve object for the worst windows.
  const curveResult = useTraceWork(t, `mmu ${flags} ${range}`, () => mmuCurveOf(t, flags, range));
  const plot = curveResult?.ok ? curveResult.plot : null;
  const [ref, width] = useWidth<HTMLDivElement>(320);
  const [hover, setHover] = useState<number | null>(null);
  const setFlags = (f: number) => setFlagsOpt(formatUtilFlags(f) === 'stw|background|assist' ? null : formatUtilFlags(f));

  const n = plot ? plot.windows.length : 0;
  const lo = plot && n ? plot.windows[0]! : 1, hi = plot && n ? plot.windows[n - 1]! : 10;
  const plotW = width - PAD.left - PAD.right, plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (w: number) => PAD.left + (hi > lo ? (Math.log(w / lo) / Math.log(hi / lo)) * plotW : 0);
  const y = (u: number) => PAD.top + (1 - u) * plotH;
  const path = plot ? plot.windows.map((w, i) => `${i ? 'L' : 'M'}${x(w).toFixed(1)},${y(plot.mmu[i]!).toFixed(1)}`).join('') : '';
  const decades: number[] = [];
  for (let d = Math.pow(10, Math.ceil(Math.log10(lo) - 1e-9)); d <= hi * (1 + 1e-9); d *= 10) decades.push(d);

  // The chosen width: the option (ns), else 1 ms, within the curve's range.
  const wanted = Number(widthOpt) > 0 ? Number(widthOpt) : 1e6;
  const chosen = n ? Math.min(hi, Math.max(lo, wanted)) : 0;
  const worstResult = useTraceWork(t, `mmu-worst ${flags} ${range} ${chosen}`, chosen > 0 ? () => mmuWorstOf(t, flags, range, chosen) : null);
  const worst = worstResult?.ok ? worstResult.worst : null;

  const options = (
    <div className="mmu-options" data-testid="mmu-options">
      <fieldset>
        <legend>View</legend>
        <label title="Whole-system utilization: with one of four Ps given to the GC, the mutator has 0.75. The standard MMU.">
          <input type="radio" name="mmu-view" checked={(flags & UtilFlag.PerProc) === 0} onChange={() => setFlags(flags & ~UtilFlag.PerProc)} />{' '}
          System
        </label>
        <label title="Per-P utilization: whenever the GC takes a P, that P's utilization is 0.">
          <input type="radio" name="mmu-view" data-flag="perProc" checked={(flags & UtilFlag.PerProc) !== 0} onChange={() => setFlags(flags | UtilFlag.PerProc)} />{' '}
          Per-P
        </label>
      </fieldset>
      <fieldset>
        <legend>Include</legend>
        {INCLUDE.map(([bit, label, help]) => (
          <label key={bit} title={help}>
            <input type="checkbox" data-flag={formatUtilFlags(bit)} checked={(flags & bit) !== 0} onChange={(e) => setFlags(e.target.checked ? flags | bit : flags & ~bit)} />{' '}
            {label}
          </label>
        ))}
      </fieldset>
    </div>
  );

  // Of the whole trace (go tool trace's), or of the windows inside the brushed range.
  const scope = <PageHead t={t} what="MMU" />;
  if (!curveResult || !curveResult.ok) {
    return (
      <section className="mmu-page">
        {scope}
        {!curveResult ? (
          <p className="notice" data-testid="mmu-working" role="status">
            Computing the mutator utilization…
          </p>
        ) : (
          <p className="notice error" role="alert">
            The MMU could not be computed: {formatMessage(curveResult.error)}
          </p>
        )}
      </section>
    );
  }
  if (!plot || n === 0) {
    return (
      <section className="mmu-page">
        {scope}
        {options}
        <p className="notice" data-testid="mmu-none">
          {range && plot && !(plot.spanNs > 0)
            ? 'The utilization is not known in this range (it lies outside the events that give it): there is no MMU curve.'
            : plot && plot.spanNs > 0
              ? `This ${range ? 'range' : 'trace'} is shorter than 1 µs: there is no MMU curve to draw.`
              : 'This trace has no GOMAXPROCS metric (its utilization cannot be computed): there is no MMU curve.'}
        </p>
      </section>
    );
  }

  const hoverAt = (clientX: number, el: SVGSVGElement) => {
    const px = clientX - el.getBoundingClientRect().left;
    if (px < PAD.left - 4 || px > width - PAD.right + 4) return null;
    return nearest(plot.windows, lo * Math.pow(hi / lo, (px - PAD.left) / plotW));
  };
  const h = hover !== null && hover < n ? hover : null;

  return (
    <section className="mmu-page">
      {scope}
      <div className="mmu-main">
        <div className="mmu-chart" ref={ref}>
          <h3>
            Minimum mutator utilization <span className="muted">· the lowest share of the CPU left to your code in any window of a width</span>
          </h3>
          <div className="mmu-readout" data-testid="mmu-readout" data-window={h !== null ? plot.windows[h] : ''}>
            {h !== null ? (
              <>
                window <b>{formatNanoseconds(plot.windows[h]!)}</b>: MMU <b>{formatSignificant(plot.mmu[h]!, 3)}</b> — click to list its worst windows
              </>
            ) : (
              <span className="muted">Hover the curve for a window width’s MMU; click to list that width’s worst windows.</span>
            )}
          </div>
          <svg
            width={width}
            height={HEIGHT}
            data-testid="mmu-curve"
            data-points={n}
            data-flags={formatUtilFlags(flags)}
            data-span-ns={plot.spanNs}
            data-range={plot.range ? `${plot.range[0]}-${plot.range[1]}` : ''}
            role="img"
            aria-label="Minimum mutator utilization by window width"
            onMouseMove={(e) => setHover(hoverAt(e.clientX, e.currentTarget))}
            onMouseLeave={() => setHover(null)}
            onClick={(e) => {
              const i = hoverAt(e.clientX, e.currentTarget);
              if (i !== null) setWidthOpt(String(plot.windows[i]));
            }}
          >
            {[0, 0.25, 0.5, 0.75, 1].map((u) => (
              <g key={u}>
                <line className="grid" x1={PAD.left} x2={width - PAD.right} y1={y(u)} y2={y(u)} />
                <text x={PAD.left - 6} y={y(u) + 4} textAnchor="end">
                  {u}
                </text>
              </g>
            ))}
            {decades.map((d) => (
              <g key={d}>
                <line className="grid" x1={x(d)} x2={x(d)} y1={PAD.top} y2={PAD.top + plotH} />
                <text x={x(d)} y={PAD.top + plotH + 16} textAnchor="middle">
                  {formatNanoseconds(d)}
                </text>
              </g>
            ))}
            <text x={PAD.left + plotW / 2} y={HEIGHT - 4} textAnchor="middle" className="axis-title">
              {range ? 'window width (log scale, up to the range’s span; windows inside the range)' : 'window width (log scale, up to the trace’s span)'}
            </text>
            <line className="chosen" x1={x(chosen)} x2={x(chosen)} y1={PAD.top} y2={PAD.top + plotH} />
            <path className="curve" d={path} />
            {h !== null ? (
              <>
                <line className="hover" x1={x(plot.windows[h]!)} x2={x(plot.windows[h]!)} y1={PAD.top} y2={PAD.top + plotH} />
                <circle className="hover" cx={x(plot.windows[h]!)} cy={y(plot.mmu[h]!)} r={4} />
              </>
            ) : null}
          </svg>
        </div>
        {options}
      </div>
      <div className="mmu-worst" data-testid="mmu-worst" data-window={chosen} data-ready={worst ? 'true' : 'false'}>
        <h4>
          Lowest mutator utilization in {formatNanoseconds(chosen)} windows{' '}
          <span className="muted">
            {worst ? `(MMU ${formatSignificant(worst.mmu, 3)}; click one to see it on the timeline)` : worstResult && !worstResult.ok ? '' : '(finding them…)'}
          </span>
        </h4>
        {worstResult && !worstResult.ok ? (
          <p className="notice error" role="alert">
            The worst windows could not be found: {formatMessage(worstResult.error)}
          </p>
        ) : null}
        <ol>
          {(worst?.worst ?? []).map((u) => (
            <li key={u.time}>
              <button
                type="button"
                className="link inline"
                data-testid="mmu-worst-window"
                data-start-ns={u.time}
                data-end-ns={u.time + chosen}
                onClick={() => onJump([u.time, u.time + chosen])}
              >
                {formatSignificant(u.util, 3)} at {formatNanoseconds(u.time)}
              </button>
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}
