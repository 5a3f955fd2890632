// A prefix tree of int labels (stacks of frames, paths of functions), built one child lookup
// at a time. Children are kept as first-child / next-sibling lists: a lookup touches the
// parent and its few children, which were made close together. A parent with many children
// (a dispatcher, the roots) moves to a hash map so that its lookups stay O(1).
//
// Memory is the cost that matters here: in a browser, the first write to each page of a new
// typed array costs far more than the write (≈ 20 ms per 4 MB measured in a Chromium worker on
// a loaded machine), and a large profile makes ~10^6 nodes. So a node takes 16 bytes (label,
// parent, first child, next sibling; no child count), the columns are allocated once with room
// to spare — untouched pages cost nothing — and `finish` hands out views, not copies.

import { IntPairMap } from './int-pair-map';

const FANOUT_TO_HASH = 16;
/** `first` of a parent whose children are looked up in the hash map instead of the list. */
const WIDE = -2;

/**
 * The link column of the last finished tree, handed to the next tree made in this thread (a
 * profile's stack tree, then its call tree): its pages are already written. Links are only read
 * for nodes that were made, and making a node writes them, so stale contents are harmless.
 */
let spareLinks: Int32Array | null = null;
/** Larger columns are left to the garbage collector rather than kept for a next tree. */
const MAX_SPARE_LINKS = 16 << 20;

export class PrefixTreeBuilder {
  /** Per node: its label. Valid up to `length`. */
  label: Int32Array;
  /** Per node: its parent, -1 for a root; a parent precedes its children. */
  parent: Int32Array;
  /** Per node: first child (-1 none, WIDE when hashed), then next sibling (-1 none). */
  private links: Int32Array;
  length = 0;
  private rootFirst = -1;
  /** (parent + 1, label) → node, for parents with more than FANOUT_TO_HASH children. */
  private readonly wide = new IntPairMap(256);

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.label = new Int32Array(n);
    this.parent = new Int32Array(n);
    if (spareLinks && spareLinks.length >= 2 * n) {
      this.links = spareLinks;
      spareLinks = null;
    } else {
      this.links = new Int32Array(2 * n);
    }
  }

  /** The node for `label` under `parent` (-1 for a root), made if it does not exist. */
  child(parent: number, label: number): number {
    let c = parent < 0 ? this.rootFirst : this.links[2 * parent]!;
    if (c === WIDE) {
      const found = this.wide.get(parent + 1, label);
      return found >= 0 ? found : this.add(parent, label, -1);
    }
    const labels = this.label;
    const links = this.links;
    let count = 0;
    while (c >= 0) {
      if (labels[c] === label) return c;
      c = links[2 * c + 1]!;
      count++;
    }
    return this.add(parent, label, count);
  }

  /**
   * A new node under `parent`, which must have no children yet (it was made by the previous
   * call): below the point where a stack leaves the tree every frame is new, and needs no lookup.
   */
  appendToNew(parent: number, label: number): number {
    if (this.length === this.label.length) this.grow();
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    const links = this.links;
    links[2 * node] = -1;
    links[2 * node + 1] = -1;
    links[2 * parent] = node;
    return node;
  }

  /** `count`: the parent's children so far, or -1 when it is hashed. */
  private add(parent: number, label: number, count: number): number {
    if (this.length === this.label.length) this.grow();
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    const links = this.links;
    links[2 * node] = -1;
    if (count < 0) {
      links[2 * node + 1] = -1;
      this.wide.set(parent + 1, label, node);
      return node;
    }
    const first = parent < 0 ? this.rootFirst : links[2 * parent]!;
    links[2 * node + 1] = first;
    if (count + 1 <= FANOUT_TO_HASH) {
      if (parent < 0) this.rootFirst = node;
      else links[2 * parent] = node;
      return node;
    }
    // Crossing the threshold: index this node and its siblings, and look them up by hash from now on.
    for (let c = node; c >= 0; c = links[2 * c + 1]!) this.wide.set(parent + 1, this.label[c]!, c);
    if (parent < 0) this.rootFirst = WIDE;
    else links[2 * parent] = WIDE;
    return node;
  }

  /** The label and parent columns, trimmed to `length` (views, not copies). The builder is done. */
  finish(): { label: Int32Array; parent: Int32Array; length: number } {
    if (this.links.length <= MAX_SPARE_LINKS && (!spareLinks || spareLinks.length < this.links.length)) {
      spareLinks = this.links;
    }
    this.links = new Int32Array(0);
    return { label: this.label.subarray(0, this.length), parent: this.parent.subarray(0, this.length), length: this.length };
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
    this.links = grown(this.links, 2 * n);
  }
}
