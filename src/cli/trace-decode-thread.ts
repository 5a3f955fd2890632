// Node's side of decode-ahead: the trace decoder in a worker thread. The thread runs this same
// module (bundled or not), told apart by its workerData.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { TraceEventConsumer } from '../parse/trace/event-sink';
import { readGoTraceAhead, readGoTraceFileAhead, serveGenerationDecoder, type DecoderChannel, type DecoderMessage } from '../parse/trace/decode-ahead';
import { openChunkedFile } from './node-file';
import { readGoTrace } from '../parse/trace/parse-trace';
import { isV1Trace, readTraceHeader } from '../parse/trace/wire';
import { readFileSync } from 'node:fs';

const ROLE = 'golens-trace-decoder';

/** True in the decoder thread (its module then serves and does nothing else). */
export const isDecoderThread = !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;

if (isDecoderThread && parentPort) {
  const port = parentPort;
  serveGenerationDecoder(
    {
      post: (message, transfer) => port.postMessage(message, transfer),
      listen: (handler) => port.on('message', (m: DecoderMessage) => handler(m)),
    },
    openChunkedFile,
  );
}


/** The decoder thread, and this thread's end of the channel to it. */
function startDecoderThread(): { channel: DecoderChannel; worker: Worker } {
  // From source (tsx: tests, development) the thread registers the TypeScript loader first.
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`, {
        eval: true,
        workerData: { role: ROLE },
      })
    : new Worker(new URL(import.meta.url), { workerData: { role: ROLE } });
  const channel: DecoderChannel = {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen: (handler) => {
      worker.on('message', (m: DecoderMessage) => handler(m));
      worker.on('error', (e: Error) => handler({ kind: 'error', message: `trace decoder thread: ${e.message}`, format: false }));
    },
  };
  return { channel, worker };
}

/** readGoTrace, decoding in a worker thread while this one orders. `bytes` is transferred. */
export async function readGoTraceInThreads(bytes: Uint8Array, consumer: TraceEventConsumer): Promise<{ goVersion: string; warnings: string[] }> {
  // v1 traces (one batch set, no generations) are read in this thread.
  if (isV1Trace(readTraceHeader(bytes).minor)) return readGoTrace(bytes, consumer);
  const { channel, worker } = startDecoderThread();
  try {
    const r = await readGoTraceAhead(bytes, channel, consumer);
    return { goVersion: r.goVersion, warnings: r.warnings };
  } finally {
    void worker.terminate();
  }
}

/**
 * readGoTrace of a trace file (not gzipped; `size` bytes, header go 1.`minor`) that the
 * decoder thread reads itself in chunks: reading overlaps decoding and ordering, and this
 * thread never holds the file.
 */
export async function readGoTraceFileInThreads(
  path: string,
  size: number,
  minor: number,
  consumer: TraceEventConsumer,
  chunkBytes?: number,
): Promise<{ goVersion: string; warnings: string[] }> {
  if (isV1Trace(minor)) return readGoTrace(new Uint8Array(readFileSync(path)), consumer);
  const { channel, worker } = startDecoderThread();
  try {
    const r = await readGoTraceFileAhead(path, size, minor, channel, consumer, {}, chunkBytes);
    return { goVersion: r.goVersion, warnings: r.warnings };
  } finally {
    void worker.terminate();
  }
}
