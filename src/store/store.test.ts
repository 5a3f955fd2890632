import { beforeEach, describe, expect, it } from 'vitest';
import { parseBytes } from '../parse/detect';
import { readFixture } from '../test-utils/fixtures';
import { DEFAULT_PROFILE_VIEW, selectedFile, useGoLens } from './store';
import { formatHash, parseHash } from './url-hash';
import { getFlameTree, getSampleTypeIndex, getViewFilter } from './selectors';

describe('store', () => {
  beforeEach(() => {
    useGoLens.setState({ files: [], selectedId: null, view: DEFAULT_PROFILE_VIEW, pendingSelectId: null });
  });

  it('shows the file the user opened when it is ready, keeps the current one otherwise', async () => {
    const parsed = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    const s = useGoLens.getState();
    s.addLoading('a', 'a.pb.gz', 1, true);
    s.addLoading('b', 'b.pb.gz', 1, false);
    s.setParsed('b', parsed); // nothing shown yet: b is shown
    expect(selectedFile(useGoLens.getState())?.id).toBe('b');
    s.setParsed('a', parsed); // a was the one asked for
    expect(selectedFile(useGoLens.getState())?.id).toBe('a');
    s.addLoading('c', 'c.bin', 1, true);
    s.setFailed('c', 'c.bin: unrecognized format');
    expect(selectedFile(useGoLens.getState())?.id).toBe('a');
    s.removeFile('a');
    expect(selectedFile(useGoLens.getState())?.id).toBe('b');
  });

  it('derives the flame tree from the view: sample type and filters', async () => {
    const p = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    if (p.kind !== 'profile') throw new Error('not a profile');
    const idx = getSampleTypeIndex(p, 'alloc_space');
    expect(p.sampleTypes[idx]!.type).toBe('alloc_space');
    expect(getSampleTypeIndex(p, '')).toBe(3);
    const all = getFlameTree(p, getViewFilter(DEFAULT_PROFILE_VIEW).filter, 3, false);
    const focused = getFlameTree(p, getViewFilter({ ...DEFAULT_PROFILE_VIEW, focus: 'main\\.audit' }).filter, 3, false);
    expect(all.rootTotal).toBe(42569868);
    expect(focused.rootTotal).toBeLessThan(all.rootTotal);
    expect(focused.rootTotal).toBeGreaterThan(0);
  });
});

describe('URL hash', () => {
  it('round-trips the view, zoom paths with any characters included', () => {
    const view = {
      ...DEFAULT_PROFILE_VIEW,
      sampleType: 'alloc_space',
      zoomPath: ['runtime.main', 'main.(*T).m;x', 'a&b=c'],
      search: 'new.*Session',
      focus: '^main\\.',
      hide: 'runtime',
      inverted: true,
    };
    const hash = formatHash('heap #1.pb.gz', view, [10, 2000]);
    const back = parseHash(hash);
    expect(back.file).toBe('heap #1.pb.gz');
    expect(back.view).toEqual(view);
    expect(back.range).toEqual([10, 2000]);
    expect(parseHash('').view).toEqual(DEFAULT_PROFILE_VIEW);
  });
});
