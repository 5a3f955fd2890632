// The time axis: ticks for the shared window, and markers (e.g. heap profiles) at instants.
// Dragging on it selects a range (data-axis), which makes range selection discoverable.

import { useCallback } from 'react';
import { scaleLinear } from 'd3';
import { TimeLane, type LaneFrame } from './TimeLane';
import { formatAxisTime } from './time-window';
import { useTimeViewport } from './TimeViewport';

export type AxisMarker = { ns: number; label: string; title: string; active?: boolean; onClick(): void };

const MARKER_WIDTH = 15; // .axis-marker's width in styles.css

/** A marker's left edge: centred on x, moved inward at the ends of the axis so it is never cut in half. */
function markerLeft(x: number, plotWidth: number): number {
  return Math.max(0, Math.min(x - MARKER_WIDTH / 2, plotWidth - MARKER_WIDTH));
}

export function TimeAxis({ markers = [] }: { markers?: AxisMarker[] }) {
  const { window: w, plotWidth } = useTimeViewport();
  const draw = useCallback((ctx: CanvasRenderingContext2D, f: LaneFrame) => {
    const scale = scaleLinear().domain([f.t0, f.t1]).range([0, f.width]);
    const ticks = scale.ticks(Math.max(2, Math.floor(f.width / 110)));
    ctx.fillStyle = '#f4f6f8';
    ctx.fillRect(0, 0, f.width, f.height);
    ctx.strokeStyle = '#9aa3ad';
    ctx.fillStyle = '#3b4450';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    ctx.beginPath();
    for (const t of ticks) {
      const x = Math.round(scale(t)) + 0.5;
      ctx.moveTo(x, f.height - 7);
      ctx.lineTo(x, f.height);
      ctx.fillText(formatAxisTime(t, f.t1 - f.t0), x + 3, 4);
    }
    ctx.moveTo(0, f.height - 0.5);
    ctx.lineTo(f.width, f.height - 0.5);
    ctx.stroke();
  }, []);
  const nsPerPx = (w[1] - w[0]) / plotWidth;
  return (
    <div className="time-axis" data-axis="">
      <TimeLane
        id="axis"
        label={<span className="muted axis-hint">drag here: select range</span>}
        title="Time since the trace started. Drag along the axis to select a range."
        height={26}
        draw={draw}
      >
        {markers.map((m, i) =>
          m.ns >= w[0] && m.ns <= w[1] ? (
            <button
              key={i}
              type="button"
              className={`axis-marker${m.active ? ' active' : ''}`}
              data-testid="heap-marker"
              data-ns={Math.round(m.ns)}
              style={{ left: markerLeft((m.ns - w[0]) / nsPerPx, plotWidth) }}
              title={m.title}
              aria-label={m.title}
              onPointerDown={(e) => e.stopPropagation()}
              onClick={(e) => {
                e.stopPropagation();
                m.onClick();
              }}
            >
              {m.label}
            </button>
          ) : null,
        )}
      </TimeLane>
    </div>
  );
}
