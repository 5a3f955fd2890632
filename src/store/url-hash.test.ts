import { afterEach, describe, expect, it } from 'vitest';
import { useGoLens, type FileEntry } from './store';
import { parseHash, syncUrlHash } from './url-hash';

const entry = (id: string, name: string): FileEntry =>
  ({ id, name, size: 10, hash: `h${id}`, origin: 'user', status: 'ready', progress: null, parsed: null, derived: {}, error: null, renderError: null }) as unknown as FileEntry;

describe('syncUrlHash', () => {
  let stop: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    stop = null;
    history.replaceState(null, '', location.pathname);
  });

  it('writes a new selection at once, even within the write interval of the last write', () => {
    stop = syncUrlHash();
    const files = [entry('a1', 'a.pb.gz'), entry('b2', 'b.pb.gz')];
    useGoLens.setState({ files, selection: { kind: 'file', id: 'a1' } });
    expect(parseHash(location.hash).selection).toEqual({ kind: 'file', id: 'a1' });
    // No interaction and no time passes: a reload now must still find the second selection.
    useGoLens.setState({ selection: { kind: 'file', id: 'b2' } });
    expect(parseHash(location.hash).selection).toEqual({ kind: 'file', id: 'b2' });
  });
});
