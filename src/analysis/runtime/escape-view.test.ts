import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { escapeReasonsByFunc } from './escape-view';

const dirs = listFixtures()
  .filter((f) => f.startsWith('escape/') && f.endsWith('/allocs.pb.gz'))
  .map((f) => f.slice(0, -'/allocs.pb.gz'.length));

const parse = async (rel: string) => parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));

describe('allocation sites explained by escape analysis', () => {
  it('has escape fixtures', () => expect(dirs.length).toBeGreaterThanOrEqual(6));

  it.each(dirs)('%s: alloc_space sites of MakeHuge and NewPoint match the -m lines of the file', async (dir) => {
    const p = await parse(`${dir}/allocs.pb.gz`);
    const text = readFileSync(fixturePath(`${dir}/escape_m.txt`), 'utf8');
    const m = await parse(`${dir}/escape_m.txt`);
    if (p.kind !== 'profile' || m.kind !== 'escape') throw new Error('kinds');
    const space = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
    const byFunc = escapeReasonsByFunc(p, space, m);
    const fnIndex = (name: string) => p.funcs.name.findIndex((s) => p.strings[s] === name);
    for (const [fn, expected] of [
      ['main.MakeHuge', /escapes to heap$/],
      ['main.NewPoint', /^moved to heap: p$/],
    ] as const) {
      const info = byFunc.get(fnIndex(fn));
      expect(info, fn).toBeDefined();
      const site = info!.sites[0]!;
      const reason = site.reasons[0]!;
      expect(reason.onHeap).toBe(true);
      expect(reason.message).toMatch(expected);
      // The same decision is a line of the escape output at that file:line.
      expect(text).toContain(`./main.go:${site.line}:${reason.col}: ${reason.message}\n`);
      expect([info!.sites[0]!.file.endsWith('main.go'), info!.sites[0]!.line, info!.sites[0]!.reasons[0]!.message]).toEqual([true, site.line, reason.message]);
    }
    // The heaviest site of all is MakeHuge's 1 MiB buffer (pprof's top line).
    let best = { fn: -1, v: 0 };
    for (const [fn, info] of byFunc) if (info.sites[0]!.value > best.v) best = { fn, v: info.sites[0]!.value };
    expect(p.strings[p.funcs.name[best.fn]!]).toBe('main.MakeHuge');
  });

  it('a profile without matching files has no reasons', async () => {
    const p = await parse('leak/go1.27/heap_after.pb.gz');
    const m = await parse('escape/go1.27/escape_m.txt');
    if (p.kind !== 'profile' || m.kind !== 'escape') throw new Error('kinds');
    const byFunc = escapeReasonsByFunc(p, p.defaultSampleTypeIndex, m);
    // leak/main.go and escape's ./main.go share only the base name: lines may match by chance,
    // but every reason found must name main.go.
    for (const info of byFunc.values()) for (const s of info.sites) expect(s.reasons[0]!.file).toBe('./main.go');
  });
});
