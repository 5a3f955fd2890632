// One time-based view: a label and a canvas drawn by the caller for the shared window, with the
// shared cursor line and range shading on top. See TimeViewport.tsx for the API and the hooks.

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useGoLens } from '../../store/store';
import { useTimeRange } from '../view-state';
import { useTimeViewport } from './TimeViewport';
import { formatWindowAttr } from './time-window';
import { displayName, TITLE_MAX } from '../../base/display-name';

/** What a lane's draw function is given: x = (t − t0) / nsPerPx, in CSS pixels. */
export type LaneFrame = { t0: number; t1: number; nsPerPx: number; width: number; height: number };

/** What the pointer is over: a tooltip, what a click selects, the source rows it names (data-items on the tooltip). */
export type LaneHit = { text: string; onSelect?: () => void; items?: number[] };

type Props = {
  /** Stable id of the lane (data-lane). */
  id: string;
  label: ReactNode;
  /** Label text for the lane's tooltip and accessible name. */
  title?: string;
  height: number;
  draw(ctx: CanvasRenderingContext2D, f: LaneFrame): void;
  /** What is under (ns, y): a tooltip, and what a click selects. */
  hitTest?(ns: number, y: number, f: LaneFrame): LaneHit | null;
  className?: string;
  /** Extra attributes for tests (e.g. data-heap-max). */
  data?: Record<string, string | number>;
  children?: ReactNode;
};

export function TimeLane({ id, label, title, height, draw, hitTest, className, data, children }: Props) {
  const { window: w, plotWidth, labelWidth, wasDrag } = useTimeViewport();
  const cursorNs = useGoLens((s) => s.cursorNs);
  const [rangeNs] = useTimeRange();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [tip, setTip] = useState<{ x: number; text: string; items?: number[] } | null>(null);
  const [dpr, setDpr] = useState(() => globalThis.devicePixelRatio || 1);

  useEffect(() => {
    // A zoom of the page or a move to another screen changes the ratio.
    const mq = matchMedia(`(resolution: ${dpr}dppx)`);
    const onChange = () => setDpr(globalThis.devicePixelRatio || 1);
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [dpr]);

  const nsPerPx = (w[1] - w[0]) / plotWidth;
  const frame: LaneFrame = { t0: w[0], t1: w[1], nsPerPx, width: plotWidth, height };

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pw = Math.round(plotWidth * dpr), ph = Math.round(height * dpr);
    if (canvas.width !== pw) canvas.width = pw;
    if (canvas.height !== ph) canvas.height = ph;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, plotWidth, height);
    draw(ctx, { t0: w[0], t1: w[1], nsPerPx: (w[1] - w[0]) / plotWidth, width: plotWidth, height });
  }, [w, plotWidth, height, dpr, draw]);

  const cursorX = cursorNs !== null && cursorNs >= w[0] && cursorNs <= w[1] ? (cursorNs - w[0]) / nsPerPx : null;
  const range = rangeNs && rangeNs[1] > w[0] && rangeNs[0] < w[1] ? rangeNs : null;

  const hitAt = (e: React.MouseEvent): LaneHit | null => {
    if (!hitTest) return null;
    const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const x = e.clientX - rect.left;
    return hitTest(w[0] + x * nsPerPx, e.clientY - rect.top, frame);
  };

  return (
    <div
      className={`timelane ${className ?? ''}`}
      data-testid="timeview"
      data-lane={id}
      data-window={formatWindowAttr(w)}
      data-cursor-ns={cursorX !== null ? String(Math.round(cursorNs!)) : ''}
      {...(data ? Object.fromEntries(Object.entries(data).map(([k, v]) => [`data-${k}`, String(v)])) : {})}
    >
      <div className="timelane-label" style={{ width: labelWidth, height }} title={title}>
        {label}
      </div>
      <div
        className="timelane-plot"
        style={{ width: plotWidth, height }}
        onMouseMove={(e) => {
          const hit = hitAt(e);
          const rect = (e.currentTarget as HTMLElement).getBoundingClientRect();
          setTip(hit ? { x: e.clientX - rect.left, text: hit.text, items: hit.items } : null);
        }}
        onMouseLeave={() => setTip(null)}
        onClick={(e) => {
          if (wasDrag()) return;
          hitAt(e)?.onSelect?.();
        }}
      >
        <canvas ref={canvasRef} style={{ width: plotWidth, height }} aria-label={title} role="img" />
        {range ? (
          <div
            className="range-shade"
            style={{
              left: Math.max(0, (range[0] - w[0]) / nsPerPx),
              width: Math.max(1, (Math.min(range[1], w[1]) - Math.max(range[0], w[0])) / nsPerPx),
            }}
          />
        ) : null}
        {cursorX !== null ? <div className="cursor-line" style={{ left: Math.round(cursorX) }} /> : null}
        {children}
        {tip ? (
          <div
            className="lane-tip"
            data-items={tip.items ? tip.items.join(',') : undefined}
            style={tip.x > plotWidth - 260 ? { right: plotWidth - tip.x + 8 } : { left: tip.x + 12 }}
          >
            <bdi>{displayName(tip.text, TITLE_MAX)}</bdi>
          </div>
        ) : null}
      </div>
    </div>
  );
}
