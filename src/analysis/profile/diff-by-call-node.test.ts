// The app's comparison (diffByCallNode: made from the sides' call trees, one stack per call
// node) shows what diffProfiles' profile shows: the same call tree, diff top table, diff flame
// trees (both widths, top-down and bottom-up), search share and pprof total, under filters too;
// and pprof's -top -diff_base text of each protobuf pair.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { compileFilter, computeCallNodeInfo, type CallNodeInfo, type ProfileFilter } from './call-tree';
import { diffCallNodeInfo, diffProfiles, diffTop } from './diff';
import { comparisonFirstViewFromSides, computeComparisonFirstView, diffByCallNode } from './diff-by-call-node';
import { computeDiffFlameTree } from './diff-flame';
import { computeSearchShare } from './search';
import { computeInitialProfileView, pprofTotal } from './top';
import { pprofTopText } from './pprof-top';

async function profile(rel: string): Promise<ProfileModel> {
  const p = await parseBytes(readFixture(rel));
  if (p.kind !== 'profile') throw new Error(`${rel}: not a profile`);
  return p;
}

const sidesOf = (base: ProfileModel, target: ProfileModel) => ({ base: computeCallNodeInfo(base, null), target: computeCallNodeInfo(target, null) });

/**
 * The first view made from the sides' first views (their top tables and flame trees) is the one
 * made from the comparison's samples and tree; null only when a side's first view is of another
 * sample type than the comparison's default. Returns whether it was made from the sides.
 */
function expectFirstViewFromSides(base: ProfileModel, target: ProfileModel): boolean {
  const views = { base: computeInitialProfileView(base), target: computeInitialProfileView(target) };
  const made = diffByCallNode(base, target, { base: views.base.callNodeInfo, target: views.target.callNodeInfo })!;
  const fromSides = comparisonFirstViewFromSides(made, base, target, views);
  const type = made.diff.sampleTypes[made.diff.defaultSampleTypeIndex]!.type;
  const sameType = [base, target].every((p) => p.sampleTypes[p.defaultSampleTypeIndex]!.type === type);
  expect(fromSides !== null).toBe(sameType);
  if (fromSides) expectSame(fromSides, computeComparisonFirstView(made.diff, made.callNodeInfo));
  return fromSides !== null;
}

/**
 * Two values with their typed arrays compared element by element first (vitest's deep equality
 * over 10^5–10^6 elements takes minutes): each array becomes its length and first difference.
 */
function expectSame(a: unknown, b: unknown): void {
  const arrays: [ArrayLike<number>, ArrayLike<number>][] = [];
  // Both values walked at once, an array pair replaced by one placeholder in each.
  const strip = (x: unknown, y: unknown): [unknown, unknown] => {
    if (ArrayBuffer.isView(x) && ArrayBuffer.isView(y)) {
      arrays.push([x as unknown as ArrayLike<number>, y as unknown as ArrayLike<number>]);
      const label = `array #${arrays.length - 1}`;
      return [label, label];
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x)) {
      const outX: Record<string, unknown> = {};
      const outY: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        [outX[k], outY[k]] = strip((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k]);
      }
      return [outX, outY];
    }
    return [x, y];
  };
  const [strippedA, strippedB] = strip(a, b);
  expect(strippedA).toEqual(strippedB);
  for (let i = 0; i < arrays.length; i++) {
    const [x, y] = arrays[i]!;
    let diff = x.length === y.length ? -1 : -2;
    for (let j = 0; diff === -1 && j < x.length; j++) if (x[j] !== y[j]) diff = j;
    expect(`array #${i}: ${diff}`).toBe(`array #${i}: -1`);
  }
}

const columns = (info: CallNodeInfo) => ({ func: info.nodes.func, parent: info.nodes.parent, inlined: info.nodes.inlined, length: info.nodes.length });

/** Filters over the comparison's own function names: a focus, an ignore, a hide and a show. */
function filtersOf(d: ProfileModel): ProfileFilter[] {
  const top = diffTop(d, d.defaultSampleTypeIndex, null).rows;
  const quote = (s: string) => `^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const pick = (i: number) => quote(top[Math.min(i, top.length - 1)]!.name);
  return [
    compileFilter({}).filter,
    compileFilter({ focus: pick(2) }).filter,
    compileFilter({ ignore: pick(0) }).filter,
    compileFilter({ hide: '^runtime\\.' }).filter,
    compileFilter({ show: '^main\\.|^runtime\\.', focus: pick(1) }).filter,
  ];
}

/** What every comparison view derives, on the app's profile and on diffProfiles', is the same. */
function expectSameViews(ours: ProfileModel, theirs: ProfileModel, large = false) {
  expect(ours.diff?.mode).toBe('diff_base');
  expect(ours.sampleTypes).toEqual(theirs.sampleTypes);
  expect(ours.defaultSampleTypeIndex).toBe(theirs.defaultSampleTypeIndex);
  expect([ours.period, ours.durationNs, ours.timeNanos, ours.comments]).toEqual([theirs.period, theirs.durationNs, theirs.timeNanos, theirs.comments]);
  expect([...Array(ours.funcs.length).keys()].map((f) => ours.strings[ours.funcs.name[f]!])).toEqual(
    [...Array(theirs.funcs.length).keys()].map((f) => theirs.strings[theirs.funcs.name[f]!]),
  );
  // A large pair: its default sample type, without a filter and with one (the test's time).
  const types = large ? [ours.defaultSampleTypeIndex] : [...ours.sampleTypes.keys()];
  const filters = large ? filtersOf(theirs).filter((_, i) => i === 0 || i === 4) : filtersOf(theirs);
  for (const t of types) {
    expect(pprofTotal(ours, t)).toBe(pprofTotal(theirs, t));
    for (const filter of filters) {
      const a = computeCallNodeInfo(ours, filter);
      const b = computeCallNodeInfo(theirs, filter);
      expectSame(columns(a), columns(b));
      expectSame(diffTop(ours, t, filter, a), diffTop(theirs, t, filter, b));
      for (const inverted of [false, true]) {
        for (const width of ['target', 'change'] as const) {
          const x = computeDiffFlameTree(ours, a, t, inverted, width);
          const y = computeDiffFlameTree(theirs, b, t, inverted, width);
          expectSame({ ...x, nodes: columns({ ...a, nodes: x.nodes }) }, { ...y, nodes: columns({ ...b, nodes: y.nodes }) });
        }
      }
      expectSame(computeSearchShare(ours, a, t, 'main'), computeSearchShare(theirs, b, t, 'main'));
    }
  }
}

const diffRefs = listFixtures().filter((f) => /\.diff_base-[^/]+\.top\.txt$/.test(f));

describe("diffByCallNode: the comparison made from the sides' call trees shows what diffProfiles' shows", () => {
  it('finds the references', () => expect(diffRefs.length).toBeGreaterThanOrEqual(14));
  for (const ref of diffRefs) {
    const [, dir, targetName, baseName, alloc] = /^(.*)\/([^/]+)\.diff_base-([^.]+)(\.alloc_space)?\.top\.txt$/.exec(ref)!;
    const ext = targetName!.slice(targetName!.indexOf('.'));
    it(`${ref}, and the pair the other way`, async () => {
      let fromSides = 0;
      const [target, base] = await Promise.all([profile(`${dir}/${targetName}`), profile(`${dir}/${baseName}${ext}`)]);
      for (const [b, t] of [
        [base, target],
        [target, base],
      ] as const) {
        const made = diffByCallNode(b, t, sidesOf(b, t));
        expect(made).not.toBeNull();
        const full = diffProfiles(b, t, 'diff_base');
        expectSame(columns(made!.callNodeInfo), columns(diffCallNodeInfo(full, b, t, computeCallNodeInfo(b, null), computeCallNodeInfo(t, null))));
        expectSame(columns(computeCallNodeInfo(made!.diff, null)), columns(made!.callNodeInfo));
        expectSameViews(made!.diff, full);
        fromSides += expectFirstViewFromSides(b, t) ? 1 : 0;
      }
      // Both ways, the first view is made from the sides' first views.
      expect(fromSides).toBe(2);
      const made = diffByCallNode(base, target, sidesOf(base, target))!;
      // pprof names no frame of a legacy text form (pprof-top.test.ts): only protobuf texts are pprof's own.
      if (target.encoding === 'legacy') return;
      const idx = alloc ? made.diff.sampleTypes.findIndex((x) => x.type === 'alloc_space') : made.diff.defaultSampleTypeIndex;
      expect(pprofTopText(made.diff, idx, /\/go1\.(1\d|2[0-3])\//.test(ref) ? 'go1.19' : 'go1.24')).toBe(readFileSync(fixturePath(ref), 'utf8'));
    });
  }

  it('two copies of perf/cpu-large.pb.gz, and a CPU profile of another program against it both ways', async () => {
    const [a, b, other] = await Promise.all([profile('perf/cpu-large.pb.gz'), profile('perf/cpu-large.pb.gz'), profile('pool/go1.27/cpu.pb.gz')]);
    for (const [base, target] of [
      [a, b],
      [other, a],
      [a, other],
    ] as const) {
      const made = diffByCallNode(base, target, sidesOf(base, target))!;
      expectSameViews(made.diff, diffProfiles(base, target, 'diff_base'), true);
      expect(expectFirstViewFromSides(base, target)).toBe(true);
    }
  }, 120_000);

  it("the first view is the comparison view's default: diff top and flame tree by target values", async () => {
    const [b, t] = await Promise.all([profile('leak/go1.27/heap_before.pb.gz'), profile('leak/go1.27/heap_after.pb.gz')]);
    const { diff, callNodeInfo } = diffByCallNode(b, t, sidesOf(b, t))!;
    const v = computeComparisonFirstView(diff, callNodeInfo);
    expectSame(v.top, diffTop(diff, diff.defaultSampleTypeIndex, null));
    expect(v.top.rows[0]!.name).toBe('main.newSession');
    expectSame(v.flameTree, computeDiffFlameTree(diff, computeCallNodeInfo(diff, null), diff.defaultSampleTypeIndex, false, 'target'));
  });

  it("refuses call trees of other profiles (diffProfiles' way then), and a pair that cannot be compared", async () => {
    const [b, t, cpu] = await Promise.all([profile('leak/go1.27/heap_before.pb.gz'), profile('leak/go1.27/heap_after.pb.gz'), profile('pool/go1.27/cpu.pb.gz')]);
    expect(diffByCallNode(b, t, { base: computeCallNodeInfo(t, null), target: computeCallNodeInfo(b, null) })).toBeNull();
    expect(() => diffByCallNode(b, cpu, sidesOf(b, cpu))).toThrow(/compare.different-kinds/);
  });
});
