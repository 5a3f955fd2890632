// Vite plugin: writes sw.js, a service worker that caches every file of the build so the app
// works offline once opened (an installable PWA). The cache name is a hash of the files' names
// and contents, so any change of the build (report.html, public/ files included) is a new
// version. All paths are relative: any sub-path works.
//
// Updates: a new version installs beside the running one (its own cache, fetched past the HTTP
// cache) and waits; the page offers to reload (src/store/app-update.ts). Only the user's click
// posts 'skip-waiting', and the page reloads once the new worker controls it. A first install
// (no page controlled yet) takes over at once. Why not vite-plugin-pwa (Workbox): README.md.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/** The message a page posts to the waiting worker so that it takes over (src/store/app-update.ts). */
const SKIP_WAITING = 'skip-waiting';

function serviceWorkerSource(files: string[], version: string): string {
  return `// Generated at build time by scripts/service-worker-plugin.ts.
const CACHE = 'golens-${version}';
const FILES = ${JSON.stringify(['./', ...files.map((f) => './' + f)])};

self.addEventListener('install', (event) => {
  // cache: 'reload': this version's files from the server, never a stale HTTP-cached copy.
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES.map((f) => new Request(f, { cache: 'reload' })))));
});

// A running page keeps its version until the user chooses to reload (the page's prompt).
self.addEventListener('message', (event) => {
  if (event.data === ${JSON.stringify(SKIP_WAITING)}) self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('golens-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === 'navigate') {
    // The app is one page: answer navigations with the cached shell, the network as fallback.
    event.respondWith(caches.match('./', { cacheName: CACHE, ignoreSearch: true, ignoreVary: true }).then((r) => r || fetch(req)));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE, ignoreSearch: true, ignoreVary: true }).then((r) => r || fetch(req)));
});
`;
}

export function serviceWorker(): Plugin {
  let publicDir = 'public';
  return {
    name: 'golens-service-worker',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const hash = createHash('sha256');
      // _headers (the CSP plugin's) is read by the host, which may not serve it.
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && f !== '_headers' && !f.endsWith('.map'));
      const contents = new Map<string, string | Uint8Array>();
      for (const f of files) {
        const out = bundle[f];
        contents.set(f, out.type === 'chunk' ? out.code : out.source);
      }
      // Files copied from public/ are not in the bundle: list them too.
      const publicFiles = publicDir
        ? readdirSync(publicDir, { recursive: true, withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => `${d.parentPath.slice(publicDir.length + 1)}/${d.name}`.replace(/^\//, ''))
        : [];
      for (const f of publicFiles) if (!contents.has(f)) contents.set(f, readFileSync(join(publicDir, f)));
      const all = [...contents.keys()].sort();
      for (const f of all) hash.update(f).update('\0').update(contents.get(f)!).update('\0');
      const version = hash.digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(all, version) });
    },
  };
}
