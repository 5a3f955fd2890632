// The app's one zustand store: the workspace. It keeps the open files (status, model, what the
// worker derived beside it, error), what the main area shows (the selection: one file, a
// comparison, a series, a run), each view's own state (sample type, zoom, search, filters,
// time window and range, options), the sidebar's multi-selection and the shared cursor.
// Everything else is derived by per-file memoized selectors (selectors.ts) over pure analysis/
// functions. Models go in by reference, never cloned or spread.
//
// How the selection kinds plug in: a view reads and writes the state of its *view key*
// (`viewKeyOf(selection)`: the file's id, or `cmp:BASE,TARGET`, `series:A,B,C`, `run:A,B`)
// through `ViewKeyContext` (views/view-key.ts); kind-specific settings (a diff's mode, a run's
// manual offsets…) are `options`, string pairs that travel in the URL with the rest.

import { create } from 'zustand';
import type { Message } from '../base/messages';
import type { Ns } from '../base/time';
import type { ParsedFile } from '../model/parsed-file';
import type { InitialProfileView } from '../analysis/profile/top';
import type { ComparisonFirstView } from '../analysis/profile/diff-by-call-node';
import type { ProfileModel } from '../model/profile';
import type { TraceTimeline } from '../analysis/trace/timeline-tables';
import type { TraceDigest } from '../analysis/digest/trace-summary';

/** A file's id in the workspace: stable across reloads (its session key), never its name. */
export type FileId = string;

export type LoadProgress = { done: number; total: number; phase: string };

/** What the parse worker derived beside the model: the page never recomputes it. */
export type FileDerived = {
  /** A profile's first view (unfiltered, default sample type). */
  initialView?: InitialProfileView;
  /** A trace's timeline tables. */
  traceTimeline?: TraceTimeline;
  /** A trace's whole-trace digest (the header's figures). */
  traceDigest?: TraceDigest;
};

export type FileEntry = {
  id: FileId;
  name: string;
  size: number;
  /** Short content hash (hex) of the bytes as stored, known once the worker read them. */
  hash: string | null;
  /** The demo files shipped with the app are labelled and kept out of the user's runs and counts. */
  origin: 'user' | 'demo';
  status: 'loading' | 'ready' | 'error';
  progress: LoadProgress | null;
  parsed: ParsedFile | null;
  derived: FileDerived;
  /** Why it could not be read (status 'error'), or why a view of it failed last time (restored from the session). */
  error: Message | null;
  /** A view threw while showing it (this page): it is marked, and the session keeps the mark. */
  renderError: Message | null;
};

/**
 * A comparison's profile (pprof's -diff_base / -base of base → target), made in a worker, with
 * what its view shows first; kept under `comparisonKey`.
 */
export type ComparisonEntry =
  | { status: 'working' }
  | { status: 'ready'; diff: ProfileModel; firstView: ComparisonFirstView }
  | { status: 'error'; error: Message };

/** Where a comparison's profile is kept: its view key and its mode. */
export function comparisonKey(base: FileId, target: FileId, mode: 'diff_base' | 'base'): string {
  return `${viewKeyOf({ kind: 'compare', base, target })}|${mode}`;
}

/** Kept for code that names the old type. */
export type LoadedFile = FileEntry;

/** What the main area shows. */
export type Selection =
  | { kind: 'file'; id: FileId }
  /** pprof's -diff_base / -base: base → target. */
  | { kind: 'compare'; base: FileId; target: FileId }
  /** N snapshots of one program (heap or goroutine profiles), over time. */
  | { kind: 'series'; ids: FileId[] }
  /** Files of one program run on one time axis. */
  | { kind: 'run'; ids: FileId[] };

export type SelectionKind = Selection['kind'];

/** The view of a profile, as pprof's options name it. */
export type ProfileViewState = {
  /** Sample type name (pprof's sample_index), "" for the profile's default. */
  sampleType: string;
  /** Function names from the root to the zoomed frame; empty when not zoomed. */
  zoomPath: string[];
  search: string;
  focus: string;
  ignore: string;
  hide: string;
  show: string;
  /** Bottom-up: the inverted tree, leaf functions at the top. */
  inverted: boolean;
};

export const DEFAULT_PROFILE_VIEW: ProfileViewState = {
  sampleType: '',
  zoomPath: [],
  search: '',
  focus: '',
  ignore: '',
  hide: '',
  show: '',
  inverted: false,
};

/** Everything one view remembers (mirrored in the URL). */
export type ViewState = {
  profile: ProfileViewState;
  /** Visible window of time-based views (ns on the view's axis); null = the whole extent. */
  windowNs: [Ns, Ns] | null;
  /** Brushed range (ns on the view's axis). */
  rangeNs: [Ns, Ns] | null;
  /** Kind-specific settings, as strings (they travel in the URL as they are). */
  options: Record<string, string>;
};

export type ViewPatch = {
  profile?: Partial<ProfileViewState>;
  windowNs?: [Ns, Ns] | null;
  rangeNs?: [Ns, Ns] | null;
  options?: Record<string, string | null>;
};

export const DEFAULT_VIEW: ViewState = { profile: DEFAULT_PROFILE_VIEW, windowNs: null, rangeNs: null, options: {} };

/** The key a view's state is kept under. */
export type ViewKey = string;

export function viewKeyOf(sel: Selection): ViewKey {
  switch (sel.kind) {
    case 'file':
      return sel.id;
    case 'compare':
      return `cmp:${sel.base},${sel.target}`;
    case 'series':
      return `series:${sel.ids.join(',')}`;
    case 'run':
      return `run:${sel.ids.join(',')}`;
  }
}

/** The files a selection shows. */
export function selectionFiles(sel: Selection | null): FileId[] {
  if (!sel) return [];
  switch (sel.kind) {
    case 'file':
      return [sel.id];
    case 'compare':
      return [sel.base, sel.target];
    default:
      return sel.ids;
  }
}

export function sameSelection(a: Selection | null, b: Selection | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return viewKeyOf(a) === viewKeyOf(b) && a.kind === b.kind;
}

/** A file as a link names it. `size` -1 and `hash` "" when unknown (older links). */
export type LinkFile = { id: FileId; size: number; hash: string; name: string };

/** Where storage of the session stands: files survive a reload only when it works. */
export type StorageStatus = { ok: true } | { ok: false; problem: Message };

export type GoLensState = {
  files: FileEntry[];
  selection: Selection | null;
  views: Record<ViewKey, ViewState>;
  /** Files checked in the sidebar (shift/ctrl-click), for "Series", "Same run", "Compare". */
  checked: FileId[];
  /** The file to show as soon as it is ready (the first of the last batch opened). */
  pendingSelectId: FileId | null;
  /** Shared time cursor (ns on the shown view's axis); transient, not in the URL. */
  cursorNs: Ns | null;
  storage: StorageStatus;
  /** Files the URL's link names that are not open (null: none, or still loading). */
  linkMissing: LinkFile[] | null;
  /** The user chose to go on without the link's missing files. */
  linkDismissed: boolean;
  /** The files the app opens with (the session, the demo) have all been asked for. */
  startupDone: boolean;
  /** Share and open: what a link's embedded files or linked addresses could not give (shown as alerts). */
  shareErrors: Message[];
  /** `#url=` addresses waiting for the user's click (null: none). */
  linkedUrls: string[] | null;
  /** The last comparison the user asked for that cannot be made, and why (shown until dismissed or another is made). */
  compareRefused: { base: FileId; target: FileId; problem: Message } | null;
  /** Comparisons' profiles, by comparisonKey. */
  comparisons: Record<string, ComparisonEntry>;
  /** Analyses of traces running in their workers (store/loader.ts traceAnalysis). */
  traceWork: number;

  addLoading(file: { id: FileId; name: string; size: number; origin: FileEntry['origin'] }, selectWhenReady: boolean): void;
  setSize(id: FileId, size: number): void;
  setProgress(id: FileId, progress: LoadProgress): void;
  setParsed(id: FileId, parsed: ParsedFile, derived: FileDerived, hash: string): void;
  setFailed(id: FileId, error: Message): void;
  setRenderError(id: FileId, error: Message): void;
  removeFile(id: FileId): void;
  select(sel: Selection | null): void;
  /** Shorthand for select({kind: 'file', id}). */
  selectFile(id: FileId | null): void;
  /** Patches a view's state; an option set to null is removed. */
  updateView(key: ViewKey, patch: ViewPatch): void;
  setChecked(ids: FileId[]): void;
  setCursor(ns: Ns | null): void;
  setStorage(status: StorageStatus): void;
  setLinkMissing(files: LinkFile[] | null): void;
  dismissLink(): void;
  setStartupDone(): void;
  addShareError(m: Message): void;
  dismissShareErrors(): void;
  setLinkedUrls(urls: string[] | null): void;
  setCompareRefused(r: GoLensState['compareRefused']): void;
  setComparison(key: string, entry: ComparisonEntry): void;
  traceWorkStarted(): void;
  traceWorkEnded(): void;
};

function patchFile(files: FileEntry[], id: FileId, patch: Partial<FileEntry>): FileEntry[] {
  return files.map((f) => (f.id === id ? { ...f, ...patch } : f));
}

/** Whether every file of a selection is open and ready. */
function selectionReady(files: FileEntry[], sel: Selection | null): boolean {
  if (!sel) return false;
  return selectionFiles(sel).every((id) => files.some((f) => f.id === id && f.status === 'ready'));
}

/** A selection without a removed file: a comparison falls back to its other file, a series or run to the rest. */
function selectionWithout(sel: Selection | null, id: FileId): Selection | null {
  if (!sel) return null;
  switch (sel.kind) {
    case 'file':
      return sel.id === id ? null : sel;
    case 'compare':
      if (sel.base === id) return { kind: 'file', id: sel.target };
      if (sel.target === id) return { kind: 'file', id: sel.base };
      return sel;
    default: {
      if (!sel.ids.includes(id)) return sel;
      const ids = sel.ids.filter((x) => x !== id);
      return ids.length > 1 ? { kind: sel.kind, ids } : ids.length === 1 ? { kind: 'file', id: ids[0]! } : null;
    }
  }
}

export const useGoLens = create<GoLensState>()((set) => ({
  files: [],
  selection: null,
  views: {},
  checked: [],
  pendingSelectId: null,
  cursorNs: null,
  storage: { ok: true },
  linkMissing: null,
  linkDismissed: false,
  startupDone: false,
  shareErrors: [],
  linkedUrls: null,
  compareRefused: null,
  comparisons: {},
  traceWork: 0,

  addLoading: (file, selectWhenReady) =>
    set((s) => ({
      files: [
        ...s.files,
        { ...file, hash: null, status: 'loading', progress: null, parsed: null, derived: {}, error: null, renderError: null },
      ],
      ...(selectWhenReady ? { pendingSelectId: file.id } : {}),
    })),
  setSize: (id, size) => set((s) => ({ files: patchFile(s.files, id, { size }) })),
  setProgress: (id, progress) => set((s) => ({ files: patchFile(s.files, id, { progress }) })),
  setParsed: (id, parsed, derived, hash) =>
    set((s) => {
      const files = patchFile(s.files, id, { status: 'ready', parsed, derived, hash, progress: null, error: null });
      // Shown at once when it is the file the user just opened (the first of a batch) or when
      // nothing is shown; otherwise it waits in the sidebar.
      const selectNew = s.pendingSelectId === id || !selectionReady(files, s.selection);
      const pendingSelectId = s.pendingSelectId === id ? null : s.pendingSelectId;
      return selectNew ? { files, pendingSelectId, selection: { kind: 'file', id }, cursorNs: null } : { files, pendingSelectId };
    }),
  setFailed: (id, error) =>
    set((s) => ({
      files: patchFile(s.files, id, { status: 'error', error, progress: null }),
      pendingSelectId: s.pendingSelectId === id ? null : s.pendingSelectId,
    })),
  setRenderError: (id, renderError) => set((s) => ({ files: patchFile(s.files, id, { renderError }) })),
  removeFile: (id) =>
    set((s) => {
      const files = s.files.filter((f) => f.id !== id);
      const views = { ...s.views };
      for (const key of Object.keys(views)) if (key === id || key.split(/[:,]/).includes(id)) delete views[key];
      let selection = selectionWithout(s.selection, id);
      if (!selectionReady(files, selection)) selection = firstReady(files);
      const comparisons = { ...s.comparisons };
      for (const key of Object.keys(comparisons)) if (key.slice(4, key.indexOf('|')).split(',').includes(id)) delete comparisons[key];
      return {
        files,
        views,
        comparisons,
        checked: s.checked.filter((x) => x !== id),
        selection,
        ...(sameSelection(selection, s.selection) ? {} : { cursorNs: null }),
      };
    }),
  select: (sel) => set((s) => (sameSelection(sel, s.selection) ? {} : { selection: sel, cursorNs: null })),
  selectFile: (id) => set((s) => (id === null ? { selection: null, cursorNs: null } : sameSelection({ kind: 'file', id }, s.selection) ? {} : { selection: { kind: 'file', id }, cursorNs: null })),
  updateView: (key, patch) =>
    set((s) => {
      const old = s.views[key] ?? DEFAULT_VIEW;
      const next: ViewState = {
        profile: patch.profile ? { ...old.profile, ...patch.profile } : old.profile,
        windowNs: patch.windowNs !== undefined ? patch.windowNs : old.windowNs,
        rangeNs: patch.rangeNs !== undefined ? patch.rangeNs : old.rangeNs,
        options: patch.options ? patchOptions(old.options, patch.options) : old.options,
      };
      return { views: { ...s.views, [key]: next } };
    }),
  setChecked: (ids) => set({ checked: ids }),
  setCursor: (ns) => set((s) => (s.cursorNs === ns ? {} : { cursorNs: ns })),
  setStorage: (storage) => set({ storage }),
  setLinkMissing: (linkMissing) => set({ linkMissing }),
  dismissLink: () => set({ linkDismissed: true, linkMissing: null }),
  setStartupDone: () => set({ startupDone: true }),
  addShareError: (m) => set((s) => ({ shareErrors: [...s.shareErrors, m] })),
  dismissShareErrors: () => set({ shareErrors: [] }),
  setLinkedUrls: (linkedUrls) => set({ linkedUrls }),
  setCompareRefused: (compareRefused) => set({ compareRefused }),
  traceWorkStarted: () => set((s) => ({ traceWork: s.traceWork + 1 })),
  traceWorkEnded: () => set((s) => ({ traceWork: Math.max(0, s.traceWork - 1) })),
  setComparison: (key, entry) =>
    set((s) => {
      // A file removed meanwhile: its comparison is not kept.
      const ids = key.slice(4, key.indexOf('|')).split(',');
      if (!ids.every((id) => s.files.some((f) => f.id === id))) return {};
      return { comparisons: { ...s.comparisons, [key]: entry } };
    }),
}));

function patchOptions(old: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const out = { ...old };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = v;
  }
  return out;
}

function firstReady(files: FileEntry[]): Selection | null {
  const f = files.find((x) => x.status === 'ready' && x.origin === 'user') ?? files.find((x) => x.status === 'ready');
  return f ? { kind: 'file', id: f.id } : null;
}

/** The view state under a key (the default when never changed). */
export function viewStateOf(s: GoLensState, key: ViewKey): ViewState {
  return s.views[key] ?? DEFAULT_VIEW;
}

/** The file a single-file selection shows, else null. */
export function selectedFile(s: GoLensState): FileEntry | null {
  const sel = s.selection;
  if (!sel || sel.kind !== 'file') return null;
  return s.files.find((f) => f.id === sel.id) ?? null;
}

export function fileById(s: GoLensState, id: FileId): FileEntry | null {
  return s.files.find((f) => f.id === id) ?? null;
}

/** No file is being read or parsed, no comparison being made, and the startup files have all been asked for. */
export function isIdle(s: GoLensState): boolean {
  return (
    s.startupDone &&
    s.traceWork === 0 &&
    !s.files.some((f) => f.status === 'loading') &&
    !Object.values(s.comparisons).some((c) => c.status === 'working')
  );
}
