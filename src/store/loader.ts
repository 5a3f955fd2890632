// Loading files: one parse worker per file (the only importer of comlink). Cancelling or a
// failure terminates the worker, so a bad file can never hang the app or touch other files.

import * as Comlink from 'comlink';
import { message, type Message } from '../base/messages';
import type { ParseWorkerApi } from '../../workers/parse-worker';
import { embeddedWorkerUrl } from '../base/embedded-workers';
import { markSessionEntryFailed, newSessionKey, removeSessionEntry, saveSessionEntry } from './session';
import { comparisonKey, selectionFiles, useGoLens, type FileEntry, type FileId } from './store';
import type { ProfileModel } from '../model/profile';
import { runOfOpenedTogether } from '../analysis/run/opened-together';
import type { TraceModel } from '../model/trace';
import type { TimeRange } from '../analysis/trace/goroutine-summary';

const running = new Map<FileId, Worker>();
/** Files kept in the session (restored by a reload). */
const remembered = new Set<FileId>();
/** Each open file's bytes as read (a Blob: no copy in JS memory), for shared links and reports. */
const sources = new Map<FileId, Blob>();

/** The bytes of an open file as it was read, if it was. */
export function fileSource(id: FileId): Blob | null {
  return sources.get(id) ?? null;
}

/** How a file is remembered for the next reload: its URL (demo), itself, or not at all. */
export type Remember = { url: string } | 'blob' | 'no';

export type LoadRequest = {
  /** The file, or a function that fetches it (a demo file, a session entry). */
  source: Blob | (() => Promise<Blob>);
  name: string;
  remember: Remember;
  /** The session key when the file comes back from the session (it is then its id again). */
  id?: FileId;
  selectWhenReady?: boolean;
  origin?: FileEntry['origin'];
  /** Files opened together (one drop): when the last of them is settled, they may make a run. */
  batch?: OpenedTogether | undefined;
};

/** Files opened together; `done` once they were looked at as a possible run. */
export type OpenedTogether = { ids: FileId[]; done: boolean };

/** The batch each file still loading was opened in. */
const batchOf = new Map<FileId, OpenedTogether>();

/** Files the user opened together: the first of them is shown when ready; if they make a run, the run is. */
export function loadFiles(files: Iterable<File>): FileId[] {
  const list = [...files];
  const batch = openedTogether(list.length);
  const ids: FileId[] = [];
  for (const f of list) ids.push(loadFile({ source: f, name: f.name, remember: 'blob', selectWhenReady: ids.length === 0, batch }));
  return ids;
}

/** A batch for `count` files opened together (none for fewer than two); loadFile adds each id. */
export function openedTogether(count: number): OpenedTogether | undefined {
  return count > 1 ? { ids: [], done: false } : undefined;
}

/**
 * One file of a batch is settled (ready, failed or cancelled). When none is loading any more,
 * the batch's ready files of the user's become a run if placement places them on one axis
 * (analysis/run/opened-together.ts), unless the user has meanwhile chosen something else.
 */
function settled(batch: OpenedTogether | undefined): void {
  if (!batch || batch.done) return;
  const s = useGoLens.getState();
  if (batch.ids.some((id) => s.files.some((f) => f.id === id && f.status === 'loading'))) return;
  batch.done = true;
  for (const id of batch.ids) batchOf.delete(id);
  const ready = batch.ids
    .map((id) => s.files.find((f) => f.id === id))
    .filter((f): f is FileEntry => f !== undefined && f.status === 'ready' && f.origin === 'user' && f.parsed !== null);
  const ids = runOfOpenedTogether(ready.map((f) => ({ id: f.id, name: f.name, parsed: f.parsed! })));
  if (!ids) return;
  const shown = selectionFiles(s.selection);
  if (!shown.every((id) => batch.ids.includes(id))) return;
  s.select({ kind: 'run', ids });
}

/**
 * Loads one file. The sidebar shows it as loading from the first moment, also while a fetched
 * source is still arriving.
 */
export function loadFile(req: LoadRequest): FileId {
  const { source, name, remember } = req;
  const id = req.id ?? newSessionKey();
  if (req.batch) {
    req.batch.ids.push(id);
    batchOf.set(id, req.batch);
  }
  useGoLens
    .getState()
    .addLoading({ id, name, size: source instanceof Blob ? source.size : 0, origin: req.origin ?? 'user' }, req.selectWhenReady ?? false);
  if (remember !== 'no') {
    remembered.add(id);
    if (!req.id) {
      void saveSessionEntry({
        key: id,
        name,
        order: Date.now() + performance.now() / 1e6,
        origin: req.origin ?? 'user',
        ...(remember === 'blob' && source instanceof Blob ? { blob: source } : {}),
        ...(typeof remember === 'object' ? { url: remember.url } : {}),
      });
    }
  }
  void (async () => {
    let blob: Blob;
    try {
      blob = source instanceof Blob ? source : await source();
      if (!(source instanceof Blob)) useGoLens.getState().setSize(id, blob.size);
    } catch (e) {
      useGoLens.getState().setFailed(id, message('file.read-failed', { detail: e instanceof Error ? e.message : String(e) }));
      settled(req.batch);
      return;
    }
    sources.set(id, blob);
    await runParse(id, blob);
    settled(req.batch);
  })();
  return id;
}

/** Removes a file from the app and from the session. */
export function removeFile(id: FileId): void {
  stopWorker(id);
  forget(id);
  useGoLens.getState().removeFile(id);
  settled(batchOf.get(id));
}

function forget(id: FileId): void {
  failedSources.delete(id);
  sources.delete(id);
  if (remembered.delete(id)) void removeSessionEntry(id);
}

/**
 * A worker and its one Comlink proxy, kept together: when every proxy of a worker has been
 * garbage-collected, Comlink tells the worker to stop listening.
 */
export type ParseWorker = { worker: Worker; api: Comlink.Remote<ParseWorkerApi> };

export function newParseWorker(): ParseWorker {
  // A saved report (file://) starts its workers from the sources it carries (base/embedded-workers).
  const embedded = embeddedWorkerUrl('parse');
  const worker = embedded
    ? new Worker(embedded, { name: 'parse' }) // classic: see scripts/report-plugin.ts
    : new Worker(new URL('../../workers/parse-worker.ts', import.meta.url), { type: 'module', name: 'parse' });
  return { worker, api: Comlink.wrap<ParseWorkerApi>(worker) };
}

/**
 * One worker is kept started ahead of need: loading and compiling the parser takes a good part
 * of the first file's wait and is done before the file arrives. While it waits, from the page's
 * first idle moment, it prepares itself (workers/prepare.ts): it parses the demo profiles
 * (served with the app, so offline too) to compile the parser, then writes the pages of the
 * memory a large profile's columns will take. A file stops that.
 */
let spareWorker: ParseWorker | null = null;
/** Settles when the spare has prepared itself (or was taken first). */
let sparePrepared: ReturnType<ParseWorkerApi['ready']> = Promise.resolve(null);
/** Small real profiles served with the app: what the spare warms up on. */
let warmUpUrls: string[] = [];

export function prestartParseWorker(urls: string[] = warmUpUrls): void {
  warmUpUrls = urls;
  if (spareWorker || typeof Worker === 'undefined') return;
  const spare = (spareWorker = newParseWorker());
  const absolute = urls.map((u) => new URL(u, document.baseURI).href);
  sparePrepared = new Promise((resolve) =>
    whenIdle(() => {
      if (spareWorker !== spare) return resolve(null);
      void spare.api.prepare(absolute);
      resolve(spare.api.ready());
    }),
  );
}

/** The spare's preparation (for the bench, src/dev/). */
export function spareReady(): ReturnType<ParseWorkerApi['ready']> {
  return sparePrepared;
}

/** The worker the next file goes to: the prepared spare when there is one. */
export function takeParseWorker(): ParseWorker {
  const w = spareWorker ?? newParseWorker();
  spareWorker = null;
  return w;
}

async function runParse(id: FileId, blob: Blob): Promise<void> {
  const { worker, api } = takeParseWorker();
  running.set(id, worker);
  // Worker-level failures (a crash, out of memory) reject here instead of hanging.
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the parser crashed')));
  });
  let lastProgressAt = 0;
  const onProgress = Comlink.proxy((done: number, total: number, phase: string) => {
    const now = performance.now();
    if (now - lastProgressAt < 50 && done < total) return;
    lastProgressAt = now;
    if (running.has(id)) useGoLens.getState().setProgress(id, { done, total, phase });
  });
  try {
    const r = await Promise.race([api.parse(blob, onProgress), crashed]);
    if (!running.has(id)) return; // cancelled meanwhile
    if (r.ok) {
      useGoLens.getState().setParsed(id, r.parsed, r.derived, r.hash);
    } else {
      useGoLens.getState().setFailed(id, r.error);
      forget(id); // a file that cannot be read is not brought back by a reload
    }
  } catch (e) {
    if (!running.has(id)) return;
    useGoLens.getState().setFailed(id, message('parser.crashed', { detail: e instanceof Error ? e.message : String(e) }));
    forget(id);
  } finally {
    // The next file finds a worker ready too. Started once the page is idle: loading and
    // compiling the parser takes a core for a while, which the first draw of this file needs.
    if (running.size <= 1) whenIdle(() => prestartParseWorker());
    running.delete(id);
    worker.terminate();
  }
}

function whenIdle(fn: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number })
    .requestIdleCallback;
  if (idle) idle(fn, { timeout: 2000 });
  else setTimeout(fn, 500);
}

function stopWorker(id: FileId): void {
  const worker = running.get(id);
  if (!worker) return;
  running.delete(id);
  worker.terminate();
}

/** Stops a file's parse; the file leaves the list (and the session). */
export function cancelLoad(id: FileId): void {
  if (!running.has(id)) return;
  removeFile(id);
}

/**
 * A view threw while showing this file (views' error boundary): it stays listed, marked with
 * the error, and comes back after a reload marked too, not as "ready".
 */
export function markRenderFailed(id: FileId, view: string, detail: string): void {
  const error = message('view.failed', { view, detail });
  useGoLens.getState().setRenderError(id, error);
  if (remembered.has(id)) void markSessionEntryFailed(id, error);
}

/** Sources of files restored marked as failed, for "open again". */
const failedSources = new Map<FileId, LoadRequest>();

/** A session file that made a view fail last time: listed with its error, not parsed. */
export function restoreFailedFile(req: LoadRequest & { id: FileId }, error: Message): void {
  useGoLens.getState().addLoading({ id: req.id, name: req.name, size: req.source instanceof Blob ? req.source.size : 0, origin: req.origin ?? 'user' }, false);
  useGoLens.getState().setFailed(req.id, error);
  remembered.add(req.id);
  failedSources.set(req.id, req);
}

/** Whether a failed file can be opened again (it came back from the session). */
export function canRetry(id: FileId): boolean {
  return failedSources.has(id);
}

/** Opens a file marked failed again (the user asked to). */
export function retryFile(id: FileId): void {
  const req = failedSources.get(id);
  if (!req) return;
  failedSources.delete(id);
  useGoLens.getState().removeFile(id);
  void saveSessionEntry({ key: id, name: req.name, order: Date.now(), origin: req.origin ?? 'user', ...(req.source instanceof Blob ? { blob: req.source } : {}), ...(typeof req.remember === 'object' ? { url: req.remember.url } : {}) });
  loadFile({ ...req, selectWhenReady: true });
}

/** Fetches a file served beside the app (relative URL: works under any sub-path). */
export function fetchBlob(url: string): () => Promise<Blob> {
  return async () => {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${url}`);
    return res.blob();
  };
}

/**
 * Makes a comparison's profile in a worker of its own (the models are copied to it; the result
 * comes back by transfer): a large pair takes seconds, which the page would freeze for.
 */
export function requestComparison(base: FileId, target: FileId, mode: 'diff_base' | 'base'): void {
  const s = useGoLens.getState();
  const key = comparisonKey(base, target, mode);
  if (s.comparisons[key]) return;
  const baseEntry = s.files.find((f) => f.id === base);
  const targetEntry = s.files.find((f) => f.id === target);
  const b = baseEntry?.parsed;
  const t = targetEntry?.parsed;
  if (b?.kind !== 'profile' || t?.kind !== 'profile') return;
  // Each side's first view: the comparison's call tree is theirs merged (-diff_base), its first view their top tables and flame trees side by side.
  const baseView = baseEntry?.derived?.initialView;
  const targetView = targetEntry?.derived?.initialView;
  const sides = baseView && targetView ? { base: baseView, target: targetView } : undefined;
  s.setComparison(key, { status: 'working' });
  const { worker, api } = newParseWorker();
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker crashed')));
  });
  Promise.race([api.diffForView(b as ProfileModel, t as ProfileModel, mode, sides), crashed])
    .then((r) =>
      useGoLens.getState().setComparison(key, r.ok ? { status: 'ready', diff: r.diff, firstView: r.firstView } : { status: 'error', error: r.error }),
    )
    .catch((e: unknown) =>
      useGoLens.getState().setComparison(key, { status: 'error', error: message('parser.crashed', { detail: e instanceof Error ? e.message : String(e) }) }),
    )
    .finally(() => worker.terminate());
}

type Api = ParseWorkerApi;
export type GoroutinePageResult = Awaited<ReturnType<Api['goroutinePage']>>;
export type TasksPageResult = Awaited<ReturnType<Api['tasksPage']>>;
export type MmuCurveResult = Awaited<ReturnType<Api['mmuCurve']>>;
export type MmuWorstResult = Awaited<ReturnType<Api['mmuWorst']>>;
export type BlockingPageResult = Awaited<ReturnType<Api['blockingPage']>>;
export type LeakSuspectsResult = Awaited<ReturnType<Api['leakSuspects']>>;
type TraceWork = 'goroutinePage' | 'tasksPage' | 'mmuCurve' | 'mmuWorst' | 'blockingPage' | 'leakSuspects';

/** A trace's analysis worker: it holds a copy of the model and answers go tool trace's pages from it. */
type TraceWorker = { worker: Worker; api: Comlink.Remote<Api>; crashed: Promise<never>; results: Map<string, Promise<unknown>> };
const traceWorkers = new Map<TraceModel, TraceWorker>();
/** Results kept per trace (the whole trace's, and the last ranges' and widths'). */
const KEPT_RESULTS = 64;

/**
 * The analysis worker of a trace, started on first use: the model is copied to it once, and
 * every analysis (whole trace, brushed range, MMU flags and widths) runs there. It ends when no
 * open file holds the model any more.
 */
function traceWorkerOf(t: TraceModel): TraceWorker {
  let w = traceWorkers.get(t);
  if (w) return w;
  const { worker, api } = newParseWorker();
  const crashed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(e.message || 'the worker crashed')));
  });
  crashed.catch(() => {});
  // Comlink's calls reach the worker in order: every analysis finds the model there.
  void api.holdTrace(t);
  w = { worker, api, crashed, results: new Map() };
  traceWorkers.set(t, w);
  releaseClosedTraces.subscribe();
  return w;
}

const releaseClosedTraces = {
  unsubscribe: null as (() => void) | null,
  subscribe() {
    this.unsubscribe ??= useGoLens.subscribe((s) => {
      for (const [t, w] of traceWorkers) {
        if (s.files.some((f) => f.parsed === t)) continue;
        w.worker.terminate();
        traceWorkers.delete(t);
      }
    });
  },
};

/**
 * One analysis of a trace in its worker, kept per trace and arguments. While it runs the page
 * is not idle (`document.body.dataset.idle`), so tests wait for its result.
 */
function traceAnalysis<W extends TraceWork>(t: TraceModel, work: W, ...args: Parameters<Api[W]>): Promise<Awaited<ReturnType<Api[W]>>> {
  type R = Awaited<ReturnType<Api[W]>>;
  const w = traceWorkerOf(t);
  const key = `${work}(${JSON.stringify(args)})`;
  const had = w.results.get(key);
  if (had) return had as Promise<R>;
  if (w.results.size >= KEPT_RESULTS) w.results.delete(w.results.keys().next().value!);
  useGoLens.getState().traceWorkStarted();
  const call = (w.api[work] as unknown as (...a: Parameters<Api[W]>) => Promise<R>)(...args);
  const p = Promise.race([call, w.crashed])
    .catch((e: unknown) => ({ ok: false as const, error: message('parser.crashed', { detail: e instanceof Error ? e.message : String(e) }) }) as R)
    .finally(() => useGoLens.getState().traceWorkEnded());
  w.results.set(key, p);
  return p;
}

/** go tool trace's Goroutines page: of the whole trace (null) or a range. */
export const goroutinePageOf = (t: TraceModel, range: TimeRange | null): Promise<GoroutinePageResult> => traceAnalysis(t, 'goroutinePage', range);
/** go tool trace's tasks and regions pages: of the whole trace (null) or a range. */
export const tasksPageOf = (t: TraceModel, range: TimeRange | null): Promise<TasksPageResult> => traceAnalysis(t, 'tasksPage', range);
/** The MMU curve for a set of utilization flags: of the whole trace (null) or the windows inside a range. */
export const mmuCurveOf = (t: TraceModel, flags: number, range: TimeRange | null): Promise<MmuCurveResult> => traceAnalysis(t, 'mmuCurve', flags, range);
/** The MMU at one width and its worst windows: of the whole trace (null) or a range. */
export const mmuWorstOf = (t: TraceModel, flags: number, range: TimeRange | null, windowNs: number): Promise<MmuWorstResult> =>
  traceAnalysis(t, 'mmuWorst', flags, range, windowNs);
/** go tool trace's four blocking profiles: of the whole trace (null) or a range. */
export const blockingPageOf = (t: TraceModel, range: TimeRange | null): Promise<BlockingPageResult> => traceAnalysis(t, 'blockingPage', range);
/** The trace's leak suspects (goroutines blocked and never woken before its end). */
export const leakSuspectsOf = (t: TraceModel): Promise<LeakSuspectsResult> => traceAnalysis(t, 'leakSuspects');
