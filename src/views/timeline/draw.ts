// Canvas helpers shared by lanes: a row of slices drawn per pixel (level of detail) with
// labels where they fit. Labels are drawn with fillText: untrusted names never touch HTML, and
// their bidi and control characters are drawn visible (base/display-name.ts).

import { forEachSliceInView, MIN_HIT_PX, sliceItem, slicesAtPixel, type SliceRow } from '../../analysis/trace/timeline-tables';
import type { LaneFrame } from './TimeLane';
import { visibleControls } from '../../base/display-name';

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
  // Rectangles are gathered per colour, with touching ones of a colour joined, and each colour
  // is filled once: a few canvas calls per lane instead of one per pixel column.
  const paths = new Map<string, Path2D>();
  const runs = new Map<string, [number, number]>();
  const flush = (c: string) => {
    const r = runs.get(c);
    if (!r) return;
    let p = paths.get(c);
    if (!p) paths.set(c, (p = new Path2D()));
    p.rect(r[0], y, r[1] - r[0], h);
    runs.delete(c);
  };
  const gaps: number[] = [];
  const labels: { x: number; w: number; item: number }[] = [];
  forEachSliceInView(row, f.t0, f.nsPerPx, f.width, (item, x0, x1, count) => {
    const left = Math.max(x0, -1);
    const right = Math.min(x1, f.width + 1);
    const w = Math.max(1, right - left);
    const c = color(item);
    const r = runs.get(c);
    if (r && left <= r[1] + 0.5) r[1] = Math.max(r[1], left + w);
    else {
      flush(c);
      runs.set(c, [left, left + w]);
    }
    if (count > 1) return;
    // A 1 px gap between neighbouring slices keeps them apart when zoomed in.
    if (w > 3 && h >= 10) gaps.push(left + w - 1);
    if (label && w > 28 && h >= 10) labels.push({ x: left, w, item });
  });
  for (const c of [...runs.keys()]) flush(c);
  for (const [c, p] of paths) {
    ctx.fillStyle = c;
    ctx.fill(p);
  }
  if (gaps.length) {
    ctx.fillStyle = 'rgba(255,255,255,0.6)';
    for (const x of gaps) ctx.fillRect(x, y, 1, h);
  }
  if (label && labels.length) {
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.direction = 'ltr';
    ctx.fillStyle = '#1d232a';
    let lastEnd = -Infinity;
    for (const { x, w, item } of labels) {
      if (x < lastEnd) continue; // overlapping slices (an overflow row): one label
      lastEnd = x + w;
      const fit = Math.floor((w - 6) / CHAR_WIDTH);
      if (fit < 2) continue;
      const raw = label(item);
      // Cut before making controls visible (a name may be a megabyte), and again after.
      const text = visibleControls(raw.length > fit ? raw.slice(0, fit) : raw);
      ctx.fillText(raw.length > fit || text.length > fit ? text.slice(0, fit - 1) + '…' : text, x + 3, y + h / 2 + 0.5);
    }
  }
}

/** The source item under time ns in a row (a thin slice counts as MIN_HIT_PX wide), or -1. */
export function itemAt(row: SliceRow, ns: number, f: LaneFrame): number {
  const i = slicesAtPixel(row, f.t0, f.nsPerPx, (ns - f.t0) / f.nsPerPx, MIN_HIT_PX, 1)[0];
  return i !== undefined ? sliceItem(row, i) : -1;
}

/** Every source item under time ns (nearest first, at most `limit`): slices drawn in one pixel. */
export function itemsAt(row: SliceRow, ns: number, f: LaneFrame, limit = 8): number[] {
  return slicesAtPixel(row, f.t0, f.nsPerPx, (ns - f.t0) / f.nsPerPx, MIN_HIT_PX, limit).map((i) => sliceItem(row, i));
}

/** Which of several stacked rows (each `h` high from `top`) a y falls in, or -1. */
export function rowIndexAt(y: number, top: number, h: number, n: number): number {
  const r = Math.floor((y - top) / h);
  return r >= 0 && r < n ? r : -1;
}
