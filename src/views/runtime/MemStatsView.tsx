// MemStats as JSON: an expvar /debug/vars snapshot (one sample) or JSON lines of MemStats (one
// sample per line). Lines: heap over the samples, a sample picker, and the panel of the sample.

import { useMemo, useState } from 'react';
import { heapSeries, type HeapSeries } from '../../analysis/memstats-derived';
import { memStatsSnapshot } from '../../analysis/memstats-view';
import type { MemStatsModel } from '../../model/runtime-log';
import { formatBytes } from '../../base/units';
import { MemStatsPanel } from './MemStatsPanel';
import { SkippedNotice } from './SkippedNotice';

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

export function MemStatsView({ model }: { model: MemStatsModel }) {
  const [sample, setSample] = useState(model.length - 1);
  const snapshot = useMemo(() => memStatsSnapshot(model, sample), [model, sample]);
  const series = useMemo(() => (model.length > 1 ? heapSeries(model) : null), [model]);
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
      {model.inexactFields.length > 0 ? (
        <p className="notice">Above 2^53, shown rounded: {model.inexactFields.join(', ')}.</p>
      ) : null}
      {series ? <HeapSamplesChart s={series} selected={sample} onSelect={setSample} /> : null}
      <MemStatsPanel snapshot={snapshot} title={model.length > 1 ? `runtime.MemStats — sample ${sample + 1}` : 'runtime.MemStats'} />
      {model.otherVars.length > 0 ? (
        <section className="other-vars">
          <h3>Other expvar variables</h3>
          <table className="digest-table">
            <tbody>
              {model.otherVars.map((v) => (
                <tr key={v.name}>
                  <th scope="row">{v.name}</th>
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
