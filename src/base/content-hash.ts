// A file's short content hash: with its name and size, how a link or a restored session knows a
// file is the same file (src/store/url-hash.ts). SHA-256 (the platform's, off the main thread),
// cut to 12 hex digits. A file up to 12 MiB is hashed whole; a larger one by its size and three
// 4 MiB pieces (head, middle, tail), so a 100 MB trace costs no more than a 12 MB profile:
// enough to tell real profiling files apart, without reading (and copying) all of it again.

const PIECE = 4 << 20;

export async function contentHashOfBlob(blob: Blob): Promise<string> {
  const size = blob.size;
  const parts: BlobPart[] = [];
  if (size <= 3 * PIECE) {
    parts.push(blob);
  } else {
    const mid = Math.floor(size / 2 - PIECE / 2);
    parts.push(String(size), blob.slice(0, PIECE), blob.slice(mid, mid + PIECE), blob.slice(size - PIECE));
  }
  const bytes = await new Blob(parts).arrayBuffer();
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), 6);
}

function toHex(b: Uint8Array, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
}
