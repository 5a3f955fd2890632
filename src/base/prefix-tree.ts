// A prefix tree of int labels (stacks of frames, paths of functions), built one child lookup
// at a time. Children are kept as first-child / next-sibling lists: a lookup touches the
// parent and its few children, which were made close together, so it stays in cache on
// machines where a random read of a large hash table costs over 100 ns. A parent with many
// children (a dispatcher, the roots) moves to a hash map so that its lookups stay O(1).

import { IntPairMap } from './int-pair-map';

const FANOUT_TO_HASH = 16;

export class PrefixTreeBuilder {
  label: Int32Array;
  parent: Int32Array;
  private firstChild: Int32Array;
  private nextSibling: Int32Array;
  private childCount: Int32Array;
  length = 0;
  private rootFirst = -1;
  private rootCount = 0;
  /** (parent + 1, label) → node, for parents with more than FANOUT_TO_HASH children. */
  private readonly wide = new IntPairMap(256);

  constructor(capacity = 1024) {
    const n = Math.max(16, capacity);
    this.label = new Int32Array(n);
    this.parent = new Int32Array(n);
    this.firstChild = new Int32Array(n);
    this.nextSibling = new Int32Array(n);
    this.childCount = new Int32Array(n);
  }

  /** The node for `label` under `parent` (-1 for a root), made if it does not exist. */
  child(parent: number, label: number): number {
    const count = parent < 0 ? this.rootCount : this.childCount[parent]!;
    if (count > FANOUT_TO_HASH) {
      const found = this.wide.get(parent + 1, label);
      if (found >= 0) return found;
    } else {
      for (let c = parent < 0 ? this.rootFirst : this.firstChild[parent]!; c >= 0; c = this.nextSibling[c]!) {
        if (this.label[c] === label) return c;
      }
    }
    return this.add(parent, label, count);
  }

  private add(parent: number, label: number, count: number): number {
    if (this.length === this.label.length) this.grow();
    const node = this.length++;
    this.label[node] = label;
    this.parent[node] = parent;
    this.firstChild[node] = -1;
    this.childCount[node] = 0;
    if (parent < 0) {
      this.nextSibling[node] = this.rootFirst;
      this.rootFirst = node;
      this.rootCount++;
    } else {
      this.nextSibling[node] = this.firstChild[parent]!;
      this.firstChild[parent] = node;
      this.childCount[parent]!++;
    }
    if (count + 1 > FANOUT_TO_HASH) {
      if (count === FANOUT_TO_HASH) {
        // Crossing the threshold: index the existing children too.
        for (let c = parent < 0 ? this.rootFirst : this.firstChild[parent]!; c >= 0; c = this.nextSibling[c]!) {
          this.wide.set(parent + 1, this.label[c]!, c);
        }
      } else {
        this.wide.set(parent + 1, label, node);
      }
    }
    return node;
  }

  private grow(): void {
    const n = this.label.length * 2;
    const grown = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.label = grown(this.label);
    this.parent = grown(this.parent);
    this.firstChild = grown(this.firstChild);
    this.nextSibling = grown(this.nextSibling);
    this.childCount = grown(this.childCount);
  }
}
