// MemStats as JSON: an expvar /debug/vars snapshot (one sample) or JSON lines of MemStats (one
// sample per line). Lines: heap over the samples, a sample picker, and the panel of the sample.

import { useCallback, useMemo, useState } from 'react';
import { heapSeries, type HeapSeries } from '../../analysis/runtime/memstats-derived';
import { memStatsGcTimeline, memStatsSampleLowerBoundNs, memStatsSnapshot, type MemStatsGcTimeline } from '../../analysis/runtime/memstats-view';
import { lastAtOrBefore } from '../../analysis/runtime/gctrace-view';
import { formatNanoseconds } from '../../base/units';
import { useGoLens } from '../../store/store';
import { TimeAxis } from '../timeline/TimeAxis';
import { TimeLane, type LaneFrame } from '../timeline/TimeLane';
import { TimeViewport } from '../timeline/TimeViewport';
import type { MemStatsModel } from '../../model/runtime-log';
import { formatBytes } from '../../base/units';
import { MemStatsPanel } from './MemStatsPanel';
import { SkippedNotice } from './SkippedNotice';
import { formatMessage } from '../../i18n/en';
import { formatInteger } from '../../base/number-format';
import { Name } from '../Name';

const SERIES: { key: keyof Pick<HeapSeries, 'heapAlloc' | 'heapInuse' | 'nextGc' | 'sys'>; label: string; cls: string }[] = [
  { key: 'sys', label: 'Sys', cls: 's-sys' },
  { key: 'nextGc', label: 'NextGC (goal)', cls: 's-goal' },
  { key: 'heapInuse', label: 'HeapInuse', cls: 's-inuse' },
  { key: 'heapAlloc', label: 'HeapAlloc', cls: 's-alloc' },
];

const W = 900;
const H = 180;
const PAD_L = 64;
const PAD_B = 20;

/**
 * Heap over the samples. MemStats carries no sampling time, so x is the sample's position in
 * the file (the order they were taken), not a clock: this chart is not on the trace time axis.
 */
function HeapSamplesChart({ s, selected, onSelect }: { s: HeapSeries; selected: number; onSelect(i: number): void }) {
  const [hover, setHover] = useState<number | null>(null);
  const n = s.length;
  let max = 0;
  for (const { key } of SERIES) for (let i = 0; i < n; i++) max = Math.max(max, s[key][i]!);
  const plotW = W - PAD_L - 8;
  const plotH = H - PAD_B;
  const x = (i: number) => PAD_L + (n > 1 ? (i / (n - 1)) * plotW : plotW / 2);
  const y = (v: number) => plotH - (max > 0 ? (v / max) * (plotH - 6) : 0);
  const h = hover ?? selected;
  const pick = (e: React.MouseEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const px = ((e.clientX - rect.left) / rect.width) * W;
    return Math.max(0, Math.min(n - 1, Math.round(n > 1 ? ((px - PAD_L) / plotW) * (n - 1) : 0)));
  };
  return (
    <figure className="heap-samples" data-testid="heap-samples-chart" data-samples={n}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        width="100%"
        role="img"
        aria-label="Heap over the samples"
        onMouseMove={(e) => setHover(pick(e))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => onSelect(pick(e))}
      >
        <line x1={PAD_L} x2={W - 8} y1={plotH} y2={plotH} className="axis" />
        <text x={PAD_L - 4} y={12} className="tick" textAnchor="end">
          {formatBytes(max)}
        </text>
        <text x={PAD_L - 4} y={plotH} className="tick" textAnchor="end">
          0
        </text>
        {SERIES.map(({ key, cls }) => (
          <polyline
            key={key}
            className={`series ${cls}`}
            points={Array.from({ length: n }, (_, i) => `${x(i).toFixed(1)},${y(s[key][i]!).toFixed(1)}`).join(' ')}
          />
        ))}
        <line x1={x(h)} x2={x(h)} y1={0} y2={plotH} className="cursor-line" />
        <text x={PAD_L} y={H - 4} className="tick">
          sample 1
        </text>
        <text x={W - 8} y={H - 4} className="tick" textAnchor="end">
          sample {n}
        </text>
      </svg>
      <figcaption data-testid="heap-samples-readout" data-sample={h + 1}>
        <strong>sample {h + 1}</strong>
        {SERIES.slice()
          .reverse()
          .map(({ key, label, cls }) => (
            <span key={key} className={`legend ${cls}`}>
              {label} {formatBytes(s[key][h]!)}
            </span>
          ))}
        <span className="legend">NumGC {s.numGc[h]}</span>
        <span className="muted"> · x = sample order (MemStats has no timestamp); click to show a sample below</span>
      </figcaption>
    </figure>
  );
}

/**
 * The samples on the GC clock (ns since the oldest GC end their pause rings list): GC pauses at
 * their exact PauseEnd, and each sample at its LastGC — it was taken at or after that instant,
 * MemStats records no sampling time — with HeapAlloc and NextGC.
 */
function MemStatsTimeline({ model, tl, sampleNs }: { model: MemStatsModel; tl: MemStatsGcTimeline; sampleNs: Float64Array }) {
  const cursorNs = useGoLens((st) => st.cursorNs);
  const f = model.fields;
  const extent = useMemo<[number, number]>(() => {
    let end = tl.endNs[tl.length - 1] ?? 0;
    for (let i = 0; i < sampleNs.length; i++) end = Math.max(end, sampleNs[i]!);
    return [0, Math.max(1e6, end * 1.02)];
  }, [tl, sampleNs]);
  let maxHeap = 0;
  for (let i = 0; i < model.length; i++) maxHeap = Math.max(maxHeap, f.HeapAlloc[i]!, f.NextGC[i]!);
  const drawPauses = useCallback(
    (ctx: CanvasRenderingContext2D, fr: LaneFrame) => {
      ctx.fillStyle = '#f6f7f8';
      ctx.fillRect(0, 0, fr.width, fr.height);
      ctx.fillStyle = '#c92a2a';
      for (let i = 0; i < tl.length; i++) {
        const e = (tl.endNs[i]! - fr.t0) / fr.nsPerPx;
        const b = (tl.endNs[i]! - tl.pauseNs[i]! - fr.t0) / fr.nsPerPx;
        if (e < -2 || b > fr.width + 2) continue;
        ctx.fillRect(b, 6, Math.max(2, e - b), fr.height - 10);
      }
    },
    [tl],
  );
  const drawHeap = useCallback(
    (ctx: CanvasRenderingContext2D, fr: LaneFrame) => {
      ctx.fillStyle = '#f6f7f8';
      ctx.fillRect(0, 0, fr.width, fr.height);
      const y = (v: number) => fr.height - 4 - (maxHeap > 0 ? (v / maxHeap) * (fr.height - 10) : 0);
      for (const [col, color] of [
        [f.NextGC, '#e67700'],
        [f.HeapAlloc, '#0b7fab'],
      ] as const) {
        ctx.fillStyle = color;
        for (let i = 0; i < model.length; i++) {
          if (sampleNs[i]! < 0) continue;
          ctx.beginPath();
          ctx.arc((sampleNs[i]! - fr.t0) / fr.nsPerPx, y(col[i]!), 3, 0, Math.PI * 2);
          ctx.fill();
        }
      }
    },
    [model, f, sampleNs, maxHeap],
  );
  const gcAt = cursorNs === null ? -1 : lastAtOrBefore(tl.endNs, tl.length, cursorNs);
  // Samples are in file order and their LastGC never decreases: the last one placed at or before the cursor.
  let sample = -1;
  if (cursorNs !== null) for (let i = 0; i < model.length; i++) if (sampleNs[i]! >= 0 && sampleNs[i]! <= cursorNs) sample = i;
  return (
    <div className="runtime-timeline" data-testid="memstats-timeline">
      <div className="timeview-toolbar">
        <span className="legend">
          <span className="swatch" style={{ borderColor: '#c92a2a', background: '#c92a2a' }} /> GC pause (PauseNs, ending at PauseEnd)
        </span>
        <span className="legend">
          <span className="swatch" style={{ borderColor: '#0b7fab', background: '#0b7fab' }} /> HeapAlloc
        </span>
        <span className="legend">
          <span className="swatch" style={{ borderColor: '#e67700', background: '#e67700' }} /> NextGC
        </span>
        <span className="muted small">
          clock: ns since GC {tl.cycle[0]} ended · samples sit at their LastGC (taken at or after it; MemStats has no sampling time)
        </span>
      </div>
      <div className="cursor-readout runtime-readout" data-testid="cursor-readout" data-ns={cursorNs === null ? '' : Math.round(cursorNs)}>
        {cursorNs === null ? (
          <span className="muted">Hover the lanes to read the GC cycle and the sample at the cursor.</span>
        ) : (
          <>
            {gcAt >= 0 ? (
              <div className="readout-line" data-testid="memstats-gc-readout" data-cycle={tl.cycle[gcAt]}>
                <strong>gc {tl.cycle[gcAt]}</strong> ended at +{formatNanoseconds(tl.endNs[gcAt]!)}, paused {formatNanoseconds(tl.pauseNs[gcAt]!)}
              </div>
            ) : null}
            {sample >= 0 ? (
              <div className="readout-line" data-testid="memstats-sample-readout" data-sample={sample + 1}>
                <strong>sample {sample + 1}</strong> (line {model.lineNumber[sample]}): HeapAlloc {formatBytes(f.HeapAlloc[sample]!)}, NextGC{' '}
                {formatBytes(f.NextGC[sample]!)}, NumGC {f.NumGC[sample]}
              </div>
            ) : null}
          </>
        )}
      </div>
      <div className="timeline-scroll">
        <TimeViewport extentNs={extent}>
          <TimeAxis />
          <TimeLane id="gc-pauses" label={<span className="lane-name">GC pauses</span>} title="Each GC cycle's STW total, ending at its PauseEnd" height={30} draw={drawPauses} />
          <TimeLane
            id="heap"
            label={
              <span className="lane-name">
                Heap <small>0 – {formatBytes(maxHeap)}</small>
              </span>
            }
            title="HeapAlloc and NextGC of each sample, at its LastGC"
            height={120}
            draw={drawHeap}
          />
        </TimeViewport>
      </div>
    </div>
  );
}

export function MemStatsView({ model }: { model: MemStatsModel }) {
  const [sample, setSample] = useState(model.length - 1);
  const snapshot = useMemo(() => memStatsSnapshot(model, sample), [model, sample]);
  const series = useMemo(() => (model.length > 1 ? heapSeries(model) : null), [model]);
  const gcTimeline = useMemo(() => (model.length > 1 ? memStatsGcTimeline(model) : null), [model]);
  const sampleNs = useMemo(() => (gcTimeline ? memStatsSampleLowerBoundNs(model, gcTimeline.originUnixNs) : null), [model, gcTimeline]);
  return (
    <div className="runtime-view memstats-view" data-testid="memstats-view">
      <div className="toolbar">
        <strong className="view-title">{model.source === 'expvar' ? 'expvar /debug/vars' : `MemStats JSON lines · ${model.length} samples`}</strong>
        {model.length > 1 ? (
          <label>
            Sample
            <input
              type="range"
              min={1}
              max={model.length}
              value={sample + 1}
              data-testid="memstats-sample"
              onChange={(e) => setSample(Number(e.target.value) - 1)}
            />
            <span>
              {sample + 1} / {model.length} (line {model.lineNumber[sample]})
            </span>
          </label>
        ) : null}
        {model.cmdline ? <code className="cmdline">{model.cmdline.join(' ')}</code> : null}
      </div>
      <SkippedNotice skipped={model.skipped} />
      {model.invalidSamples ? (
        <p className="notice" role="status" data-testid="invalid-samples" data-count={model.invalidSamples.count}>
          {formatMessage(model.invalidSamples.first)}
          {model.invalidSamples.count > 1 ? ` (${formatInteger(model.invalidSamples.count)} samples refused)` : ''}
        </p>
      ) : null}
      {model.inexactFields.length > 0 ? (
        <p className="notice">Above 2^53, shown rounded: {model.inexactFields.join(', ')}.</p>
      ) : null}
      {gcTimeline && sampleNs && gcTimeline.length > 0 ? <MemStatsTimeline model={model} tl={gcTimeline} sampleNs={sampleNs} /> : null}
      {series ? <HeapSamplesChart s={series} selected={sample} onSelect={setSample} /> : null}
      <MemStatsPanel snapshot={snapshot} title={model.length > 1 ? `runtime.MemStats — sample ${sample + 1}` : 'runtime.MemStats'} />
      {model.otherVars.length > 0 ? (
        <section className="other-vars">
          <h3>Other expvar variables</h3>
          <table className="digest-table">
            <tbody>
              {model.otherVars.map((v) => (
                <tr key={v.name}>
                  <th scope="row">
                    <Name text={v.name} />
                  </th>
                  <td>
                    <code>{v.json.length > 300 ? `${v.json.slice(0, 300)}…` : v.json}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </div>
  );
}
