// The parse worker: reads a dropped file, parses it by content, derives what every first view
// needs, and transfers the model back. One worker per file: cancelling is terminating it, so a
// stuck parse can never hang the app. A failure comes back as a Message (data), not a thrown
// Error, so its code and arguments survive the worker boundary.
import * as Comlink from 'comlink';
import { disarmArena } from '../src/base/arena';
import { errorToMessage } from '../src/base/errors';
import type { Message } from '../src/base/messages';
import type { GunzipImpl } from '../src/base/gzip';
import { parseFile, type WorkerProgress } from '../src/parse/read-file';
import { collectTransferables } from '../src/model/transfer';
import { deriveComparison, deriveForViews } from './derive-for-views';
import type { SideViews } from '../src/analysis/profile/diff-by-call-node';
import type { TraceModel } from '../src/model/trace';
import type { ProfileModel } from '../src/model/profile';
import type { DiffMode } from '../src/analysis/profile/diff';
import type { TimeRange } from '../src/analysis/trace/goroutine-summary';
import { blockingPage, goroutinePage, holdTrace, leakSuspectsPage, mmuCurve, mmuWorst, tasksPage } from './trace-analyses';
import { startTraceDecoder } from './trace-decoder-thread';
import { fileArrived, prepared, startPreparing } from './prepare';
import { benchTimedParse } from '../src/dev/worker-bench';

/** An analysis's result as data: a failure is a Message, so it survives the worker boundary. */
function attempt<R extends object>(f: () => R): ({ ok: true } & R) | { ok: false; error: Message } {
  try {
    return { ok: true as const, ...f() };
  } catch (e) {
    return { ok: false as const, error: errorToMessage(e) };
  }
}

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
   * A comparison (base → target): its profile and what its view shows first; `sides`, each
   * profile's first view, when the page has them.
   */
  diffForView(base: ProfileModel, target: ProfileModel, mode: DiffMode, sides?: SideViews) {
    try {
      const result = { ok: true as const, ...deriveComparison(base, target, mode, sides) };
      return Comlink.transfer(result, collectTransferables(result));
    } catch (e) {
      return { ok: false as const, error: errorToMessage(e) };
    }
  },
  /**
   * This worker becomes the analysis worker of a trace (the model is copied here once; the page
   * keeps its own): the calls below answer from it (workers/trace-analyses.ts).
   */
  holdTrace(t: TraceModel) {
    holdTrace(t);
  },
  /** go tool trace's Goroutines page, of the whole trace (null) or a range. */
  goroutinePage: (range: TimeRange | null) => attempt(() => ({ analysis: goroutinePage(range) })),
  /** go tool trace's tasks and regions pages, of the whole trace (null) or a range. */
  tasksPage: (range: TimeRange | null) => attempt(() => ({ pages: tasksPage(range) })),
  /** go tool trace's four blocking profiles, of the whole trace (null) or a range; their buffers transferred. */
  blockingPage: (range: TimeRange | null) => {
    const r = attempt(() => ({ profiles: blockingPage(range) }));
    return r.ok ? Comlink.transfer(r, collectTransferables(r)) : r;
  },
  /** The trace's leak suspects: goroutines blocked and never woken before its end. */
  leakSuspects: () => attempt(() => ({ suspects: leakSuspectsPage() })),
  /** The MMU curve for a set of utilization flags, of the whole trace (null) or a range. */
  mmuCurve: (flags: number, range: TimeRange | null) => attempt(() => ({ plot: mmuCurve(flags, range) })),
  /** The MMU at one width and its worst windows, of the whole trace (null) or a range. */
  mmuWorst: (flags: number, range: TimeRange | null, windowNs: number) => attempt(() => ({ worst: mmuWorst(flags, range, windowNs) })),
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
