// npm run fuzz [-- --full] [--seed N] [--count N] [--from N] [--format F,…] [--limit-ms N]: the
// seeded, bounded fuzzer over every parser (scripts/fuzz-lib.ts says the property). Inputs are
// numbered per format and seed; a run checks inputs [from, from + count), so a long run is done in
// chunks (--from resumes where a chunk ended; the inputs are the same whatever the chunks). Each
// format's inputs run in a worker thread; an input over the time limit terminates it and is tried
// again alone in a fresh thread with four times the limit (a loaded machine can starve a thread
// for seconds); over that too, it is a failure, and the run goes on after it. Failing inputs are written to test-data/fuzz-corpus/<format>/, which the unit
// tests replay. Prints the counts per format; exit status 1 when anything failed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FORMATS, inputFor, loadSeeds, type Outcome } from './fuzz-lib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = join(ROOT, 'test-data/fuzz-corpus');

const args = process.argv.slice(2);
const opt = (name: string) => {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : undefined;
};
const full = args.includes('--full');
const count = Number(opt('--count') ?? (full ? 100_000 : 2_000));
const from = Number(opt('--from') ?? 0);
const end = from + count;
const seed = Number(opt('--seed') ?? 1);
const limitMs = Number(opt('--limit-ms') ?? 5_000);
const formats = opt('--format')?.split(',') ?? Object.keys(FORMATS);
const seeds = loadSeeds();

type Stats = { inputs: number; models: number; errors: number; unlocated: Map<string, number>; failures: number; retried: number };

function saveFailure(format: string, i: number, what: string, detail: string): string {
  const bytes = inputFor(format, seeds, seed, i);
  const name = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const dir = join(CORPUS, format);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.bin`), bytes);
  writeFileSync(join(dir, `${name}.txt`), `seed ${seed} input ${i}: ${what}\n${detail}\n`);
  return join(dir, `${name}.bin`);
}

function runFormat(format: string): Promise<Stats> {
  const st: Stats = { inputs: 0, models: 0, errors: 0, unlocated: new Map(), failures: 0, retried: 0 };
  return new Promise((resolveRun) => {
    // One thread runs [first, to); a retry of a timed-out input runs [i, i + 1) with a longer limit.
    const start = (first: number, to = end, limit = limitMs) => {
      if (first >= end) return resolveRun(st);
      const retry = limit > limitMs;
      const w = new Worker(new URL('./fuzz-worker.mjs', import.meta.url), { workerData: { format, seed, from: first, to } });
      let current = first;
      let started = false;
      let timer: NodeJS.Timeout | undefined;
      let finished = false;
      const fail = (i: number, what: string, detail: string) => {
        st.failures++;
        const path = saveFailure(format, i, what, detail);
        console.log(`FAIL ${format} #${i} ${what}: ${detail.split('\n')[0]} (${path})`);
      };
      w.on('message', (m: { type: string; i: number; outcome: Outcome }) => {
        if (m.type === 'start') {
          started = true;
          current = m.i;
          clearTimeout(timer);
          timer = setTimeout(() => {
            finished = true;
            if (retry) {
              fail(current, 'timeout', `over ${limitMs} ms, and over ${limit} ms when tried again alone`);
              st.inputs++;
              void w.terminate().then(() => start(current + 1));
            } else {
              st.retried++;
              void w.terminate().then(() => start(current, current + 1, limitMs * 4));
            }
          }, limit);
        } else if (m.type === 'done') {
          clearTimeout(timer);
          st.inputs++;
          const o = m.outcome;
          if (o.ok === 'model') st.models++;
          else if (o.ok === 'error') {
            st.errors++;
            if (!o.located) st.unlocated.set(o.code, (st.unlocated.get(o.code) ?? 0) + 1);
          } else fail(m.i, o.what, o.detail);
          if (count >= 10_000 && st.inputs % 10_000 === 0) console.log(`  ${format}: ${st.inputs}… (${new Date().toISOString().slice(11, 19)})`);
        } else if (m.type === 'end') {
          finished = true;
          clearTimeout(timer);
          void w.terminate().then(() => (retry ? start(to) : resolveRun(st)));
        }
      });
      w.on('error', (e: Error) => {
        if (finished) return;
        if (!started) {
          // The thread could not start: the fuzzer's own problem, not an input's.
          console.error(`fuzz: the worker thread failed to start: ${e.stack ?? e.message}`);
          process.exit(2);
        }
        finished = true;
        clearTimeout(timer);
        fail(current, 'exception', `worker died: ${e.message}`);
        st.inputs++;
        start(current + 1);
      });
    };
    start(from);
  });
}

const t0 = Date.now();
let failures = 0;
console.log(`fuzz: seed ${seed}, inputs ${from}–${end - 1} of each format (${count}), limit ${limitMs} ms per input`);
for (const format of formats) {
  const f0 = Date.now();
  const st = await runFormat(format);
  failures += st.failures;
  const unlocated = [...st.unlocated.entries()].sort((a, b) => b[1] - a[1]);
  console.log(
    `${format.padEnd(18)} ${String(st.inputs).padStart(7)} inputs: ${st.models} models, ${st.errors} FormatErrors ` +
      `(${unlocated.reduce((s, [, n]) => s + n, 0)} naming no offset or line), ${st.failures} failures` +
        `${st.retried ? ` (${st.retried} over the limit tried again)` : ''}, ${((Date.now() - f0) / 1000).toFixed(0)} s`,
  );
  for (const [code, n] of unlocated.slice(0, 5)) console.log(`    no location ×${n}: ${code}`);
}
console.log(`fuzz: ${failures} failures in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
process.exit(failures > 0 ? 1 : 0);
