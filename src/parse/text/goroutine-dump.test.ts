import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import { checkProfileIntegrity } from '../../model/profile';
import { G_FLAG_FRAMES_ELIDED, G_FLAG_LEAKED, G_FLAG_LOCKED_TO_THREAD, G_FLAG_SCAN } from '../../model/runtime-log';
import { groupGoroutines, stackFrames, stackFunctions } from '../../analysis/runtime/goroutine-dump-groups';
import { goroutineDumpToProfile } from '../../analysis/runtime/goroutine-dump-profile';
import { summarizeGoroutineDump } from '../../analysis/digest/goroutine-dump-summary';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { parseGoroutineDumpText } from './goroutine-dump';

const dumps = listFixtures().filter((f) => f.endsWith('/goroutine_debug2.txt'));
const read = (rel: string) => readFileSync(fixturePath(rel), 'utf8');

describe('goroutine dumps (debug=2) of every Go version', () => {
  it('finds the fixtures', () => expect(dumps.length).toBe(10));
  for (const rel of dumps) {
    it(rel, () => {
      const text = read(rel);
      const headers = text.split('\n').filter((l) => /^goroutine \d+ \[/.test(l));
      const d = parseGoroutineDumpText(text);
      expect(d.goroutines.length).toBe(headers.length);
      expect(d.skipped.count).toBe(0);
      // Statuses straight from the headers, without the labels (Go 1.26 writes them inside
      // the brackets, 1.27 after) and the `(leaked)` flag.
      const statuses = headers.map((h) => /\[([^\]]*)\]/.exec(h)![1]!.replace(/ labels:\{.*\}$/, '').replace(/ \(leaked\)$/, ''));
      expect([...d.goroutines.status].map((s) => d.strings[s])).toEqual(statuses);
      expect([...d.goroutines.id]).toEqual(headers.map((h) => Number(h.split(' ')[1])));
      // Frame lines = function lines + their file lines; `created by` lines have a file line too.
      const fileLines = text.split('\n').filter((l) => l.startsWith('\t')).length;
      const createdBy = text.split('\n').filter((l) => l.startsWith('created by ')).length;
      let frames = 0;
      for (let i = 0; i < d.goroutines.length; i++) frames += stackFunctions(d, d.goroutines.stack[i]!).length;
      expect(frames).toBe(fileLines - createdBy);
      let withCreator = 0;
      for (let i = 0; i < d.goroutines.length; i++) if (d.goroutines.createdBy[i]! >= 0) withCreator++;
      expect(withCreator).toBe(createdBy);
      // `in goroutine N` exists since Go 1.21.
      const hasIn = text.includes(' in goroutine ');
      expect([...d.goroutines.creatorId].some((c) => c >= 0)).toBe(hasIn);
      expect(hasIn).toBe(!rel.includes('go1.19'));

      const p = goroutineDumpToProfile(d);
      expect(checkProfileIntegrity(p)).toEqual([]);
      expect(p.sampleTypes).toEqual([{ type: 'goroutine', unit: 'count' }]);
      expect(p.samples.values[0]!.reduce((a, b) => a + b, 0)).toBe(d.goroutines.length);
      if (rel.startsWith('leak/')) checkLeakScenario(d);
      else checkGoroutineLeakScenario(d, rel);
    });
  }
});

/** The leak scenario: 4 idle workers on one chan receive, one ticker in select. */
function checkLeakScenario(d: ReturnType<typeof parseGoroutineDumpText>): void {
      const groups = groupGoroutines(d);
      expect(groups[0]!.count).toBe(4);
      expect(groups[0]!.functions[0]).toBe('main.idleWorker');
      expect(groups[0]!.statuses).toEqual([{ name: 'chan receive', count: 4 }]);
      expect(groups[0]!.sites).toEqual([{ name: 'leak/main.go:112', count: 4 }]);
      expect(groups[0]!.creator).toBe('main.main');
      expect(groups.reduce((a, g) => a + g.count, 0)).toBe(d.goroutines.length);
      // Default thresholds flag nothing in a 7-goroutine program; a pile-up threshold of 4 flags the workers.
      expect(groups.filter((g) => g.leak)).toEqual([]);
      const strict = groupGoroutines(d, { minGroupSize: 10, minWaitMinutes: 10, pileUpSize: 4 });
      expect(strict.filter((g) => g.leak).map((g) => [g.functions[0], g.leak!.rule])).toEqual([['main.idleWorker', 'pile-up']]);

      const digest = summarizeGoroutineDump(d);
      expect(digest).toMatchObject({
        format: 'goroutine-dump',
        goroutines: 7,
        groups: 4,
        states: { 'chan receive': 4, running: 1, select: 1, 'trace reader (blocked)': 1 },
        suspectedLeakGroups: 0,
      });
}

/**
 * The goroutineleak scenario (fixtures README): 20 labelled requests each leave 2 backends
 * blocked sending on a dropped channel, 5 goroutines wait on dropped channels, 4 on a dropped
 * locked mutex, 3 labelled workers wait on a channel main still holds. Go 1.27 flags all 49
 * leaked goroutines, Go 1.26 48 (one mutex waiter stays `[sync.Mutex.Lock]`).
 */
function checkGoroutineLeakScenario(d: ReturnType<typeof parseGoroutineDumpText>, rel: string): void {
  const leaked = [...d.goroutines.flags].filter((f) => f & G_FLAG_LEAKED).length;
  expect(leaked).toBe(rel.includes('go1.26') ? 48 : 49);
  const labels = new Map<string, number>();
  for (let i = 0; i < d.goroutines.length; i++) {
    const l = d.goroutines.labels[i]!;
    if (l < 0) continue;
    const text = d.strings[l]!;
    // Both versions' forms read alike: `handler: lookup, request: 0`.
    expect(text).toMatch(/^(handler: (lookup|search), request: \d+|role: worker)$/);
    const key = text.split(',')[0]!;
    labels.set(key, (labels.get(key) ?? 0) + 1);
    // Only the backends (leaked) and the workers (not leaked) carry labels.
    expect((d.goroutines.flags[i]! & G_FLAG_LEAKED) !== 0).toBe(key !== 'role: worker');
  }
  expect(labels.get('role: worker')).toBe(3);
  expect((labels.get('handler: lookup') ?? 0) + (labels.get('handler: search') ?? 0)).toBe(40);
  const groups = groupGoroutines(d);
  const backends = groups.find((g) => g.functions[0] === 'main.backend')!;
  expect(backends.count).toBe(40);
  expect(backends.leak?.rule).toBe('runtime-detected');
  expect(backends.statuses).toEqual([{ name: 'chan send', count: 40 }]);
  expect(backends.labels.length).toBeGreaterThan(1);
  // A group is flagged when the runtime flagged one of it: Go 1.26's one undetected mutex
  // waiter shares its stack with the three it detected, so the suspects are 49 in both.
  const digest = summarizeGoroutineDump(d);
  expect(digest).toMatchObject({ withLabels: 43, suspectedLeakGoroutines: 49 });
}

describe('goroutine dump details', () => {
  // Header shapes from pprof-format.md §7.3.
  const dump = [
    'goroutine 1 gp=0xc000002380 m=0 mp=0x5b1c20 [running, locked to thread]:',
    'main.main()',
    '\t/src/app/main.go:20 +0x1d fp=0xc000070f50 sp=0xc000070f30 pc=0x47e5bd',
    '',
    'goroutine 7 [chan receive (scan), 12 minutes] {"request id": "42", user: ann}:',
    'main.wait(...)',
    '\t/src/app/main.go:30',
    'main.worker(0xc00001c0c0, {0x4b2f10?, 0x1})',
    '\t/src/app/main.go:35 +0x2a',
    '...additional frames elided...',
    'created by main.start in goroutine 1',
    '\t/src/app/main.go:12 +0x65',
    '',
    'goroutine 9 [select (leaked)]:',
    'main.(*Server).loop[...](0xc000100000)',
    '\t/src/app/server.go:88 +0x99',
    'exit status 2',
  ].join('\n');

  it('reads gp/m, flags, minutes, labels, inlined frames, elision and creators', () => {
    const d = parseGoroutineDumpText(dump);
    const g = d.goroutines;
    expect(g.length).toBe(3);
    expect(g.flags[0]).toBe(G_FLAG_LOCKED_TO_THREAD);
    expect(d.strings[g.status[0]!]).toBe('running');
    expect(d.strings[g.status[1]!]).toBe('chan receive');
    expect(g.flags[1]).toBe(G_FLAG_SCAN | G_FLAG_FRAMES_ELIDED);
    expect(g.waitMinutes[1]).toBe(12);
    expect(d.strings[g.labels[1]!]).toBe('"request id": "42", user: ann');
    expect([d.strings[g.createdBy[1]!], g.creatorId[1], d.strings[g.createdByFile[1]!], g.createdByLine[1]]).toEqual([
      'main.start',
      1,
      '/src/app/main.go',
      12,
    ]);
    expect(stackFunctions(d, g.stack[1]!)).toEqual(['main.wait', 'main.worker']);
    expect(stackFrames(d, g.stack[1]!)).toEqual([
      { func: 'main.wait', file: '/src/app/main.go', line: 30, inlined: true },
      { func: 'main.worker', file: '/src/app/main.go', line: 35, inlined: false },
    ]);
    const leaf = d.stacks.frame[g.stack[1]!]!;
    expect(d.frames.inlined[leaf]).toBe(1);
    expect(d.frames.line[leaf]).toBe(30);
    expect(g.flags[2]).toBe(G_FLAG_LEAKED);
    expect(stackFunctions(d, g.stack[2]!)).toEqual(['main.(*Server).loop[...]']);
    // The trailing `exit status 2` is not part of any goroutine: counted, not fatal.
    expect(d.skipped).toEqual({ count: 1, first: 'exit status 2', firstLineNumber: 17 });
    const groups = groupGoroutines(d, { minGroupSize: 1, minWaitMinutes: 10, pileUpSize: 100 });
    const rules = Object.fromEntries(groups.map((gr) => [gr.functions[0], gr.leak?.rule ?? null]));
    expect(groups.find((gr) => gr.functions[0] === 'main.wait')!.waitMinutes).toEqual([{ minutes: 12, count: 1 }]);
    expect(rules).toEqual({ 'main.main': null, 'main.wait': 'long-wait', 'main.(*Server).loop[...]': 'runtime-detected' });
  });

  it('rejects text without a goroutine header', () => {
    expect(() => parseGoroutineDumpText('main.main()\n\t/x.go:1\n')).toThrow(FormatError);
  });
});
