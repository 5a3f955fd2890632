// The session: which files are open, kept in this browser's IndexedDB so that a reload
// restores them (nothing leaves the machine). Demo files are kept as their URL, dropped files
// as the File itself (IndexedDB stores Blobs without copying them into JS memory). The entry's
// key is the file's id in the workspace, so a reload gives every file its id back.
//
// Storage can be missing or fail (private windows, quota, a SecurityError in a sandboxed
// frame): the app works on, and the store's `storage` says that files will not survive a
// reload, so the page tells the user instead of losing them silently.

import { message, type Message } from '../base/messages';
import { useGoLens } from './store';

export type SessionEntry = {
  key: string;
  name: string;
  url?: string;
  blob?: Blob;
  order: number;
  origin?: 'user' | 'demo';
  /** A view threw on this file: restored marked, not as ready. */
  failed?: Message;
};

const DB_NAME = 'golens';
const STORE = 'session';

let dbPromise: Promise<IDBDatabase | null> | null = null;

function storageFailed(detail: string): void {
  useGoLens.getState().setStorage({ ok: false, problem: message('storage.failed', { detail }) });
}

function describe(e: unknown): string {
  if (e instanceof DOMException) return `${e.name}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

function openDb(): Promise<IDBDatabase | null> {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      if (typeof indexedDB === 'undefined') {
        storageFailed('IndexedDB is not available in this browser');
        return resolve(null);
      }
      req = indexedDB.open(DB_NAME, 1);
    } catch (e) {
      // A sandboxed frame or a browser setting: a SecurityError on first touch.
      storageFailed(describe(e));
      return resolve(null);
    }
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => {
      storageFailed(describe(req.error));
      resolve(null);
    };
    req.onblocked = () => {
      storageFailed('the session database is blocked by another tab');
      resolve(null);
    };
  });
  return dbPromise;
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  return openDb().then(
    (db) =>
      new Promise<T | null>((resolve) => {
        if (!db) return resolve(null);
        try {
          const tx = db.transaction(STORE, mode);
          const req = op(tx.objectStore(STORE));
          req.onsuccess = () => resolve(req.result);
          req.onerror = (ev) => {
            ev.preventDefault(); // handled here: not an uncaught page error
            storageFailed(describe(req.error));
            resolve(null);
          };
          tx.onabort = () => {
            // Quota exceeded ends the transaction, not only the request.
            if (tx.error) storageFailed(describe(tx.error));
            resolve(null);
          };
        } catch (e) {
          storageFailed(describe(e));
          resolve(null);
        }
      }),
  );
}

let counter = 0;
/** A new file id: short, unique in this browser (it is also the session key). */
export function newSessionKey(): string {
  counter++;
  return `${(Date.now() % 1e8).toString(36)}${counter.toString(36)}${Math.random().toString(36).slice(2, 5)}`;
}

export function saveSessionEntry(entry: SessionEntry): Promise<unknown> {
  return run('readwrite', (s) => s.put(entry));
}

export function removeSessionEntry(key: string): Promise<unknown> {
  return run('readwrite', (s) => s.delete(key));
}

export async function markSessionEntryFailed(key: string, failed: Message): Promise<void> {
  const entry = await run('readonly', (s) => s.get(key) as IDBRequest<SessionEntry | undefined>);
  if (entry) await saveSessionEntry({ ...entry, failed });
}

export async function listSessionEntries(): Promise<SessionEntry[]> {
  const all = (await run('readonly', (s) => s.getAll() as IDBRequest<SessionEntry[]>)) ?? [];
  return all.sort((a, b) => a.order - b.order);
}
