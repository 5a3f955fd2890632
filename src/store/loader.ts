// Loading files: one parse worker per file (the only importer of comlink). Cancelling or a
// failure terminates the worker, so a bad file can never hang the app or touch other files.

import * as Comlink from 'comlink';
import type { ParseWorkerApi } from '../../workers/parse-worker';
import { newSessionKey, removeSessionEntry, saveSessionEntry } from './session';
import { useGoLens, type FileId } from './store';
import { DEMO_FILES } from './startup';
import { setPrecomputedInitialView, setPrecomputedTraceTimeline } from './selectors';

const running = new Map<FileId, Worker>();
/** Session key of each file kept for reloads. */
const sessionKeys = new Map<FileId, string>();
let nextId = 1;

/** A file id unique in this tab; names repeat (several heap.pb.gz), ids do not. */
function newId(): FileId {
  return `f${nextId++}`;
}

/** How a file is remembered for the next reload: its URL (demo), itself, or not at all. */
export type Remember = { url: string } | 'blob' | 'no';

/** Files the user opened: the first of them is shown when ready. */
export function loadFiles(files: Iterable<File>): FileId[] {
  const ids: FileId[] = [];
  for (const f of files) ids.push(loadFile(f, f.name, 'blob', undefined, ids.length === 0));
  return ids;
}

/**
 * Loads one file. `source` is the file, or a function that fetches it (a demo file or a
 * session entry), so the sidebar shows the file as loading from the first moment.
 */
export function loadFile(
  source: Blob | (() => Promise<Blob>),
  name: string,
  remember: Remember,
  sessionKey?: string,
  selectWhenReady = false,
): FileId {
  const id = newId();
  useGoLens.getState().addLoading(id, name, source instanceof Blob ? source.size : 0, selectWhenReady);
  if (remember !== 'no') {
    const key = sessionKey ?? newSessionKey();
    sessionKeys.set(id, key);
    if (!sessionKey) {
      void saveSessionEntry({
        key,
        name,
        order: Date.now() + nextId / 1000,
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
      useGoLens.getState().setFailed(id, `${name}: could not be read (${e instanceof Error ? e.message : String(e)})`);
      return;
    }
    await runParse(id, blob, name);
  })();
  return id;
}

/** Removes a file from the app and from the session. */
export function removeFile(id: FileId): void {
  cancelLoad(id);
  const key = sessionKeys.get(id);
  if (key) void removeSessionEntry(key);
  sessionKeys.delete(id);
  useGoLens.getState().removeFile(id);
}

/**
 * A worker and its one Comlink proxy, kept together: when every proxy of a worker has been
 * garbage-collected, Comlink tells the worker to stop listening.
 */
type ParseWorker = { worker: Worker; api: Comlink.Remote<ParseWorkerApi> };

function newParseWorker(): ParseWorker {
  const worker = new Worker(new URL('../../workers/parse-worker.ts', import.meta.url), { type: 'module', name: 'parse' });
  return { worker, api: Comlink.wrap<ParseWorkerApi>(worker) };
}

/**
 * One worker is kept started ahead of need: loading and compiling the parser takes a good part
 * of the first file's wait (≈ 180 ms on a large profile) and is done before the file arrives.
 * While it waits, from the page's first idle moment, it prepares itself (workers/parse-worker.ts
 * `prepare`): it parses the demo profiles (served with the app, so offline too) to compile the
 * parser, then writes the pages of 32 MB a large profile's columns will take. A file stops that.
 */
let spareWorker: ParseWorker | null = null;
/** Settles when the spare has prepared itself (or was taken first): the bench waits on it. */
let sparePrepared: ReturnType<ParseWorkerApi['ready']> = Promise.resolve(null);

export function prestartParseWorker(): void {
  if (spareWorker || typeof Worker === 'undefined') return;
  const spare = (spareWorker = newParseWorker());
  const warmUpUrls = DEMO_FILES.map((d) => new URL(d.url, document.baseURI).href);
  sparePrepared = new Promise((resolve) =>
    whenIdle(() => {
      if (spareWorker !== spare) return resolve(null);
      void spare.api.prepare(warmUpUrls);
      resolve(spare.api.ready());
    }),
  );
}

function takeParseWorker(): ParseWorker {
  const w = spareWorker ?? newParseWorker();
  spareWorker = null;
  return w;
}

async function runParse(id: FileId, blob: Blob, name: string): Promise<void> {
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
    const { parsed, traceTimeline, initialView } = await Promise.race([api.parse(blob, onProgress), crashed]);
    if (!running.has(id)) return; // cancelled meanwhile
    if (parsed.kind === 'trace' && traceTimeline) setPrecomputedTraceTimeline(parsed, traceTimeline);
    if (parsed.kind === 'profile' && initialView) setPrecomputedInitialView(parsed, initialView);
    useGoLens.getState().setParsed(id, parsed);
  } catch (e) {
    if (!running.has(id)) return;
    useGoLens.getState().setFailed(id, `${name}: ${e instanceof Error ? e.message : String(e)}`);
    // A file that cannot be read is not brought back by a reload.
    const key = sessionKeys.get(id);
    if (key) void removeSessionEntry(key);
  } finally {
    // The next file finds a worker ready too. Started once the page is idle: loading and
    // compiling the parser takes a core for ≈ 100 ms, which the first draw of this file needs.
    if (running.size <= 1) whenIdle(prestartParseWorker);
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

/** Stops a file's parse; the file leaves the list (and the session). */
export function cancelLoad(id: FileId): void {
  const worker = running.get(id);
  if (!worker) return;
  running.delete(id);
  worker.terminate();
  const key = sessionKeys.get(id);
  if (key) void removeSessionEntry(key);
  sessionKeys.delete(id);
  useGoLens.getState().removeFile(id);
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
 * For the browser bench (`?bench`): one parse in the worker a user's file would go to (the
 * pre-started spare, once it is ready), timed stage by stage; then a new spare, as runParse does.
 */
export async function benchParseInSpareWorker(file: Blob) {
  prestartParseWorker();
  const prepared = await sparePrepared;
  const { worker, api } = takeParseWorker();
  try {
    return { ...(await api.timedParse(file, 'auto')), ...prepared };
  } finally {
    worker.terminate();
    prestartParseWorker();
  }
}

/** For the browser bench: resolves when the spare worker is prepared (with how long it took). */
export async function benchSpareReady() {
  prestartParseWorker();
  return sparePrepared;
}

/**
 * For the browser bench: `runs` parses in one worker, as fast as a warm JIT makes them (their
 * columns in new memory each time: no arena). Like the cold parse below, started once the
 * spare has prepared itself: its work would slow this one.
 */
export async function benchParseWarm(file: Blob, runs: number) {
  await sparePrepared;
  const { worker, api } = newParseWorker();
  try {
    const out = [];
    for (let i = 0; i < runs; i++) out.push(await api.timedParse(file, 'auto'));
    return out;
  } finally {
    worker.terminate();
  }
}

/** For the browser bench (`?bench`): one parse in a fresh worker, timed stage by stage. */
export async function benchParseInWorker(file: Blob, gunzip: 'pako' | 'stream') {
  await sparePrepared;
  const worker = new Worker(new URL('../../workers/parse-worker.ts', import.meta.url), { type: 'module' });
  try {
    return await Comlink.wrap<ParseWorkerApi>(worker).timedParse(file, gunzip);
  } finally {
    worker.terminate();
  }
}
