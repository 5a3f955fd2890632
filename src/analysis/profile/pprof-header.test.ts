import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, fixturesWithDigest, listFixtures, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { diffProfiles } from './diff';
import { pprofHeader, type PprofTimeLayout } from './pprof-header';

async function profile(rel: string): Promise<ProfileModel> {
  const p = await parseBytes(readFixture(rel));
  if (p.kind !== 'profile') throw new Error(`${rel}: not a profile`);
  return p;
}

/** The lines before "Showing nodes…" of a .top.txt. */
function headerOf(rel: string): string[] {
  const lines = readFileSync(fixturePath(rel), 'utf8').split('\n');
  return lines.slice(0, lines.findIndex((l) => l.startsWith('Showing nodes')));
}

/** pprof's Time: layout changed in Go 1.24; references outside go1.XX/ were made with Go 1.27. */
function layoutOf(rel: string): PprofTimeLayout {
  const m = /\/go1\.(\d+)\//.exec(rel);
  return m && Number(m[1]) < 24 ? 'go1.19' : 'go1.24';
}

const cases = fixturesWithDigest(
  (d, input) => d.format === 'pprof' && d.encoding !== 'legacy' && existsSync(fixturePath(`${input}.top.txt`)),
);

describe('pprofHeader prints what go tool pprof prints first', () => {
  it('finds the fixtures', () => expect(cases.length).toBeGreaterThan(80));
  for (const { input } of cases) {
    it(input, async () => {
      const p = await profile(input);
      expect(pprofHeader(p, p.defaultSampleTypeIndex, layoutOf(input))).toEqual(headerOf(`${input}.top.txt`));
    });
  }
  const diffs = listFixtures().filter((f) => /\/heap_after\.pb\.gz\.diff_base-heap_before(\.alloc_space)?\.top\.txt$/.test(f));
  it('finds the diff references', () => expect(diffs.length).toBeGreaterThanOrEqual(14));
  for (const ref of diffs) {
    it(ref, async () => {
      const dir = ref.slice(0, ref.lastIndexOf('/'));
      const d = diffProfiles(await profile(`${dir}/heap_before.pb.gz`), await profile(`${dir}/heap_after.pb.gz`), 'diff_base');
      const idx = ref.includes('.alloc_space.') ? d.sampleTypes.findIndex((t) => t.type === 'alloc_space') : d.defaultSampleTypeIndex;
      expect(pprofHeader(d, idx, layoutOf(ref))).toEqual(headerOf(ref));
    });
  }
});
