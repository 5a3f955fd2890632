// Arrows on the lanes for the selected slice's wake and the chain back: from the waker's event
// (its P's lane, at the wake) to the woken goroutine's next running slice (its P's lane, where
// that run began). One canvas over the viewport, below the pointer (events pass through).

import { useLayoutEffect, useRef } from 'react';
import { eventTime, type TraceModel } from '../../model/trace';
import type { Wake } from '../../analysis/trace/wake';
import { useTimeViewport } from '../timeline/TimeViewport';

export function WakeArrows({ t, wakes }: { t: TraceModel; wakes: Wake[] }) {
  const { window: w, plotWidth, labelWidth } = useTimeViewport();
  const ref = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    const canvas = ref.current;
    const root = canvas?.parentElement;
    if (!canvas || !root) return;
    const dpr = globalThis.devicePixelRatio || 1;
    const width = root.clientWidth, height = root.scrollHeight;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const top = root.getBoundingClientRect().top;
    const laneY = (p: number) => {
      const el = p >= 0 ? root.querySelector(`[data-lane="p${p}"] .timelane-plot`) : null;
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return r.top - top + r.height / 2;
    };
    const nsPerPx = (w[1] - w[0]) / plotWidth;
    const x = (ns: number) => labelWidth + (ns - w[0]) / nsPerPx;
    let drawn = 0;
    wakes.forEach((wk, i) => {
      if (wk.runRow < 0) return;
      const y0 = laneY(wk.p), y1 = laneY(wk.runP);
      if (y0 === null || y1 === null) return;
      const x0 = x(wk.time), x1 = x(eventTime(t.events.time, t.gStates.startEvent[wk.runRow]!));
      // Both ends left of or right of the plot: nothing of it is visible.
      if ((x0 < labelWidth && x1 < labelWidth) || (x0 > labelWidth + plotWidth && x1 > labelWidth + plotWidth)) return;
      ctx.save();
      ctx.beginPath();
      ctx.rect(labelWidth, 0, plotWidth, height);
      ctx.clip();
      const color = i === 0 ? '#d1495b' : 'rgba(209, 73, 91, 0.55)';
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.lineWidth = i === 0 ? 2 : 1.25;
      // A curve that bows out when both ends are on one lane.
      const bow = y0 === y1 ? -14 : 0;
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.bezierCurveTo(x0 + (x1 - x0) / 3, y0 + bow, x0 + (2 * (x1 - x0)) / 3, y1 + bow, x1, y1);
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(x0, y0, 3, 0, 2 * Math.PI);
      ctx.fill();
      // Arrow head, pointing along the curve's last tangent.
      const a = Math.atan2(y1 - (y1 + bow), x1 - (x0 + (2 * (x1 - x0)) / 3));
      ctx.beginPath();
      ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - 8 * Math.cos(a - 0.4), y1 - 8 * Math.sin(a - 0.4));
      ctx.lineTo(x1 - 8 * Math.cos(a + 0.4), y1 - 8 * Math.sin(a + 0.4));
      ctx.closePath();
      ctx.fill();
      ctx.restore();
      drawn++;
    });
    canvas.dataset.drawn = String(drawn);
  }, [t, wakes, w, plotWidth, labelWidth]);
  return <canvas ref={ref} className="wake-arrows" data-testid="wake-arrows" data-count={wakes.length} aria-hidden="true" />;
}
