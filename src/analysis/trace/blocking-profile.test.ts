// Conformance: for every `trace.out.<type>.pprof` fixture (`go tool trace -pprof=<type>`), the
// blocking profile of the model has the digest of Go's file, and so does the protobuf GoLens
// writes once read back by the app's own pprof parser.

import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseBytes } from '../../parse/detect';
import { fixturePath, fixturesWithDigest, readFixture } from '../../test-utils/fixtures';
import type { TraceModel } from '../../model/trace';
import type { ProfileModel } from '../../model/profile';
import { summarizeProfile } from '../digest/profile-summary';
import { summarizeTrace } from './goroutine-summary';
import { BLOCKING_TYPES, blockingProfileModel, blockingRecords, blockingRecordsOf, encodePprof, pprofShape, type BlockingType } from './blocking-profile';

const refs = fixturesWithDigest((_d, rel) => /\.(net|sync|syscall|sched)\.pprof$/.test(rel));

describe('blocking profiles equal go tool trace -pprof', () => {
  it('has the references', () => {
    expect(refs.length).toBeGreaterThanOrEqual(24);
  });
  for (const { input, digest } of refs) {
    it(input, async () => {
      const type = /\.(\w+)\.pprof$/.exec(input)![1] as BlockingType;
      const t = (await parseBytes(readFixture(input.replace(/\.\w+\.pprof$/, '')))) as TraceModel;
      // Each reference was made by its own Go release's go tool trace.
      const minor = Number(/go1\.(\d+)/.exec(readFileSync(fixturePath(`${dirname(input)}/GOVERSION`), 'utf8'))![1]);
      const shape = pprofShape(t, blockingRecords(t, summarizeTrace(t), type, undefined, minor));
      expect(summarizeProfile(blockingProfileModel(shape, type))).toEqual(digest);
      const back = (await parseBytes(gzipSync(encodePprof(shape)))) as ProfileModel;
      expect(summarizeProfile(back)).toEqual(digest);
    });
  }
});

describe('the blocking profiles page', () => {
  for (const rel of ['contention/go1.27/trace.out', 'netblock/go1.27/trace.out']) {
    it(`${rel}: the four profiles made in one pass equal each made alone, whole trace and a range`, async () => {
      const t = (await parseBytes(readFixture(rel))) as TraceModel;
      const s = summarizeTrace(t);
      const range = { from: t.durationNs / 4, to: (3 * t.durationNs) / 4 };
      for (const r of [undefined, range]) {
        const all = blockingRecordsOf(t, s, BLOCKING_TYPES, r);
        for (const type of BLOCKING_TYPES) expect(all[type]).toEqual(blockingRecords(t, s, type, r));
      }
      expect(BLOCKING_TYPES.some((type) => blockingRecords(t, s, type).length > 0)).toBe(true);
    });
  }
});
