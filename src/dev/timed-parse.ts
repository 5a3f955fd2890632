// For `npm run bench` in the browser: the stages of a parse, timed inside the worker, with a
// chosen gunzip (pako or the platform's DecompressionStream).

import { gunzip, isGzip, type GunzipImpl } from '../base/gzip';
import { parseBytes } from '../parse/detect';
import { readBlob } from '../parse/read-file';
import type { ParsedFile } from '../model/parsed-file';

export type ParseTimings = { readMs: number; gunzipMs: number; parseMs: number; totalMs: number; kind: string };

export async function timedParse(file: Blob, impl: GunzipImpl): Promise<{ timings: ParseTimings; parsed: ParsedFile }> {
  const t0 = performance.now();
  const bytes = await readBlob(file);
  const t1 = performance.now();
  const data = isGzip(bytes) ? await gunzip(bytes, impl) : bytes;
  const t2 = performance.now();
  const parsed = await parseBytes(data);
  const t3 = performance.now();
  return { timings: { readMs: t1 - t0, gunzipMs: t2 - t1, parseMs: t3 - t2, totalMs: t3 - t0, kind: parsed.kind }, parsed };
}
