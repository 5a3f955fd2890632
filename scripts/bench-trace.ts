// Trace benchmark: `npx tsx scripts/bench-trace.ts [FILE…]` (also called by scripts/bench.ts).
// For each trace (default: the largest trace fixture): parse time, MB/s, events/s, the
// heap/RSS the parse needs, and in the same run the speed of a bare loop that decodes every
// uvarint of the same bytes (the floor for any decoder written in JS). Run with
// `node --expose-gc --import tsx scripts/bench-trace.ts` for exact heap figures.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseGoTrace, readGoTrace } from '../src/parse/trace/parse-trace';
import { TraceDigestAccumulator, summarizeTrace } from '../src/analysis/trace-summary';
import { traceBuffers, type TraceEventTable } from '../src/model/trace';

const FIXTURES = process.env.GOLENS_FIXTURES ?? resolve(import.meta.dirname, '../../shared/fixtures');

const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Decodes every byte run as uvarints (the one-byte fast path and int32 arithmetic). */
function bareVarintLoop(buf: Uint8Array): number {
  let sum = 0;
  let pos = 0;
  const end = buf.length;
  while (pos < end) {
    let b = buf[pos++]!;
    if (b < 0x80) {
      sum = (sum + b) | 0;
      continue;
    }
    let v = b & 0x7f;
    let shift = 7;
    while (pos < end && shift < 28) {
      b = buf[pos++]!;
      v |= (b & 0x7f) << shift;
      shift += 7;
      if (b < 0x80) break;
    }
    while (b >= 0x80 && pos < end) b = buf[pos++]!;
    sum = (sum + v) | 0;
  }
  return sum;
}

export async function benchTrace(file: string, runs = 3): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const mb = bytes.length / 1e6;
  console.log(`\ntrace ${file} (${mb.toFixed(1)} MB)`);

  const varintTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    bareVarintLoop(bytes);
    varintTimes.push(performance.now() - t0);
  }
  const vt = median(varintTimes);
  console.log(`  bare uvarint loop        ${vt.toFixed(0)} ms  ${(mb / (vt / 1000)).toFixed(0)} MB/s`);

  await benchDigest(bytes, mb);
  benchSideBySide(file, runs);

  console.log('  the model for the app (every event kept, tables derived; one thread):');
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let events = 0;
  let peakHeap = 0;
  let peakRss = 0;
  let retained = 0;
  for (let i = 0; i < runs; i++) {
    gc?.();
    const before = process.memoryUsage();
    let peakH = before.heapUsed + before.arrayBuffers;
    let peakR = before.rss;
    const sample = () => {
      const m = process.memoryUsage();
      peakH = Math.max(peakH, m.heapUsed + m.arrayBuffers);
      peakR = Math.max(peakR, m.rss);
    };
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const model = parseGoTrace(bytes, { onProgress: sample });
    const dt = performance.now() - t0;
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    sample();
    times.push(dt);
    events = model.events.length;
    peakHeap = Math.max(peakHeap, peakH - before.heapUsed - before.arrayBuffers);
    peakRss = Math.max(peakRss, peakR);
    if (i === runs - 1) {
      // The model's size: every typed array it holds (its strings and small objects aside).
      retained = traceBuffers(model).reduce((sum, b) => sum + b.byteLength, 0);
      const ts = performance.now();
      summarizeTrace(model);
      console.log(`  digest of the model      ${(performance.now() - ts).toFixed(0)} ms`);
    }
  }
  const t = median(times);
  console.log(`  parse (${runs} runs, median)  ${t.toFixed(0)} ms  ${(mb / (t / 1000)).toFixed(1)} MB/s  ${(events / (t / 1000) / 1e6).toFixed(2)} M events/s  (${events} events; first run ${times[0]!.toFixed(0)} ms)`);
  console.log(
    `  memory                   model's typed arrays ${(retained / 1e6).toFixed(0)} MB (${(retained / bytes.length).toFixed(1)}× file), peak heap+buffers during parse ≈ ${(peakHeap / 1e6).toFixed(0)} MB${gc ? '' : ' (run with --expose-gc for exact figures)'}, process RSS peak ${(peakRss / 1e6).toFixed(0)} MB`,
  );
  // On a busy machine wall time overstates the work; CPU time (this process, all threads,
  // GC included) is the steadier figure.
  const ct = median(cpuTimes);
  console.log(`  parse CPU time (median)  ${ct.toFixed(0)} ms  ${(mb / (ct / 1000)).toFixed(1)} MB/s of CPU`);
  console.log(`  parse / bare loop        ${(t / vt).toFixed(1)}×`);
}

/** The digest read streaming (what `golens summary` does), in this process: one thread, then two. */
async function benchDigest(bytes: Uint8Array, mb: number): Promise<void> {
  const { readGoTraceInThreads } = await import('../src/cli/trace-decode-thread');
  for (const threads of [1, 2]) {
    const times: number[] = [];
    let peak = 0;
    for (let i = 0; i < 3; i++) {
      gc?.();
      const before = process.memoryUsage();
      const acc = new TraceDigestAccumulator();
      const consumer = { addEvents: (w: TraceEventTable, n: number) => acc.add(w, 0, n) };
      const sample = () => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.arrayBuffers - before.heapUsed - before.arrayBuffers);
      };
      const t0 = performance.now();
      // The threaded read transfers the bytes away: give it a copy (made before the clock starts).
      if (threads === 1) readGoTrace(bytes, consumer, { onProgress: sample });
      else {
        const copy = bytes.slice();
        const t1 = performance.now();
        await readGoTraceInThreads(copy, consumer);
        times.push(performance.now() - t1);
        continue;
      }
      times.push(performance.now() - t0);
      acc.digest('', []);
    }
    const t = median(times);
    const mem = threads === 1 ? `, heap+buffers beyond the file ≈ ${(peak / 1e6).toFixed(0)} MB` : '';
    const note = threads > 1 ? ' (a cold decoder thread each run)' : '';
    console.log(`  digest, streaming, ${threads} thread${threads > 1 ? 's' : ' '} ${t.toFixed(0)} ms  ${(mb / (t / 1000)).toFixed(1)} MB/s (median of 3)${mem}${note}`);
  }
}

/**
 * `golens summary` (the built CLI) against Go's reader making the same digest (the oracle of
 * ../shared/tools/oracle, at $GOLENS_ORACLE or where build.sh puts it), whole processes,
 * alternated, medians; peak RSS when /usr/bin/time is there.
 */
function benchSideBySide(file: string, runs: number): void {
  const cli = resolve(import.meta.dirname, '../dist-cli/golens.mjs');
  const oracle = process.env.GOLENS_ORACLE ?? '/tmp/oracle-goroot/bin/golensoracle';
  if (!existsSync(cli) || !existsSync(oracle)) {
    console.log(`  (side by side with Go's reader: needs ${existsSync(cli) ? oracle : cli})`);
    return;
  }
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const one = (cmd: string[]): { ms: number; rssMb: number } => {
    const argv = timeBin ? [timeBin, '-f', '%M', ...cmd] : cmd;
    const t0 = performance.now();
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24 });
    const ms = performance.now() - t0;
    if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
    const kb = timeBin ? Number(r.stderr.trim().split('\n').pop()) : NaN;
    return { ms, rssMb: kb / 1024 };
  };
  const ours: { ms: number; rssMb: number }[] = [];
  const ours2: { ms: number; rssMb: number }[] = [];
  const go: { ms: number; rssMb: number }[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    ours.push(one([process.execPath, cli, 'summary', '--json', file]));
    ours2.push(one(['env', 'GOLENS_TRACE_THREADS=2', process.execPath, cli, 'summary', '--json', file]));
    go.push(one([oracle, '-compact', file]));
  }
  const med = (xs: { ms: number; rssMb: number }[]) => ({ ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssMb)) });
  const a = med(ours), b = med(go);
  const size = statSync(file).size / 1e6;
  const rss = (x: { rssMb: number }) => (Number.isNaN(x.rssMb) ? '' : `, RSS ${x.rssMb.toFixed(0)} MB (${(x.rssMb / size).toFixed(1)}× file)`);
  console.log(`  golens summary (process) ${a.ms.toFixed(0)} ms${rss(a)} (threads: ${process.env.GOLENS_TRACE_THREADS ?? 'by cores'})`);
  const a2 = med(ours2);
  console.log(`  … with a decoder thread  ${a2.ms.toFixed(0)} ms${rss(a2)} (GOLENS_TRACE_THREADS=2)`);
  console.log(`  Go's reader (process)    ${b.ms.toFixed(0)} ms${rss(b)}`);
  console.log(`  golens / Go              ${(a.ms / b.ms).toFixed(2)}× time (medians of ${ours.length}, alternated)`);
}

function largestTraceFixture(): string | null {
  let best: { f: string; size: number } | null = null;
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = resolve(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if (d.name === 'trace.out' || d.name.endsWith('.trace')) {
        const head = readFileSync(p).subarray(0, 16).toString('latin1');
        if (!/^go 1\.2[2-6] trace/.test(head)) continue;
        const size = statSync(p).size;
        if (!best || size > best.size) best = { f: p, size };
      }
    }
  };
  walk(FIXTURES);
  return (best as { f: string } | null)?.f ?? null;
}

if (process.argv[1]?.endsWith('bench-trace.ts')) {
  const files = process.argv.slice(2);
  const fixture = largestTraceFixture();
  for (const f of fixture ? [fixture, ...files] : files) await benchTrace(f);
}
