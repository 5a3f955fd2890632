// What the app opens with: the files a link embeds (`#…&d=`), the files `golens open` serves
// (`?golens-open`), the files of a saved report, the files of the last session in this browser,
// or the demo.

import { fetchBlob, loadFile, openedTogether } from './loader';
import { restoreFailedFile } from './loader';
import { listSessionEntries, type SessionEntry } from './session';
import { readSharedRequest } from './share';
import { currentReport } from './report';
import { message } from '../base/messages';
import { useGoLens } from './store';

/** Real profiles of the fixtures' `leak` and `pool` scenarios (Go 1.27), served from public/demo. */
export const DEMO_FILES: { name: string; url: string }[] = [
  { name: 'leak-heap.pb.gz', url: 'demo/leak-heap.pb.gz' },
  { name: 'pool-cpu.pb.gz', url: 'demo/pool-cpu.pb.gz' },
  { name: 'pool-allocs.pb.gz', url: 'demo/pool-allocs.pb.gz' },
];

export const DEMO_URLS = DEMO_FILES.map((d) => d.url);

/** Where `golens open` lists the files it serves, relative to the app (src/cli/open.ts). */
export const OPEN_LIST = 'golens-open/files.json';


async function sameBytes(a: Blob, b: Uint8Array): Promise<boolean> {
  if (a.size !== b.length) return false;
  const x = new Uint8Array(await a.arrayBuffer());
  for (let i = 0; i < x.length; i++) if (x[i] !== b[i]) return false;
  return true;
}

export async function openStartupFiles(): Promise<void> {
  // A saved report (report.ts) carries its files; its view is in the URL already.
  const report = currentReport();
  if (report?.error) useGoLens.getState().addShareError(report.error);
  const shared = report
    ? { ...readSharedRequest(report.data ? `#d=${report.data.data}` : '', location.href), urls: [], badUrls: [] }
    : readSharedRequest(location.hash, location.href);
  if (shared.error) useGoLens.getState().addShareError(report ? message('report.data', { cause: shared.error.args.cause! }) : shared.error);
  for (const m of shared.badUrls) useGoLens.getState().addShareError(m);
  if (shared.urls.length > 0) useGoLens.getState().setLinkedUrls(shared.urls);
  const fromLink = shared.embedded !== null || shared.error !== null || shared.urls.length > 0 || shared.badUrls.length > 0;

  let entries: SessionEntry[] = report ? [] : await listSessionEntries();
  let first = true;
  if (shared.embedded) {
    for (const f of shared.embedded) {
      // The same file opened from the same link before is in the session already.
      const again = [];
      for (const e of entries) if (e.blob && e.name === f.name && (await sameBytes(e.blob, f.bytes))) again.push(e);
      if (again.length > 0) continue;
      const blob = new Blob([f.bytes as Uint8Array<ArrayBuffer>]);
      loadFile({ source: blob, name: f.name, remember: report ? 'no' : 'blob', selectWhenReady: first });
      first = false;
    }
  }
  if (new URLSearchParams(location.search).has('golens-open')) {
    await openServedFiles(first);
    first = false;
    entries = [];
  }
  if (entries.length > 0) {
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
  // ?empty opens the app without its demo (first visits of tests and of people who know it);
  // a link that names files opens without it too.
  if (fromLink || !first || report || new URLSearchParams(location.search).has('empty')) return;
  DEMO_FILES.forEach((d, i) =>
    loadFile({ source: fetchBlob(d.url), name: d.name, remember: { url: d.url }, origin: 'demo', selectWhenReady: i === 0 }),
  );
}

/** The files `golens open` serves beside the app, opened as if dropped (not kept for a reload: the server is). */
async function openServedFiles(selectFirst: boolean): Promise<void> {
  let list: { name: string; url: string }[];
  try {
    const res = await fetch(OPEN_LIST, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status} for ${OPEN_LIST}`);
    list = (await res.json()) as { name: string; url: string }[];
  } catch (e) {
    useGoLens.getState().addShareError({ code: 'open.list-failed', args: { detail: e instanceof Error ? e.message : String(e) } });
    return;
  }
  // Opened together, as a drop: if they make a run, the run is shown.
  const batch = openedTogether(list.length);
  list.forEach((f, i) => loadFile({ source: fetchBlob(f.url), name: f.name, remember: 'no', selectWhenReady: selectFirst && i === 0, batch }));
}
