// Canvas helpers shared by lanes: a row of slices drawn per pixel (level of detail) with
// labels where they fit. Labels are drawn with fillText: untrusted names never touch HTML.

import { forEachSliceInView, sliceAt, type SliceRow } from '../../analysis/timeline-tables';
import type { LaneFrame } from './TimeLane';

const CHAR_WIDTH = 6.2;

export function drawSliceRow(
  ctx: CanvasRenderingContext2D,
  row: SliceRow,
  f: LaneFrame,
  y: number,
  h: number,
  color: (item: number) => string,
  label?: (item: number) => string,
): void {
  ctx.font = '10.5px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  forEachSliceInView(row, f.t0, f.nsPerPx, f.width, (item, x0, x1, count) => {
    const left = Math.max(x0, -1);
    const right = Math.min(x1, f.width + 1);
    const w = Math.max(1, right - left);
    ctx.fillStyle = color(item);
    ctx.fillRect(left, y, w, h);
    if (count > 1) return;
    if (w > 3 && h >= 10) {
      // A 1 px gap between neighbouring slices keeps them apart when zoomed in.
      ctx.fillStyle = 'rgba(255,255,255,0.6)';
      ctx.fillRect(left + w - 1, y, 1, h);
    }
    if (label && w > 28 && h >= 10) {
      const text = label(item);
      const fit = Math.floor((w - 6) / CHAR_WIDTH);
      if (fit >= 2) {
        ctx.fillStyle = '#1d232a';
        ctx.fillText(text.length > fit ? text.slice(0, fit - 1) + '…' : text, left + 3, y + h / 2 + 0.5);
      }
    }
  });
}

/** The source item under time ns in a row (within 2 px), or -1. */
export function itemAt(row: SliceRow, ns: number, f: LaneFrame): number {
  const i = sliceAt(row, ns, 2 * f.nsPerPx);
  return i >= 0 ? row.item[i]! : -1;
}

/** Which of several stacked rows (each `h` high from `top`) a y falls in, or -1. */
export function rowIndexAt(y: number, top: number, h: number, n: number): number {
  const r = Math.floor((y - top) / h);
  return r >= 0 && r < n ? r : -1;
}
