// Checked numbers (issue 17): a number in a runtime text that no column can keep exactly — beyond
// 2^53, or beyond the int32 column it goes to, where an Int32Array would wrap it without a word —
// makes its line skipped (or malformed, for a runtime log) with its line number, never a wrong
// value. Each case edits one number of a real fixture's line and compares with the untouched file.
import { describe, expect, it } from 'vitest';
import { checkEscapeIntegrity, checkGoroutineDumpIntegrity, checkRuntimeLogIntegrity } from '../../model/runtime-log';
import { readFixture } from '../../test-utils/fixtures';
import { parseEscapeText } from './escape';
import { parseGoroutineDumpText } from './goroutine-dump';
import { parseRuntimeLogText } from './runtime-log';

const text = (rel: string) => new TextDecoder().decode(readFixture(rel));
const HUGE = '9'.repeat(400);
const WRAPS = '4294967297'; // 2^32 + 1: an Int32Array keeps it as 1

/** The fixture with the first match of `re` in line `lineIndex` (0-based) replaced. */
function edit(src: string, lineIndex: number, re: RegExp, by: string): string {
  const lines = src.split('\n');
  const before = lines[lineIndex]!;
  lines[lineIndex] = before.replace(re, by);
  expect(lines[lineIndex], 'the edit changed the line').not.toBe(before);
  return lines.join('\n');
}

describe('gctrace, scavtrace, schedtrace', () => {
  const log = text('memstats/go1.22/gctrace_schedtrace.log');
  const plain = parseRuntimeLogText(log);
  const lineOf = (prefix: string) => log.split('\n').findIndex((l) => l.startsWith(prefix));

  it.each([
    ['a gc number beyond 2^53', 'gc 2 @', /^gc 2 /, `gc ${HUGE} `],
    ['heap MB beyond 2^53 bytes', 'gc 2 @', /3->4->2 MB/, `3->${'9'.repeat(12)}->2 MB`],
    ['a P count beyond int32', 'gc 2 @', /4 P$/, `${WRAPS} P`],
    ['a time beyond 2^53 ns', 'gc 2 @', /@0\.007s/, `@${'9'.repeat(10)}.007s`],
  ])('%s: the gc line is malformed, the other cycles are kept', (_what, prefix, re, by) => {
    const at = lineOf(prefix);
    const m = parseRuntimeLogText(edit(log, at, re, by));
    expect(checkRuntimeLogIntegrity(m)).toEqual([]);
    expect(m.gc.length).toBe(plain.gc.length - 1);
    expect(m.malformed.count).toBe(plain.malformed.count + 1);
    expect(m.malformed.firstLineNumber).toBe(at + 1);
    expect(Array.from(m.gc.lineNumber)).not.toContain(at + 1);
  });

  it.each([
    ['gomaxprocs beyond int32', /gomaxprocs=4/, `gomaxprocs=${WRAPS}`],
    ['a local run queue beyond int32', /\[0 0 0 0\]/, `[0 ${WRAPS} 0 0]`],
    ['a time beyond 2^53 ns', /SCHED 207ms/, `SCHED ${HUGE}ms`],
  ])('%s: the SCHED line is malformed', (_what, re, by) => {
    const at = lineOf('SCHED 207ms');
    const m = parseRuntimeLogText(edit(log, at, re, by));
    expect(checkRuntimeLogIntegrity(m)).toEqual([]);
    expect(m.sched.length).toBe(plain.sched.length - 1);
    expect(m.malformed.firstLineNumber).toBe(at + 1);
    expect(Math.max(...m.sched.gomaxprocs)).toBe(Math.max(...plain.sched.gomaxprocs));
  });

  it('the untouched log passes the integrity check', () => {
    expect(checkRuntimeLogIntegrity(plain)).toEqual([]);
    expect(plain.malformed.count).toBe(0);
  });
});

describe('goroutine dump', () => {
  const dump = text('leak/go1.27/goroutine_debug2.txt');
  const plain = parseGoroutineDumpText(dump);
  const lines = dump.split('\n');
  const header = lines.findIndex((l, i) => i > 0 && l.startsWith('goroutine '));
  const fileLine = lines.findIndex((l, i) => i > header && /^\t.*:\d+/.test(l));

  it('a goroutine ID beyond 2^53: that goroutine is skipped, with its line', () => {
    const m = parseGoroutineDumpText(edit(dump, header, /^goroutine \d+/, `goroutine ${HUGE}`));
    expect(checkGoroutineDumpIntegrity(m)).toEqual([]);
    expect(m.goroutines.length).toBe(plain.goroutines.length - 1);
    expect(m.skipped.firstLineNumber).toBe(header + 1);
  });

  it('a file line number beyond int32 is not a frame (no wrapped line number)', () => {
    const m = parseGoroutineDumpText(edit(dump, fileLine, /:(\d+)/, `:${WRAPS}`));
    expect(checkGoroutineDumpIntegrity(m)).toEqual([]);
    expect(m.skipped.count).toBeGreaterThan(plain.skipped.count);
    expect(m.skipped.firstLineNumber).toBe(fileLine); // the call line before it
    expect(Array.from(m.frames.line)).not.toContain(1);
  });

  it('the untouched dump passes the integrity check', () => {
    expect(checkGoroutineDumpIntegrity(plain)).toEqual([]);
  });
});

describe('escape analysis', () => {
  const esc = text('escape/go1.22/escape_m.txt');
  const plain = parseEscapeText(esc);
  const at = esc.split('\n').findIndex((l) => l.startsWith('./main.go:'));

  it.each([
    ['a line beyond int32', /^\.\/main\.go:\d+:/, `./main.go:${WRAPS}:`],
    ['a column beyond int32', /^(\.\/main\.go:\d+):\d+:/, `$1:${WRAPS}:`],
  ])('%s: the decision is skipped with its line', (_what, re, by) => {
    const m = parseEscapeText(edit(esc, at, re, by));
    expect(checkEscapeIntegrity(m)).toEqual([]);
    expect(m.decisions.length).toBe(plain.decisions.length - 1);
    expect(m.skipped.firstLineNumber).toBe(at + 1);
  });
});
