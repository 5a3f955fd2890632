// gunzip with the fastest decoder the platform has: DecompressionStream in browsers (native,
// 3.5× faster than pako in a Chromium worker, ../shared/docs/performance-notes.md), zlib in
// Node (where it is fastest), pako as the fallback. All accept concatenated gzip members, as Go does.

import { gzip as pakoGzip, Inflate, inflate } from 'pako';
import { FormatError } from './errors';
import { inputBytes } from './arena';

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export type GunzipImpl = 'auto' | 'pako' | 'stream';

type NodeZlib = { gunzipSync(b: Uint8Array): Uint8Array };
let nodeZlib: NodeZlib | null | undefined;

async function loadNodeZlib(): Promise<NodeZlib | null> {
  if (nodeZlib !== undefined) return nodeZlib;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (!proc?.versions?.node) return (nodeZlib = null);
  try {
    const spec = 'node:zlib';
    nodeZlib = (await import(/* @vite-ignore */ spec)) as NodeZlib;
  } catch {
    nodeZlib = null;
  }
  return nodeZlib;
}

/**
 * gzip (pako, level 6): one implementation for the app and the CLI, so a file GoLens writes is
 * the same bytes in both (Node's zlib compresses differently).
 */
export function gzipBytes(bytes: Uint8Array): Uint8Array {
  return pakoGzip(bytes);
}

export function gunzipWithPako(bytes: Uint8Array): Uint8Array {
  try {
    return inflate(bytes);
  } catch (e) {
    throw gzipError(bytes, e);
  }
}

export async function gunzipWithStream(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    // The bytes are written in one piece: a Blob's stream feeds them in 64 KB chunks, which was
    // slower (docs/performance.md).
    const ds = new DecompressionStream('gzip');
    const writer = ds.writable.getWriter();
    // Bad data rejects these too; the error is reported once, by the read below.
    writer.write(bytes as Uint8Array<ArrayBuffer>).catch(() => {});
    writer.close().catch(() => {});
    // Read chunk by chunk into one array sized from the trailer (from the parse's arena when
    // there is one: see inputBytes), rather than collected by Response.arrayBuffer() into
    // fresh memory.
    const reader = ds.readable.getReader();
    let out = inputBytes(gzipSizeHint(bytes));
    let n = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      if (n + value.length > out.length) {
        const grown = new Uint8Array(Math.max(n + value.length, 2 * out.length));
        grown.set(out.subarray(0, n));
        out = grown;
      }
      out.set(value, n);
      n += value.length;
    }
    return out.subarray(0, n);
  } catch (e) {
    throw gzipError(bytes, e);
  }
}

/**
 * The decompressed size from gzip's trailer: a hint, not a promise (it is the last member's
 * size only, modulo 2^32; a corrupt file may say anything). Past deflate's largest ratio
 * (1032:1) it is not believed; the array then grows as the data comes.
 */
export function gzipSizeHint(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) return 1024;
  const size = (bytes[n - 4]! | (bytes[n - 3]! << 8) | (bytes[n - 2]! << 16) | (bytes[n - 1]! << 24)) >>> 0;
  return size <= 1032 * n ? size : 4 * n;
}

export async function gunzip(bytes: Uint8Array, impl: GunzipImpl = 'auto'): Promise<Uint8Array> {
  if (impl === 'pako') return gunzipWithPako(bytes);
  if (impl === 'stream') return gunzipWithStream(bytes);
  const zlib = await loadNodeZlib();
  if (zlib) {
    try {
      return new Uint8Array(zlib.gunzipSync(bytes));
    } catch (e) {
      throw gzipError(bytes, e);
    }
  }
  if (typeof DecompressionStream !== 'undefined') return gunzipWithStream(bytes);
  return gunzipWithPako(bytes);
}

/**
 * The FormatError of gzip data a decoder refused, with where: the bytes are inflated again
 * (only on this path, the output dropped as it comes) to the byte where inflate stops, the end
 * of the data when they are cut short (gzip.truncated), else the first byte it cannot take
 * (gzip.invalid: a bad header, block or checksum; a checksum is checked at the member's end).
 */
export function gzipError(bytes: Uint8Array, e: unknown): FormatError {
  const cause = e instanceof Error ? e.message : String(e);
  const inf = new Inflate();
  inf.onData = () => {};
  inf.push(bytes, true);
  // pako's stream state (typed private): next_in is where inflate stopped in `bytes`.
  const strm = (inf as unknown as { strm: { next_in: number; total_out: number } }).strm;
  const out = strm.total_out;
  if (inf.err === -5 /* Z_BUF_ERROR: the input ended */) {
    return new FormatError('gzip.truncated', { detail: cause, offset: bytes.length, decompressed: out });
  }
  if (inf.err !== 0) {
    return new FormatError('gzip.invalid', { detail: inf.msg || cause, offset: Math.min(strm.next_in, bytes.length), decompressed: out });
  }
  // pako reads what the platform's decoder refused (trailing bytes after the last member?).
  return new FormatError('gzip.invalid', { detail: cause });
}
