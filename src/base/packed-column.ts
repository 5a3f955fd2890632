// A column of 32-bit integers bit-packed a block at a time ("frame of reference"): each block of
// PACK_BLOCK values keeps its smallest value and the bits its range needs, and each value is
// its distance from that smallest, in that many bits. Reading value i is O(1) (one or two word
// loads and a shift), so the column is still indexed like an array; a column whose values are
// near each other within a block (a trace's P ids, threads, goroutines, stacks) takes a few
// bits a value instead of 32.

export const PACK_BLOCK = 256;
export const PACK_BLOCK_SHIFT = 8;

export type PackedInt32 = {
  /** The bits of every block; each block starts on a word. */
  words: Uint32Array;
  /** Per block: its first word in `words`. */
  blockWord: Uint32Array;
  /** Per block: its smallest value. */
  blockMin: Int32Array;
  /** Per block: bits per value, 0 when every value is blockMin. */
  blockBits: Uint8Array;
  length: number;
};

/** Value i. */
export function packedAt(c: PackedInt32, i: number): number {
  const b = i >>> PACK_BLOCK_SHIFT;
  const bits = c.blockBits[b]!;
  if (bits === 0) return c.blockMin[b]!;
  const pos = (i & (PACK_BLOCK - 1)) * bits;
  const w = c.blockWord[b]! + (pos >>> 5), sh = pos & 31;
  let v = c.words[w]! >>> sh;
  if (sh + bits > 32) v |= c.words[w + 1]! << (32 - sh);
  if (bits < 32) v &= (1 << bits) - 1;
  return (c.blockMin[b]! + (v >>> 0)) | 0;
}

/** Values [from, to) into out[0 .. to-from): a block at a time, faster than packedAt per value. */
export function packedInto(c: PackedInt32, from: number, to: number, out: Int32Array | Float64Array): void {
  const words = c.words;
  let i = from;
  while (i < to) {
    const b = i >>> PACK_BLOCK_SHIFT;
    const end = Math.min(to, (b + 1) << PACK_BLOCK_SHIFT);
    const bits = c.blockBits[b]!, min = c.blockMin[b]!;
    if (bits === 0) {
      out.fill(min, i - from, end - from);
      i = end;
      continue;
    }
    const mask = bits < 32 ? (1 << bits) - 1 : -1;
    const first = c.blockWord[b]!;
    let pos = (i & (PACK_BLOCK - 1)) * bits;
    for (; i < end; i++, pos += bits) {
      const w = first + (pos >>> 5), sh = pos & 31;
      let v = words[w]! >>> sh;
      if (sh + bits > 32) v |= words[w + 1]! << (32 - sh);
      out[i - from] = (min + ((v & mask) >>> 0)) | 0;
    }
  }
}

/**
 * Packs values as they come. `capacity`: the values expected; the words for them at 32 bits
 * each are reserved at once, and only the ones written are ever touched (the rest of a large
 * allocation stays unbacked), so an upper bound costs nothing.
 */
export class PackedInt32Builder {
  private words: Uint32Array;
  private blockWord: Uint32Array;
  private blockMin: Int32Array;
  private blockBits: Uint8Array;
  private nWords = 0;
  private nBlocks = 0;
  private readonly stage = new Int32Array(PACK_BLOCK);
  private staged = 0;
  private count = 0;

  constructor(capacity: number) {
    const blocks = Math.max(1, Math.ceil(capacity / PACK_BLOCK));
    this.words = new Uint32Array(blocks * PACK_BLOCK);
    this.blockWord = new Uint32Array(blocks);
    this.blockMin = new Int32Array(blocks);
    this.blockBits = new Uint8Array(blocks);
  }

  get length(): number {
    return this.count;
  }

  push(v: number): void {
    this.count++;
    this.stage[this.staged++] = v;
    if (this.staged === PACK_BLOCK) this.flush();
  }

  /** Appends values[from .. to) (Int32 values). */
  pushAll(values: Int32Array, from: number, to: number): void {
    this.count += Math.max(0, to - from);
    let i = from;
    while (i < to) {
      // Whole blocks straight from the values; the rest through the stage.
      if (this.staged === 0 && to - i >= PACK_BLOCK) {
        this.packBlock(values, i, PACK_BLOCK);
        i += PACK_BLOCK;
        continue;
      }
      const k = Math.min(to - i, PACK_BLOCK - this.staged);
      this.stage.set(values.subarray(i, i + k), this.staged);
      this.staged += k;
      i += k;
      if (this.staged === PACK_BLOCK) this.flush();
    }
  }

  /** Packs the staged values as one block (a short one only at the end). */
  private flush(): void {
    if (this.staged === 0) return;
    this.packBlock(this.stage, 0, this.staged);
    this.staged = 0;
  }

  /** Packs src[from .. from+n) as the next block. */
  private packBlock(src: Int32Array, from: number, n: number): void {
    const end = from + n;
    let lo = src[from]!, hi = lo;
    for (let j = from + 1; j < end; j++) {
      const v = src[j]!;
      if (v < lo) lo = v;
      else if (v > hi) hi = v;
    }
    const range = hi - lo; // < 2^32
    const bits = range === 0 ? 0 : 32 - Math.clz32(range);
    const need = Math.ceil((n * bits) / 32);
    if (this.nBlocks === this.blockWord.length) this.growBlocks();
    if (this.nWords + need > this.words.length) this.growWords(need);
    const b = this.nBlocks++;
    this.blockWord[b] = this.nWords;
    this.blockMin[b] = lo;
    this.blockBits[b] = bits;
    if (bits > 0) {
      const words = this.words, first = this.nWords;
      for (let j = from, pos = 0; j < end; j++, pos += bits) {
        const v = (src[j]! - lo) >>> 0;
        const w = first + (pos >>> 5), sh = pos & 31;
        words[w] = words[w]! | (v << sh);
        if (sh + bits > 32) words[w + 1] = v >>> (32 - sh);
      }
    }
    this.nWords += need;
  }

  private growBlocks(): void {
    const n = Math.max(16, this.blockWord.length * 2);
    const word = new Uint32Array(n), min = new Int32Array(n), bits = new Uint8Array(n);
    word.set(this.blockWord);
    min.set(this.blockMin);
    bits.set(this.blockBits);
    this.blockWord = word;
    this.blockMin = min;
    this.blockBits = bits;
  }

  private growWords(need: number): void {
    const w = new Uint32Array(Math.max(this.nWords + need, this.words.length * 2));
    w.set(this.words.subarray(0, this.nWords));
    this.words = w;
  }

  /**
   * The column (the builder is done with). The words are a view of the reserve, not a copy: a
   * copy would touch as much memory again at the moment memory peaks, while the reserve's
   * unwritten pages were never touched and cost nothing.
   */
  finish(): PackedInt32 {
    this.flush();
    const nb = this.nBlocks;
    return {
      words: this.words.subarray(0, this.nWords),
      blockWord: this.blockWord.slice(0, nb),
      blockMin: this.blockMin.slice(0, nb),
      blockBits: this.blockBits.slice(0, nb),
      length: this.count,
    };
  }
}
