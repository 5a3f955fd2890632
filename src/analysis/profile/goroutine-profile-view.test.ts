import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { goroutineDumpToProfile } from '../runtime/goroutine-dump-profile';
import { groupGoroutines } from '../runtime/goroutine-dump-groups';
import { goroutineProfileGroups, isGoroutineProfile } from './goroutine-profile-view';

const debug1 = listFixtures().filter((f) => f.endsWith('/goroutine_debug1.txt'));

describe('goroutine profile groups', () => {
  it('has debug=1 fixtures', () => expect(debug1.length).toBeGreaterThanOrEqual(8));

  it.each(debug1)('%s: groups add up to the header total; each record count is in its group', async (rel) => {
    const text = readFileSync(fixturePath(rel), 'utf8');
    const total = Number(/^goroutine profile: total (\d+)/.exec(text)![1]);
    const p = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (p.kind !== 'profile') throw new Error(p.kind);
    expect(isGoroutineProfile(p)).toBe(true);
    const groups = goroutineProfileGroups(p, 100);
    expect(groups.reduce((s, g) => s + g.count, 0)).toBe(total);
    // The record `N @ …` whose first # line is main.idleWorker: its count is that group's count.
    const rec = /\n(\d+) @ [^\n]*\n#\t\S+\tmain\.idleWorker\+\S+\t+(\S+)\n/.exec(text)!;
    const g = groups.find((x) => x.innermost === 'main.idleWorker')!;
    expect(g.count).toBe(Number(rec[1]));
    expect(g.sites[0]!.name).toBe(rec[2]);
    expect(groups[0]).toBe(g); // the largest group
    expect(groups.every((x) => x.leak === null)).toBe(true);
    expect(goroutineProfileGroups(p, g.count).find((x) => x.innermost === 'main.idleWorker')!.leak?.rule).toBe('pile-up');
  });

  it('a debug=2 dump as a profile groups like the dump itself', async () => {
    const rel = 'leak/go1.27/goroutine_debug2.txt';
    const d = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (d.kind !== 'goroutine-dump') throw new Error(d.kind);
    const fromDump = groupGoroutines(d).map((g) => [g.count, g.functions.join('>')]);
    const fromProfile = goroutineProfileGroups(goroutineDumpToProfile(d), 100).map((g) => [g.count, g.functions.join('>')]);
    expect(fromProfile).toEqual(fromDump);
  });

  // The protobuf and the debug=1 text of one program's goroutines name each group alike: by its
  // innermost frame outside the runtime (main.backend, not runtime.gopark where it parks).
  const pairs = [
    ...listFixtures().filter((f) => f.endsWith('/goroutine.pb.gz') && f.startsWith('leak/')).map((f) => [f, f.replace('goroutine.pb.gz', 'goroutine_debug1.txt')]),
    ...listFixtures().filter((f) => f.endsWith('/goroutineleak.pb.gz')).map((f) => [f, f.replace('goroutineleak.pb.gz', 'goroutineleak_debug1.txt')]),
  ] as [string, string][];
  it('has protobuf and text pairs', () => expect(pairs.length).toBeGreaterThanOrEqual(10));

  async function namesOf(rel: string): Promise<Record<string, number>> {
    const p = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (p.kind !== 'profile') throw new Error(p.kind);
    const out: Record<string, number> = {};
    for (const g of goroutineProfileGroups(p, 100)) out[`${g.innermost} ${g.sites[0]!.name}`] = (out[`${g.innermost} ${g.sites[0]!.name}`] ?? 0) + g.count;
    return out;
  }

  it.each(pairs)('%s names its groups as %s does', async (pb, txt) => {
    const fromPb = await namesOf(pb);
    expect(fromPb).toEqual(await namesOf(txt));
    expect(Object.keys(fromPb).some((k) => k.startsWith('runtime.'))).toBe(false);
  });

  it('goroutineleak go1.27: the 40 leaked backends are named main.backend main.go:58, not runtime.gopark', async () => {
    const names = await namesOf('goroutineleak/go1.27/goroutineleak.pb.gz');
    expect(names['main.backend goroutineleak/main.go:58']).toBe(40);
  });
});
