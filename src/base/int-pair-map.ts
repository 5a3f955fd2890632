// A hash map from a pair of non-negative int32s to an int32, in one typed array (open
// addressing, linear probing). Building prefix trees looks up (parent, child) once per frame of
// every sample: a JS Map with the pair packed into a double spent most of the parse hashing heap
// numbers, and three parallel arrays cost three cache misses a probe. Here a slot is 16 bytes
// (a, b, value, unused), so a probe touches one cache line.

const SLOT = 4;

export class IntPairMap {
  private table: Int32Array;
  private mask: number; // slots - 1
  size = 0;

  /**
   * `alloc` makes the table (and each larger one as it grows): the pprof parse takes it from
   * its arena (./arena.ts), where a large profile's 1 MB tables cost no first write of fresh
   * memory.
   */
  constructor(expected = 1024, private readonly alloc: (n: number) => Int32Array = (n) => new Int32Array(n)) {
    let slots = 16;
    while (slots * 0.7 < expected) slots <<= 1;
    this.table = this.empty(slots);
    this.mask = slots - 1;
  }

  private empty(slots: number): Int32Array {
    // -1 in the key marks an empty slot; a native fill of every field beats a loop over keys.
    return this.alloc(slots * SLOT).fill(-1);
  }

  private static hash(a: number, b: number): number {
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    return Math.imul(h, 0xc2b2ae35) ^ (h >>> 13);
  }

  /** The value stored for (a, b), or -1. Both keys must be ≥ 0. */
  get(a: number, b: number): number {
    const t = this.table;
    let i = IntPairMap.hash(a, b) & this.mask;
    for (;;) {
      const o = i * SLOT;
      const ka = t[o]!;
      if (ka === -1) return -1;
      if (ka === a && t[o + 1] === b) return t[o + 2]!;
      i = (i + 1) & this.mask;
    }
  }

  set(a: number, b: number, value: number): void {
    if ((this.size + 1) > (this.mask + 1) * 0.7) this.grow();
    const t = this.table;
    let i = IntPairMap.hash(a, b) & this.mask;
    for (;;) {
      const o = i * SLOT;
      const ka = t[o]!;
      if (ka === -1) {
        t[o] = a;
        t[o + 1] = b;
        t[o + 2] = value;
        this.size++;
        return;
      }
      if (ka === a && t[o + 1] === b) {
        t[o + 2] = value;
        return;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    const slots = (this.mask + 1) * 2;
    this.table = this.empty(slots);
    this.mask = slots - 1;
    this.size = 0;
    for (let o = 0; o < old.length; o += SLOT) {
      if (old[o] !== -1) this.set(old[o]!, old[o + 1]!, old[o + 2]!);
    }
  }
}
