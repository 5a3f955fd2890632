// `go tool pprof -top -nodecount=20` as text equals every .top.txt beside the fixtures: the
// protobuf profiles' exactly, header lines included, and the -diff_base references of the
// protobuf pairs. pprof names every frame of a legacy text form <unknown> (it reads no names
// from the # lines) and so prints one node; GoLens names them from the # lines, so for those the
// header lines and the total are compared, not the table.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { diffProfiles } from './diff';
import type { PprofTimeLayout } from './pprof-header';
import { pprofTopText } from './pprof-top';

async function profile(rel: string): Promise<ProfileModel | null> {
  const p = await parseBytes(readFixture(rel));
  return p.kind === 'profile' ? p : null;
}

/** pprof's Time: layout changed in Go 1.24; references outside go1.XX/ were made with Go 1.27. */
function layoutOf(rel: string): PprofTimeLayout {
  const m = /\/go1\.(\d+)\//.exec(rel);
  return m && Number(m[1]) < 24 ? 'go1.19' : 'go1.24';
}

/** pprof's units, in bytes or nanoseconds (its measurement tables). */
const UNIT: Record<string, number> = { '': 1, B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, ns: 1, us: 1e3, ms: 1e6, s: 1e9, mins: 60e9, hrs: 3600e9 };

/**
 * What pprof's text of a legacy form shares with GoLens's: the header lines, and the total (in
 * the unit each chose: pprof's follows its one node, GoLens's its smallest shown node).
 */
function headerAndTotal(text: string): { header: string[]; total: number } {
  const lines = text.split('\n');
  const showing = lines.findIndex((l) => l.startsWith('Showing nodes'));
  const [, num, unit] = / of (-?[\d.]+)([a-zA-Z]*) total$/.exec(lines[showing]!)!;
  return { header: lines.slice(0, showing), total: Number(num) * UNIT[unit!]! };
}

function expectLegacyAgrees(got: string, want: string): void {
  const g = headerAndTotal(got);
  const w = headerAndTotal(want);
  expect(g.header).toEqual(w.header);
  // Each printed with two decimals in its own unit.
  expect(Math.abs(g.total - w.total)).toBeLessThanOrEqual(0.006 * Math.max(Math.abs(w.total), 1));
}

const singles = listFixtures().filter((f) => f.endsWith('.top.txt') && !f.includes('.diff_base-'));
const diffs = listFixtures().filter((f) => /\.diff_base-[^/]+\.top\.txt$/.test(f));

describe('golens top prints what go tool pprof -top prints', () => {
  it('finds the references', () => {
    expect(singles.length).toBeGreaterThan(100);
    expect(diffs.length).toBeGreaterThanOrEqual(14);
  });
  for (const ref of singles) {
    it(ref, async () => {
      const p = await profile(ref.slice(0, -'.top.txt'.length));
      if (!p) return; // a .top.txt beside a file that is not a profile (a goroutine dump) is pprof's of another form
      const want = readFileSync(fixturePath(ref), 'utf8');
      const got = pprofTopText(p, p.defaultSampleTypeIndex, layoutOf(ref));
      if (p.encoding === 'legacy') expectLegacyAgrees(got, want);
      else expect(got).toBe(want);
    });
  }
  for (const ref of diffs) {
    it(ref, async () => {
      const m = /^(.*)\/([^/]+)\.diff_base-([^.]+)(\.alloc_space)?\.top\.txt$/.exec(ref)!;
      const [, dir, targetName, baseName, alloc] = m;
      const target = await profile(`${dir}/${targetName}`);
      const ext = targetName!.slice(targetName!.indexOf('.'));
      const base = await profile(`${dir}/${baseName}${ext}`);
      const d = diffProfiles(base!, target!, 'diff_base');
      const idx = alloc ? d.sampleTypes.findIndex((t) => t.type === 'alloc_space') : d.defaultSampleTypeIndex;
      const want = readFileSync(fixturePath(ref), 'utf8');
      const got = pprofTopText(d, idx, layoutOf(ref));
      if (target!.encoding === 'legacy') expectLegacyAgrees(got, want);
      else expect(got).toBe(want);
    });
  }
});
