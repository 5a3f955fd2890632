import { describe, expect, it } from 'vitest';
import { PrefixTreeBuilder } from './prefix-tree';

// The tree finds a child in two places (right after its parent, or in the branch map) and
// appends below a new node without looking: checked against a trie keyed by whole paths, over
// paths that branch often and rarely, with a capacity small enough to make the columns grow.
describe('PrefixTreeBuilder', () => {
  it('numbers every distinct path once, in the order paths first appear', () => {
    let seed = 1;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let round = 0; round < 60; round++) {
      const tree = new PrefixTreeBuilder(16 + rnd(64));
      const byPath = new Map<string, number>();
      const parents: number[] = [];
      for (let s = 0; s < 300; s++) {
        const depth = 1 + rnd(12);
        let node = -1;
        let isNew = false;
        let path = '';
        for (let d = 0; d < depth; d++) {
          const label = rnd(round % 3 === 0 ? 40 : 4);
          path += `,${label}`;
          let got: number;
          if (isNew && rnd(2) === 0) got = tree.appendToNew(node, label);
          else {
            const before = tree.length;
            got = tree.child(node, label);
            isNew = tree.length > before;
          }
          let want = byPath.get(path);
          if (want === undefined) {
            want = byPath.size;
            byPath.set(path, want);
            parents.push(node);
          }
          expect(got).toBe(want);
          node = got;
        }
      }
      const { parent, length } = tree.finish();
      expect(length).toBe(byPath.size);
      expect(Array.from(parent)).toEqual(parents);
    }
  });

  it('indexes a root made by appendToNew', () => {
    const tree = new PrefixTreeBuilder();
    const root = tree.appendToNew(-1, 7);
    expect(tree.child(-1, 7)).toBe(root);
    expect(tree.length).toBe(1);
  });
});
