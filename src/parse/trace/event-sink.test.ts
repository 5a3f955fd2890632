// The event sink's time check, on the inputs the full fuzz run (npm run fuzz, seed 1) found: Go 1.19/1.21
// traces (tasks) with a timestamp mutated to ~2^64 ticks. Their events lay beyond 2^53 ns, where Go's
// "+1 ns" fix-up no longer makes times increase, and the model failed its integrity check.

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../base/errors';
import { parseGoTrace } from './parse-trace';

const CORPUS = join(resolve(dirname(fileURLToPath(import.meta.url)), '../../..'), 'test-data/fuzz-corpus/trace-v1');

describe('event times beyond 2^53 ns', () => {
  const inputs = readdirSync(CORPUS).filter((n) => n.endsWith('.bin') && readFileSync(join(CORPUS, n.replace(/\.bin$/, '.txt')), 'utf8').includes('time not increasing'));
  it(`every fuzz input whose times stopped increasing is refused with trace.time-beyond-range (${inputs.length})`, () => {
    expect(inputs.length).toBeGreaterThan(0);
    for (const n of inputs) {
      let err: unknown;
      try {
        parseGoTrace(new Uint8Array(readFileSync(join(CORPUS, n))));
      } catch (e) {
        err = e;
      }
      expect(err, n).toBeInstanceOf(FormatError);
      const m = (err as FormatError).msg;
      expect(m.code, n).toBe('trace.time-beyond-range');
      expect(m.args.ns as number, n).toBeGreaterThanOrEqual(2 ** 53);
    }
  });
});
