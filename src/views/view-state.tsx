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

/** One time field of the view's state (a window or a range, ns on its axis), and its setter. */
function useTimeField(field: 'windowNs' | 'rangeNs'): [[number, number] | null, (v: [number, number] | null) => void] {
  const key = useViewKey();
  const v = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW)[field]);
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((value: [number, number] | null) => update(key, { [field]: value }), [key, field, update]);
  return [v, set];
}

/** The visible window of the view's time axis (null: the whole extent), and its setter. */
export const useTimeWindow = () => useTimeField('windowNs');

/** The brushed range of the view's time axis, and its setter. */
export const useTimeRange = () => useTimeField('rangeNs');

/** A kind-specific option of the view ("" when unset), and its setter (null or "" removes it). */
export function useViewOption(name: string): [string, (value: string | null) => void] {
  const key = useViewKey();
  const v = useGoLens((s) => (s.views[key] ?? DEFAULT_VIEW).options[name] ?? '');
  const update = useGoLens((s) => s.updateView);
  const set = useCallback((value: string | null) => update(key, { options: { [name]: value || null } }), [key, name, update]);
  return [v, set];
}
