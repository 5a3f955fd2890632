// npm run bench [FILE…]: GoLens's performance figures. Without files: the largest pprof fixture
// and the largest trace fixture. With files: each one, by what it is. `npm run bench` runs it
// bundled, as the app and the CLI run: through tsx the parsers measure up to 2× slower.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchPprof } from './bench-pprof';
import { isDecoderThread } from '../src/cli/trace-decode-thread';

const FIXTURES = process.env.GOLENS_FIXTURES ?? resolve(import.meta.dirname, '../../shared/fixtures');

function isTrace(file: string): boolean {
  const head = readFileSync(file).subarray(0, 16).toString('latin1');
  return head.startsWith('go 1.');
}

async function main() {
  const args = process.argv.slice(2);
  const files = args.length ? args : [resolve(FIXTURES, 'perf/cpu-large.pb.gz')];
  console.log(`GoLens bench · node ${process.version} · ${new Date().toISOString()}`);
  for (const f of files) {
    if (!existsSync(f)) {
      console.error(`bench: ${f}: no such file`);
      process.exitCode = 1;
      continue;
    }
    if (isTrace(f)) {
      const { benchTrace } = await import('./bench-trace');
      await benchTrace(f);
      if (!process.env.GOLENS_BENCH_NO_BROWSER) await (await import('./bench-render')).benchRender(f);
    } else {
      await benchPprof(f);
      if (!process.env.GOLENS_BENCH_NO_BROWSER) {
        const { benchBrowser } = await import('./bench-browser');
        await benchBrowser(f);
      }
    }
  }
  if (!args.length) {
    const trace = await largestTraceFixture();
    if (trace) {
      try {
        const { benchTrace } = await import('./bench-trace');
        await benchTrace(trace);
      } catch (e) {
        console.log(`(trace bench unavailable: ${e instanceof Error ? e.message : e})`);
      }
    }
    // The v1 line (Go 1.11–1.21 traces): golens summary against Go's reader, alternated.
    const { benchV1, benchV1TraceFile } = await import('./bench-trace');
    const v1 = benchV1TraceFile();
    if (v1) benchV1(v1);
    // Rendering: a scripted zoom and pan over the largest trace at hand (see bench-render.ts).
    const { benchRender, defaultRenderTrace } = await import('./bench-render');
    const renderTrace = defaultRenderTrace();
    if (renderTrace && !process.env.GOLENS_BENCH_NO_BROWSER) await benchRender(renderTrace);
  }
}

async function largestTraceFixture(): Promise<string | null> {
  const { readdirSync } = await import('node:fs');
  let best: { f: string; size: number } | null = null;
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = resolve(dir, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.name === 'trace.out') {
        const size = statSync(p).size;
        if (!best || size > best.size) best = { f: p, size };
      }
    }
  };
  if (existsSync(FIXTURES)) walk(FIXTURES);
  return (best as { f: string } | null)?.f ?? null;
}

// Bundled (npm run bench), this file is also what the trace decoder thread runs: there it
// serves the decoder and does nothing else.
if (process.argv[2] === '--app-model') (await import('./bench-trace')).appModelJob(process.argv[3]!);
else if (process.argv[2] === '--analyses') (await import('./bench-trace')).analysesJob(process.argv[3]!);
else if (!isDecoderThread) await main();
