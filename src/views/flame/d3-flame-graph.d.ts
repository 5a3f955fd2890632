// The part of d3-flame-graph's API GoLens uses (the package ships no types).
declare module 'd3-flame-graph' {
  import type { HierarchyRectangularNode } from 'd3';

  export type FlameDatum = {
    name: string;
    /** The label drawn instead of the name (d3-flame-graph's getName reads `n` first). */
    n?: string;
    value: number;
    children?: FlameDatum[];
    fn?: number;
    node?: number;
  };
  export type FlameNode = HierarchyRectangularNode<FlameDatum> & { highlight?: boolean };

  export interface FlameGraph {
    (selection: unknown): void;
    width(): number;
    width(w: number): FlameGraph;
    height(h: number): FlameGraph;
    minHeight(h: number): FlameGraph;
    cellHeight(h: number): FlameGraph;
    transitionDuration(ms: number): FlameGraph;
    minFrameSize(px: number): FlameGraph;
    resetHeightOnZoom(b: boolean): FlameGraph;
    sort(s: boolean | ((a: FlameNode, b: FlameNode) => number)): FlameGraph;
    inverted(b: boolean): FlameGraph;
    selfValue(b: boolean): FlameGraph;
    tooltip(t: unknown): FlameGraph;
    setLabelHandler(f: (d: FlameNode) => string): FlameGraph;
    setColorMapper(f: (d: FlameNode, originalColor: string) => string): FlameGraph;
    setSearchHandler(f: (results: FlameNode[], sum: number, total: number) => void): FlameGraph;
    setSearchMatch(f: (d: FlameNode, term: string, ignoreCase?: boolean) => boolean): FlameGraph;
    setDetailsHandler(f: (text: string | null) => void): FlameGraph;
    onClick(f: (d: FlameNode) => void): FlameGraph;
    onHover(f: (d: FlameNode) => void): FlameGraph;
    search(term: string): void;
    clear(): void;
    zoomTo(d: FlameNode): void;
    resetZoom(): void;
    update(data?: FlameDatum): FlameGraph;
    destroy(): FlameGraph;
  }

  export default function flamegraph(): FlameGraph;
  export const tooltip: {
    defaultFlamegraphTooltip(): { text(f: (d: FlameNode) => string): unknown };
  };
}
