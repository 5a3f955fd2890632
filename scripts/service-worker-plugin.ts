// Vite plugin: writes sw.js, a service worker that caches every file of the build so the app
// works offline once opened (an installable PWA). The cache name carries a hash of the file
// list, so a new build replaces the old cache. All paths are relative: any sub-path works.

import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';

function serviceWorkerSource(files: string[], version: string): string {
  return `// Generated at build time by scripts/service-worker-plugin.ts.
const CACHE = 'golens-${version}';
const FILES = ${JSON.stringify(['./', ...files.map((f) => './' + f)])};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((c) => c.addAll(FILES)).then(() => self.skipWaiting()));
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
    event.respondWith(caches.match('./', { ignoreSearch: true, ignoreVary: true }).then((r) => r || fetch(req)));
    return;
  }
  event.respondWith(caches.match(req, { ignoreSearch: true, ignoreVary: true }).then((r) => r || fetch(req)));
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
      // _headers (the CSP plugin's) is read by the host, which may not serve it.
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && f !== '_headers' && !f.endsWith('.map'));
      // Files copied from public/ are not in the bundle: list them too.
      const publicFiles = publicDir
        ? readdirSync(publicDir, { recursive: true, withFileTypes: true })
            .filter((d) => d.isFile())
            .map((d) => `${d.parentPath.slice(publicDir.length + 1)}/${d.name}`.replace(/^\//, ''))
        : [];
      const all = [...new Set([...files, ...publicFiles])].sort();
      const version = createHash('sha256').update(all.join('\n')).digest('hex').slice(0, 12);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: serviceWorkerSource(all, version) });
    },
  };
}
