// Storage that cannot keep the files says so (store.storage → the storage-notice), in every way
// IndexedDB fails: missing, open throwing (SecurityError), open failing, a put throwing
// (QuotaExceededError), a transaction aborted by the quota; and nothing is thrown at the page.
// A small stand-in for IndexedDB is enough: the code under test only calls open, transaction,
// objectStore and put/get/getAll/delete.

import { cleanup, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFixture } from '../test-utils/fixtures';

type Fail = 'none' | 'open-throws' | 'open-error' | 'put-throws' | 'tx-abort';

/** An IndexedDB whose one failure is `fail`; everything else succeeds asynchronously. */
function fakeIndexedDB(fail: Fail) {
  const rows = new Map<string, unknown>();
  const later = (f: () => void) => setTimeout(f, 0);
  const request = <T,>(result: () => T, error: DOMException | null = null) => {
    const req = { result: undefined as T | undefined, error, onsuccess: null as null | (() => void), onerror: null as null | ((e: Event) => void) };
    later(() => {
      if (error) req.onerror?.({ preventDefault() {} } as Event);
      else {
        req.result = result();
        req.onsuccess?.();
      }
    });
    return req;
  };
  const store = {
    put(v: { key: string; blob?: Blob }) {
      if (fail === 'put-throws') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return request(() => (rows.set(v.key, v), v.key));
    },
    get: (k: string) => request(() => rows.get(k)),
    getAll: () => request(() => [...rows.values()]),
    delete: (k: string) => request(() => rows.delete(k)),
  };
  const db = {
    createObjectStore: () => store,
    transaction() {
      const tx = { error: null as DOMException | null, onabort: null as null | (() => void), objectStore: () => store };
      if (fail === 'tx-abort') {
        const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        const s = { ...store, put: () => request(() => '', quota) };
        tx.objectStore = () => s;
        later(() => {
          tx.error = quota;
          tx.onabort?.();
        });
      }
      return tx;
    },
  };
  return {
    open() {
      if (fail === 'open-throws') throw new DOMException('The operation is insecure.', 'SecurityError');
      const req = request(() => db, fail === 'open-error' ? new DOMException('Internal error opening backing store', 'UnknownError') : null) as ReturnType<
        typeof request
      > & { onupgradeneeded?: () => void; onblocked?: () => void };
      return req;
    },
  };
}

async function withIndexedDB(idb: unknown) {
  vi.resetModules();
  vi.stubGlobal('indexedDB', idb);
  const session = await import('./session');
  const { useGoLens } = await import('./store');
  const heap = new File([readFixture('leak/go1.27/heap_after.pb.gz') as Uint8Array<ArrayBuffer>], 'heap_after.pb.gz');
  const saved = await session.saveSessionEntry({ key: session.newSessionKey(), name: heap.name, blob: heap, order: 1 });
  const listed = await session.listSessionEntries();
  return { storage: useGoLens.getState().storage, saved, listed };
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('session storage failures', () => {
  it('works when IndexedDB does', async () => {
    const r = await withIndexedDB(fakeIndexedDB('none'));
    expect(r.storage).toEqual({ ok: true });
    expect(r.listed.map((e) => e.name)).toEqual(['heap_after.pb.gz']);
  });

  for (const [fail, detail] of [
    ['open-throws', 'SecurityError: The operation is insecure.'],
    ['open-error', 'UnknownError: Internal error opening backing store'],
    ['put-throws', 'QuotaExceededError: The quota has been exceeded.'],
    ['tx-abort', 'QuotaExceededError: The quota has been exceeded.'],
  ] as const) {
    it(`${fail}: the store says files will not survive a reload, nothing thrown`, async () => {
      const r = await withIndexedDB(fakeIndexedDB(fail));
      expect(r.storage).toEqual({ ok: false, problem: { code: 'storage.failed', args: { detail } } });
      expect(r.saved).toBeNull();
    });
  }

  it('the workspace shows the notice (storage-notice) with the cause', async () => {
    await withIndexedDB(fakeIndexedDB('open-throws'));
    // The notice reads the store of this module graph (reset by withIndexedDB).
    const { WorkspaceNotices } = await import('../views/workspace/WorkspaceNotices');
    render(createElement(WorkspaceNotices, { onOpen() {} }));
    expect(screen.getByTestId('storage-notice').textContent).toBe(
      "Files will not survive a reload: this browser's storage cannot be used (SecurityError: The operation is insecure.).",
    );
  });

  it('no IndexedDB at all', async () => {
    const r = await withIndexedDB(undefined);
    expect(r.storage).toEqual({ ok: false, problem: { code: 'storage.failed', args: { detail: 'IndexedDB is not available in this browser' } } });
    expect(r.listed).toEqual([]);
  });
});
