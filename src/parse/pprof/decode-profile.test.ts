import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/summary';
import { checkProfileIntegrity } from '../../model/profile';
import { fixturesWithDigest, readFixture } from '../../test-utils/fixtures';
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
