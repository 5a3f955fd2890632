// The time-view foundation: one visible window, one cursor and one brushed range shared by
// every time-based view of a file (trace lanes today, a GC log's timeline next).
//
// How to add a time-based view for another source (e.g. a gctrace log):
//
//   <TimeViewport extentNs={[0, durationNs]}>          // owns pan/zoom/brush/hover/keys
//     <TimeAxis markers={[…]} />                        // ticks; drag on it selects a range
//     <TimeLane id="gc-log" label="GC" height={28}
//       draw={(ctx, f) => { … }}                        // canvas 2D, CSS pixels, f = LaneFrame
//       hitTest={(ns, y, f) => ({ text, select })} />   // optional: tooltip and click
//   </TimeViewport>
//
// - The window lives in the store (`windowNs`, null = the whole extent), the cursor in
//   `cursorNs` (written at most once per animation frame), the range in `rangeNs` (mirrored in
//   the URL hash). Every lane reads them from the store, so all views move together.
// - A lane's `draw` gets `LaneFrame` { t0, t1, nsPerPx, width, height }: x = (t − t0) / nsPerPx.
//   Draw per pixel (level of detail): use analysis/trace/timeline-tables.ts (forEachSliceInView,
//   seriesMinMaxPerPixel, stateMeanCount) so the cost follows the pixels, not the events.
//   The canvas is sized for devicePixelRatio already; keep `draw` stable (useCallback) and
//   pure: it re-runs when the window, the size or `draw` itself changes.
// - Test hooks, kept stable: each lane (and the axis) is `data-testid="timeview"` with
//   `data-window="startNs,endNs"` and `data-cursor-ns` (empty when it draws no cursor).
// - Interaction: wheel zooms around the pointer (horizontal wheel pans), drag pans,
//   shift+drag or a drag on the axis selects a range, double-click resets, W/S zoom and A/D
//   pan (as in chrome://tracing and Perfetto), Escape clears the range.

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useGoLens } from '../../store/store';
import { useTimeRange, useTimeWindow } from '../view-state';
import { clampWindow, panWindow, zoomWindow, type TimeWindow } from './time-window';

export const LABEL_WIDTH = 150;

export type TimeViewportContext = {
  extent: TimeWindow;
  window: TimeWindow;
  /** Width in CSS pixels of the plot area (right of the labels). */
  plotWidth: number;
  labelWidth: number;
  /** True from the moment a press moved enough to be a drag, until the next press: clicks ignore it. */
  wasDrag(): boolean;
  /** Time at a clientX, or null when outside the plot. */
  nsAtClientX(clientX: number): number | null;
};

const Ctx = createContext<TimeViewportContext | null>(null);

export function useTimeViewport(): TimeViewportContext {
  const c = useContext(Ctx);
  if (!c) throw new Error('time views must be inside a <TimeViewport>');
  return c;
}

const DRAG_THRESHOLD_PX = 3;

// Several viewports may be mounted at once (they share the store's window): only the latest
// mounted one answers the keyboard, so a key press zooms once.
const keyOwners: object[] = [];
const KEY_ZOOM = 0.8;
const KEY_PAN = 0.15;

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function TimeViewport({ extentNs, children }: { extentNs: TimeWindow; children: ReactNode }) {
  const [stored, setWindow] = useTimeWindow();
  const [range, setRange] = useTimeRange();
  const extent = useMemo<TimeWindow>(() => [extentNs[0], extentNs[1]], [extentNs[0], extentNs[1]]);
  const window = useMemo(() => (stored ? clampWindow(stored, extent) : extent), [stored, extent]);
  const ref = useRef<HTMLDivElement>(null);
  const [plotWidth, setPlotWidth] = useState(800);
  const dragged = useRef(false);
  const latest = useRef({ window, extent, plotWidth, range, setWindow, setRange });
  latest.current = { window, extent, plotWidth, range, setWindow, setRange };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setPlotWidth(Math.max(50, el.clientWidth - LABEL_WIDTH)));
    ro.observe(el);
    setPlotWidth(Math.max(50, el.clientWidth - LABEL_WIDTH));
    return () => ro.disconnect();
  }, []);

  const nsAtClientX = useCallback((clientX: number): number | null => {
    const el = ref.current;
    if (!el) return null;
    const x = clientX - el.getBoundingClientRect().left - LABEL_WIDTH;
    const { window: w, plotWidth: pw } = latest.current;
    if (x < 0 || x > pw) return null;
    return w[0] + (x / pw) * (w[1] - w[0]);
  }, []);

  // The cursor follows the pointer, written to the store at most once per animation frame.
  const pendingCursor = useRef<number | null | undefined>(undefined);
  const frame = useRef(0);
  const scheduleCursor = useCallback((ns: number | null) => {
    pendingCursor.current = ns;
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const v = pendingCursor.current;
      pendingCursor.current = undefined;
      // Trace times are whole ns: a whole-ns cursor reads the same values everywhere.
      if (v !== undefined) useGoLens.getState().setCursor(v === null ? null : Math.round(v));
    });
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // Wheel and drag may fire several times per frame: the window is written once per frame,
  // and a second event in the same frame builds on the pending window, so no step is lost.
  const pendingWindow = useRef<TimeWindow | null>(null);
  const windowFrame = useRef(0);
  const currentWindow = useCallback(() => pendingWindow.current ?? latest.current.window, []);
  const scheduleWindow = useCallback(
    (w: TimeWindow) => {
      const now = currentWindow();
      if (w[0] === now[0] && w[1] === now[1]) return; // e.g. panning against an end
      pendingWindow.current = w;
      if (windowFrame.current) return;
      windowFrame.current = requestAnimationFrame(() => {
        windowFrame.current = 0;
        const p = pendingWindow.current;
        pendingWindow.current = null;
        if (p) setWindow(p);
      });
    },
    [setWindow, currentWindow],
  );
  useEffect(() => () => cancelAnimationFrame(windowFrame.current), []);

  // Wheel: zoom around the pointer; a mostly horizontal wheel (trackpad) pans.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      const at = nsAtClientX(e.clientX);
      if (at === null) return;
      e.preventDefault();
      const { extent: ex, plotWidth: pw } = latest.current;
      const w = currentWindow();
      const scale = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
      const dx = e.deltaX * scale, dy = e.deltaY * scale;
      if (Math.abs(dx) > Math.abs(dy)) scheduleWindow(panWindow(w, (dx / pw) * (w[1] - w[0]), ex));
      else scheduleWindow(zoomWindow(w, Math.exp(dy * 0.002), at, ex));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [nsAtClientX, currentWindow, scheduleWindow]);

  // W/S zoom (around the cursor when it is in view), A/D pan, Escape clears the range.
  useEffect(() => {
    const me = {};
    keyOwners.push(me);
    const onKey = (e: KeyboardEvent) => {
      if (keyOwners[keyOwners.length - 1] !== me) return;
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const { window: w, extent: ex, range: r, setWindow: setW, setRange: setR } = latest.current;
      const cursor = useGoLens.getState().cursorNs;
      const at = cursor !== null && cursor >= w[0] && cursor <= w[1] ? cursor : (w[0] + w[1]) / 2;
      const k = e.key.toLowerCase();
      if (k === 'w') setW(zoomWindow(w, KEY_ZOOM, at, ex));
      else if (k === 's') setW(zoomWindow(w, 1 / KEY_ZOOM, at, ex));
      else if (k === 'a') setW(panWindow(w, -KEY_PAN * (w[1] - w[0]), ex));
      else if (k === 'd') setW(panWindow(w, KEY_PAN * (w[1] - w[0]), ex));
      else if (e.key === 'Escape' && r) setR(null);
      else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      keyOwners.splice(keyOwners.indexOf(me), 1);
    };
  }, []);

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const startNs = nsAtClientX(e.clientX);
    if (startNs === null) return;
    dragged.current = false;
    const onAxis = !!(e.target as HTMLElement).closest('[data-axis]');
    const mode: 'pan' | 'brush' = e.shiftKey || onAxis ? 'brush' : 'pan';
    const x0 = e.clientX;
    const w0 = latest.current.window;
    const move = (ev: PointerEvent) => {
      if (!dragged.current && Math.abs(ev.clientX - x0) < DRAG_THRESHOLD_PX) return;
      dragged.current = true;
      const { extent: ex, plotWidth: pw } = latest.current;
      if (mode === 'pan') {
        scheduleWindow(panWindow(w0, (-(ev.clientX - x0) / pw) * (w0[1] - w0[0]), ex));
      } else {
        const x = Math.min(Math.max(ev.clientX - x0, -1e9), 1e9);
        const other = Math.min(Math.max(startNs + (x / pw) * (w0[1] - w0[0]), ex[0]), ex[1]);
        const a = Math.round(Math.min(startNs, other)), b = Math.round(Math.max(startNs, other));
        latest.current.setRange([a, b]);
        scheduleCursor(other);
      }
    };
    const up = () => {
      document.removeEventListener('pointermove', move);
      document.removeEventListener('pointerup', up);
      document.body.classList.remove('timeline-dragging');
    };
    document.addEventListener('pointermove', move);
    document.addEventListener('pointerup', up);
    document.body.classList.add('timeline-dragging');
    if (mode === 'brush') e.preventDefault();
  };

  const ctx = useMemo<TimeViewportContext>(
    () => ({ extent, window, plotWidth, labelWidth: LABEL_WIDTH, wasDrag: () => dragged.current, nsAtClientX }),
    [extent, window, plotWidth, nsAtClientX],
  );

  return (
    <Ctx.Provider value={ctx}>
      <div
        ref={ref}
        className="timeviewport"
        onPointerDown={onPointerDown}
        onPointerMove={(e) => scheduleCursor(nsAtClientX(e.clientX))}
        onPointerLeave={() => scheduleCursor(null)}
        onDoubleClick={(e) => {
          if (nsAtClientX(e.clientX) !== null) setWindow(null);
        }}
      >
        {children}
      </div>
    </Ctx.Provider>
  );
}
