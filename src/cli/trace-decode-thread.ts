// Node's side of decode-ahead: the trace decoder in a worker thread. The thread runs this same
// module (bundled or not), told apart by its workerData.

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { TraceEventConsumer } from '../parse/trace/event-sink';
import { readGoTraceAhead, serveGenerationDecoder, type DecoderChannel, type DecoderMessage } from '../parse/trace/decode-ahead';

const ROLE = 'golens-trace-decoder';

/** True in the decoder thread (its module then serves and does nothing else). */
export const isDecoderThread = !isMainThread && (workerData as { role?: string } | null)?.role === ROLE;

if (isDecoderThread && parentPort) {
  const port = parentPort;
  serveGenerationDecoder({
    post: (message, transfer) => port.postMessage(message, transfer),
    listen: (handler) => port.on('message', (m: DecoderMessage) => handler(m)),
  });
}

/** readGoTrace, decoding in a worker thread while this one orders. */
export async function readGoTraceInThreads(bytes: Uint8Array, consumer: TraceEventConsumer): Promise<{ goVersion: string; warnings: string[] }> {
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
  try {
    const r = await readGoTraceAhead(bytes, channel, consumer);
    return { goVersion: r.goVersion, warnings: r.warnings };
  } finally {
    void worker.terminate();
  }
}
