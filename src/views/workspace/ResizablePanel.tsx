// A panel under a splitter: the pane above (`aboveRef`) shrinks down to `minAbove` and scrolls,
// the panel takes the height the splitter gives it. Pointer drag or the keyboard (arrows, Page
// Up/Down, Home/End) on the splitter (role="separator", aria-valuenow = the panel's height in px);
// a double-click gives the default back. The height is a view option (`option`), so it travels in
// the URL and survives a reload. Until it is set, CSS sizes the panel (.split-panel). A view may
// grow it through `handle` (to bring what it links to into view).

import { useEffect, useRef, useState, type ReactNode, type RefObject } from 'react';
import { useViewOption } from '../view-state';

const KEY_STEP = 24;
const PAGE_STEP = 120;

/** What a view may ask of its panel. */
export type PanelHandle = {
  /** Makes the panel `px` taller, as far as the pane above lets it (the pane down to its minimum). */
  grow(px: number): void;
};

type Props = {
  aboveRef: RefObject<HTMLElement | null>;
  option?: string;
  minHeight?: number;
  minAbove?: number;
  className?: string;
  label: string;
  /** Nothing to show but a hint: no splitter, the panel only as tall as its content. */
  collapsed?: boolean;
  handle?: RefObject<PanelHandle | null>;
  children: ReactNode;
};

export function ResizablePanel({ aboveRef, option = 'panel', minHeight = 200, minAbove = 120, className, label, collapsed, handle, children }: Props) {
  const [stored, setStored] = useViewOption(option);
  const storedPx = Number(stored);
  const [live, setLive] = useState<number | null>(null);
  const height = live ?? (stored !== '' && Number.isFinite(storedPx) && storedPx > 0 ? storedPx : null);
  const ref = useRef<HTMLDivElement>(null);
  const [measured, setMeasured] = useState({ now: 0, max: 0 });
  const drag = useRef<{ y: number; h: number; max: number } | null>(null);

  /** The tallest the panel may be: its height plus what the pane above can give up. */
  const maxHeight = () => {
    const panel = ref.current?.getBoundingClientRect().height ?? 0;
    const above = aboveRef.current?.getBoundingClientRect().height ?? 0;
    return Math.max(minHeight, Math.round(panel + Math.max(0, above - minAbove)));
  };

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setMeasured({ now: Math.round(el.getBoundingClientRect().height), max: maxHeight() });
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    if (aboveRef.current) ro.observe(aboveRef.current);
    measure();
    return () => ro.disconnect();
  }, [aboveRef, minHeight, minAbove, collapsed]); // maxHeight reads the refs when it runs

  const clamp = (v: number, max: number) => Math.round(Math.max(minHeight, Math.min(v, max)));
  const commit = (v: number) => setStored(String(clamp(v, maxHeight())));
  const current = () => Math.round(ref.current?.getBoundingClientRect().height ?? height ?? minHeight);

  useEffect(() => {
    if (!handle) return;
    handle.current = {
      grow: (px) => {
        const h = current();
        if (px > 0 && maxHeight() > h) commit(h + px);
      },
    };
    return () => {
      handle.current = null;
    };
  });

  if (collapsed) return <div className={`split-panel collapsed${className ? ` ${className}` : ''}`}>{children}</div>;
  return (
    <>
      <div
        className="splitter"
        role="separator"
        aria-orientation="horizontal"
        aria-label={label}
        aria-valuenow={height ?? measured.now}
        aria-valuemin={minHeight}
        aria-valuemax={Math.max(measured.max, height ?? 0)}
        tabIndex={0}
        data-testid="panel-splitter"
        title="Drag to resize (arrow keys too); double-click for the default size"
        onPointerDown={(e) => {
          if (e.button !== 0) return;
          e.preventDefault();
          e.currentTarget.setPointerCapture(e.pointerId);
          drag.current = { y: e.clientY, h: current(), max: maxHeight() };
          document.body.classList.add('splitter-dragging');
        }}
        onPointerMove={(e) => {
          const d = drag.current;
          if (!d) return;
          // Dragging up grows the panel below.
          setLive(clamp(d.h - (e.clientY - d.y), d.max));
        }}
        onPointerUp={(e) => {
          const d = drag.current;
          drag.current = null;
          document.body.classList.remove('splitter-dragging');
          if (!d) return;
          const v = clamp(d.h - (e.clientY - d.y), d.max);
          setLive(null);
          if (v !== d.h) setStored(String(v));
        }}
        onDoubleClick={() => setStored(null)}
        onKeyDown={(e) => {
          const h = current();
          const step = { ArrowUp: KEY_STEP, ArrowDown: -KEY_STEP, PageUp: PAGE_STEP, PageDown: -PAGE_STEP }[e.key];
          if (step !== undefined) commit(h + step);
          else if (e.key === 'Home') commit(minHeight);
          else if (e.key === 'End') commit(maxHeight());
          else return;
          e.preventDefault();
        }}
      />
      <div
        ref={ref}
        className={`split-panel${height !== null ? ' sized' : ''}${className ? ` ${className}` : ''}`}
        style={height !== null ? { flex: `0 0 ${height}px`, minHeight } : undefined}
      >
        {children}
      </div>
    </>
  );
}
