// The workspace in the URL hash, so that a reload or a shared link shows the same thing:
//
//   #f=ID~SIZE~HASH~NAME&f=…            the files the link names: id, size, short content hash, name
//   &s=file:ID | cmp:BASE,TARGET | series:A,B,C | run:A,B     what the main area shows
//   &KEY.si=…&KEY.zoom=A%1FB&KEY.search=…&KEY.focus=…&KEY.ignore=…&KEY.hide=…&KEY.show=…&KEY.inv=1
//   &KEY.win=FROM,TO&KEY.range=FROM,TO&KEY.o.NAME=VALUE           each view's state (KEY: viewKeyOf)
//
// A file is found again by its id (a reload in the same browser: ids are session keys), else
// by its content (hash and size; a teammate who opened the same file). A link naming a file
// that is not open says so (`missing`), and is applied as soon as that file is opened.
// Older links (#file=NAME&si=…) name one file by its name.

import { coalesce } from '../base/coalesce';
import { formatBytes } from '../base/units';
import {
  DEFAULT_PROFILE_VIEW,
  DEFAULT_VIEW,
  selectionFiles,
  useGoLens,
  viewKeyOf,
  type FileEntry,
  type FileId,
  type GoLensState,
  type LinkFile,
  type ProfileViewState,
  type Selection,
  type ViewKey,
  type ViewState,
} from './store';

const ZOOM_SEPARATOR = '\u001f';

/** The URL is rewritten at most this often while a view changes on every frame. */
export const URL_WRITE_INTERVAL_MS = 200;

export type { LinkFile };

export type LinkState = {
  files: LinkFile[];
  selection: Selection | null;
  views: Record<ViewKey, ViewState>;
};

function parseSelection(v: string | null): Selection | null {
  if (!v) return null;
  const colon = v.indexOf(':');
  if (colon < 0) return null;
  const kind = v.slice(0, colon);
  const ids = v
    .slice(colon + 1)
    .split(',')
    .filter((x) => x !== '');
  if (kind === 'file' && ids.length === 1) return { kind: 'file', id: ids[0]! };
  if (kind === 'cmp' && ids.length === 2) return { kind: 'compare', base: ids[0]!, target: ids[1]! };
  if ((kind === 'series' || kind === 'run') && ids.length >= 1) return { kind, ids };
  return null;
}

function formatSelection(sel: Selection): string {
  switch (sel.kind) {
    case 'file':
      return `file:${sel.id}`;
    case 'compare':
      return `cmp:${sel.base},${sel.target}`;
    default:
      return `${sel.kind}:${sel.ids.join(',')}`;
  }
}

function parsePair(v: string | null): [number, number] | null {
  const p = v?.split(',').map(Number);
  return p && p.length === 2 && p.every(Number.isFinite) ? [p[0]!, p[1]!] : null;
}

function parseView(get: (name: string) => string | null, options: Record<string, string>): ViewState {
  const zoom = get('zoom');
  const profile: ProfileViewState = {
    sampleType: get('si') ?? '',
    zoomPath: zoom ? zoom.split(ZOOM_SEPARATOR) : [],
    search: get('search') ?? '',
    focus: get('focus') ?? '',
    ignore: get('ignore') ?? '',
    hide: get('hide') ?? '',
    show: get('show') ?? '',
    inverted: get('inv') === '1',
  };
  return { profile, windowNs: parsePair(get('win')), rangeNs: parsePair(get('range')), options };
}

export function parseHash(hash: string): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  // Older links: one file by name, its view at the top level.
  const oldName = params.get('file');
  if (oldName !== null && !params.has('f')) {
    const id = 'link';
    return {
      files: [{ id, size: -1, hash: '', name: oldName }],
      selection: { kind: 'file', id },
      views: { [id]: parseView((n) => params.get(n), {}) },
    };
  }
  const files: LinkFile[] = [];
  for (const f of params.getAll('f')) {
    const parts = f.split('~');
    if (parts.length < 4) continue;
    const [id, size, h] = parts as [string, string, string];
    const name = parts.slice(3).join('~');
    if (!id || !Number.isFinite(Number(size))) continue;
    files.push({ id, size: Number(size), hash: h, name });
  }
  const views: Record<ViewKey, ViewState> = {};
  const keys = new Set<string>();
  for (const k of params.keys()) {
    const m = /^(.+)\.(si|zoom|search|focus|ignore|hide|show|inv|win|range|o\..+)$/.exec(k);
    if (m) keys.add(m[1]!);
  }
  for (const key of keys) {
    const options: Record<string, string> = {};
    for (const [k, v] of params) if (k.startsWith(`${key}.o.`)) options[k.slice(key.length + 3)] = v;
    views[key] = parseView((n) => params.get(`${key}.${n}`), options);
  }
  const selection = parseSelection(params.get('s'));
  return { files, selection, views };
}

function isDefaultView(v: ViewState): boolean {
  return (
    v.windowNs === null &&
    v.rangeNs === null &&
    Object.keys(v.options).length === 0 &&
    JSON.stringify(v.profile) === JSON.stringify(DEFAULT_PROFILE_VIEW)
  );
}

function setView(params: URLSearchParams, key: ViewKey, v: ViewState): void {
  const p = v.profile;
  if (p.sampleType) params.set(`${key}.si`, p.sampleType);
  if (p.zoomPath.length) params.set(`${key}.zoom`, p.zoomPath.join(ZOOM_SEPARATOR));
  if (p.search) params.set(`${key}.search`, p.search);
  if (p.focus) params.set(`${key}.focus`, p.focus);
  if (p.ignore) params.set(`${key}.ignore`, p.ignore);
  if (p.hide) params.set(`${key}.hide`, p.hide);
  if (p.show) params.set(`${key}.show`, p.show);
  if (p.inverted) params.set(`${key}.inv`, '1');
  if (v.windowNs) params.set(`${key}.win`, `${Math.round(v.windowNs[0])},${Math.round(v.windowNs[1])}`);
  if (v.rangeNs) params.set(`${key}.range`, `${Math.round(v.rangeNs[0])},${Math.round(v.rangeNs[1])}`);
  for (const [name, value] of Object.entries(v.options)) params.set(`${key}.o.${name}`, value);
}

/** The ids a view key names (its file, or the files of its selection). */
function idsOfKey(key: ViewKey): FileId[] {
  const colon = key.indexOf(':');
  return colon < 0 ? [key] : key.slice(colon + 1).split(',');
}

export function formatHash(files: readonly LinkFile[], selection: Selection | null, views: Record<ViewKey, ViewState>): string {
  const params = new URLSearchParams();
  for (const f of files) params.append('f', `${f.id}~${f.size}~${f.hash}~${f.name}`);
  if (selection) params.set('s', formatSelection(selection));
  for (const [key, v] of Object.entries(views)) if (!isDefaultView(v)) setView(params, key, v);
  const parts: string[] = [];
  for (const [k, v] of params) parts.push(`${readable(k)}=${readable(v)}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/** Percent-encoding that leaves the link's own separators readable (`~ : , ( ) *` are safe in a fragment). */
function readable(s: string): string {
  return encodeURIComponent(s).replace(/%(7E|3A|2C)/g, (m) => decodeURIComponent(m));
}

/** The hash of the store's workspace: the files shown or with a view state of their own. */
export function hashOfState(s: GoLensState): string {
  const link = linkStateOf(s);
  return formatHash(link.files, link.selection, link.views);
}

/** The link of the store's workspace: the files shown or with a view state of their own, their views. */
export function linkStateOf(s: GoLensState): LinkState {
  const ready = new Map(s.files.filter((f) => f.status === 'ready' && f.hash !== null).map((f) => [f.id, f] as const));
  const named = new Set<FileId>();
  const views: Record<ViewKey, ViewState> = {};
  for (const [key, v] of Object.entries(s.views)) {
    if (isDefaultView(v)) continue;
    const ids = idsOfKey(key);
    if (!ids.every((id) => ready.has(id))) continue;
    views[key] = v;
    ids.forEach((id) => named.add(id));
  }
  const selection = s.selection && selectionFiles(s.selection).every((id) => ready.has(id)) ? s.selection : null;
  for (const id of selectionFiles(selection)) named.add(id);
  const files = [...ready.values()].filter((f) => named.has(f.id)).map(linkFileOf);
  return { files, selection, views };
}

function linkFileOf(f: FileEntry): LinkFile {
  return { id: f.id, size: f.size, hash: f.hash ?? '', name: f.name };
}

/** The open file a link's file is (same id and content, else same content, else — older links — same name), or null. */
export function findLinkedFile(files: readonly FileEntry[], lf: LinkFile): FileEntry | null {
  const ready = files.filter((f) => f.status === 'ready');
  if (lf.hash === '') return ready.find((f) => f.name === lf.name) ?? null;
  const sameContent = (f: FileEntry) => f.hash === lf.hash && f.size === lf.size;
  return (
    ready.find((f) => f.id === lf.id && sameContent(f)) ??
    ready.find((f) => sameContent(f) && f.name === lf.name) ??
    ready.find(sameContent) ??
    null
  );
}

/** A link's state with its ids replaced by the open files' (every file of it found). */
export function remapLink(link: LinkState, map: Map<FileId, FileId>): { selection: Selection | null; views: Record<ViewKey, ViewState> } {
  const m = (id: FileId) => map.get(id) ?? id;
  const remapSel = (sel: Selection | null): Selection | null => {
    if (!sel) return null;
    switch (sel.kind) {
      case 'file':
        return { kind: 'file', id: m(sel.id) };
      case 'compare':
        return { kind: 'compare', base: m(sel.base), target: m(sel.target) };
      default:
        return { kind: sel.kind, ids: sel.ids.map(m) };
    }
  };
  const views: Record<ViewKey, ViewState> = {};
  for (const [key, v] of Object.entries(link.views)) {
    const sel = parseSelection(key.includes(':') ? key : `file:${key}`);
    views[sel ? viewKeyOf(remapSel(sel)!) : key] = { ...DEFAULT_VIEW, ...v };
  }
  return { selection: remapSel(link.selection), views };
}

/** "trace.out (2.2 MiB)": how the missing-files notice names a file. */
export function describeLinkFile(f: LinkFile): string {
  return f.size >= 0 ? `${f.name} (${formatBytes(f.size)})` : f.name;
}

/**
 * Reads the hash once at startup, applies it when the files it names are open, then keeps the
 * hash in step with the store. While files it names are missing, the store's `link` lists them
 * (the page says so) and the hash is left as it is. Returns a function that stops syncing.
 */
export function syncUrlHash(): () => void {
  const link = parseHash(location.hash);
  let pending: LinkState | null = link.files.length > 0 ? link : null;
  if (!pending && Object.keys(link.views).length === 0 && link.selection) pending = link;
  const tryApply = (s: GoLensState): boolean => {
    if (!pending) return false;
    const map = new Map<FileId, FileId>();
    const missing: LinkFile[] = [];
    for (const lf of pending.files) {
      const f = findLinkedFile(s.files, lf);
      if (f) map.set(lf.id, f.id);
      else missing.push(lf);
    }
    const stillLoading = !s.startupDone || s.files.some((f) => f.status === 'loading');
    if (missing.length > 0) {
      // Say so once nothing that could be the file is still loading.
      const shown = stillLoading ? null : missing;
      if (JSON.stringify(s.linkMissing) !== JSON.stringify(shown)) useGoLens.getState().setLinkMissing(shown);
      return true;
    }
    const p = remapLink(pending, map);
    pending = null;
    const sel = p.selection ?? (map.size > 0 ? { kind: 'file' as const, id: [...map.values()][0]! } : s.selection);
    useGoLens.setState({ selection: sel, views: { ...s.views, ...p.views }, linkMissing: null, pendingSelectId: null });
    return true;
  };
  const writeHash = () => {
    const hash = hashOfState(useGoLens.getState());
    if (hash !== location.hash && !(hash === '' && location.hash === '#')) {
      history.replaceState(null, '', hash === '' ? location.pathname + location.search : hash);
    }
  };
  // A zoom or a brush changes the view on every frame, and each replaceState is a navigation
  // (the browser refetches the favicon; Chromium ignores history calls beyond 200 per 10 s):
  // the URL is written at most every URL_WRITE_INTERVAL_MS, and when a pointer is released.
  const writer = coalesce(writeHash, URL_WRITE_INTERVAL_MS);
  let seen: Pick<GoLensState, 'files' | 'selection' | 'views'> | null = null;
  const unsubscribeStore = useGoLens.subscribe((s) => {
    if (s.linkDismissed && pending) {
      pending = null;
      useGoLens.getState().setLinkMissing(null);
    }
    if (tryApply(s)) return;
    // The hash names files, the selection and the views' state: a cursor move changes none.
    if (seen && s.files === seen.files && s.selection === seen.selection && s.views === seen.views) return;
    const selected = seen === null || s.selection !== seen.selection;
    seen = { files: s.files, selection: s.selection, views: s.views };
    writer.request();
    // A new selection is rare and not made frame by frame; it may come with no interaction (a
    // file the app selects once it is read), and a reload takes the URL as it is when it starts
    // (pagehide is too late): written at once.
    if (selected) writer.flush();
  });
  // An interaction that ended writes what it changed now: a pointer released (the end of a drag),
  // and a click, a key or a change once the app has handled it (bubbling to the document comes
  // after React's root), so a reload right after a click reloads the state it made.
  const flush = () => writer.flush();
  const discrete = ['click', 'keyup', 'change'] as const;
  document.addEventListener('pointerup', flush, true);
  for (const type of discrete) document.addEventListener(type, flush);
  window.addEventListener('pagehide', flush);
  return () => {
    unsubscribeStore();
    writer.flush();
    writer.cancel();
    document.removeEventListener('pointerup', flush, true);
    for (const type of discrete) document.removeEventListener(type, flush);
    window.removeEventListener('pagehide', flush);
  };
}
