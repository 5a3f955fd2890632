// The page's hooks for `npm run bench` (browser part, scripts/bench-browser.ts), installed only
// on `?bench`: parses timed stage by stage inside a real worker — cold (a new worker), in the
// worker a dropped file goes to (the app's prepared spare), and warm (the 4th parse in one
// worker) — and the spare's preparation. Nothing here runs in the app itself.

import { newParseWorker, prestartParseWorker, spareReady, takeParseWorker } from '../store/loader';
import type { GunzipImpl } from '../base/gzip';

/** One parse in the worker a user's file would go to (the spare, once prepared); then a new spare. */
async function parseInSpareWorker(file: Blob) {
  prestartParseWorker();
  const prepared = await spareReady();
  const { worker, api } = takeParseWorker();
  try {
    return { ...(await api.timedParse(file, 'auto')), ...prepared };
  } finally {
    worker.terminate();
    prestartParseWorker();
  }
}

/** Resolves when the spare worker is prepared (with how long it took). */
async function spareReadyHook() {
  prestartParseWorker();
  return spareReady();
}

/**
 * `runs` parses in one worker, as fast as a warm JIT makes them (their columns in new memory
 * each time: no arena). Like the cold parse below, started once the spare has prepared itself.
 */
async function parseWarm(file: Blob, runs: number) {
  await spareReady();
  const { worker, api } = newParseWorker();
  try {
    const out = [];
    for (let i = 0; i < runs; i++) out.push(await api.timedParse(file, 'auto'));
    return out;
  } finally {
    worker.terminate();
  }
}

/** One parse in a fresh worker, timed stage by stage. */
async function parseInWorker(file: Blob, gunzip: GunzipImpl) {
  await spareReady();
  const { worker, api } = newParseWorker();
  try {
    return await api.timedParse(file, gunzip);
  } finally {
    worker.terminate();
  }
}

export function installBenchHooks(): void {
  (window as unknown as { golensBench: unknown }).golensBench = {
    parseInWorker,
    parseInSpareWorker,
    parseWarm,
    spareReady: spareReadyHook,
  };
}
