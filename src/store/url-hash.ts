// The view state mirrored in the URL hash, so that a reload (or a shared link, with the same
// files) restores it: #file=NAME&si=TYPE&zoom=A;B&search=…&focus=…&ignore=…&hide=…&show=…&inv=1

import { DEFAULT_PROFILE_VIEW, selectedFile, useGoLens, type ProfileViewState } from './store';

const ZOOM_SEPARATOR = '\u001f';

export type HashState = { file: string | null; view: ProfileViewState; range: [number, number] | null };

export function parseHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const zoom = params.get('zoom');
  const range = params.get('range')?.split(',').map(Number);
  return {
    file: params.get('file'),
    view: {
      sampleType: params.get('si') ?? '',
      zoomPath: zoom ? zoom.split(ZOOM_SEPARATOR) : [],
      search: params.get('search') ?? '',
      focus: params.get('focus') ?? '',
      ignore: params.get('ignore') ?? '',
      hide: params.get('hide') ?? '',
      show: params.get('show') ?? '',
      inverted: params.get('inv') === '1',
    },
    range: range && range.length === 2 && range.every(Number.isFinite) ? [range[0]!, range[1]!] : null,
  };
}

export function formatHash(file: string | null, view: ProfileViewState, range: [number, number] | null): string {
  const params = new URLSearchParams();
  if (file) params.set('file', file);
  if (view.sampleType) params.set('si', view.sampleType);
  if (view.zoomPath.length) params.set('zoom', view.zoomPath.join(ZOOM_SEPARATOR));
  if (view.search) params.set('search', view.search);
  if (view.focus) params.set('focus', view.focus);
  if (view.ignore) params.set('ignore', view.ignore);
  if (view.hide) params.set('hide', view.hide);
  if (view.show) params.set('show', view.show);
  if (view.inverted) params.set('inv', '1');
  if (range) params.set('range', `${Math.round(range[0])},${Math.round(range[1])}`);
  const s = params.toString();
  return s ? `#${s}` : '';
}

/**
 * Reads the hash once at startup, applies it when the named file is ready, then keeps the
 * hash in step with the store. Returns a function that stops syncing.
 */
export function syncUrlHash(): () => void {
  let pending: HashState | null = parseHash(location.hash);
  if (!pending.file) {
    useGoLens.getState().updateView(pending.view);
    pending = null;
  }
  const unsubscribe = useGoLens.subscribe((s) => {
    if (pending) {
      // Wait for the file the hash names; until then leave the hash as it is.
      const target = s.files.find((f) => f.name === pending!.file && f.status === 'ready');
      const stillLoading = s.files.some((f) => f.status === 'loading');
      if (target) {
        const p = pending;
        pending = null;
        useGoLens.setState({ selectedId: target.id, view: { ...DEFAULT_PROFILE_VIEW, ...p.view }, rangeNs: p.range });
        return;
      }
      if (stillLoading || s.files.length === 0) return;
      pending = null; // the file is not open any more
    }
    const file = selectedFile(s);
    const hash = formatHash(file?.name ?? null, s.view, s.rangeNs);
    if (hash !== location.hash && !(hash === '' && location.hash === '#')) {
      history.replaceState(null, '', hash === '' ? location.pathname + location.search : hash);
    }
  });
  return unsubscribe;
}
