import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { computeCallNodeInfo, computeFlameTree } from './call-tree';
import { computeTopRows } from './top';
import { diffProfiles, diffTop } from './diff';
import { computeDiffFlameTree } from './diff-flame';

async function profile(rel: string): Promise<ProfileModel> {
  return (await parseBytes(readFixture(rel))) as ProfileModel;
}

const name = (p: ProfileModel, fn: number) => p.strings[p.funcs.name[fn]!]!;

for (const form of ['pb.gz', 'txt']) {
  describe(`the diff flame tree of leak go1.27 heap_before → heap_after (${form})`, async () => {
    const before = await profile(`leak/go1.27/heap_before.${form}`);
    const after = await profile(`leak/go1.27/heap_after.${form}`);
    const diff = diffProfiles(before, after, 'diff_base');
    const t = diff.sampleTypes.findIndex((x) => x.type === 'inuse_space');
    const info = computeCallNodeInfo(diff, null);
    const own = (p: ProfileModel) => computeFlameTree(p, computeCallNodeInfo(p, null), p.sampleTypes.findIndex((x) => x.type === 'inuse_space'), false);

    it("holds each side: the roots sum to each profile's own total, and the widths by target are the target's", () => {
      const tree = computeDiffFlameTree(diff, info, t, false, 'target');
      expect(tree.targetSum).toBe(own(after).drawnRootValue);
      expect(tree.baseSum).toBe(own(before).drawnRootValue);
      let roots = 0;
      for (let n = 0; n < tree.nodes.length; n++) if (tree.nodes.parent[n]! < 0) roots += tree.target[n]!;
      expect(roots).toBe(tree.targetSum);
      expect(tree.total).toBe(tree.target);
    });

    it('main.newSession: the widest grown frame, with the target cum that pprof -top of heap_after shows', () => {
      const tree = computeDiffFlameTree(diff, info, t, false, 'target');
      const afterTop = computeTopRows(after, after.sampleTypes.findIndex((x) => x.type === 'inuse_space'), null);
      const want = afterTop.rows.find((r) => r.name === 'main.newSession')!.cum;
      let got = 0;
      for (let n = 0; n < tree.nodes.length; n++) if (name(diff, tree.nodes.func[n]!) === 'main.newSession') got += tree.target[n]!;
      expect(got).toBe(want);
    });

    it('widths by size of change never make a child wider than its parent', () => {
      for (const inverted of [false, true]) {
        const tree = computeDiffFlameTree(diff, info, t, inverted, 'change');
        const children = new Float64Array(tree.nodes.length);
        for (let n = 0; n < tree.nodes.length; n++) {
          const p = tree.nodes.parent[n]!;
          if (p >= 0) children[p] += tree.total[n]!;
        }
        for (let n = 0; n < tree.nodes.length; n++) expect(children[n]).toBeLessThanOrEqual(tree.total[n]! + 1e-6);
      }
    });

    it("bottom-up: each root is a leaf function with the base's and the target's flat of diffTop", () => {
      const tree = computeDiffFlameTree(diff, info, t, true, 'target');
      const top = diffTop(diff, t, null, info);
      for (let n = 0; n < tree.nodes.length; n++) {
        if (tree.nodes.parent[n]! >= 0) continue;
        const row = top.rows.find((r) => r.func === tree.nodes.func[n])!;
        expect([tree.base[n], tree.target[n]]).toEqual([row.baseFlat, row.targetFlat]);
      }
    });
  });
}
