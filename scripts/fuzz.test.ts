// The fuzzer's short run inside npm test (fixed seed, a fixed count of inputs per format) and the replay of the corpus
// of every input that once failed (test-data/fuzz-corpus/<format>/*.bin, written by npm run fuzz).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkInput, FORMATS, inputFor, loadSeeds } from './fuzz-lib';

const CORPUS = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'test-data/fuzz-corpus');
/** Per input, far above what the parsers take on these small seeds (the full run's limit is 5 s). */
const LIMIT_MS = 5000;
/** Inputs per format in the short run. */
const SHORT_RUN = 12;

async function expectHolds(bytes: Uint8Array, what: string): Promise<void> {
  const t0 = performance.now();
  const o = await checkInput(bytes);
  if (o.ok === false) throw new Error(`${what}: ${o.what}: ${o.detail}`);
  expect(performance.now() - t0, what).toBeLessThan(LIMIT_MS);
}

describe('fuzz corpus', () => {
  const files = existsSync(CORPUS)
    ? readdirSync(CORPUS).flatMap((f) => readdirSync(join(CORPUS, f)).filter((n) => n.endsWith('.bin')).map((n) => join(f, n)))
    : [];
  it(`replays every input that once failed (${files.length})`, async () => {
    for (const f of files) await expectHolds(new Uint8Array(readFileSync(join(CORPUS, f))), f);
  });
});

describe('fuzz, short run (seed 1)', () => {
  const seeds = loadSeeds();
  for (const format of Object.keys(FORMATS)) {
    it(`${format}: mutated real fixtures give a checked model or a FormatError`, async () => {
      // A fixed number of inputs, the same on every machine (a time budget ran fewer under load).
      for (let n = 0; n < SHORT_RUN; n++) await expectHolds(inputFor(format, seeds, 1, n), `${format} #${n}`);
    });
  }
});
