// The parse worker: reads a dropped file, parses it by content, derives what every first view
// needs, and transfers the model back. One worker per file: cancelling is terminating it, so a
// stuck parse can never hang the app. A failure comes back as a Message (data), not a thrown
// Error, so its code and arguments survive the worker boundary.
import * as Comlink from 'comlink';
import { disarmArena } from '../src/base/arena';
import { errorToMessage } from '../src/base/errors';
import type { GunzipImpl } from '../src/base/gzip';
import { parseFile, type WorkerProgress } from '../src/parse/read-file';
import { collectTransferables } from '../src/model/transfer';
import { deriveComparison, deriveForViews, deriveGoroutineAnalysis, type ComparisonSides } from './derive-for-views';
import type { TraceModel } from '../src/model/trace';
import type { ProfileModel } from '../src/model/profile';
import type { DiffMode } from '../src/analysis/profile/diff';
import { taskPages } from '../src/analysis/trace/task-pages';
import { startTraceDecoder } from './trace-decoder-thread';
import { fileArrived, prepared, startPreparing } from './prepare';
import { benchTimedParse } from '../src/dev/worker-bench';

const api = {
  async parse(file: Blob, onProgress: WorkerProgress) {
    fileArrived();
    try {
      const { parsed, hash } = await parseFile(file, onProgress, { traceDecoder: startTraceDecoder });
      // The arena is for a profile's columns (src/base/arena.ts): nothing else sends it to the page.
      if (parsed.kind !== 'profile') disarmArena();
      const derived = deriveForViews(parsed, onProgress);
      disarmArena();
      const result = { ok: true as const, parsed, derived, hash };
      return Comlink.transfer(result, collectTransferables(result));
    } catch (e) {
      return { ok: false as const, error: errorToMessage(e) };
    }
  },
  /**
   * A comparison (base → target): the profile pprof builds for it, and its first view; `sides`,
   * each profile's call tree from its first view, when the page has them.
   */
  diffForView(base: ProfileModel, target: ProfileModel, mode: DiffMode, sides?: ComparisonSides) {
    try {
      const result = { ok: true as const, ...deriveComparison(base, target, mode, sides) };
      return Comlink.transfer(result, collectTransferables(result));
    } catch (e) {
      return { ok: false as const, error: errorToMessage(e) };
    }
  },
  /** A trace's goroutine analysis (the model is copied here; the page keeps its own). */
  goroutineAnalysis(t: TraceModel) {
    try {
      return { ok: true as const, analysis: deriveGoroutineAnalysis(t) };
    } catch (e) {
      return { ok: false as const, error: errorToMessage(e) };
    }
  },
  /** go tool trace's tasks and regions pages of a trace (copied here, like the goroutine analysis). */
  taskPages(t: TraceModel) {
    try {
      return { ok: true as const, pages: taskPages(t) };
    } catch (e) {
      return { ok: false as const, error: errorToMessage(e) };
    }
  },
  /** The app calls this on its spare worker, which waits for the next file (workers/prepare.ts). */
  prepare(warmUpUrls: string[]) {
    startPreparing(warmUpUrls);
  },
  /** Resolves when the worker is prepared (at once if it was not asked to be): for the bench. */
  ready: () => prepared(),
  /** `npm run bench` only: a parse timed by stage (src/dev/). */
  async timedParse(file: Blob, gunzip: GunzipImpl) {
    fileArrived();
    return benchTimedParse(file, gunzip);
  },
};

export type ParseWorkerApi = typeof api;
Comlink.expose(api);
