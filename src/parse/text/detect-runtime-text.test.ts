import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import { summarize } from '../../analysis/digest/summary';
import { checkParsedFileIntegrity } from '../../model/parsed-file';
import { listFixtures, readFixture } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';
import { sniffRuntimeText } from './sniff-runtime-text';

// Which ParsedFile kind each runtime text output must become (told by content, not name).
const EXPECTED: [RegExp, string, string][] = [
  [/\/gctrace[^/]*\.log$/, 'runtime-log', 'gctrace'],
  [/\/memstats\.jsonl$/, 'memstats', 'memstats'],
  [/\/vars\.json$/, 'memstats', 'memstats'],
  [/\/goroutine_debug2\.txt$/, 'goroutine-dump', 'goroutine-dump'],
  [/\/escape_(m|mm|ml)\.txt$/, 'escape', 'escape'],
];
const all = listFixtures();

const mine = all.flatMap((f) => {
  const e = EXPECTED.find(([re]) => re.test(f));
  return e ? [{ rel: f, kind: e[1], format: e[2] }] : [];
});

describe('runtime text outputs are detected by content', () => {
  it('finds them', () => expect(mine.length).toBe(20 + 6 + 6 + 10 + 18));
  for (const { rel, kind, format } of mine) {
    it(rel, async () => {
      const parsed = await parseBytes(readFixture(rel));
      expect(parsed.kind).toBe(kind);
      expect(checkParsedFileIntegrity(parsed)).toEqual([]);
      const digest = summarize(parsed);
      expect(digest.format).toBe(format);
      expect(digest.skippedLines).toBe(0);
    });
  }

  it('integrity walks catch a broken model', async () => {
    const d = await parseBytes(readFixture('leak/go1.23/goroutine_debug2.txt'));
    if (d.kind !== 'goroutine-dump') throw new Error(d.kind);
    d.stacks.prefix[d.stacks.length - 1] = d.stacks.length - 1;
    expect(checkParsedFileIntegrity(d)).toEqual([`stack ${d.stacks.length - 1}: prefix ${d.stacks.length - 1} does not precede it`]);
    const e = await parseBytes(readFixture('escape/go1.23/escape_mm.txt'));
    if (e.kind !== 'escape') throw new Error(e.kind);
    e.explanations.decision[0] = -1;
    expect(checkParsedFileIntegrity(e)[0]).toMatch(/^explanation 0 does not point back at decision \d+$/);
  });

  it('also inside gzip', async () => {
    const parsed = await parseBytes(new Uint8Array(gzipSync(readFixture('memstats/go1.22/gctrace_schedtrace.log'))));
    expect(parsed.kind).toBe('runtime-log');
  });

  it('claims no other fixture (profiles, traces, legacy text, digests)', () => {
    const others = all.filter((f) => !mine.some((m) => m.rel === f));
    expect(others.length).toBeGreaterThan(500);
    const claimed = others.filter((f) => sniffRuntimeText(readFixture(f)) !== null);
    expect(claimed).toEqual([]);
  });

  it('finds a gctrace line after pages of program output', async () => {
    const noise = 'listening on :8080 ' + 'x'.repeat(100) + '\n';
    const log = new TextEncoder().encode(noise.repeat(2000) + new TextDecoder().decode(readFixture('leak/go1.23/gctrace.log')));
    const parsed = await parseBytes(log);
    expect(parsed.kind).toBe('runtime-log');
    const d = summarize(parsed);
    expect([d.gcCount, d.skippedLines, d.skippedFirstLine]).toEqual([9, 2000, noise.slice(0, -1)]);
  });

  it('reads a crash report (panic line, then the traceback) as a goroutine dump', async () => {
    const dump = new TextDecoder().decode(readFixture('leak/go1.25/goroutine_debug2.txt'));
    const parsed = await parseBytes(new TextEncoder().encode('panic: boom\n\n' + dump + '\nexit status 2\n'));
    expect(parsed.kind).toBe('goroutine-dump');
    const d = summarize(parsed);
    expect([d.goroutines, d.skippedLines, d.skippedFirstLine]).toEqual([7, 2, 'panic: boom']);
  });

  it('finds MemStats in an expvar document whose user variables come first', async () => {
    const vars = new TextDecoder().decode(readFixture('memstats/go1.25/vars.json'));
    const big = `{\n"aaa_table": ${JSON.stringify('x'.repeat(8000))},\n` + vars.slice(2);
    const parsed = await parseBytes(new TextEncoder().encode(big));
    expect(parsed.kind).toBe('memstats');
    expect(summarize(parsed)).toMatchObject({ source: 'expvar', otherVars: ['aaa_table'], numGC: 265 });
  });

  it('stays linear on long pathological lines', async () => {
    const inputs = [
      'gc 1 @'.repeat(150000),
      'x ' + 'gc 1 @0.1s 1%: '.repeat(60000) + '\n',
      '1:'.repeat(400000),
      '# p\n' + './a.go:1:2: ' + ':1'.repeat(300000) + '\n',
      'panic: x\n' + '\ngoroutine 1 ['.repeat(60000),
      '{"memstats": ' + '['.repeat(100000),
      'SCHED 1ms: gomaxprocs=1 idleprocs=0 threads=1 spinningthreads=0 idlethreads=0 runqueue=0 [' + '0 '.repeat(300000),
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      await parseBytes(new TextEncoder().encode(text)).catch((e: unknown) => expect(e).toBeInstanceOf(FormatError));
      expect(performance.now() - t0).toBeLessThan(3000);
    }
  });

  it('reports unknown text as unrecognized', async () => {
    await expect(parseBytes(new TextEncoder().encode('hello\nworld\n'))).rejects.toThrow(FormatError);
  });
});
