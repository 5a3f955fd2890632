// The update flow's rules against the service worker API's events, played by EventTargets (the
// browser's own run is e2e/pwa-update.spec.ts): a waiting version is offered only to a page an
// earlier version controls, the page reloads only after the click, and once.

import { beforeEach, describe, expect, it, vi } from 'vitest';

class Worker extends EventTarget {
  messages: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(m: unknown) {
    this.messages.push(m);
  }
  set(state: ServiceWorkerState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class Registration extends EventTarget {
  installing: Worker | null = null;
  waiting: Worker | null = null;
}

class Container extends EventTarget {
  constructor(public controller: Worker | null) {
    super();
  }
}

async function load() {
  vi.resetModules();
  return import('./app-update');
}

function asApi(r: Registration, c: Container) {
  return [r as unknown as ServiceWorkerRegistration, c as unknown as ServiceWorkerContainer] as const;
}

/** The browser installs a new version: updatefound, then installed (it waits). */
function install(r: Registration): Worker {
  const sw = new Worker('installing');
  r.installing = sw;
  r.dispatchEvent(new Event('updatefound'));
  r.installing = null;
  r.waiting = sw;
  sw.set('installed');
  return sw;
}

describe('app update', () => {
  let reloads = 0;
  beforeEach(() => {
    reloads = 0;
  });

  it('a new version waiting is offered; Reload posts skip-waiting and reloads once, on controllerchange only', async () => {
    const m = await load();
    const r = new Registration();
    const c = new Container(new Worker('activated'));
    m.watchForUpdates(...asApi(r, c), () => reloads++);
    const ready = m.updateReady;
    expect(ready()).toBe(false);
    const sw = install(r);
    expect(ready()).toBe(true);
    expect(reloads).toBe(0);
    m.reloadToUpdate();
    expect(sw.messages).toEqual(['skip-waiting']);
    expect(reloads).toBe(0); // not before the new version controls the page
    c.controller = sw;
    c.dispatchEvent(new Event('controllerchange'));
    c.dispatchEvent(new Event('controllerchange'));
    expect(reloads).toBe(1);
  });

  it('no click, no reload: another tab taking over changes the controller but this page stays', async () => {
    const m = await load();
    const r = new Registration();
    const c = new Container(new Worker('activated'));
    m.watchForUpdates(...asApi(r, c), () => reloads++);
    const sw = install(r);
    r.waiting = null;
    sw.set('activated');
    c.controller = sw;
    c.dispatchEvent(new Event('controllerchange'));
    expect(reloads).toBe(0);
    expect(m.updateReady()).toBe(true);
    // Its Reload then loads what is active now.
    m.reloadToUpdate();
    expect(reloads).toBe(1);
  });

  it('a first install (no controller) is not an update', async () => {
    const m = await load();
    const r = new Registration();
    const c = new Container(null);
    m.watchForUpdates(...asApi(r, c), () => reloads++);
    install(r);
    expect(m.updateReady()).toBe(false);
  });

  it('a version already waiting when the page loads is offered', async () => {
    const m = await load();
    const r = new Registration();
    r.waiting = new Worker('installed');
    m.watchForUpdates(...asApi(r, new Container(new Worker('activated'))), () => reloads++);
    expect(m.updateReady()).toBe(true);
  });

  it('Not now hides it until a newer version is installed', async () => {
    const m = await load();
    const r = new Registration();
    m.watchForUpdates(...asApi(r, new Container(new Worker('activated'))), () => reloads++);
    install(r);
    m.dismissUpdate();
    expect(m.updateReady()).toBe(false);
    install(r);
    expect(m.updateReady()).toBe(true);
    expect(reloads).toBe(0);
  });
});
