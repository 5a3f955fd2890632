// gunzip with the fastest decoder the platform has: DecompressionStream in browsers (native,
// 3.5× faster than pako in a Chromium worker, ../shared/docs/performance-notes.md), zlib in
// Node (where it is fastest), pako as the fallback. All accept concatenated gzip members, as Go does.

import { inflate } from 'pako';
import { FormatError } from './errors';

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

export function gunzipWithPako(bytes: Uint8Array): Uint8Array {
  try {
    return inflate(bytes);
  } catch (e) {
    throw new FormatError(`invalid gzip data (${e instanceof Error ? e.message : String(e)})`);
  }
}

export async function gunzipWithStream(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new FormatError(`invalid or truncated gzip data (${e instanceof Error ? e.message : String(e)})`);
  }
}

export async function gunzip(bytes: Uint8Array, impl: GunzipImpl = 'auto'): Promise<Uint8Array> {
  if (impl === 'pako') return gunzipWithPako(bytes);
  if (impl === 'stream') return gunzipWithStream(bytes);
  const zlib = await loadNodeZlib();
  if (zlib) {
    try {
      return new Uint8Array(zlib.gunzipSync(bytes));
    } catch (e) {
      throw new FormatError(`invalid or truncated gzip data (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (typeof DecompressionStream !== 'undefined') return gunzipWithStream(bytes);
  return gunzipWithPako(bytes);
}
