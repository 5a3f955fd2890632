import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraceDigestAccumulator } from '../analysis/trace-summary';
import { parseGoTrace } from '../parse/trace/parse-trace';
import { fixturePath, fixturesWithDigest, readFixture } from '../test-utils/fixtures';
import { readGoTraceInThreads } from './trace-decode-thread';

const V2 = new Set(['1.22', '1.23', '1.25', '1.26']);
const cases = fixturesWithDigest((d) => d.format === 'go-trace' && V2.has(d.goVersion as string));

async function threadedDigest(bytes: Uint8Array) {
  const acc = new TraceDigestAccumulator();
  const read = await readGoTraceInThreads(bytes, { addEvents: (window, n) => acc.add(window, 0, n) });
  return acc.digest(read.goVersion, read.warnings);
}

describe('decoding in a worker thread (golens summary on large traces)', () => {
  it('gives the digest Go made for every generation-format trace', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    for (const { input, digest } of cases) expect(await threadedDigest(readFixture(input)), input).toEqual(digest);
  }, 120_000);

  it("rejects what Go rejects, with the same message as one thread's read", async () => {
    const tests = fixturePath('go-testdata/tests');
    const fuzz = fixturePath('go-testdata/fuzz');
    const failing = [
      ...readdirSync(tests)
        .filter((f) => f.endsWith('.expect') && readFileSync(`${tests}/${f}`, 'utf8').startsWith('FAILURE'))
        .map((f) => `${tests}/${f.slice(0, -'.expect'.length)}.trace`),
      ...readdirSync(fuzz)
        .filter((f) => f.endsWith('.trace') && existsSync(`${fuzz}/${f}.error.txt`))
        .map((f) => `${fuzz}/${f}`),
    ];
    expect(failing.length).toBeGreaterThan(10);
    for (const path of failing) {
      const bytes = new Uint8Array(readFileSync(path));
      let want = '';
      try {
        parseGoTrace(bytes);
      } catch (e) {
        want = (e as Error).message;
      }
      await expect(threadedDigest(bytes), path).rejects.toThrow(want);
    }
  }, 120_000);
});
