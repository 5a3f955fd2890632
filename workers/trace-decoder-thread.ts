// The platform's side of decode-ahead (src/parse/trace/decode-ahead.ts): a worker that decodes a
// large trace's generations while the parse worker orders them.
import { embeddedWorkerUrl } from '../src/base/embedded-workers';
import type { DecoderMessage, DecoderThreadFactory } from '../src/parse/trace/decode-ahead';

export const startTraceDecoder: DecoderThreadFactory = () => {
  // In a saved report the worker comes from the source it carries (base/embedded-workers).
  const embedded = embeddedWorkerUrl('trace-decoder');
  const w = embedded
    ? new Worker(embedded, { name: 'trace-decoder' }) // classic: see scripts/report-plugin.ts
    : new Worker(new URL('./trace-decoder-worker.ts', import.meta.url), { type: 'module', name: 'trace-decoder' });
  let handler: ((m: DecoderMessage) => void) | null = null;
  w.onmessage = (e: MessageEvent<DecoderMessage>) => handler?.(e.data);
  w.onerror = (e) => handler?.({ kind: 'error', message: `trace decoder worker: ${e.message || 'failed to start'}`, format: false });
  return {
    post: (message, transfer) => w.postMessage(message, transfer),
    listen: (h) => {
      handler = h;
    },
    close: () => w.terminate(),
  };
};
