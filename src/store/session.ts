// The session: which files are open, kept in this browser's IndexedDB so that a reload
// restores them (nothing leaves the machine). Demo files are kept as their URL, dropped
// files as the File itself (IndexedDB stores Blobs without copying them into JS memory).

export type SessionEntry = { key: string; name: string; url?: string; blob?: Blob; order: number };

const DB_NAME = 'golens';
const STORE = 'session';

let dbPromise: Promise<IDBDatabase | null> | null = null;

function openDb(): Promise<IDBDatabase | null> {
  if (dbPromise) return dbPromise;
  dbPromise = new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    // Private windows may refuse storage: the app works, reloads just forget the files.
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
  return dbPromise;
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  return openDb().then(
    (db) =>
      new Promise<T | null>((resolve) => {
        if (!db) return resolve(null);
        try {
          const req = op(db.transaction(STORE, mode).objectStore(STORE));
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => resolve(null);
        } catch {
          resolve(null);
        }
      }),
  );
}

let counter = 0;
export function newSessionKey(): string {
  counter++;
  return `${Date.now().toString(36)}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function saveSessionEntry(entry: SessionEntry): Promise<unknown> {
  return run('readwrite', (s) => s.put(entry));
}

export function removeSessionEntry(key: string): Promise<unknown> {
  return run('readwrite', (s) => s.delete(key));
}

export async function listSessionEntries(): Promise<SessionEntry[]> {
  const all = (await run('readonly', (s) => s.getAll() as IDBRequest<SessionEntry[]>)) ?? [];
  return all.sort((a, b) => a.order - b.order);
}

/** Resolves true once the session store answered (or cannot be used). */
export async function sessionAvailable(): Promise<boolean> {
  return (await openDb()) !== null;
}
