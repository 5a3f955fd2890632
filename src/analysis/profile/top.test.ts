import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, fixturesWithDigest, readFixture } from '../../test-utils/fixtures';
import { formatPercent } from '../../base/units';
import { computeTopRows } from './top';

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
