// A new version of the app. The built app's service worker (scripts/service-worker-plugin.ts)
// installs a new build beside the running one and waits; then the page offers to reload
// (views/workspace/UpdatePrompt.tsx). Only the user's click makes the waiting worker take over
// ('skip-waiting'), and the page reloads once when it controls the page; the session
// (store/session.ts) and the URL bring the open files and the view back, as after any reload.
// A first install (no page controlled yet) is no update: nothing is offered.

import { useSyncExternalStore } from 'react';

/** The message the waiting worker takes over on (scripts/service-worker-plugin.ts). */
const SKIP_WAITING = 'skip-waiting';
/** How often an open page asks the server for a new version (the browser also does on navigation). */
const CHECK_EVERY_MS = 60 * 60 * 1000;

type UpdateState = {
  /** A new version is installed and waiting. */
  ready: boolean;
  /** The user chose "Not now" for this one. */
  dismissed: boolean;
};

// Its own small state, not the workspace's (store.ts): it is about the app, not the files.
let state: UpdateState = { ready: false, dismissed: false };
const listeners = new Set<() => void>();
function setState(s: UpdateState): void {
  state = s;
  for (const l of listeners) l();
}
function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Whether to show the update prompt (outside React). */
export const updateReady = (): boolean => state.ready && !state.dismissed;
/** Whether to show the update prompt. */
export const useUpdateReady = (): boolean => useSyncExternalStore(subscribe, updateReady);

let watched: { registration: ServiceWorkerRegistration; container: ServiceWorkerContainer; reload: () => void } | null = null;

/**
 * Watches a registration for a new version waiting to take over. `reload` is the page's reload
 * (a parameter for tests).
 */
export function watchForUpdates(
  registration: ServiceWorkerRegistration,
  container: ServiceWorkerContainer,
  reload: () => void = () => location.reload(),
): void {
  watched = { registration, container, reload };
  // Without a controller this page runs no earlier version: a worker installing now is the first.
  const offer = () => {
    if (container.controller && registration.waiting) setState({ ready: true, dismissed: false });
  };
  const track = (sw: ServiceWorker | null) =>
    sw?.addEventListener('statechange', () => {
      if (sw.state === 'installed') offer();
    });
  offer();
  track(registration.installing);
  registration.addEventListener('updatefound', () => track(registration.installing));
}

/** Asks the server for a new version now and then (offline, the check fails quietly). */
export function checkForUpdatesPeriodically(registration: ServiceWorkerRegistration): void {
  setInterval(() => void registration.update().catch(() => {}), CHECK_EVERY_MS);
}

/** The prompt's Reload: the waiting version takes over, then the page reloads once. */
export function reloadToUpdate(): void {
  if (!watched) return;
  const { registration, container, reload } = watched;
  const waiting = registration.waiting;
  // Another tab's click may have made it take over already: this page's reload loads it.
  if (!waiting) {
    reload();
    return;
  }
  let reloaded = false;
  container.addEventListener('controllerchange', () => {
    if (reloaded) return;
    reloaded = true;
    reload();
  });
  waiting.postMessage(SKIP_WAITING);
}

/** The prompt's "Not now": hidden until a newer version is installed (or the next load). */
export function dismissUpdate(): void {
  setState({ ...state, dismissed: true });
}
