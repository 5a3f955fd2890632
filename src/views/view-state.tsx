// Which view state a component reads and writes: the view key of what it is part of (a file's
// id, or a comparison's, series' or run's key: store.ts `viewKeyOf`), given by the nearest
// <ViewKeyProvider>. A profile shown inside a trace's page (a heap profile of the same run) is
// wrapped in its own file's key, so it keeps its own sample type, zoom and filters.

import { createContext, useCallback, useContext, type ReactNode } from 'react';
import {
  DEFAULT_VIEW,
  useGoLens,
  type ProfileViewState,
  type ViewKey,
  type ViewState,
} from '../store/store';

const ViewKeyContext = createContext<ViewKey | null>(null);

export function ViewKeyProvider({ value, children }: { value: ViewKey; children: ReactNode }) {
  return <ViewKeyContext.Provider value={value}>{children}</ViewKeyContext.Provider>;
}

export function useViewKey(): ViewKey {
  const key = useContext(ViewKeyContext);
  if (key === null) throw new Error('a view must be inside a <ViewKeyProvider>');
  return key;
}

export function useViewState(): ViewState {
  const key = useViewKey();
  return useGoLens((s) => s.views[key] ?? DEFAULT_VIEW);
}

export function useProfileView(): [ProfileViewState, (patch: Partial<ProfileViewState>) => void] {
  const key = useViewKey();
  const profile = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW).profile);
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((patch: Partial<ProfileViewState>) => update(key, { profile: patch }), [key, update]);
  return [profile, set];
}

/** The visible window of the view's time axis (null: the whole extent), and its setter. */
export function useTimeWindow(): [[number, number] | null, (w: [number, number] | null) => void] {
  const key = useViewKey();
  const w = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW).windowNs);
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((windowNs: [number, number] | null) => update(key, { windowNs }), [key, update]);
  return [w, set];
}

/** The brushed range of the view's time axis, and its setter. */
export function useTimeRange(): [[number, number] | null, (r: [number, number] | null) => void] {
  const key = useViewKey();
  const r = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW).rangeNs);
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((rangeNs: [number, number] | null) => update(key, { rangeNs }), [key, update]);
  return [r, set];
}

/** A kind-specific option of the view ("" when unset), and its setter (null or "" removes it). */
export function useViewOption(name: string): [string, (value: string | null) => void] {
  const key = useViewKey();
  const v = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW).options[name] ?? '');
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((value: string | null) => update(key, { options: { [name]: value || null } }), [key, name, update]);
  return [v, set];
}
