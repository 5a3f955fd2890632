// What the app opens with: the files of the last session in this browser, or the demo.

import { fetchBlob, loadFile } from './loader';
import { listSessionEntries } from './session';

/** Real profiles of the fixtures' `leak` and `pool` scenarios (Go 1.27), served from public/demo. */
export const DEMO_FILES: { name: string; url: string }[] = [
  { name: 'leak-heap.pb.gz', url: 'demo/leak-heap.pb.gz' },
  { name: 'pool-cpu.pb.gz', url: 'demo/pool-cpu.pb.gz' },
  { name: 'pool-allocs.pb.gz', url: 'demo/pool-allocs.pb.gz' },
];

export async function openStartupFiles(): Promise<void> {
  const entries = await listSessionEntries();
  if (entries.length > 0) {
    entries.forEach((e, i) => {
      if (e.blob) loadFile(e.blob, e.name, 'blob', e.key, i === 0);
      else if (e.url) loadFile(fetchBlob(e.url), e.name, { url: e.url }, e.key, i === 0);
    });
    return;
  }
  // ?empty opens the app without its demo (first visits of tests and of people who know it).
  if (new URLSearchParams(location.search).has('empty')) return;
  DEMO_FILES.forEach((d, i) => loadFile(fetchBlob(d.url), d.name, { url: d.url }, undefined, i === 0));
}
