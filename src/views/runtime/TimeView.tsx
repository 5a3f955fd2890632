// A small time view for the runtime logs (gctrace, schedtrace): lanes, each a canvas over one
// visible window, the app's shared cursor (store cursorNs / setCursor) drawn across every lane,
// and a readout of what is under the cursor. Written here because the shared timeline
// components (views/timeline) were not committed yet; it keeps their test hooks: each lane
// (and the axis) is data-testid="timeview" with data-lane, data-window="startNs,endNs" and
// data-cursor-ns, exactly the box of its canvas; the readout is data-testid="cursor-readout".
// Gestures: drag across the plot to zoom into that span; double-click (or "Whole log") resets;
// Ctrl/⌘ + wheel zooms around the pointer.

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { scaleLinear } from 'd3';
import { useGoLens } from '../../store/store';

export type LaneDraw = (ctx: CanvasRenderingContext2D, x: (ns: number) => number, width: number, height: number) => void;

export type Lane = {
  key: string;
  label: ReactNode;
  height: number;
  draw: LaneDraw;
};

type Props = {
  /** The data's extent, ns on the program's clock. */
  extent: [number, number];
  lanes: Lane[];
  /** What is under the cursor (null when the cursor is outside the data). */
  readout(ns: number): ReactNode;
  legend?: ReactNode;
};

const AXIS_H = 20;
const LANE_GAP = 6;

function formatAxisNs(ns: number, span: number): string {
  if (span >= 5e9) return `${(ns / 1e9).toFixed(span >= 50e9 ? 0 : 1)} s`;
  if (span >= 5e6) return `${(ns / 1e6).toFixed(span >= 50e6 ? 0 : 1)} ms`;
  return `${(ns / 1e3).toFixed(span >= 50e3 ? 0 : 1)} µs`;
}

export function TimeView({ extent, lanes, readout, legend }: Props) {
  const cursorNs = useGoLens((s) => s.cursorNs);
  const setCursor = useGoLens((s) => s.setCursor);
  const [window, setWindow] = useState<[number, number]>(extent);
  const [width, setWidth] = useState(800);
  const [brush, setBrush] = useState<[number, number] | null>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const frame = useRef(0);
  const pendingCursor = useRef<number | null>(null);

  useEffect(() => setWindow(extent), [extent]);

  useLayoutEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(200, Math.floor(el.clientWidth))));
    ro.observe(el);
    setWidth(Math.max(200, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, []);

  const [w0, w1] = window;
  const span = Math.max(1, w1 - w0);
  const x = (ns: number) => ((ns - w0) / span) * width;
  const nsAt = (clientX: number) => {
    const rect = plotRef.current!.getBoundingClientRect();
    return w0 + ((clientX - rect.left) / rect.width) * span;
  };

  const canvases = useRef<(HTMLCanvasElement | null)[]>([]);
  const all: Lane[] = [...lanes, { key: 'axis', label: '', height: AXIS_H, draw: () => {} }];

  // Draw lanes, axis and cursor.
  useEffect(() => {
    const dpr = globalThis.devicePixelRatio || 1;
    const xs = (ns: number) => ((ns - w0) / span) * width;
    const scale = scaleLinear().domain([w0, w1]).range([0, width]);
    const ticks = scale.ticks(Math.max(2, Math.floor(width / 110)));
    const cursorX = cursorNs !== null && cursorNs >= w0 && cursorNs <= w1 ? Math.round(xs(cursorNs)) + 0.5 : null;
    all.forEach((lane, li) => {
      const canvas = canvases.current[li];
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(lane.height * dpr);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, width, lane.height);
      const isAxis = lane.key === 'axis';
      if (!isAxis) {
        ctx.fillStyle = '#f6f7f8';
        ctx.fillRect(0, 0, width, lane.height);
      }
      ctx.strokeStyle = '#c9ced4';
      ctx.fillStyle = '#6b7480';
      ctx.font = '11px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      for (const t of ticks) {
        const px = Math.round(scale(t)) + 0.5;
        if (isAxis) {
          ctx.textAlign = px < 30 ? 'left' : px > width - 30 ? 'right' : 'center';
          ctx.fillText(formatAxisNs(t, span), px, 4);
        } else {
          ctx.globalAlpha = 0.35;
          ctx.beginPath();
          ctx.moveTo(px, 0);
          ctx.lineTo(px, lane.height);
          ctx.stroke();
          ctx.globalAlpha = 1;
        }
      }
      if (!isAxis) {
        ctx.save();
        lane.draw(ctx, xs, width, lane.height);
        ctx.restore();
      }
      if (brush) {
        const a = Math.min(brush[0], brush[1]);
        const b = Math.max(brush[0], brush[1]);
        ctx.fillStyle = 'rgba(11,127,171,0.15)';
        ctx.fillRect(xs(a), 0, xs(b) - xs(a), lane.height);
      }
      if (cursorX !== null) {
        ctx.strokeStyle = '#1d232a';
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(cursorX, 0);
        ctx.lineTo(cursorX, lane.height);
        ctx.stroke();
      }
    });
    // `all` is `lanes` plus the axis: `lanes` stands for it in the dependencies.
  }, [lanes, width, w0, w1, span, cursorNs, brush]);

  // The pointer writes the cursor at most once per animation frame.
  const moveCursor = (ns: number | null) => {
    pendingCursor.current = ns;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setCursor(pendingCursor.current);
    });
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const zoomTo = (a: number, b: number) => {
    const lo = Math.max(extent[0], Math.min(a, b));
    const hi = Math.min(extent[1], Math.max(a, b));
    if (hi - lo >= 1000) setWindow([lo, hi]);
  };

  // Ctrl/⌘ + wheel zooms; a native listener, because React's wheel listener is passive.
  const zoomRef = useRef({ w0, w1, zoomTo, nsAt });
  zoomRef.current = { w0, w1, zoomTo, nsAt };
  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const z = zoomRef.current;
      const at = z.nsAt(e.clientX);
      const k = e.deltaY > 0 ? 1.25 : 0.8;
      z.zoomTo(at - (at - z.w0) * k, at + (z.w1 - at) * k);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const cursorShown = cursorNs !== null && cursorNs >= w0 && cursorNs <= w1;
  return (
    <div className="timeview-wrap">
      <div className="timeview-toolbar">
        {legend}
        <span className="spacer" />
        <span className="muted small">drag to zoom · double-click to reset</span>
        <button type="button" data-testid="timeview-reset" onClick={() => setWindow(extent)} disabled={w0 === extent[0] && w1 === extent[1]}>
          Whole log
        </button>
      </div>
      <div className="timeview-grid">
        <div className="timeview-labels" aria-hidden="true">
          {all.map((l) => (
            <div key={l.key} className="lane-label" style={{ height: l.height, marginBottom: LANE_GAP }}>
              {l.label}
            </div>
          ))}
        </div>
        <div
          ref={plotRef}
          className="timeview-plot"
          onMouseMove={(e) => {
            const ns = nsAt(e.clientX);
            moveCursor(ns);
            if (brush) setBrush([brush[0], ns]);
          }}
          onMouseLeave={() => {
            moveCursor(null);
            setBrush(null);
          }}
          onMouseDown={(e) => {
            if (e.button === 0) setBrush([nsAt(e.clientX), nsAt(e.clientX)]);
          }}
          onMouseUp={() => {
            if (brush && Math.abs(x(brush[1]) - x(brush[0])) > 4) zoomTo(brush[0], brush[1]);
            setBrush(null);
          }}
          onDoubleClick={() => setWindow(extent)}
        >
          {all.map((l, li) => (
            <div
              key={l.key}
              className="timeview-lane"
              data-testid="timeview"
              data-lane={l.key}
              data-window={`${w0},${w1}`}
              data-cursor-ns={cursorNs ?? ''}
              style={{ height: l.height, marginBottom: LANE_GAP }}
            >
              <canvas
                ref={(c) => {
                  canvases.current[li] = c;
                }}
                style={{ width, height: l.height }}
              />
            </div>
          ))}
        </div>
      </div>
      <div className="cursor-readout" data-testid="cursor-readout" aria-live="polite">
        {cursorShown ? readout(cursorNs!) : <span className="muted">Hover the chart to read a cycle.</span>}
      </div>
    </div>
  );
}
