// Mutation fuzzing of real traces: whatever the bytes, the parser returns a model or throws a
// FormatError, and never hangs. Deterministic (seeded) and bounded in count and time. Inputs
// that once broke it are kept in testdata/ and replayed first.

import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { summarizeTrace } from '../../analysis/digest/trace-summary';
import { FormatError } from '../../base/errors';
import { checkTraceIntegrity } from '../../model/trace';
import { readFixture } from '../../test-utils/fixtures';
import { mulberry32 } from '../../test-utils/random';
import { parseGoTrace } from './parse-trace';

const HERE = dirname(fileURLToPath(import.meta.url));
const TESTDATA = join(HERE, 'testdata');


export function mutate(src: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b = src.slice();
  const steps = 1 + pick(4);
  for (let s = 0; s < steps; s++) {
    // Keep the header most of the time so the mutations reach the batches.
    const at = 16 + pick(Math.max(1, b.length - 16));
    switch (pick(7)) {
      case 0: // flip bits
        b[at] = b[at]! ^ (1 << pick(8));
        break;
      case 1: // random byte
        b[at] = pick(256);
        break;
      case 2: { // truncate
        b = b.slice(0, at);
        break;
      }
      case 3: { // delete a run
        const n = 1 + pick(32);
        b = Uint8Array.from([...b.subarray(0, at), ...b.subarray(Math.min(b.length, at + n))]);
        break;
      }
      case 4: { // duplicate a run
        const n = 1 + pick(64);
        const run = b.subarray(at, Math.min(b.length, at + n));
        b = Uint8Array.from([...b.subarray(0, at), ...run, ...b.subarray(at)]);
        break;
      }
      case 5: // a long varint
        for (let i = 0; i < 10 && at + i < b.length; i++) b[at + i] = 0xff;
        break;
      case 6: // small integers where the runtime writes them
        b[at] = pick(4);
        break;
    }
  }
  return b;
}

function check(bytes: Uint8Array): void {
  const t0 = performance.now();
  try {
    const t = parseGoTrace(bytes);
    expect(checkTraceIntegrity(t)).toEqual([]);
    summarizeTrace(t);
  } catch (e) {
    if (!(e instanceof FormatError)) {
      const path = `/tmp/golens-trace-fuzz-${Date.now()}.trace`;
      writeFileSync(path, bytes);
      throw new Error(`not a FormatError (input saved to ${path}): ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  // Linear work: a few hundred KB never take long.
  expect(performance.now() - t0).toBeLessThan(5000);
}

describe('trace fuzzing', () => {
  it('replays the kept regression inputs', () => {
    const files = existsSync(TESTDATA) ? readdirSync(TESTDATA).filter((f) => f.endsWith('.trace')) : [];
    for (const f of files) check(new Uint8Array(readFileSync(join(TESTDATA, f))));
  });

  const seeds = [
    'tasks/go1.22/trace.out',
    'tasks/go1.23/trace.out',
    'tasks/go1.25/trace.out',
    'tasks/go1.27/trace.out',
    'go-testdata/tests/go122-syscall-steal-proc-gen-boundary.trace',
    'go-testdata/tests/go123-sync.trace',
    'go-testdata/tests/go125-sync.trace',
  ];
  for (const [k, rel] of seeds.entries()) {
    it(`mutations of ${rel} (seeded, bounded)`, () => {
      const src = readFixture(rel);
      const rnd = mulberry32(0x5eed + k);
      const deadline = performance.now() + 8000;
      let runs = 0;
      for (; runs < 300 && performance.now() < deadline; runs++) check(mutate(src, rnd));
      expect(runs).toBeGreaterThan(20);
    });
  }
});
