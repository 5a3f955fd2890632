import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, fixturesWithDigest, readFixture } from '../../test-utils/fixtures';
import { formatPercent } from '../../base/units';
import { computeTopRows, pprofTotal } from './top';
import { pprofScaledLabel } from './pprof-header';

const pct = (v: number, total: number) => formatPercent(v, total).slice(0, -1);

/** The rows of `go tool pprof -top`: flat%, sum%, cum% and the name (inline marks removed). */
function readTopTxt(rel: string) {
  const lines = readFileSync(fixturePath(rel), 'utf8').split('\n');
  const start = lines.findIndex((l) => /^\s+flat\s+flat%\s+sum%\s+cum\s+cum%/.test(l));
  const nodeFraction = lines.some((l) => l.startsWith('Dropped '));
  return {
    nodeFraction,
    rows: lines
      .slice(start + 1)
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const m = /^\s*(\S+)\s+(\S+)%\s+(\S+)%\s+(\S+)\s+(\S+)%\s+(.*)$/.exec(l)!;
        return {
          flatPct: m[2]!,
          sumPct: m[3]!,
          cumPct: m[5]!,
          name: m[6]!.replace(/ \((partial-)?inline\)$/, ''),
        };
      }),
  };
}


// Every protobuf profile printed by `go tool pprof -top` (trace-derived profiles have no .top.txt).
const cases = fixturesWithDigest(
  (d, input) => d.format === 'pprof' && d.encoding !== 'legacy' && existsSync(fixturePath(`${input}.top.txt`)),
);

describe('the top table agrees with go tool pprof -top', () => {
  it('finds the fixtures', () => expect(cases.length).toBeGreaterThan(80));
  for (const { input } of cases) {
    it(input, async () => {
      const p = await parseBytes(readFixture(input));
      if (p.kind !== 'profile') throw new Error('not a profile');
      const expected = readTopTxt(`${input}.top.txt`);
      const { rows, total } = computeTopRows(p, p.defaultSampleTypeIndex, null);
      // pprof drops nodes whose |cum| is at most 0.5% of the total, then shows 20.
      const kept = rows.filter((r) => Math.abs(r.cum) > total * 0.005).slice(0, 20);
      let sum = 0;
      const ours = kept.map((r) => {
        sum += r.flat;
        return { flatPct: pct(r.flat, total), sumPct: pct(sum, total), cumPct: pct(r.cum, total), name: r.name };
      });
      expect(ours.slice(0, expected.rows.length)).toEqual(expected.rows);
    });
  }
});

// The total of every percentage, as pprof's report computes it: every sample, those with no
// frames too (gobench.heap: 7.36MB, of which the call tree holds 6.86MB). Legacy forms included.
const allTops = fixturesWithDigest((d, input) => d.format === 'pprof' && existsSync(fixturePath(`${input}.top.txt`)));

describe("pprofTotal is the total go tool pprof -top prints", () => {
  it('finds the fixtures', () => expect(allTops.length).toBeGreaterThan(100));
  for (const { input } of allTops) {
    it(input, async () => {
      const p = await parseBytes(readFixture(input));
      if (p.kind !== 'profile') throw new Error('not a profile');
      const text = readFileSync(fixturePath(`${input}.top.txt`), 'utf8');
      const expected = / of (\S+) total$/m.exec(text)![1];
      const idx = p.defaultSampleTypeIndex;
      // In pprof's unit as printed (the legacy forms name frames otherwise, so pprof's choice of
      // unit, made from the shown nodes, may differ from ours there).
      const unit = /^-?[\d.]+(\D*)$/.exec(expected!)![1]!;
      expect(pprofScaledLabel(pprofTotal(p, idx), p.sampleTypes[idx]!.unit.toLowerCase(), unit || 'count')).toBe(expected);
    });
  }
  it('pprof-testdata/gobench.heap: the frameless samples count, so flat% equals pprof\'s 93.21%', async () => {
    const p = await parseBytes(readFixture('pprof-testdata/gobench.heap'));
    if (p.kind !== 'profile') throw new Error('not a profile');
    const idx = p.defaultSampleTypeIndex;
    const total = pprofTotal(p, idx);
    const { rows, total: treeTotal } = computeTopRows(p, idx, null);
    expect(treeTotal).toBeLessThan(total);
    // pprof names this legacy frame <unknown>, GoLens by its address: the same row.
    expect(formatPercent(rows[0]!.flat, total)).toBe('93.21%');
    expect(readTopTxt('pprof-testdata/gobench.heap.top.txt').rows[0]!.flatPct).toBe('93.21');
  });
});
