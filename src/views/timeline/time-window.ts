// Pure helpers for a visible time window [startNs, endNs] inside an extent [0, durationNs]:
// zoom around a point, pan, clamp. Shared by every time-based view (TimeViewport).

export type TimeWindow = [number, number];

/** The narrowest window the views allow: 100 ns over the plot is already one event per pixel. */
export const MIN_WINDOW_NS = 100;

/** Keeps a window inside the extent and at least MIN_WINDOW_NS wide (shifting, then shrinking). */
export function clampWindow(w: TimeWindow, extent: TimeWindow): TimeWindow {
  const extentW = extent[1] - extent[0];
  let width = Math.min(Math.max(w[1] - w[0], Math.min(MIN_WINDOW_NS, extentW)), extentW);
  if (!(width > 0)) width = extentW;
  let start = w[0];
  if (start < extent[0]) start = extent[0];
  if (start + width > extent[1]) start = extent[1] - width;
  return [start, start + width];
}

/** Zooms by `factor` (< 1 zooms in) keeping time `atNs` at the same place on screen. */
export function zoomWindow(w: TimeWindow, factor: number, atNs: number, extent: TimeWindow): TimeWindow {
  const at = Math.min(Math.max(atNs, w[0]), w[1]);
  return clampWindow([at - (at - w[0]) * factor, at + (w[1] - at) * factor], extent);
}

/** Moves the window by `deltaNs` (positive = later). */
export function panWindow(w: TimeWindow, deltaNs: number, extent: TimeWindow): TimeWindow {
  return clampWindow([w[0] + deltaNs, w[1] + deltaNs], extent);
}

/** The `data-window` attribute: integer ns from the file's start. */
export function formatWindowAttr(w: TimeWindow): string {
  return `${Math.round(w[0])},${Math.round(w[1])}`;
}

/** A time on the axis, precise enough for the window's width (e.g. "1.2345 s", "350 µs"). */
export function formatAxisTime(ns: number, windowNs: number): string {
  const unit = windowNs >= 2e9 ? 1e9 : windowNs >= 2e6 ? 1e6 : windowNs >= 2e3 ? 1e3 : 1;
  const name = unit === 1e9 ? 's' : unit === 1e6 ? 'ms' : unit === 1e3 ? 'µs' : 'ns';
  // Enough decimals that neighbouring ticks (about windowNs/10 apart) differ.
  const step = windowNs / 10 / unit;
  const decimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  return `${(ns / unit).toFixed(decimals)} ${name}`;
}
