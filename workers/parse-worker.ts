// The parse worker: reads a dropped file, parses it by content, transfers the model back.
// One worker per file: cancelling is terminating it, so a stuck parse can never hang the app.
import * as Comlink from 'comlink';
import { armArena, arenaBytesUsed, disarmArena, prepareArena, withPracticeArena } from '../src/base/arena';
import { parseFile, type WorkerProgress } from '../src/parse/read-file';
import { fileContents, parseBytes } from '../src/parse/detect';
import { collectTransferables } from '../src/model/transfer';
import { timedParse } from '../src/parse/timed-parse';
import type { GunzipImpl } from '../src/base/gzip';
import { computeTraceTimeline, type TraceTimeline } from '../src/analysis/trace/timeline-tables';
import { computeInitialProfileView } from '../src/analysis/profile/top';
import type { DecoderMessage, DecoderThreadFactory } from '../src/parse/trace/decode-ahead';

const api = {
  async parse(file: Blob, onProgress: WorkerProgress) {
    fileArrived();
    const parsed = await parseFile(file, onProgress, { traceDecoder: startTraceDecoder });
    // The arena is for a profile's columns (src/base/arena.ts): nothing else sends it to the page.
    if (parsed.kind !== 'profile') disarmArena();
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
    disarmArena();
    const result = { parsed, traceTimeline, initialView };
    return Comlink.transfer(result, collectTransferables(result));
  },
  /**
   * The app calls this on its spare worker, which waits for the next file: see `prepare`.
   * `warmUpUrls`: small real profiles served with the app (its demo files).
   */
  prepare(warmUpUrls: string[]) {
    preparing = prepare(warmUpUrls);
  },
  /** Resolves when the worker is prepared (at once if it was not asked to be): for the bench. */
  async ready() {
    return preparing;
  },
  /** The bench's view of a parse (as `parse` makes it): stage timings only, nothing transferred. */
  async timedParse(file: Blob, gunzip: GunzipImpl) {
    fileArrived();
    const t = await timedParse(file, gunzip);
    const t0 = performance.now();
    if (t.parsed.kind === 'profile') computeInitialProfileView(t.parsed);
    const initialViewMs = performance.now() - t0;
    const arenaMB = arenaBytesUsed() / (1 << 20);
    disarmArena();
    return { ...t.timings, initialViewMs, arenaMB };
  },
};

// The spare worker's preparation, done while it waits for a file (src/store/loader.ts starts
// it once the page is idle). A parse in a new worker runs cold: the parser's code is not yet
// compiled with type feedback, and every page of every new column is written for the first
// time (on the development machine a large profile took 270 ms in such a worker, 200 ms in one
// that had parsed it before). So the spare (1) parses the app's small demo profiles a number
// of times, and then (2) writes the pages of the memory a large profile's columns will take
// (src/base/arena.ts). The parser is written so that these small profiles take every path a
// large one takes (two-byte ids and lengths, growing columns, columns from an arena: a practice
// one here): a path first met by the file, without type feedback, throws the optimized code away
// while the file is parsed (src/parse/pprof/decode-profile.ts, the header; README, Performance,
// note 3). Each step is short, and a file's message is taken between two steps:
// when one arrives, the preparation stops where it is. Between steps the worker rests twice
// as long as the step took: on a machine with few cores a busy worker would take the core the
// page needs to draw (README, Performance, note 3: what a file opened meanwhile measured).

const WARM_UP_PARSES = 300;
const ARENA_BYTES = 32 << 20;
const ARENA_STEP_BYTES = 256 << 10;

let stopPreparing = false;
let preparing: Promise<{ warmUpMs: number; arenaMs: number } | null> = Promise.resolve(null);

function fileArrived(): void {
  stopPreparing = true;
  armArena();
}

let stepStart = 0;

/** Rests after a step (pending messages, a file, are taken meanwhile); true to go on. */
async function nextStep(): Promise<boolean> {
  const worked = performance.now() - stepStart;
  await new Promise((r) => setTimeout(r, Math.max(4, 2 * worked)));
  stepStart = performance.now();
  return !stopPreparing;
}

async function prepare(urls: string[]): Promise<{ warmUpMs: number; arenaMs: number } | null> {
  const t0 = performance.now();
  stepStart = t0;
  try {
    // Read and decompressed once: what needs compiling is the decoder and the first view.
    const files = await Promise.all(
      urls.map(async (u) => {
        const res = await fetch(u);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await fileContents(new Uint8Array(await res.arrayBuffer()))).data;
      }),
    );
    for (let i = 0; i < WARM_UP_PARSES && files.length > 0 && (await nextStep()); i++) {
      // With a small arena, as a large profile is parsed with the real one: no macrotask runs
      // inside (the bytes are decompressed), so a file arriving meanwhile waits for the next step.
      await withPracticeArena(async () => {
        const parsed = await parseBytes(files[i % files.length]!);
        if (parsed.kind === 'profile') computeInitialProfileView(parsed);
      });
    }
  } catch {
    // Offline without the demo files, or one of them unreadable: the warm-up is only an aid.
  }
  const t1 = performance.now();
  if (!stopPreparing) await prepareArena(ARENA_BYTES, ARENA_STEP_BYTES, nextStep);
  return stopPreparing ? null : { warmUpMs: t1 - t0, arenaMs: performance.now() - t1 };
}

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
