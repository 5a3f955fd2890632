import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/digest/summary';
import { checkProfileIntegrity } from '../../model/profile';
import { fixturesWithDigest, parseDigestJson, readFixture } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';

// Every protobuf profile with a digest made by Go's own pprof package.
const cases = fixturesWithDigest((d) => d.format === 'pprof' && d.encoding !== 'legacy');

describe('profile.proto fixtures agree with Go', () => {
  it('finds the fixtures', () => {
    expect(cases.length).toBeGreaterThan(100);
  });
  for (const { input, digest } of cases) {
    it(input, async () => {
      const parsed = await parseBytes(readFixture(input));
      expect(parsed.kind).toBe('profile');
      if (parsed.kind !== 'profile') return;
      expect(checkProfileIntegrity(parsed)).toEqual([]);
      expect(summarize(parsed)).toEqual(digest);
    });
  }
});

describe('profile.proto strings', () => {
  // The fixtures' strings are all ASCII: a real Go 1.27 CPU profile of functions named in other
  // scripts (testdata/unicode, its program beside it) checks the UTF-8 entries of the string
  // table, decoded apart from the ASCII ones, against Go's digest (golensoracle).
  it('decodes UTF-8 names as Go does', async () => {
    const dir = new URL('./testdata/unicode/', import.meta.url);
    const parsed = await parseBytes(new Uint8Array(readFileSync(new URL('cpu.pb.gz', dir))));
    expect(parsed.kind).toBe('profile');
    if (parsed.kind !== 'profile') return;
    expect(checkProfileIntegrity(parsed)).toEqual([]);
    expect(summarize(parsed)).toEqual(parseDigestJson(readFileSync(new URL('cpu.pb.gz.summary.json', dir), 'utf8')));
    expect(parsed.strings).toContain('main.計算');
    expect(parsed.strings).toContain('main.naïveSum');
  });
});
