// What the app opens with: the files of the last session in this browser, or the demo.

import { fetchBlob, loadFile, restoreFailedFile } from './loader';
import { listSessionEntries } from './session';

/** Real profiles of the fixtures' `leak` and `pool` scenarios (Go 1.27), served from public/demo. */
export const DEMO_FILES: { name: string; url: string }[] = [
  { name: 'leak-heap.pb.gz', url: 'demo/leak-heap.pb.gz' },
  { name: 'pool-cpu.pb.gz', url: 'demo/pool-cpu.pb.gz' },
  { name: 'pool-allocs.pb.gz', url: 'demo/pool-allocs.pb.gz' },
];

export const DEMO_URLS = DEMO_FILES.map((d) => d.url);

export async function openStartupFiles(): Promise<void> {
  const entries = await listSessionEntries();
  if (entries.length > 0) {
    let first = true;
    for (const e of entries) {
      const source = e.blob ?? (e.url ? fetchBlob(e.url) : null);
      if (!source) continue;
      const req = { source, name: e.name, remember: e.blob ? ('blob' as const) : { url: e.url! }, id: e.key, origin: e.origin ?? 'user' };
      // A file a view failed on last time comes back marked, to be opened again on request.
      if (e.failed) restoreFailedFile(req, e.failed);
      else loadFile({ ...req, selectWhenReady: first });
      if (!e.failed) first = false;
    }
    return;
  }
  // ?empty opens the app without its demo (first visits of tests and of people who know it).
  if (new URLSearchParams(location.search).has('empty')) return;
  DEMO_FILES.forEach((d, i) =>
    loadFile({ source: fetchBlob(d.url), name: d.name, remember: { url: d.url }, origin: 'demo', selectWhenReady: i === 0 }),
  );
}
