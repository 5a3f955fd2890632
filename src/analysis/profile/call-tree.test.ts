import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { pprofFromText } from '../../test-utils/pprof-from-text';
import { readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { compileFilter, computeCallNodeInfo, computeCallNodeSelf, computeCallNodeTotal, computeInvertedTree } from './call-tree';
import { computeTopRows } from './top';
import { computeSearchShare } from './search';

async function profile(text: string): Promise<ProfileModel> {
  const p = await parseBytes(pprofFromText(text));
  if (p.kind !== 'profile') throw new Error('not a profile');
  return p;
}

const RECURSIVE = `
  samples/count cpu/nanoseconds
  1 10: main.main;main.a;main.a;main.leaf
  2 20: main.main;main.b;main.leaf
  3 30: main.main;main.b
  0 0: main.main;main.unused
`;

describe('call tree and top', () => {
  it('counts a recursive function once per sample in cum, and flat at the leaf', async () => {
    const p = await profile(RECURSIVE);
    const { rows, total } = computeTopRows(p, 1, null);
    expect(total).toBe(60);
    const byName = Object.fromEntries(rows.map((r) => [r.name, [r.flat, r.cum]]));
    expect(byName['main.a']).toEqual([0, 10]);
    expect(byName['main.leaf']).toEqual([30, 30]);
    expect(byName['main.b']).toEqual([30, 50]);
    expect(byName['main.main']).toEqual([0, 60]);
    expect(byName['main.unused']).toBeUndefined(); // only zero-valued samples hold it
    expect(rows[0]!.name).toBe('main.b'); // ties by name: main.b < main.leaf
  });

  it('applies focus, ignore, hide and show as pprof does', async () => {
    const p = await profile(RECURSIVE);
    const top = (f: Parameters<typeof compileFilter>[0]) =>
      Object.fromEntries(computeTopRows(p, 1, compileFilter(f).filter).rows.map((r) => [r.name, [r.flat, r.cum]]));
    expect(top({ focus: 'main\\.a' })['main.main']).toEqual([0, 10]);
    expect(top({ ignore: 'main\\.a' })['main.main']).toEqual([0, 50]);
    // hide removes the frame; its callee's value stays, the caller becomes the parent.
    const hidden = top({ hide: '^main\\.b$' });
    expect(hidden['main.b']).toBeUndefined();
    expect(hidden['main.main']).toEqual([30, 60]);
    const shown = top({ show: 'leaf|main\\.main$' });
    expect(Object.keys(shown).sort()).toEqual(['main.leaf', 'main.main']);
  });

  it('builds bottom-up trees whose roots sum to the total', async () => {
    const p = await profile(RECURSIVE);
    const info = computeCallNodeInfo(p, null);
    const { self } = computeCallNodeSelf(p, info, 1);
    const total = computeCallNodeTotal(info.nodes, self);
    const rootSum = [...info.nodes.parent].reduce((s, parent, n) => (parent < 0 ? s + total[n]! : s), 0);
    expect(rootSum).toBe(60);
    const inv = computeInvertedTree(info.nodes, self);
    const roots = [...inv.nodes.parent].flatMap((parent, n) => (parent < 0 ? [n] : []));
    const rootNames = roots.map((n) => p.strings[p.funcs.name[inv.nodes.func[n]!]!]).sort();
    expect(rootNames).toEqual(['main.b', 'main.leaf']);
    expect(roots.reduce((s, n) => s + inv.total[n]!, 0)).toBe(60);
  });

  it('search counts each sample once, whatever number of frames match', async () => {
    const p = await profile(RECURSIVE);
    const share = computeSearchShare(p, computeCallNodeInfo(p, null), 1, 'main\\.(a|leaf)');
    expect(share.matched).toBe(30);
    expect(share.total).toBe(60);
  });

  it('agrees with go tool pprof -top on a real heap profile', async () => {
    const p = await parseBytes(readFixture('leak/go1.27/heap_after.pb.gz'));
    if (p.kind !== 'profile') throw new Error('not a profile');
    const { rows, total } = computeTopRows(p, p.defaultSampleTypeIndex, null);
    // From heap_after.pb.gz.top.txt: 40.60MB total; main.newSession 90.88% flat, 91.03% cum.
    expect(((100 * rows[0]!.flat) / total).toFixed(2)).toBe('90.88');
    expect(((100 * rows[0]!.cum) / total).toFixed(2)).toBe('91.03');
  });
});
