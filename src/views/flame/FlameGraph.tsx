// The flame graph, drawn by d3-flame-graph. Names come from files users did not write:
// every label goes through d3's .text() (textContent), never HTML, and shows the datum's `n`
// (flame-data.ts: controls made visible, cut); the tooltip the same, longer (titleName).

import { useEffect, useRef } from 'react';
import { select } from 'd3';
import flamegraph, { tooltip as flameTooltip, type FlameDatum, type FlameGraph as Chart, type FlameNode } from 'd3-flame-graph';
import { searchRegExp } from '../../analysis/profile/search';
import { formatValue } from '../../base/units';
import { formatShare } from '../../base/number-format';
import { titleName } from '../../base/display-name';
import { packageColor } from './flame-data';

type Props = {
  data: FlameDatum;
  unit: string;
  /** pprof's total (Σ|v|) for percentages. */
  total: number;
  search: string;
  inverted: boolean;
  zoomPath: string[];
  onZoom(path: string[]): void;
  /** A frame's colour, instead of its package's (the diff flame graph colours by change). */
  colorOf?: (d: FlameNode) => string;
  /** A frame's tooltip, instead of its value and share. */
  labelOf?: (d: FlameNode) => string;
};

const CELL_HEIGHT = 18;

function pathOf(d: FlameNode): string[] {
  return d
    .ancestors()
    .reverse()
    .slice(1)
    .map((a) => a.data.name);
}

/** The width the chart may draw in: the container's, less its padding (clientWidth includes it). */
function contentWidth(el: HTMLElement): number {
  const cs = getComputedStyle(el);
  const pad = (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0);
  return Math.max(300, Math.floor(el.clientWidth - pad));
}

/** Follows function names from the root; the deepest node reached. */
function findByPath(root: FlameNode, path: string[]): FlameNode | null {
  let node: FlameNode = root;
  for (const name of path) {
    const next = (node.children as FlameNode[] | undefined)?.find((c) => c.data.name === name);
    if (!next) return node === root ? null : node;
    node = next;
  }
  return node;
}

export function FlameGraph({ data, unit, total, search, inverted, zoomPath, onZoom, colorOf, labelOf }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<Chart | null>(null);
  const onZoomRef = useRef(onZoom);
  onZoomRef.current = onZoom;
  const labelRef = useRef({ unit, total, colorOf, labelOf });
  labelRef.current = { unit, total, colorOf, labelOf };
  const appliedZoom = useRef<string>('');
  const searchShown = useRef(false);

  // Create the chart once per orientation and width.
  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const width = contentWidth(el);
    const label = (d: FlameNode) => {
      const { unit: u, total: t, labelOf: custom } = labelRef.current;
      if (custom) return custom(d);
      return `${titleName(d.data.name)}\n${formatValue(d.value ?? 0, u)} (${formatShare(d.value ?? 0, t)})`;
    };
    const tip = flameTooltip.defaultFlamegraphTooltip();
    tip.text(label);
    const chart = flamegraph()
      .width(width)
      .cellHeight(CELL_HEIGHT)
      .transitionDuration(250)
      .minFrameSize(1)
      // Height follows the tree's depth on every update (filters change it).
      .resetHeightOnZoom(true)
      .sort(true)
      .inverted(inverted)
      .tooltip(tip)
      .setLabelHandler(label)
      .setColorMapper((d) => {
        if (d.highlight) return '#d633ff';
        const custom = labelRef.current.colorOf;
        if (custom) return custom(d);
        return d.depth === 0 ? '#c9c9c9' : packageColor(d.data.name);
      })
      .setSearchMatch((d, term) => term !== '' && searchRegExp(term).test(d.data.name))
      .setSearchHandler(() => {})
      .setDetailsHandler(() => {})
      .onClick((d) => {
        const path = pathOf(d);
        appliedZoom.current = path.join('\u001f');
        onZoomRef.current(path);
      });
    chartRef.current = chart;
    // The chart follows its container's width (a window resized, the sidebar or the table moved).
    const resize = new ResizeObserver(() => {
      const w = contentWidth(el);
      if (Math.abs(w - chart.width()) < 1) return;
      chart.width(w);
      if (select(el).datum() !== undefined) chart.update();
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      select(el).selectAll('*').remove();
      chartRef.current = null;
      appliedZoom.current = '';
    };
  }, [inverted]);

  // New data: draw it, then re-apply the zoom and the search.
  useEffect(() => {
    const el = containerRef.current;
    const chart = chartRef.current;
    if (!el || !chart) return;
    select(el).datum(data).call(chart as never);
    appliedZoom.current = '';
  }, [data, inverted]);

  useEffect(() => {
    const el = containerRef.current;
    const chart = chartRef.current;
    if (!el || !chart) return;
    const key = zoomPath.join('\u001f');
    if (key === appliedZoom.current) return;
    appliedZoom.current = key;
    const root = select(el).datum() as FlameNode | undefined;
    if (!root) return;
    const node = zoomPath.length ? findByPath(root, zoomPath) : null;
    if (node) chart.zoomTo(node);
    else chart.resetZoom();
  }, [zoomPath, data, inverted]);

  // Highlights follow the search. clear() redraws the whole chart, so it runs only when a
  // search is showing: on a first draw it doubled the main thread's work.
  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    if (search) {
      chart.search(search);
      searchShown.current = true;
    } else if (searchShown.current) {
      chart.clear();
      searchShown.current = false;
    }
  }, [search, data, inverted]);

  return <div ref={containerRef} className={inverted ? 'flamegraph inverted' : 'flamegraph'} data-testid="flamegraph" />;
}
