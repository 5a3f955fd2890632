import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import { ESCAPE_KINDS } from '../../model/runtime-log';
import { decisionExplanation, escapeReasonAt, pathSuffixScore } from '../../analysis/runtime/escape-index';
import { summarizeEscape } from '../../analysis/digest/escape-summary';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';
import { parseEscapeText } from './escape';

const files = listFixtures().filter((f) => /\/escape_(m|mm|ml)\.txt$/.test(f));
const read = (rel: string) => readFileSync(fixturePath(rel), 'utf8');

/** Messages of a raw escape file: what follows the first ": " of each positioned line. */
function messages(text: string): string[] {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('# '))
    .map((l) => l.slice(l.indexOf(': ') + 2));
}

describe('escape-analysis output of every Go version and flag set', () => {
  it('finds the fixtures', () => expect(files.length).toBe(18));
  for (const rel of files) {
    it(rel, () => {
      const text = read(rel);
      const msgs = messages(text);
      const isExplanation = (m: string) => m.startsWith('  ') || m.endsWith(':');
      const m = parseEscapeText(text);
      expect(m.skipped.count).toBe(0);
      expect(m.packages).toEqual(['escape']);
      expect(m.decisions.length).toBe(msgs.filter((x) => !isExplanation(x)).length);
      expect(m.explanations.length).toBe(msgs.filter(isExplanation).length);
      const count = (k: (typeof ESCAPE_KINDS)[number]) => m.decisions.kind.filter((x) => ESCAPE_KINDS[x] === k).length;
      expect(count('moved-to-heap')).toBe(msgs.filter((x) => x.startsWith('moved to heap: ')).length);
      expect(count('escapes-to-heap')).toBe(msgs.filter((x) => x.endsWith(' escapes to heap')).length);
      expect(count('does-not-escape')).toBe(msgs.filter((x) => x.endsWith(' does not escape')).length);
      expect(count('can-inline')).toBe(msgs.filter((x) => x.startsWith('can inline ')).length);
      expect(count('inlining-call')).toBe(msgs.filter((x) => x.startsWith('inlining call to ')).length);
      expect(count('leaking-param') + count('leaking-param-content') + count('leaking-param-to-result')).toBe(
        msgs.filter((x) => x.startsWith('leaking param')).length,
      );
      expect(count('other')).toBe(0);
      const flags = rel.endsWith('_mm.txt') ? '-m -m' : rel.endsWith('_ml.txt') ? '-m -l' : '-m';
      const digest = summarizeEscape(m);
      expect(digest.flagsGuess).toBe(flags);
      expect(digest.byKind['moved-to-heap']).toBe(count('moved-to-heap'));

      // ./main.go:32:2: moved to heap: p — NewPoint returns &p (every version, every flag set).
      const reasons = escapeReasonAt(m, 'escape/main.go', 32);
      expect(reasons[0]).toMatchObject({ kind: 'moved-to-heap', subject: 'p', col: 2, onHeap: true, file: './main.go' });
      if (flags === '-m -m') {
        const arrow = /go1\.2[5-9]/.test(rel) ? '←' : '=';
        expect(reasons[0]!.explanation).toEqual([
          arrow === '←' ? 'p escapes to heap in NewPoint:' : 'p escapes to heap:',
          `  flow: ~r0 ${arrow} &p:`,
          '    from &p (address-of) at ./main.go:33:9',
          '    from return &p (return) at ./main.go:33:2',
        ]);
        // Every explanation line attached to a decision points at a heap decision at its position.
        for (let i = 0; i < m.explanations.length; i++) {
          const d = m.explanations.decision[i]!;
          if (d < 0) continue;
          expect(['moved-to-heap', 'escapes-to-heap', 'leaking-param', 'leaking-param-content', 'leaking-param-to-result']).toContain(
            ESCAPE_KINDS[m.decisions.kind[d]!],
          );
        }
      } else {
        expect(reasons[0]!.explanation).toEqual([]);
      }
    });
  }
});

describe('escape decisions explain the allocation sites of the same program’s heap profile', () => {
  for (const v of ['1.19', '1.21', '1.27']) {
    it(`go${v}`, async () => {
      const esc = parseEscapeText(read(`escape/go${v}/escape_m.txt`));
      const p = await parseBytes(readFixture(`escape/go${v}/allocs.pb.gz`));
      if (p.kind !== 'profile') throw new Error('not a profile');
      const space = p.sampleTypes.findIndex((t) => t.type === 'alloc_space');
      const sites = new Set<string>();
      for (let s = 0; s < p.samples.length; s++) {
        const st = p.samples.stack[s]!;
        if (st < 0 || p.samples.values[space]![s] === 0) continue;
        const fr = p.stacks.frame[st]!;
        const fn = p.frames.func[fr]!;
        const file = p.strings[p.funcs.file[fn]!]!;
        const name = p.strings[p.funcs.name[fn]!]!;
        // main.main's sites are inlined calls (several decisions per line); line 124's `append`
        // growth is reported only from Go 1.25 on.
        if (file !== 'escape/main.go' || name === 'main.main' || p.frames.line[fr] === 124) continue;
        sites.add(`${p.frames.line[fr]}`);
        const r = escapeReasonAt(esc, file, p.frames.line[fr]!);
        expect(r.length, `${name} at line ${p.frames.line[fr]}`).toBeGreaterThan(0);
        expect(r[0]!.onHeap, `${name}: ${r[0]!.message}`).toBe(true);
      }
      expect(sites.size).toBeGreaterThanOrEqual(5);
      // The biggest allocation: MakeHuge's 1 MiB buffer (line 97), "too large for stack".
      expect(escapeReasonAt(esc, 'escape/main.go', 97)[0]!.message).toMatch(/^make\(\[\]byte, 1(048576| << 20)\) escapes to heap$/);
    });
  }
});

describe('escape details', () => {
  it('matches files by the longest common path suffix', () => {
    expect(pathSuffixScore('./main.go', 'escape/main.go')).toBe(1);
    expect(pathSuffixScore('$GOROOT/src/sync/atomic/type.go', 'sync/atomic/type.go')).toBe(3);
    expect(pathSuffixScore('../x.go', '/home/u/x.go')).toBe(1);
    expect(pathSuffixScore('a/main.go', 'b/x.go')).toBe(0);
    const m = parseEscapeText(
      ['# example.com/a', 'a/main.go:5:2: moved to heap: x', '# example.com/b', 'b/main.go:5:9: y does not escape', 'C:\\w\\b\\main.go:7:3: leaking param: q'].join(
        '\n',
      ),
    );
    expect(escapeReasonAt(m, 'example.com/b/main.go', 5).map((r) => r.message)).toEqual(['y does not escape']);
    expect(escapeReasonAt(m, 'a/main.go', 5).map((r) => r.message)).toEqual(['moved to heap: x']);
    expect(escapeReasonAt(m, 'main.go', 6)).toEqual([]);
    const win = escapeReasonAt(m, 'b/main.go', 7)[0]!;
    expect([win.file, win.line, win.col, win.kind]).toEqual(['C:\\w\\b\\main.go', 7, 3, 'leaking-param']);
    expect(m.strings[m.decisions.pkg[1]!]).toBe('example.com/b');
  });

  it('attaches a 1.25 explanation whose subject differs from its decision (append)', () => {
    const text = read('escape/go1.27/escape_mm.txt');
    const m = parseEscapeText(text);
    const r = escapeReasonAt(m, 'escape/main.go', 124).find((x) => x.message === 'append escapes to heap')!;
    expect(r.explanation[0]).toBe('append(registry, &p) escapes to heap in Register:');
    expect(decisionExplanation(m, r.decision)).toHaveLength(4);
  });

  it('counts lines without a position and rejects text with none', () => {
    const m = parseEscapeText('# escape\n./main.go:32:2: moved to heap: p\nok  \texample.com/escape 0.01s\n');
    expect(m.decisions.length).toBe(1);
    expect(m.skipped).toEqual({ count: 1, first: 'ok  \texample.com/escape 0.01s', firstLineNumber: 3 });
    expect(() => parseEscapeText('hello\n')).toThrow(FormatError);
  });
});
