// The comparison's percentages are pprof's: of the base's total with -diff_base (every base
// sample, those with no frames too, before any filter), of the merged samples' with -base. The
// references: every `*.diff_base-*.top.txt` beside the fixtures, and `testdata/` (Go 1.27's
// pprof on a base with a frameless sample, see testdata/README.md). What the comparison view's
// table prints (diffTop's rows and total through formatPercent) must read as pprof's rows do, and
// `golens top` (pprofTopText) must print pprof's header and total.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { formatPercent } from '../../base/units';
import { compileFilter } from './call-tree';
import { diffProfiles, diffTop, type DiffMode } from './diff';
import { pprofTopText } from './pprof-top';
import { computeInitialProfileView, pprofTotal } from './top';
import { comparisonFirstViewFromSides, diffByCallNode } from './diff-by-call-node';

const TESTDATA = join(dirname(fileURLToPath(import.meta.url)), 'testdata');

async function profile(rel: string): Promise<ProfileModel> {
  const p = await parseBytes(readFixture(rel));
  if (p.kind !== 'profile') throw new Error(`${rel}: not a profile`);
  return p;
}

type Case = { ref: string; text: string; base: string; target: string; mode: DiffMode; sampleType: string | null; layout: 'go1.19' | 'go1.24' };

const cases: Case[] = [];
for (const f of listFixtures()) {
  const m = /^(leak\/go1\.(\d+))\/(heap_after\.(pb\.gz|txt))\.diff_base-(heap_before)(\.alloc_space)?\.top\.txt$/.exec(f);
  if (!m) continue;
  const [, dir, minor, target, ext, base, alloc] = m;
  cases.push({
    ref: f,
    text: readFileSync(fixturePath(f), 'utf8'),
    base: `${dir}/${base}.${ext}`,
    target: `${dir}/${target}`,
    mode: 'diff_base',
    sampleType: alloc ? 'alloc_space' : null,
    layout: Number(minor) < 24 ? 'go1.19' : 'go1.24',
  });
}
for (const f of readdirSync(TESTDATA).sort()) {
  const m = /^leak_go1\.27\.(heap_after\.(?:pb\.gz|txt))\.(diff_base|base)-(gobench\.heap|heap_before)(\.alloc_space)?\.top\.txt$/.exec(f);
  if (!m) continue;
  const [, target, mode, base, alloc] = m;
  cases.push({
    ref: `testdata/${f}`,
    text: readFileSync(join(TESTDATA, f), 'utf8'),
    base: base === 'gobench.heap' ? 'pprof-testdata/gobench.heap' : `leak/go1.27/${base}.pb.gz`,
    target: `leak/go1.27/${target}`,
    mode: mode as DiffMode,
    sampleType: alloc ? 'alloc_space' : null,
    layout: 'go1.24',
  });
}

/** pprof's units, in bytes (its measurement tables). */
const UNIT: Record<string, number> = { '': 1, B: 1, kB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** A pprof -top text: its header lines, its total (in bytes, as printed) and its rows. */
function readTop(text: string) {
  const lines = text.split('\n');
  const showing = lines.findIndex((l) => l.startsWith('Showing nodes'));
  const [, num, unit] = / of (-?[\d.]+)([a-zA-Z]*) total$/.exec(lines[showing]!)!;
  const head = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const rows = lines
    .slice(head + 1)
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      const name = cols
        .slice(5)
        .join(' ')
        .replace(/ \((partial-)?inline\)$/, '');
      return { flatPct: cols[1]!, cumPct: cols[4]!, name };
    });
  return { header: lines.slice(0, showing), total: Number(num) * UNIT[unit!]!, rows };
}

describe("the comparison's percentages are pprof's", () => {
  it('finds the references', () => {
    expect(cases.filter((c) => c.ref.startsWith('leak/')).length).toBeGreaterThanOrEqual(28);
    expect(cases.filter((c) => c.ref.startsWith('testdata/')).length).toBe(6);
  });
  for (const c of cases) {
    it(`${c.ref}`, async () => {
      const [b, t] = await Promise.all([profile(c.base), profile(c.target)]);
      const d = diffProfiles(b, t, c.mode);
      const idx = c.sampleType ? d.sampleTypes.findIndex((x) => x.type === c.sampleType) : d.defaultSampleTypeIndex;
      expect(idx).toBeGreaterThanOrEqual(0);
      const want = readTop(c.text);
      const legacy = b.encoding === 'legacy' || t.encoding === 'legacy';

      // golens top: the whole text for protobuf pairs; header and total where a side is a legacy form.
      const got = pprofTopText(d, idx, c.layout);
      if (!legacy) expect(got).toBe(c.text);
      else {
        const g = readTop(got);
        expect(g.header).toEqual(want.header);
        // Each printed with two decimals in its own unit.
        expect(Math.abs(g.total - want.total)).toBeLessThanOrEqual(0.006 * Math.max(Math.abs(want.total), 1));
      }

      // The view's table: diffTop's rows, each percentage of diffTop's total, as pprof prints them.
      const top = diffTop(d, idx, null);
      expect(top.total).toBe(pprofTotal(d, idx));
      if (c.mode === 'diff_base') {
        // The base's own pprof total: every sample of it (frameless ones too).
        const bi = b.sampleTypes.findIndex((x) => x.type === d.sampleTypes[idx]!.type);
        expect(top.total).toBe(pprofTotal(b, bi));
      }
      let matched = 0;
      for (const r of want.rows) {
        const ours = top.rows.find((x) => x.name === r.name);
        // pprof names a legacy form's frames <unknown>; GoLens by address or from its # lines.
        if (r.name === '<unknown>' && legacy) continue;
        expect(ours, r.name).toBeDefined();
        expect([r.name, formatPercent(ours!.flat, top.total), formatPercent(ours!.cum, top.total)]).toEqual([r.name, r.flatPct, r.cumPct]);
        matched++;
      }
      if (t.encoding !== 'legacy') expect(matched).toBeGreaterThanOrEqual(4);

      // pprof's total is taken before filters: focusing on one function keeps it.
      const focused = diffTop(d, idx, compileFilter({ focus: '^main\\.newSession$' }).filter);
      expect(focused.total).toBe(top.total);
    });
  }
});

describe('a base of zero total does not divide by zero: percentages of every sample, as pprof', () => {
  it("contention/go1.25: go tool trace's -pprof=net (no sample) as the base of its -pprof=sync", async () => {
    const text = readFileSync(join(TESTDATA, 'contention_go1.25.trace.out.sync.pprof.diff_base-trace.out.net.pprof.top.txt'), 'utf8');
    const [b, t] = await Promise.all([profile('contention/go1.25/trace.out.net.pprof'), profile('contention/go1.25/trace.out.sync.pprof')]);
    const d = diffProfiles(b, t, 'diff_base');
    const idx = d.defaultSampleTypeIndex;
    const type = d.sampleTypes[idx]!.type;
    const sideIndex = (p: ProfileModel) => p.sampleTypes.findIndex((x) => x.type === type);
    expect(pprofTotal(b, sideIndex(b))).toBe(0);
    expect(pprofTotal(d, idx)).toBe(pprofTotal(t, sideIndex(t)));
    expect(pprofTotal(d, idx)).toBeGreaterThan(0);
    expect(pprofTopText(d, idx, 'go1.24')).toBe(text);

    // The app's comparison (made from the sides' first views) prints pprof's percentages too.
    const views = { base: computeInitialProfileView(b), target: computeInitialProfileView(t) };
    const made = diffByCallNode(b, t, { base: views.base.callNodeInfo, target: views.target.callNodeInfo })!;
    const view = comparisonFirstViewFromSides(made, b, t, views)!;
    expect(view).not.toBeNull();
    expect(view.top.total).toBe(pprofTotal(d, idx));
    expect(view.top.baseTotal).toBe(0);
    expect(view.flameTree.rootTotal).toBe(view.top.targetTotal);
    const want = readTop(text);
    expect(want.rows.length).toBe(10);
    for (const r of want.rows) {
      const ours = view.top.rows.find((x) => x.name === r.name);
      expect(ours, r.name).toBeDefined();
      expect([r.name, formatPercent(ours!.flat, view.top.total), formatPercent(ours!.cum, view.top.total)]).toEqual([r.name, r.flatPct, r.cumPct]);
    }
  });
});
