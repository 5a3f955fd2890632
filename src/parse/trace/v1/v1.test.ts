import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraceDigestAccumulator, summarizeTrace } from '../../../analysis/digest/trace-summary';
import { FormatError } from '../../../base/errors';
import { checkTraceIntegrity } from '../../../model/trace';
import { eventLines } from '../../../../scripts/trace-events';
import { fixturesWithDigest, readFixture } from '../../../test-utils/fixtures';
import { parseGoTrace, readGoTrace } from '../parse-trace';

// Every v1 trace with a digest made by Go 1.27's reader (go-testdata/oldtrace, go1.19 and go1.21 scenarios).
const cases = fixturesWithDigest((d) => d.format === 'go-trace' && ['1.11', '1.19', '1.21'].includes(d.goVersion as string));

function streamingDigest(bytes: Uint8Array) {
  const acc = new TraceDigestAccumulator();
  const read = readGoTrace(bytes, { addEvents: (window, n) => acc.add(window, 0, n) });
  return acc.digest(read.goVersion, read.warnings);
}

describe('v1 traces (Go 1.11–1.21) agree with Go 1.27’s reader', () => {
  it('finds the fixtures', () => expect(cases.length).toBeGreaterThanOrEqual(24));
  for (const { input, digest } of cases) {
    it(`${input}: the CLI's digest and the model's`, () => {
      const bytes = readFixture(input);
      expect(streamingDigest(bytes)).toEqual(digest);
      const t = parseGoTrace(bytes);
      expect(t.warnings).toEqual([]);
      expect(checkTraceIntegrity(t)).toEqual([]);
      expect(summarizeTrace(t)).toEqual(digest);
    });
  }
});

describe('v1 events, line by line as `golensoracle -events` prints them (testdata/, made by the oracle)', () => {
  for (const input of [
    'go-testdata/oldtrace/user_task_region_1_11_good',
    'go-testdata/oldtrace/user_task_region_1_21_good',
    'go-testdata/oldtrace/http_1_21_good',
    'tasks/go1.21/trace.out',
  ]) {
    it(input, () => {
      const want = readFileSync(new URL(`./testdata/${input.replaceAll('/', '_')}.events.txt`, import.meta.url), 'utf8').trimEnd().split('\n');
      const got: string[] = [];
      eventLines(parseGoTrace(readFixture(input)), (l) => got.push(l));
      expect(got).toEqual(want);
    });
  }
});

describe('v1 edge cases', () => {
  for (const v of ['1.5', '1.7', '1.8', '1.9', '1.10']) {
    it(`go ${v} trace → a message naming the version`, () => {
      const bytes = new TextEncoder().encode(`go ${v} trace\0\0\0\0`.slice(0, 16));
      let err: unknown;
      try {
        parseGoTrace(bytes);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(FormatError);
      expect((err as FormatError).msg).toEqual({ code: 'trace.v1-too-old', args: { version: v } });
    });
  }
  it('a header alone: no frequency, as Go says', () => {
    expect(() => parseGoTrace(new TextEncoder().encode('go 1.21 trace\0\0\0'))).toThrow('no EvFrequency event');
  });
  it('a truncated v1 trace keeps what is consistent and says where the file ended', () => {
    const full = readFixture('tasks/go1.21/trace.out');
    const whole = parseGoTrace(full);
    for (const frac of [0.6, 0.9]) {
      const cut = full.subarray(0, Math.floor(full.length * frac));
      const t = parseGoTrace(cut);
      expect(t.warnings.length).toBe(1);
      expect(t.warnings[0]).toMatch(new RegExp(`^trace truncated at byte ${cut.length}: the file ends inside an event at byte \\d+; kept the \\d+ events`));
      expect(checkTraceIntegrity(t)).toEqual([]);
      expect(t.events.length).toBeGreaterThan(100);
      expect(t.events.length).toBeLessThanOrEqual(whole.events.length);
      expect(streamingDigest(cut).warnings).toEqual(t.warnings);
    }
  });
});
