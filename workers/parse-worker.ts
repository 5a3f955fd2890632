// The parse worker: reads a dropped file, parses it by content, transfers the model back.
// One worker per file: cancelling is terminating it, so a stuck parse can never hang the app.
import * as Comlink from 'comlink';
import { parseFile, type WorkerProgress } from '../src/parse/read-file';
import { collectTransferables } from '../src/model/transfer';
import { timedParse } from '../src/parse/timed-parse';
import type { GunzipImpl } from '../src/base/gzip';
import { computeTraceTimeline, type TraceTimeline } from '../src/analysis/timeline-tables';
import { computeInitialProfileView } from '../src/analysis/top';
import type { DecoderMessage, DecoderThreadFactory } from '../src/parse/trace/decode-ahead';

const api = {
  async parse(file: Blob, onProgress: WorkerProgress) {
    const parsed = await parseFile(file, onProgress, { traceDecoder: startTraceDecoder });
    // What every view of a trace needs is derived here too: seconds of work on a large
    // trace that would otherwise freeze the page when it first draws.
    let traceTimeline: TraceTimeline | null = null;
    if (parsed.kind === 'trace') {
      onProgress(1, 1, 'preparing the timeline');
      traceTimeline = computeTraceTimeline(parsed);
    }
    // A profile's first view (call tree, flame tree, top table) is made here too: on the main
    // thread these loops would run cold, seconds on a large profile.
    const initialView = parsed.kind === 'profile' ? computeInitialProfileView(parsed) : null;
    const result = { parsed, traceTimeline, initialView };
    return Comlink.transfer(result, collectTransferables(result));
  },
  /** Resolves once the worker can take a file at full speed (the bench waits on it). */
  async ready() {},
  /** The bench's view of a parse: stage timings only, nothing transferred. */
  async timedParse(file: Blob, gunzip: GunzipImpl) {
    const t = await timedParse(file, gunzip);
    const t0 = performance.now();
    if (t.parsed.kind === 'profile') computeInitialProfileView(t.parsed);
    return { ...t.timings, initialViewMs: performance.now() - t0 };
  },
};

/** A worker that decodes a large trace's generations while this one orders them. */
const startTraceDecoder: DecoderThreadFactory = () => {
  const w = new Worker(new URL('./trace-decoder-worker.ts', import.meta.url), { type: 'module', name: 'trace-decoder' });
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

export type ParseWorkerApi = typeof api;
Comlink.expose(api);
