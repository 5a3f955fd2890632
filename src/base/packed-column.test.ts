import { describe, expect, it } from 'vitest';
import { PACK_BLOCK, PackedInt32Builder, packedAt, packedInto } from './packed-column';

/** Packs `values` (in pieces of `piece`, as a builder is fed), and checks both readers give them back. */
function roundTrip(values: Int32Array, capacity: number, piece: number) {
  const b = new PackedInt32Builder(capacity);
  for (let i = 0; i < values.length; i += piece) {
    if (piece === 1) b.push(values[i]!);
    else b.pushAll(values, i, Math.min(values.length, i + piece));
  }
  const c = b.finish();
  expect(c.length).toBe(values.length);
  expect(Array.from({ length: values.length }, (_, i) => packedAt(c, i))).toEqual(Array.from(values));
  for (const [from, to] of [[0, values.length], [3, Math.min(values.length, 700)], [values.length >> 1, values.length]] as const) {
    const out = new Int32Array(Math.max(0, to - from));
    packedInto(c, from, to, out);
    expect(Array.from(out)).toEqual(Array.from(values.subarray(from, to)));
  }
  return c;
}

describe('bit-packed columns', () => {
  // A deterministic mix of what event columns hold: constant runs, -1 "none", small ids,
  // ids drifting upward, and the extremes of 32 bits.
  let seed = 12345;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const n = PACK_BLOCK * 9 + 77;
  const mixed = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const block = i >> 8;
    mixed[i] =
      block === 0 ? 7
      : block === 1 ? (rand() < 0.3 ? -1 : Math.floor(rand() * 8))
      : block === 2 ? 100000 + i + Math.floor(rand() * 50)
      : block === 3 ? (rand() < 0.5 ? -0x80000000 : 0x7fffffff)
      : block === 4 ? Math.floor(rand() * 2 ** 32) - 2 ** 31
      : block === 5 ? (i % 2 === 0 ? -1 : 0x7fffffff)
      : Math.floor(rand() * 1000) - 500;
  }

  it('reads back every value, whatever the range of its block', () => {
    const c = roundTrip(mixed, n, 1000);
    expect(c.blockBits[0]).toBe(0);
    expect(c.blockBits[1]).toBe(4);
    expect(c.blockBits[3]).toBe(32);
    expect(c.blockBits[5]).toBe(32);
  });
  it('fed a value at a time or in odd pieces, the column is the same', () => {
    const a = roundTrip(mixed, n, 1);
    const b = roundTrip(mixed, n, 97);
    expect(Array.from(b.words)).toEqual(Array.from(a.words));
  });
  it('grows past a capacity that was too small', () => {
    roundTrip(mixed, 10, 300);
  });
  it('takes the bits its values need, not 32 each', () => {
    const small = new Int32Array(PACK_BLOCK * 40).map((_, i) => (i * 7) % 13);
    const c = roundTrip(small, small.length, 4096);
    expect(c.words.length * 4).toBe((small.length * 4) / 8);
  });
  it('an empty column', () => {
    roundTrip(new Int32Array(0), 0, 1);
  });
});
