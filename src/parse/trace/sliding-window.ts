// Reading a trace file a chunk at a time into a window that slides along it: a generation's
// batches are all the decoder needs at once, so the window holds the generation being decoded
// (and the chunk after it), not the whole file. A 67 MB trace reads through a 16 MB window;
// the memory the whole file would take is never touched (first writes to fresh memory cost:
// docs/performance.md).

import type { GenerationDecoder } from './generation-decoder';

/** A file read by the platform (Node's fs in the CLI): `length` bytes at `fileAt` into `into` at `intoAt`. */
export type ChunkedFile = { size: number; read(into: Uint8Array, intoAt: number, length: number, fileAt: number): number };

/** Bytes read at a time. */
export const READ_CHUNK_BYTES = 4 << 20;

export class SlidingWindow {
  private buf: Uint8Array;
  private base = 0; // file offset of buf[0]
  private available = 0;

  constructor(
    private readonly file: ChunkedFile,
    private readonly chunk = READ_CHUNK_BYTES,
  ) {
    this.chunk = Math.max(16, chunk);
    this.buf = new Uint8Array(Math.min(file.size, 2 * this.chunk));
    this.readChunk();
  }

  /** The bytes read so far (the first chunk after construction: the header is there). */
  get bytes(): Uint8Array {
    return this.buf.subarray(0, this.available);
  }

  get eof(): boolean {
    return this.base + this.available >= this.file.size;
  }

  /** Hands the window to a decoder made over `bytes`' buffer. */
  attach(decoder: GenerationDecoder): void {
    decoder.slide(this.buf, this.base, this.available, this.eof);
  }

  /**
   * The decoder asked for more (NEED_MORE): keeps the bytes from its next generation on, moved
   * to the front, grows the window if one generation needs more than it holds, reads a chunk.
   */
  more(decoder: GenerationDecoder): void {
    if (this.buf.length - this.available < this.chunk) {
      const keep = decoder.nextGenerationAt - this.base;
      if (keep > 0) {
        this.buf.copyWithin(0, keep, this.available);
        this.base += keep;
        this.available -= keep;
      }
      const need = Math.min(this.file.size - this.base, this.available + this.chunk);
      if (this.buf.length < need) {
        const bigger = new Uint8Array(Math.min(this.file.size - this.base, Math.max(need, this.buf.length * 2)));
        bigger.set(this.buf.subarray(0, this.available));
        this.buf = bigger;
      }
    }
    const n = this.readChunk();
    // A file that shrank while being read ends where its bytes did.
    decoder.slide(this.buf, this.base, this.available, n === 0 || this.eof);
  }

  private readChunk(): number {
    const length = Math.min(this.buf.length - this.available, this.file.size - this.base - this.available, this.chunk);
    const n = length > 0 ? this.file.read(this.buf, this.available, length, this.base + this.available) : 0;
    this.available += n;
    return n;
  }
}
