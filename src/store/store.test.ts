import { beforeEach, describe, expect, it } from 'vitest';
import { message } from '../base/messages';
import { parseBytes } from '../parse/detect';
import { readFixture } from '../test-utils/fixtures';
import { DEFAULT_PROFILE_VIEW, DEFAULT_VIEW, selectedFile, useGoLens, viewKeyOf, type Selection, type ViewState } from './store';
import { findLinkedFile, formatHash, hashOfState, parseHash, remapLink } from './url-hash';
import { getSampleTypeIndex, getViewFilter, profileSelectors } from './selectors';

const reset = () =>
  useGoLens.setState({ files: [], selection: null, views: {}, checked: [], pendingSelectId: null, linkMissing: null, linkDismissed: false });

function add(id: string, name: string, selectWhenReady: boolean) {
  useGoLens.getState().addLoading({ id, name, size: 1, origin: 'user' }, selectWhenReady);
}

describe('store', () => {
  beforeEach(reset);

  it('shows the file the user opened when it is ready, keeps the current one otherwise', async () => {
    const parsed = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    const s = useGoLens.getState();
    add('a', 'a.pb.gz', true);
    add('b', 'b.pb.gz', false);
    s.setParsed('b', parsed, {}, 'bb'); // nothing shown yet: b is shown
    expect(selectedFile(useGoLens.getState())?.id).toBe('b');
    s.setParsed('a', parsed, {}, 'aa'); // a was the one asked for
    expect(selectedFile(useGoLens.getState())?.id).toBe('a');
    add('c', 'c.bin', true);
    s.setFailed('c', message('format.unrecognized-text', { firstLine: 'x' }));
    expect(selectedFile(useGoLens.getState())?.id).toBe('a');
    s.removeFile('a');
    expect(selectedFile(useGoLens.getState())?.id).toBe('b');
  });

  it('keeps a view state per file: two files of the same name do not share it', async () => {
    const parsed = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    const s = useGoLens.getState();
    add('x1', 'heap.pb.gz', true);
    add('x2', 'heap.pb.gz', false);
    s.setParsed('x1', parsed, {}, 'h1');
    s.setParsed('x2', parsed, {}, 'h2');
    s.updateView('x1', { profile: { sampleType: 'alloc_space', search: 'audit' } });
    s.updateView('x2', { profile: { focus: 'newSession' }, windowNs: [1, 2] });
    const st = useGoLens.getState();
    expect(st.views.x1!.profile).toEqual({ ...DEFAULT_PROFILE_VIEW, sampleType: 'alloc_space', search: 'audit' });
    expect(st.views.x2!.profile.focus).toBe('newSession');
    expect(st.views.x2!.profile.sampleType).toBe('');
    // The URL names both, by id and content, and keeps each one's state apart.
    const back = parseHash(hashOfState({ ...st, selection: { kind: 'compare', base: 'x1', target: 'x2' } }));
    expect(back.files.map((f) => [f.id, f.name, f.hash])).toEqual([
      ['x1', 'heap.pb.gz', 'h1'],
      ['x2', 'heap.pb.gz', 'h2'],
    ]);
    expect(back.views.x1!.profile.sampleType).toBe('alloc_space');
    expect(back.views.x2!.windowNs).toEqual([1, 2]);
    // A removed file takes its view state with it.
    s.removeFile('x1');
    expect(useGoLens.getState().views.x1).toBeUndefined();
  });

  it('derives the flame tree from the view: sample type and filters', async () => {
    const p = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    if (p.kind !== 'profile') throw new Error('not a profile');
    const idx = getSampleTypeIndex(p, 'alloc_space');
    expect(p.sampleTypes[idx]!.type).toBe('alloc_space');
    expect(getSampleTypeIndex(p, '')).toBe(3);
    const sel = profileSelectors(p);
    const all = sel.flameTree(getViewFilter(DEFAULT_PROFILE_VIEW).filter, 3, false);
    const focused = sel.flameTree(getViewFilter({ ...DEFAULT_PROFILE_VIEW, focus: 'main\\.audit' }).filter, 3, false);
    expect(all.rootTotal).toBe(42569868);
    expect(focused.rootTotal).toBeLessThan(all.rootTotal);
    expect(focused.rootTotal).toBeGreaterThan(0);
  });

  it('keeps two profiles\' memos apart (per-model selector sets)', async () => {
    const a = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    const b = await parseBytes(readFixture('leak/go1.27/heap_before.pb.gz'));
    if (a.kind !== 'profile' || b.kind !== 'profile') throw new Error('not profiles');
    const f = getViewFilter(DEFAULT_PROFILE_VIEW).filter;
    const ta = profileSelectors(a).flameTree(f, 3, false);
    const tb = profileSelectors(b).flameTree(f, 3, false);
    expect(profileSelectors(a).flameTree(f, 3, false)).toBe(ta);
    expect(profileSelectors(b).flameTree(f, 3, false)).toBe(tb);
  });
});

describe('URL hash', () => {
  const view: ViewState = {
    ...DEFAULT_VIEW,
    profile: {
      ...DEFAULT_PROFILE_VIEW,
      sampleType: 'alloc_space',
      zoomPath: ['runtime.main', 'main.(*T).m;x', 'a&b=c'],
      search: 'new.*Session',
      focus: '^main\\.',
      hide: 'runtime',
      inverted: true,
    },
    windowNs: [5, 900],
    rangeNs: [10, 2000],
  };

  it('round-trips each view, zoom paths with any characters included', () => {
    const files = [{ id: 'k1', size: 2300000, hash: 'abc123', name: 'heap #1~x.pb.gz' }];
    const hash = formatHash(files, { kind: 'file', id: 'k1' }, { k1: view });
    const back = parseHash(hash);
    expect(back.files).toEqual(files);
    expect(back.selection).toEqual({ kind: 'file', id: 'k1' });
    expect(back.views.k1).toEqual(view);
    expect(parseHash('').views).toEqual({});
  });

  it('round-trips every selection kind, with its options', () => {
    const sels: Selection[] = [
      { kind: 'file', id: 'a' },
      { kind: 'compare', base: 'a', target: 'b' },
      { kind: 'series', ids: ['a', 'b', 'c'] },
      { kind: 'run', ids: ['a', 'c'] },
    ];
    const files = ['a', 'b', 'c'].map((id) => ({ id, size: 10, hash: `h${id}`, name: `${id}.pb.gz` }));
    for (const sel of sels) {
      const key = viewKeyOf(sel);
      const v: ViewState = { ...view, options: { mode: 'base', 'offset.c': '-1500' } };
      const back = parseHash(formatHash(files, sel, { [key]: v }));
      expect(back.selection).toEqual(sel);
      expect(back.views[key]).toEqual(v);
    }
  });

  it('finds a link\'s files by id, else by content, and maps the view onto them', () => {
    const entry = (id: string, name: string, hash: string) =>
      ({ id, name, size: 10, hash, origin: 'user', status: 'ready', progress: null, parsed: null, derived: {}, error: null, renderError: null }) as const;
    const open = [entry('local1', 'trace.out', 'aaa'), entry('local2', 'trace.out', 'bbb')];
    // Two files of one name: content tells them apart.
    expect(findLinkedFile(open, { id: 'far', size: 10, hash: 'bbb', name: 'trace.out' })?.id).toBe('local2');
    expect(findLinkedFile(open, { id: 'local1', size: 10, hash: 'aaa', name: 'trace.out' })?.id).toBe('local1');
    expect(findLinkedFile(open, { id: 'x', size: 10, hash: 'ccc', name: 'trace.out' })).toBeNull();
    const link = parseHash(formatHash([], { kind: 'compare', base: 'far1', target: 'far2' }, { 'cmp:far1,far2': view, far2: view }));
    const mapped = remapLink(link, new Map([['far1', 'local1'], ['far2', 'local2']]));
    expect(mapped.selection).toEqual({ kind: 'compare', base: 'local1', target: 'local2' });
    expect(Object.keys(mapped.views).sort()).toEqual(['cmp:local1,local2', 'local2']);
  });

  it('reads older links (#file=NAME&si=…)', () => {
    const back = parseHash('#file=heap_after.pb.gz&si=alloc_space&range=1,2');
    expect(back.files).toEqual([{ id: 'link', size: -1, hash: '', name: 'heap_after.pb.gz' }]);
    expect(back.views.link!.profile.sampleType).toBe('alloc_space');
    expect(back.views.link!.rangeNs).toEqual([1, 2]);
  });
});
