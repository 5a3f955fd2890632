import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import { checkMemStatsIntegrity, MEMSTATS_SCALAR_FIELDS, type MemStatsModel } from '../../model/runtime-log';
import { heapSeries, memStatsRatios, recentPauses, sizeClassLive } from '../../analysis/runtime/memstats-derived';
import { cyclePauseNs } from '../../analysis/runtime/gctrace-pauses';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { parseMemStatsText } from './memstats';
import { parseRuntimeLogText } from './runtime-log';

const read = (rel: string) => readFileSync(fixturePath(rel), 'utf8');
const dirs = listFixtures()
  .filter((f) => f.endsWith('/memstats.jsonl'))
  .map((f) => f.slice(0, -'/memstats.jsonl'.length));

/** A field of a raw MemStats JSON text, as the digits Go wrote. */
const rawField = (text: string, name: string) => new RegExp(`"${name}":(\\d+)`).exec(text)![1]!;
const rawArray = (text: string, name: string) => new RegExp(`"${name}":\\[([^\\]]*)\\]`).exec(text)![1]!.split(',');

function checkRelationships(m: MemStatsModel, s: number) {
  const f = m.fields;
  const v = (k: (typeof MEMSTATS_SCALAR_FIELDS)[number]) => f[k][s]!;
  // go-runtime-logs.md §5.2: exact in Go 1.19 – 1.27.
  expect(v('HeapSys')).toBe(v('HeapInuse') + v('HeapIdle'));
  expect(v('Sys')).toBe(v('HeapSys') + v('StackSys') + v('MSpanSys') + v('MCacheSys') + v('BuckHashSys') + v('GCSys') + v('OtherSys'));
  expect(v('Alloc')).toBe(v('HeapAlloc'));
  expect(v('HeapObjects')).toBe(v('Mallocs') - v('Frees'));
  expect(v('HeapIdle')).toBeGreaterThanOrEqual(v('HeapReleased'));
  const r = memStatsRatios(m, s);
  expect(r.fragmentationBytes).toBe(v('HeapInuse') - v('HeapAlloc'));
  expect(r.liveObjects).toBe(v('HeapObjects'));
}

describe('MemStats JSON lines and expvar documents', () => {
  it('finds the fixtures', () => expect(dirs.length).toBe(6));
  for (const dir of dirs) {
    it(`${dir}/memstats.jsonl`, () => {
      const text = read(`${dir}/memstats.jsonl`);
      const rawLines = text.split('\n').filter((l) => l !== '');
      const m = parseMemStatsText(text);
      expect(m.source).toBe('jsonl');
      expect(m.length).toBe(rawLines.length);
      expect(m.length).toBe(31);
      expect(m.skipped.count).toBe(0);
      expect(m.missingFields).toEqual([]);
      expect(m.inexactFields).toEqual([]);
      for (let s = 0; s < m.length; s++) {
        const raw = rawLines[s]!;
        checkRelationships(m, s);
        expect(m.fields.NumGC[s]).toBe(Number(rawField(raw, 'NumGC')));
        expect(m.fields.HeapAlloc[s]).toBe(Number(rawField(raw, 'HeapAlloc')));
        // LastGC above 2^53, exact: same digits as in the file.
        expect(m.lastGcUnixNs[s]!.toString()).toBe(rawField(raw, 'LastGC'));
        const pauses = recentPauses(m, s);
        const numGc = m.fields.NumGC[s]!;
        expect(pauses.length).toBe(Math.min(numGc, 256));
        if (numGc > 0) {
          // The newest pause is PauseNs[(NumGC+255)%256]; its end is LastGC (both set at mark termination).
          expect(pauses.pauseNs[pauses.length - 1]).toBe(Number(rawArray(raw, 'PauseNs')[(numGc + 255) % 256]));
          expect(pauses.endUnixNs[pauses.length - 1]!.toString()).toBe(rawField(raw, 'LastGC'));
          expect(pauses.cycle[pauses.length - 1]).toBe(numGc);
          // Ends go forward in time, oldest → newest.
          for (let j = 1; j < pauses.length; j++) expect(pauses.endUnixNs[j]! >= pauses.endUnixNs[j - 1]!).toBe(true);
        }
        if (numGc <= 256) {
          // The whole history fits in the ring: its sum is PauseTotalNs.
          let sum = 0;
          for (let j = 0; j < pauses.length; j++) sum += pauses.pauseNs[j]!;
          expect(sum).toBe(m.fields.PauseTotalNs[s]);
        }
      }
      const series = heapSeries(m);
      expect(series.length).toBe(31);
      expect(series.lastGcNs[0]).toBe(-1); // the first sample is taken before any GC
      expect(series.lastGcNs[series.length - 1]).toBe(Number(m.lastGcUnixNs[30]! - series.lastGcOriginUnixNs));
    });

    it(`${dir}/vars.json`, () => {
      const text = read(`${dir}/vars.json`);
      const m = parseMemStatsText(text);
      expect(m.source).toBe('expvar');
      expect(m.length).toBe(1);
      expect(m.cmdline).toEqual(['memstats', '.']);
      expect(m.otherVars).toEqual([]);
      expect(m.lastGcUnixNs[0]!.toString()).toBe(rawField(text, 'LastGC'));
      expect(m.pauseEndRing[5]!.toString()).toBe(rawArray(text, 'PauseEnd')[5]);
      expect(m.bySizeSize[60]).toBe(Number(/\{"Size":(\d+),"Mallocs":\d+,"Frees":\d+\}\]/.exec(text)![1]));
      checkRelationships(m, 0);
      // Size classes hold the small objects: their live counts add up to at most HeapObjects.
      const classes = sizeClassLive(m, 0);
      expect(classes.size[0]).toBe(0);
      let live = 0;
      for (let i = 0; i < classes.live.length; i++) {
        expect(classes.live[i]).toBeGreaterThanOrEqual(0);
        live += classes.live[i]!;
      }
      expect(live).toBeLessThanOrEqual(m.fields.HeapObjects[0]!);
      expect(live).toBeGreaterThan(0);
      // vars.json was taken after the last GC of the run: its NumGC is the last gctrace cycle.
      const log = parseRuntimeLogText(read(`${dir}/gctrace_schedtrace.log`));
      expect(m.fields.NumGC[0]).toBe(log.gc.cycle[log.gc.length - 1]);
      // Cycle by cycle, MemStats' pause (exact) and gctrace's T1+T3 (truncated, measured from
      // other timestamps) agree within 20% for most cycles: the ring is unrolled in cycle order.
      const p = recentPauses(m, 0);
      const gcPause = cyclePauseNs(log.gc);
      let close = 0;
      for (let j = 0; j < p.length; j++) {
        const ratio = p.pauseNs[j]! / gcPause[p.cycle[j]! - 1]!;
        if (ratio > 0.8 && ratio < 1.2) close++;
      }
      expect(close / p.length).toBeGreaterThan(0.9);
    });
  }
});

describe('MemStats edge cases', () => {
  const vars = read('memstats/go1.27/vars.json');

  it('keeps expvar user variables, NaN and Inf included', () => {
    const doc = vars.replace('{\n"cmdline"', '{\n"cache_hits": 42,\n"cmdline"').replace(/\n\}\s*$/, ',\n"ratio": NaN,\n"z": {"a": 1, "b": -Inf}\n}\n');
    const m = parseMemStatsText(doc);
    expect(m.otherVars).toEqual([
      { name: 'cache_hits', json: '42' },
      { name: 'ratio', json: 'NaN' },
      { name: 'z', json: '{"a": 1, "b": -Inf}' },
    ]);
    expect(m.fields.NumGC[0]).toBe(259);
  });

  it('counts broken lines and goes on', () => {
    const lines = read('memstats/go1.21/memstats.jsonl').split('\n').filter((l) => l !== '');
    const text = [lines[0], '{"Alloc":12,"TotalAl', 'memstats: 31 samples written', lines[1]].join('\n');
    const m = parseMemStatsText(text);
    expect(m.length).toBe(2);
    expect(m.skipped.count).toBe(2);
    expect(m.skipped.firstLineNumber).toBe(2);
    expect([...m.lineNumber]).toEqual([1, 4]);
  });

  it('rejects JSON that is not MemStats', () => {
    expect(() => parseMemStatsText('{"hello": 1}\n')).toThrow(FormatError);
  });
});

describe('values Go cannot write (issue 17: the NumGC white screen)', () => {
  const jsonl = read('memstats/go1.27/memstats.jsonl');
  const lines = jsonl.split('\n');
  const withLine5 = (edit: (l: string) => string) => lines.map((l, i) => (i === 4 ? edit(l) : l)).join('\n');
  const derive = (m: MemStatsModel) => {
    for (let s = 0; s < m.length; s++) {
      memStatsRatios(m, s);
      recentPauses(m, s);
      sizeClassLive(m, s);
    }
    heapSeries(m);
  };

  for (const [what, value, expected] of [
    ['huge', '1e400', 'Infinity'],
    ['negative', '-3', '-3'],
    ['fractional', '2.5', '2.5'],
    ['beyond uint32', '4294967296', '4294967296'],
  ] as const) {
    it(`a ${what} NumGC refuses that sample, names its line, and the rest derive`, () => {
      const text = withLine5((l) => l.replace(/"NumGC":\d+/, `"NumGC":${value}`));
      const m = parseMemStatsText(text);
      expect(m.length).toBe(lines.filter((l) => l.trim() !== '').length - 1);
      expect(m.invalidSamples).toEqual({
        count: 1,
        first: { code: 'memstats.bad-value', args: { line: 5, field: 'NumGC', value: expected, expected: 'an unsigned 32-bit integer' } },
      });
      expect(m.skipped.firstLineNumber).toBe(5);
      expect(checkMemStatsIntegrity(m)).toEqual([]);
      derive(m);
    });
  }

  it('a negative counter inside PauseNs and a fractional HeapAlloc are refused too', () => {
    const m = parseMemStatsText(withLine5((l) => l.replace(/"PauseNs":\[\d+/, '"PauseNs":[-1').replace(/"HeapAlloc":\d+/, '"HeapAlloc":1.5')));
    expect(m.invalidSamples?.first.args.field).toBe('HeapAlloc');
  });

  it('an expvar document whose only MemStats has 1e400 is a FormatError naming the line and field', () => {
    const vars = read('memstats/go1.27/vars.json').replace(/"NumGC":\d+/, '"NumGC":1e400');
    let err: unknown;
    try {
      parseMemStatsText(vars);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FormatError);
    expect((err as FormatError).msg).toEqual({
      code: 'memstats.bad-value',
      args: { line: 1, field: 'NumGC', value: 'Infinity', expected: 'an unsigned 32-bit integer' },
    });
  });
});
