// Links that carry their data. "Copy link" puts the shown files, compressed (base/share-codec),
// in the URL fragment beside the view state (url-hash.ts): `#f=…&s=…&KEY.zoom=…&d=DATA`.
// A fragment is never sent to a server, so the link works from any host and offline. Opening
// it loads the embedded files (the same parsers, limits and messages as a dropped file); the
// view state then applies by the files' content, as for any link. A malformed or truncated
// `d=` says so and loads nothing.
//
// `#url=ADDRESS` (one or more) names files on a host that allows cross-origin reads: the page
// names the origins and loads them only on the user's click (no request to another origin
// without one). Other origins must be https (the page's Content-Security-Policy allows no other).

import { errorToMessage } from '../base/errors';
import { message, type Message } from '../base/messages';
import { packFiles, unpackFiles, type PackedFile } from '../base/share-codec';
import { fileSource, loadFile } from './loader';
import { useGoLens, type GoLensState } from './store';
import { formatHash, linkStateOf } from './url-hash';

/**
 * The longest link "Copy link" makes, in characters. Chromium refuses URLs longer than 2 MiB
 * (measured: docs/sharing.md), Firefox's limit is 1 MiB; half of the smaller leaves room for a
 * host name and for the tools a link passes through.
 */
export const LINK_LIMIT = 512 * 1024;

export type ShareLink = { ok: true; url: string; chars: number; files: number } | { ok: false; reason: Message; size?: number };

/** The page's address without its fragment (and without `?empty`, which only tests use). */
export function pageAddress(loc: { origin: string; pathname: string; search: string; protocol: string; href: string }): string {
  const params = new URLSearchParams(loc.search);
  params.delete('empty');
  const q = params.toString();
  const base = loc.protocol === 'file:' ? loc.href.replace(/[?#].*$/, '') : loc.origin + loc.pathname;
  return base + (q ? `?${q}` : '');
}

/** The files of the shown view and the views' state, with the files' bytes. */
export async function sharedFiles(s: GoLensState): Promise<{ hash: string; files: PackedFile[] }> {
  const link = linkStateOf(s);
  const files: PackedFile[] = [];
  for (const lf of link.files) {
    const blob = fileSource(lf.id);
    if (blob) files.push({ name: lf.name, bytes: new Uint8Array(await blob.arrayBuffer()) });
  }
  return { hash: formatHash(link.files, link.selection, link.views), files };
}

/** A link that shows the current view with its files embedded, or why there is none. */
export async function makeShareLink(s: GoLensState, address: string): Promise<ShareLink> {
  const { hash, files } = await sharedFiles(s);
  if (files.length === 0 || hash === '') return { ok: false, reason: message('share.nothing') };
  const data = packFiles(files);
  const url = `${address}${hash}&d=${data}`;
  if (url.length > LINK_LIMIT) {
    return { ok: false, reason: message('share.too-large', { size: Math.round((data.length * 3) / 4), limit: (LINK_LIMIT * 3) / 4 }), size: data.length };
  }
  return { ok: true, url, chars: url.length, files: files.length };
}

/** What a link's fragment asks to open, beside its view state. */
export type SharedRequest = {
  /** The embedded files (`d=`), decoded; null when there are none or they could not be read. */
  embedded: PackedFile[] | null;
  /** Why the embedded files could not be read: nothing of them is loaded. */
  error: Message | null;
  /** `url=` addresses, absolute: https, or http on the page's own origin. */
  urls: string[];
  /** `url=` values that are not such addresses. */
  badUrls: Message[];
};

export function readSharedRequest(hash: string, base: string): SharedRequest {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const out: SharedRequest = { embedded: null, error: null, urls: [], badUrls: [] };
  const d = params.get('d');
  if (d !== null) {
    try {
      out.embedded = unpackFiles(d);
    } catch (e) {
      out.error = message('share.in-link', { cause: errorToMessage(e) });
    }
  }
  for (const u of params.getAll('url')) {
    let abs: URL | null = null;
    try {
      abs = new URL(u, base);
    } catch {
      abs = null;
    }
    // The page's Content-Security-Policy (scripts/csp-plugin.ts) connects to https: and to its
    // own origin only: a plain-http address elsewhere is refused here, with the reason.
    if (abs && (abs.protocol === 'https:' || (abs.protocol === 'http:' && abs.origin === sameOrigin(base)))) out.urls.push(abs.href);
    else if (abs?.protocol === 'http:') out.badUrls.push(message('url.not-https', { url: u }));
    else out.badUrls.push(message('url.not-http', { url: u }));
  }
  return out;
}

function sameOrigin(base: string): string | null {
  try {
    return new URL(base).origin;
  } catch {
    return null;
  }
}

/** The origins of addresses, in order, once each ("https://host"). */
export function originsOf(urls: readonly string[]): string[] {
  return [...new Set(urls.map((u) => new URL(u).origin))];
}

/** The name a fetched file gets: the address's last path segment, else the host. */
export function nameOfUrl(url: string): string {
  const u = new URL(url);
  const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '');
  return last || u.host;
}

/** Fetches a linked file; the Message names the address and the problem. */
export async function fetchLinked(url: string, fetcher: typeof fetch = fetch): Promise<{ ok: true; blob: Blob } | { ok: false; error: Message }> {
  let res: Response;
  try {
    res = await fetcher(url, { credentials: 'omit', mode: 'cors' });
  } catch {
    return { ok: false, error: message('url.fetch-failed', { url }) };
  }
  if (!res.ok) return { ok: false, error: message('url.http-status', { url, status: res.status, statusText: res.statusText }) };
  try {
    return { ok: true, blob: await res.blob() };
  } catch (e) {
    return { ok: false, error: message('url.fetch-failed', { url, detail: e instanceof Error ? e.message : String(e) }) };
  }
}

/**
 * Loads the `#url=` files (the user clicked): each is fetched, then parsed as a dropped file.
 * Every failure is a Message naming the address: no answer, an HTTP error, or a file GoLens
 * cannot read (the parser's own message as its cause).
 */
export async function openLinkedUrls(urls: readonly string[], fetcher: typeof fetch = fetch): Promise<void> {
  const store = useGoLens.getState();
  store.setLinkedUrls(null);
  let first = true;
  await Promise.all(
    urls.map(async (url) => {
      const r = await fetchLinked(url, fetcher);
      if (!r.ok) {
        useGoLens.getState().addShareError(r.error);
        return;
      }
      const id = loadFile({ source: r.blob, name: nameOfUrl(url), remember: 'blob', selectWhenReady: first });
      first = false;
      const unsubscribe = useGoLens.subscribe((s) => {
        const f = s.files.find((x) => x.id === id);
        if (f && f.status === 'loading') return;
        unsubscribe();
        if (f?.status === 'error' && f.error) useGoLens.getState().addShareError(message('url.not-readable', { url, cause: f.error }));
      });
    }),
  );
}
