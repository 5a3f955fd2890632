// Reads a Blob (a dropped File) in chunks with progress, then parses the bytes by content.

import { parseBytes, rejectByPrefix, SNIFF_BYTES, type ParseOptions } from './detect';
import type { ParsedFile } from '../model/parsed-file';
import { contentHashOfBlob } from '../base/content-hash';

export type WorkerProgress = (done: number, total: number, phase: string) => void;

const CHUNK_REPORT_BYTES = 4 << 20;

/** Below this a file is read in one piece: it takes too little time to show progress. */
const ONE_PIECE_BYTES = 16 << 20;

export async function readBlob(file: Blob, onProgress?: WorkerProgress): Promise<Uint8Array> {
  const total = file.size;
  // In one arrayBuffer() call: the stream's 64 KB chunks are each a new array, copied once more.
  if (total <= ONE_PIECE_BYTES) return new Uint8Array(await file.arrayBuffer());
  const bytes = new Uint8Array(total);
  const reader = file.stream().getReader();
  let done = 0;
  let lastReport = 0;
  for (;;) {
    const { value, done: end } = await reader.read();
    if (end) break;
    // A file that grew while being read: take what fits (its size was fixed when dropped).
    const n = Math.min(value.length, total - done);
    bytes.set(value.subarray(0, n), done);
    done += n;
    if (onProgress && done - lastReport >= CHUNK_REPORT_BYTES) {
      lastReport = done;
      onProgress(done, total, 'reading');
    }
  }
  return done === total ? bytes : bytes.subarray(0, done);
}

/** Parses a file by content; with its short content hash (made beside the parse). */
export async function parseFile(
  file: Blob,
  onProgress?: WorkerProgress,
  options: ParseOptions = {},
): Promise<{ parsed: ParsedFile; hash: string }> {
  // The format is decided from the first bytes: a large file that matches none is refused
  // before it is read (a 2 GB file of zeros at once, not after reading it all).
  if (file.size > SNIFF_BYTES) rejectByPrefix(new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer()), file.size);
  // An unreadable file fails the parse below; its hash is then never asked for.
  const hash = contentHashOfBlob(file).catch(() => '');
  const bytes = await readBlob(file, onProgress);
  onProgress?.(bytes.length, bytes.length, 'parsing');
  const parsed = await parseBytes(bytes, { ...options, onProgress });
  return { parsed, hash: await hash };
}
