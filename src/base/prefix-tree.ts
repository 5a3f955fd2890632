// A prefix tree of int labels (stacks of frames, paths of functions), built one child lookup
// at a time. Children are kept as first-child / next-sibling lists: a lookup touches the
// parent and its few children, which were made close together. The fields a lookup reads
// (label, first child, next sibling, child count) are interleaved in one array, 16 bytes a
// node, so a visited node costs one cache line rather than one per column: on a profile with
// 780k stacks the columns no longer fit in cache and each miss costs over 100 ns.
// A parent with many children (a dispatcher, the roots) moves to a hash map so that its
// lookups stay O(1).

import { IntPairMap } from './int-pair-map';

const FANOUT_TO_HASH = 16;

// Offsets in `links`, per node.
const LABEL = 0;
const FIRST = 1;
const NEXT = 2;
const COUNT = 3;
const STRIDE = 4;

export class PrefixTreeBuilder {
  /** Per node: its label. Valid up to `length`. */
  label: Int32Array;
  /** Per node: its parent, -1 for a root; a parent precedes its children. */
  parent: Int32Array;
  private links: Int32Array;
  length = 0;
  private rootFirst = -1;
  private rootCount = 0;
  /** (parent + 1, label) → node, for parents with more than FANOUT_TO_HASH children. */
  private readonly wide = new IntPairMap(256);

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.label = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.links = new Int32Array(n * STRIDE);
  }

  /** The node for `label` under `parent` (-1 for a root), made if it does not exist. */
  child(parent: number, label: number): number {
    const links = this.links;
    const count = parent < 0 ? this.rootCount : links[parent * STRIDE + COUNT]!;
    if (count > FANOUT_TO_HASH) {
      const found = this.wide.get(parent + 1, label);
      if (found >= 0) return found;
    } else {
      let c = parent < 0 ? this.rootFirst : links[parent * STRIDE + FIRST]!;
      while (c >= 0) {
        const o = c * STRIDE;
        if (links[o + LABEL] === label) return c;
        c = links[o + NEXT]!;
      }
    }
    return this.add(parent, label, count);
  }

  /**
   * A new node under `parent`, which must have no children yet (it was made by the previous
   * call): below the point where a stack leaves the tree every frame is new, and needs no lookup.
   */
  appendToNew(parent: number, label: number): number {
    if (this.length === this.label.length) this.grow();
    const links = this.links;
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    const o = node * STRIDE;
    links[o + LABEL] = label;
    links[o + FIRST] = -1;
    links[o + NEXT] = -1;
    links[o + COUNT] = 0;
    const po = parent * STRIDE;
    links[po + FIRST] = node;
    links[po + COUNT] = 1;
    return node;
  }

  private add(parent: number, label: number, count: number): number {
    if (this.length === this.label.length) this.grow();
    const links = this.links;
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    const o = node * STRIDE;
    links[o + LABEL] = label;
    links[o + FIRST] = -1;
    links[o + COUNT] = 0;
    if (parent < 0) {
      links[o + NEXT] = this.rootFirst;
      this.rootFirst = node;
      this.rootCount++;
    } else {
      const po = parent * STRIDE;
      links[o + NEXT] = links[po + FIRST]!;
      links[po + FIRST] = node;
      links[po + COUNT]!++;
    }
    if (count + 1 > FANOUT_TO_HASH) {
      if (count === FANOUT_TO_HASH) {
        // Crossing the threshold: index the existing children too.
        for (let c = parent < 0 ? this.rootFirst : links[parent * STRIDE + FIRST]!; c >= 0; c = links[c * STRIDE + NEXT]!) {
          this.wide.set(parent + 1, links[c * STRIDE + LABEL]!, c);
        }
      } else {
        this.wide.set(parent + 1, label, node);
      }
    }
    return node;
  }

  private grow(): void {
    const n = this.label.length * 2;
    const grown = (a: Int32Array, size: number) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.label = grown(this.label, n);
    this.parent = grown(this.parent, n);
    this.links = grown(this.links, n * STRIDE);
  }
}
