// A prefix tree of int labels (stacks of frames, paths of functions), built one child lookup
// at a time.
//
// Memory is the cost that matters here: in a browser, the first write to each page of a new
// typed array costs more than the arithmetic (docs/performance.md, "Why the code is shaped
// this way"), and a large profile makes ~10^6 nodes. So a node is its label and its parent, 8 bytes, and nothing else:
// - Stacks are inserted one after the other, and below the point where a stack leaves the tree
//   each frame is a new node made right after its parent. A child made right after its parent
//   is found there (node parent + 1), without any index.
// - Every other child (where a stack branches off, and the roots) is found in a hash map keyed
//   by (parent, label): one entry per branch, not per node.
// Columns are allocated once with room to spare (pages never written cost nothing) and
// `finish` hands out views, not copies; like the branch map's table, they are taken from the
// parse's arena when there is one (./arena.ts).

import { int32 } from './arena';
import { IntPairMap } from './int-pair-map';

export class PrefixTreeBuilder {
  /** Per node: its label. Valid up to `length`. */
  label: Int32Array;
  /** Per node: its parent, -1 for a root; a parent precedes its children. */
  parent: Int32Array;
  length = 0;
  /** (parent + 1, label) → node, for the nodes not made right after their parent. */
  private readonly branches: IntPairMap;

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.label = int32(n);
    this.parent = int32(n);
    // From 16 entries: small trees (those of the spare worker's warm-up) then grow the map and
    // probe past taken slots, as large ones do, and train that code (see workers/parse-worker.ts).
    // The table from the parse's arena: a large profile's stack tree and call tree each have a
    // 1 MB one, whose first write in fresh memory is measurable (docs/performance.md).
    this.branches = new IntPairMap(Math.max(16, n >> 5), int32);
  }

  /** The node for `label` under `parent` (-1 for a root), made if it does not exist. */
  child(parent: number, label: number): number {
    const next = parent + 1;
    if (next < this.length) {
      if (parent >= 0 && this.parent[next] === parent && this.label[next] === label) return next;
      const found = this.branches.get(next, label);
      if (found >= 0) return found;
    }
    // Otherwise `parent` is the newest node (or there is none yet): it has no children to find.
    return this.add(parent, label);
  }

  /**
   * A new node under `parent`, which must be new itself and have no children yet (it was made
   * by the previous call): below the point where a stack leaves the tree every frame is new,
   * and needs no lookup.
   */
  appendToNew(parent: number, label: number): number {
    // A root, or a parent that is not the newest node, takes the checked way (roots are indexed).
    if (parent < 0 || parent !== this.length - 1) return this.add(parent, label);
    if (this.length === this.label.length) this.grow();
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    return node;
  }

  private add(parent: number, label: number): number {
    if (this.length === this.label.length) this.grow();
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    if (node !== parent + 1 || parent < 0) this.branches.set(parent + 1, label, node);
    return node;
  }

  /** The label and parent columns, trimmed to `length` (views, not copies). */
  finish(): { label: Int32Array; parent: Int32Array; length: number } {
    return { label: this.label.subarray(0, this.length), parent: this.parent.subarray(0, this.length), length: this.length };
  }

  private grow(): void {
    const n = this.label.length * 2;
    const grown = (a: Int32Array) => {
      const b = int32(n);
      b.set(a);
      return b;
    };
    this.label = grown(this.label);
    this.parent = grown(this.parent);
  }
}
