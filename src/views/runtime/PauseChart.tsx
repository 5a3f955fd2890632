// The recent GC pauses of a MemStats sample (the PauseNs ring, oldest → newest) as bars.
// Hovering a bar names its cycle and pause; SVG text only (React text nodes).

import { useState } from 'react';
import type { RecentPauses } from '../../analysis/runtime/memstats-derived';
import { formatNanoseconds } from '../../base/units';
import { formatUnixNs } from '../../base/time';

const W = 640;
const H = 120;
const PAD_L = 48;
const PAD_B = 18;

export function PauseChart({ pauses }: { pauses: RecentPauses }) {
  const [hover, setHover] = useState<number | null>(null);
  const n = pauses.length;
  if (n === 0) return <p className="muted">No GC has run: the pause ring is empty.</p>;
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, pauses.pauseNs[i]!);
  const plotW = W - PAD_L;
  const plotH = H - PAD_B;
  const bw = plotW / n;
  const y = (v: number) => (max > 0 ? plotH - (v / max) * (plotH - 4) : plotH);
  const h = hover ?? n - 1;
  return (
    <figure className="pause-chart" data-testid="pause-chart" data-count={n}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Recent GC pauses" onMouseLeave={() => setHover(null)}>
        <line x1={PAD_L} x2={W} y1={plotH} y2={plotH} className="axis" />
        <text x={PAD_L - 4} y={10} className="tick" textAnchor="end">
          {formatNanoseconds(max)}
        </text>
        <text x={PAD_L - 4} y={plotH} className="tick" textAnchor="end">
          0
        </text>
        {Array.from({ length: n }, (_, i) => (
          <rect
            key={i}
            x={PAD_L + i * bw + (bw > 3 ? 0.5 : 0)}
            y={y(pauses.pauseNs[i]!)}
            width={Math.max(0.5, bw - (bw > 3 ? 1 : 0))}
            height={plotH - y(pauses.pauseNs[i]!)}
            className={i === h ? 'bar hover' : 'bar'}
            onMouseEnter={() => setHover(i)}
          />
        ))}
        <text x={PAD_L} y={H - 4} className="tick">
          gc {pauses.cycle[0]}
        </text>
        <text x={W} y={H - 4} className="tick" textAnchor="end">
          gc {pauses.cycle[n - 1]}
        </text>
      </svg>
      <figcaption data-testid="pause-readout" data-cycle={pauses.cycle[h]} data-pause-ns={pauses.pauseNs[h]}>
        gc {pauses.cycle[h]}: paused {formatNanoseconds(pauses.pauseNs[h]!)} (all STW phases of the cycle), ended{' '}
        {formatUnixNs(pauses.endUnixNs[h]!)}
      </figcaption>
    </figure>
  );
}
