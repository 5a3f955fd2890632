import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures, parseDigestJson, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { summarizeProfile } from '../digest/profile-summary';
import { compareProblem, diffCallNodeInfo, diffProfiles, diffTop } from './diff';
import { computeCallNodeInfo, type CallNodeInfo } from './call-tree';
import { computeTopRows } from './top';

async function profile(rel: string): Promise<ProfileModel> {
  const p = await parseBytes(readFixture(rel));
  if (p.kind !== 'profile') throw new Error(`${rel}: not a profile`);
  return p;
}

// leak/go1.XX/heap_after.<x>.diff_base-heap_before… : the pairs pprof compared or refused.
const pairs = listFixtures()
  .filter((f) => /\/heap_after\.(pb\.gz|txt)\.diff_base-heap_before\.top\.txt$/.test(f) || /\/heap_after\.(pb\.gz|txt)\.diff_base-heap_before\.error\.txt$/.test(f))
  .map((f) => {
    const m = /^(.*)\/heap_after\.(pb\.gz|txt)\.diff_base-heap_before\.(top|error)\.txt$/.exec(f)!;
    return { dir: m[1]!, ext: m[2]!, refused: m[3] === 'error' };
  });

describe('diffProfiles builds the profile pprof -diff_base builds', () => {
  it('finds the pairs', () => expect(pairs.length).toBeGreaterThanOrEqual(16));
  for (const { dir, ext, refused } of pairs) {
    const target = `${dir}/heap_after.${ext}`;
    const base = `${dir}/heap_before.${ext}`;
    const ref = `${target}.diff_base-heap_before.diff.json`;
    it(`${target} against ${base}`, async () => {
      const [b, t] = await Promise.all([profile(base), profile(target)]);
      if (refused) {
        expect(existsSync(fixturePath(ref))).toBe(false);
        expect(compareProblem(b, t)?.code).toBe('compare.no-common-sample-type');
        return;
      }
      expect(compareProblem(b, t)).toBeNull();
      const expected = parseDigestJson(readFileSync(fixturePath(ref), 'utf8'));
      const d = diffProfiles(b, t, 'diff_base');
      const ours: Record<string, unknown> = { ...summarizeProfile(d), diffBase: `heap_before.${ext}` };
      if (ours.encoding === 'legacy') {
        for (const k of ['functions', 'topFlat']) {
          delete ours[k];
          delete expected[k];
        }
      }
      expect(ours).toEqual(expected);
    });
  }
});

describe('diffTop gives each side and the net per function', () => {
  for (const ext of ['pb.gz', 'txt']) {
    it(`leak/go1.27 heap_after.${ext} against heap_before.${ext}`, async () => {
      const dir = 'leak/go1.27';
      const [b, t] = await Promise.all([profile(`${dir}/heap_before.${ext}`), profile(`${dir}/heap_after.${ext}`)]);
      const d = diffProfiles(b, t, 'diff_base');
      const idx = d.defaultSampleTypeIndex;
      const { rows, total, baseTotal, targetTotal } = diffTop(d, idx, null);
      const single = (p: ProfileModel) => computeTopRows(p, p.defaultSampleTypeIndex, null);
      const bt = single(b);
      const tt = single(t);
      // pprof's rule for -diff_base: percentages of the base's total.
      expect(total).toBe(bt.total);
      expect(baseTotal).toBe(bt.total);
      expect(targetTotal).toBe(tt.total);
      expect(rows[0]!.name).toBe('main.newSession');
      for (const r of rows) {
        expect(r.flat).toBe(r.targetFlat - r.baseFlat);
        expect(r.cum).toBe(r.targetCum - r.baseCum);
        const inT = tt.rows.find((x) => x.name === r.name);
        const inB = bt.rows.find((x) => x.name === r.name);
        expect(r.targetCum).toBe(inT?.cum ?? 0);
        expect(r.baseCum).toBe(inB?.cum ?? 0);
      }
      // The merged profile's own top agrees with the diff rows.
      const merged = computeTopRows(d, idx, null);
      expect(merged.total).toBe(total);
      expect(merged.rows.map((r) => [r.name, r.flat, r.cum])).toEqual(rows.map((r) => [r.name, r.flat, r.cum]));
    });
  }

  it('-base: percentages of the difference; a profile against itself is all zero and does not divide by zero', async () => {
    const t = await profile('leak/go1.27/heap_after.pb.gz');
    const b = await profile('leak/go1.27/heap_before.pb.gz');
    const d = diffProfiles(b, t, 'base');
    const { total } = diffTop(d, d.defaultSampleTypeIndex, null);
    // Σ|net| over stacks is at least the net total and at most both sides' totals.
    const net = Math.abs(d.samples.values[d.defaultSampleTypeIndex]!.reduce((a, v) => a + v, 0));
    expect(total).toBeGreaterThanOrEqual(net);
    const self = diffProfiles(t, t, 'base');
    const top = diffTop(self, self.defaultSampleTypeIndex, null);
    expect(top.rows.every((r) => r.flat === 0 && r.cum === 0)).toBe(true);
    expect(Number.isFinite(top.total)).toBe(true);
    const selfDiff = diffProfiles(t, t, 'diff_base');
    expect(diffTop(selfDiff, selfDiff.defaultSampleTypeIndex, null).total).toBe(computeTopRows(t, t.defaultSampleTypeIndex, null).total);
  });

  it('refuses a heap profile against a CPU profile, and a trace, with a reason', async () => {
    const heap = await profile('leak/go1.27/heap_after.pb.gz');
    const cpu = await profile('pool/go1.27/cpu.pb.gz');
    expect(compareProblem(heap, cpu)?.code).toBe('compare.different-kinds');
    const trace = await parseBytes(readFixture('tasks/go1.27/trace.out'));
    expect(compareProblem(heap, trace)?.code).toBe('compare.not-profiles');
  });
});

/** The first index where two columns differ (-1 when equal), a length mismatch as index -2. */
function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return -2;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function expectSameCallTree(ours: CallNodeInfo, direct: CallNodeInfo) {
  expect(ours.nodes.length).toBe(direct.nodes.length);
  expect(firstDifference(ours.nodes.func, direct.nodes.func)).toBe(-1);
  expect(firstDifference(ours.nodes.parent, direct.nodes.parent)).toBe(-1);
  expect(firstDifference(ours.nodes.inlined, direct.nodes.inlined)).toBe(-1);
  expect(firstDifference(ours.callNodeOfStack, direct.callNodeOfStack)).toBe(-1);
  expect(firstDifference(ours.stackKept, direct.stackKept)).toBe(-1);
}

describe("diffCallNodeInfo: the sides' call trees merged are the comparison's call tree", () => {
  const compared = pairs.filter((p) => !p.refused);
  for (const { dir, ext } of compared) {
    for (const [baseName, targetName] of [
      ['heap_before', 'heap_after'],
      ['heap_after', 'heap_before'],
    ]) {
      it(`${dir}: ${targetName}.${ext} against ${baseName}.${ext}`, async () => {
        const [b, t] = await Promise.all([profile(`${dir}/${baseName}.${ext}`), profile(`${dir}/${targetName}.${ext}`)]);
        const d = diffProfiles(b, t, 'diff_base');
        const ours = diffCallNodeInfo(d, b, t, computeCallNodeInfo(b, null), computeCallNodeInfo(t, null));
        expectSameCallTree(ours, computeCallNodeInfo(d, null));
      });
    }
  }

  it('two copies of perf/cpu-large.pb.gz, and a CPU profile of another program against it', async () => {
    const [a, b, other] = await Promise.all([profile('perf/cpu-large.pb.gz'), profile('perf/cpu-large.pb.gz'), profile('pool/go1.27/cpu.pb.gz')]);
    for (const [base, target] of [
      [a, b],
      [other, a],
      [a, other],
    ] as const) {
      const d = diffProfiles(base, target, 'diff_base');
      const ours = diffCallNodeInfo(d, base, target, computeCallNodeInfo(base, null), computeCallNodeInfo(target, null));
      expectSameCallTree(ours, computeCallNodeInfo(d, null));
    }
  });

  it('refuses a -base comparison and call trees of other profiles', async () => {
    const [b, t] = await Promise.all([profile('leak/go1.27/heap_before.pb.gz'), profile('leak/go1.27/heap_after.pb.gz')]);
    const bi = computeCallNodeInfo(b, null);
    const ti = computeCallNodeInfo(t, null);
    expect(() => diffCallNodeInfo(diffProfiles(b, t, 'base'), b, t, bi, ti)).toThrow();
    expect(() => diffCallNodeInfo(diffProfiles(b, t, 'diff_base'), b, t, ti, bi)).toThrow();
  });
});
