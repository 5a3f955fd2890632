import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceDigestAccumulator } from '../analysis/digest/trace-summary';
import { parseGoTrace, readGoTrace } from '../parse/trace/parse-trace';
import type { TraceEventConsumer } from '../parse/trace/event-sink';
import { FIXTURES, fixturesWithDigest, readFixture, thrownMessage, traceFixturesGoRejects } from '../test-utils/fixtures';
import { readTraceHeader } from '../parse/trace/wire';
import { readGoTraceFileInThreads, readGoTraceInThreads } from './trace-decode-thread';

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

  it('reading the file itself in small chunks (every generation waits for more bytes): the same digests', async () => {
    for (const { input, digest } of cases) {
      const path = `${FIXTURES}/${input}`;
      const { minor } = readTraceHeader(readFixture(input).subarray(0, 16));
      const acc = new TraceDigestAccumulator();
      // An odd chunk size, so generations, batches and varints are cut everywhere.
      const read = await readGoTraceFileInThreads(path, statSync(path).size, minor, { addEvents: (w, n) => acc.add(w, 0, n) }, 4093);
      expect(acc.digest(read.goVersion, read.warnings), input).toEqual(digest);
    }
  }, 180_000);

  it('a truncated file read in chunks: the same kept generations and warning as one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golens-cut-'));
    let kept = 0;
    // leak/go1.27 (header go 1.26: end-of-generation markers) and leak/go1.25 (no markers).
    for (const rel of ['leak/go1.27/trace.out', 'leak/go1.25/trace.out']) {
      const full = readFixture(rel);
      const { minor } = readTraceHeader(full);
      for (const frac of [0.3, 0.55, 0.8, 0.97]) {
        const cut = full.subarray(0, Math.floor(full.length * frac));
        const path = join(dir, `cut-${minor}-${frac}.out`);
        writeFileSync(path, cut);
        const outcome = async (read: (c: TraceEventConsumer) => Promise<{ goVersion: string; warnings: string[] }>) => {
          const acc = new TraceDigestAccumulator();
          try {
            const r = await read({ addEvents: (w, n) => acc.add(w, 0, n) });
            return acc.digest(r.goVersion, r.warnings);
          } catch (e) {
            return (e as Error).message;
          }
        };
        const want = await outcome(async (c) => readGoTrace(cut, c));
        if (typeof want !== 'string') kept++;
        expect(await outcome((c) => readGoTraceFileInThreads(path, cut.length, minor, c, 5000)), `${rel} cut at ${frac}`).toEqual(want);
      }
    }
    expect(kept).toBeGreaterThan(0);
  }, 60_000);

  it("rejects what Go rejects, with the same message as one thread's read", async () => {
    const failing = traceFixturesGoRejects();
    expect(failing.length).toBeGreaterThan(10);
    for (const path of failing) {
      const bytes = new Uint8Array(readFileSync(path));
      const want = thrownMessage(() => parseGoTrace(bytes));
      await expect(threadedDigest(bytes), path).rejects.toThrow(want);
    }
  }, 120_000);
});
