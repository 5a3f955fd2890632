// The app's one zustand store: loaded files (status, model, error) and the view state
// (selected file, sample type, zoom, search, filters, cursor, range). Everything else is
// derived by memoized selectors (selectors.ts) over pure analysis/ functions.
// Models go in by reference, never cloned or spread.

import { create } from 'zustand';
import type { ParsedFile } from '../model/parsed-file';

export type FileId = string;

export type LoadProgress = { done: number; total: number; phase: string };

export type LoadedFile = {
  id: FileId;
  name: string;
  size: number;
  status: 'loading' | 'ready' | 'error';
  progress: LoadProgress | null;
  parsed: ParsedFile | null;
  error: string | null;
};

/** The view of a profile, as pprof's options name it; mirrored in the URL hash. */
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

export type GoLensState = {
  files: LoadedFile[];
  selectedId: FileId | null;
  view: ProfileViewState;
  /** The file to show as soon as it is ready (the first of the last batch opened). */
  pendingSelectId: FileId | null;
  /** Shared time cursor (ns from trace start) and selected range, for time-based views. */
  cursorNs: number | null;
  rangeNs: [number, number] | null;
  /** Visible window of time-based views (ns from the file's start); null = the whole file. */
  windowNs: [number, number] | null;

  addLoading(id: FileId, name: string, size: number, selectWhenReady: boolean): void;
  setSize(id: FileId, size: number): void;
  setProgress(id: FileId, progress: LoadProgress): void;
  setParsed(id: FileId, parsed: ParsedFile): void;
  setFailed(id: FileId, error: string): void;
  removeFile(id: FileId): void;
  selectFile(id: FileId | null): void;
  updateView(patch: Partial<ProfileViewState>): void;
  setCursor(ns: number | null): void;
  setRange(range: [number, number] | null): void;
  setWindow(window: [number, number] | null): void;
};

function patchFile(files: LoadedFile[], id: FileId, patch: Partial<LoadedFile>): LoadedFile[] {
  return files.map((f) => (f.id === id ? { ...f, ...patch } : f));
}

export const useGoLens = create<GoLensState>()((set) => ({
  files: [],
  selectedId: null,
  view: DEFAULT_PROFILE_VIEW,
  pendingSelectId: null,
  cursorNs: null,
  rangeNs: null,
  windowNs: null,

  addLoading: (id, name, size, selectWhenReady) =>
    set((s) => ({
      files: [...s.files, { id, name, size, status: 'loading', progress: null, parsed: null, error: null }],
      ...(selectWhenReady ? { pendingSelectId: id } : {}),
    })),
  setSize: (id, size) => set((s) => ({ files: patchFile(s.files, id, { size }) })),
  setProgress: (id, progress) => set((s) => ({ files: patchFile(s.files, id, { progress }) })),
  setParsed: (id, parsed) =>
    set((s) => {
      const files = patchFile(s.files, id, { status: 'ready', parsed, progress: null });
      // Shown at once when it is the file the user just opened (the first of a batch) or when
      // nothing is shown; otherwise it waits in the sidebar.
      const current = files.find((f) => f.id === s.selectedId);
      const selectNew = s.pendingSelectId === id || !current || current.status !== 'ready';
      const pendingSelectId = s.pendingSelectId === id ? null : s.pendingSelectId;
      return selectNew
        ? { files, pendingSelectId, selectedId: id, view: keepFilters(s.view), rangeNs: null, cursorNs: null, windowNs: null }
        : { files, pendingSelectId };
    }),
  setFailed: (id, error) =>
    set((s) => ({
      files: patchFile(s.files, id, { status: 'error', error, progress: null }),
      pendingSelectId: s.pendingSelectId === id ? null : s.pendingSelectId,
    })),
  removeFile: (id) =>
    set((s) => {
      const files = s.files.filter((f) => f.id !== id);
      if (s.selectedId !== id) return { files };
      const next = files.find((f) => f.status === 'ready');
      return { files, selectedId: next?.id ?? null, view: keepFilters(s.view), rangeNs: null, cursorNs: null, windowNs: null };
    }),
  selectFile: (id) =>
    set((s) => (id === s.selectedId ? {} : { selectedId: id, view: keepFilters(s.view), rangeNs: null, cursorNs: null, windowNs: null })),
  updateView: (patch) => set((s) => ({ view: { ...s.view, ...patch } })),
  setCursor: (ns) => set((s) => (s.cursorNs === ns ? {} : { cursorNs: ns })),
  setRange: (range) => set({ rangeNs: range }),
  setWindow: (window) => set({ windowNs: window }),
}));

/** Switching files keeps pprof's filters (they are about code, not one file) but not zoom. */
function keepFilters(v: ProfileViewState): ProfileViewState {
  return { ...DEFAULT_PROFILE_VIEW, focus: v.focus, ignore: v.ignore, hide: v.hide, show: v.show, search: v.search };
}

export function selectedFile(s: GoLensState): LoadedFile | null {
  return s.files.find((f) => f.id === s.selectedId) ?? null;
}

export function isIdle(s: GoLensState): boolean {
  return !s.files.some((f) => f.status === 'loading');
}
