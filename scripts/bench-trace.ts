// Trace benchmark: `npx tsx scripts/bench-trace.ts [FILE…]` (also called by scripts/bench.ts).
// For each trace (default: the largest trace fixture): parse time, MB/s, events/s, the
// heap/RSS the parse needs, and in the same run the speed of a bare loop that decodes every
// uvarint of the same bytes (the floor for any decoder written in JS). Run with
// `node --expose-gc --import tsx scripts/bench-trace.ts` for exact heap figures.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseGoTrace, readGoTrace } from '../src/parse/trace/parse-trace';
import { TraceDigestAccumulator, summarizeTrace } from '../src/analysis/digest/trace-summary';
import type { TraceEventTable } from '../src/model/trace';
import { computeTraceTimeline } from '../src/analysis/trace/timeline-tables';
import { eventTime } from '../src/model/trace';
import { summarizeTrace as summarizeGoroutines } from '../src/analysis/trace/goroutine-summary';
import { goroutineAnalysis } from '../src/analysis/trace/trace-analysis';
import { taskPages } from '../src/analysis/trace/task-pages';
import { mmuPlot, mmuWorstWindows } from '../src/analysis/trace/mmu-plot';
import { DEFAULT_UTIL_FLAGS } from '../src/analysis/trace/mmu';
import { BLOCKING_TYPES, blockingProfileModel, blockingRecords, blockingRecordsOf, pprofShape } from '../src/analysis/trace/blocking-profile';
import { leakSuspects } from '../src/analysis/trace/leak-suspects';

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
  if (isV1TraceFile(file)) benchV1(file, runs);
  else benchSideBySide(file, runs);

  // The app's parse worker, alone in a fresh process (as a worker starts fresh): the model
  // (every event kept, tables derived) and the timeline tables, timed, with the process's peak
  // RSS, which is what "memory while parsing" means for the app.
  console.log("  the app's worker (model + timeline tables; one thread, a fresh process per run):");
  const self = process.argv[1]!;
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const jobs: AppModelFigures[] = [];
  for (let i = 0; i < runs; i++) {
    const argv = [...(timeBin ? [timeBin, '-f', '%M'] : []), process.execPath, self, '--app-model', file];
    const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`app model job: ${r.stderr}`);
    const figures = JSON.parse(r.stdout.trim().split('\n').pop()!) as AppModelFigures;
    figures.peakRssMb = timeBin ? Number(r.stderr.trim().split('\n').pop()) / 1024 : NaN;
    jobs.push(figures);
  }
  const med = (k: keyof AppModelFigures) => median(jobs.map((j) => j[k]));
  const t = med('parseMs');
  const last = jobs[jobs.length - 1]!;
  const size = bytes.length / 1e6;
  console.log(`  parse (${runs} runs, median)  ${t.toFixed(0)} ms  ${(mb / (t / 1000)).toFixed(1)} MB/s  ${(last.events / (t / 1000) / 1e6).toFixed(2)} M events/s  (${last.events} events); then the timeline ${med('timelineMs').toFixed(0)} ms`);
  console.log(
    `  memory                   model ${last.modelMb.toFixed(0)} MB + timeline ${last.timelineMb.toFixed(0)} MB of typed arrays (${((last.modelMb + last.timelineMb) / size).toFixed(1)}× file); ` +
      `process peak RSS ${med('peakRssMb').toFixed(0)} MB (${(med('peakRssMb') / size).toFixed(1)}× file, the file's bytes and Node's own ≈ 50 MB included)`,
  );
  console.log(`  digest of the model      ${med('digestMs').toFixed(0)} ms`);
  console.log(`  parse / bare loop        ${(t / vt).toFixed(1)}×`);
  benchAnalyses(file);
}

/** Go's own tool for the same page: go tool trace -pprof=sched, a whole process (GOLENS_GO, or Go 1.27 where setup-go.sh puts it). */
function goToolTraceSched(file: string): { ms: number; rssMb: number } | null {
  const go = process.env.GOLENS_GO ?? '/tmp/gox/1.27/usr/lib/go-1.27/bin/go';
  if (!existsSync(go)) return null;
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const argv = [...(timeBin ? [timeBin, '-f', '%M'] : []), go, 'tool', 'trace', '-pprof=sched', file];
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'buffer', maxBuffer: 1 << 30, env: { ...process.env, GOTOOLCHAIN: 'local' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) return null;
  const kb = timeBin ? Number(r.stderr.toString('utf8').trim().split('\n').pop()) : NaN;
  return { ms, rssMb: kb / 1024 };
}

/**
 * go tool trace's analyses, as the trace's analysis worker computes them once the trace is open
 * (workers/trace-analyses.ts): in a fresh process that first parses the model (untimed), each
 * analysis timed on its first run (what the page waits for) and as the median of two more.
 * Beside them, go tool trace -pprof=sched's own time (a whole process, which reads the file).
 */
function benchAnalyses(file: string): void {
  console.log("  analyses, as the trace's analysis worker runs them (a fresh process; first run, then the median of 2 more):");
  const self = process.argv[1]!;
  const r = spawnSync(process.execPath, [self, '--analyses', file], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`analyses job: ${r.stderr}`);
  const rows = JSON.parse(r.stdout.trim().split('\n').pop()!) as { name: string; first: number; again: number }[];
  for (const row of rows) {
    const flag = row.first < 1000 ? '' : '  (over 1 s)';
    console.log(`    ${row.name.padEnd(46)} ${row.first.toFixed(0).padStart(6)} ms, then ${row.again.toFixed(0)} ms${flag}`);
  }
  const go = goToolTraceSched(file);
  if (go) console.log(`  go tool trace -pprof=sched (process) ${(go.ms / 1000).toFixed(1)} s${Number.isNaN(go.rssMb) ? '' : `, RSS ${go.rssMb.toFixed(0)} MB`}`);
  else console.log('  go tool trace -pprof=sched: no Go 1.27 here (set GOLENS_GO); the anchor: 17.8 s and 8.5 GB on a 100 MB trace');
}

/** `bench.mjs --analyses FILE`: the analysis worker's work on a trace, timed, as JSON. */
export function analysesJob(file: string): void {
  const t = parseGoTrace(new Uint8Array(readFileSync(file)));
  const end = t.events.length ? eventTime(t.events.time, t.events.length - 1) : 0;
  const rows: { name: string; first: number; again: number }[] = [];
  const time = (name: string, f: () => unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    rows.push({ name, first: times[0]!, again: median(times.slice(1)) });
  };
  // As the worker does: one goroutine summary per trace, shared by the pages (workers/trace-analyses.ts).
  time('goroutine summary (once a trace, shared)', () => summarizeGoroutines(t));
  const whole = summarizeGoroutines(t);
  time('goroutine analysis (whole, summary incl.)', () => goroutineAnalysis(t));
  time('goroutine analysis (whole, from summary)', () => goroutineAnalysis(t, null, whole));
  time('goroutine analysis (range: middle half)', () => goroutineAnalysis(t, [end / 4, (3 * end) / 4]));
  // A blocking profile from the shared summary: its records and profile.
  for (const type of BLOCKING_TYPES) {
    time(`blocking profile ${type} (from summary)`, () => blockingProfileModel(pprofShape(t, blockingRecords(t, whole, type)), type));
  }
  time('the 4 blocking profiles (one pass, the page)', () => {
    const records = blockingRecordsOf(t, whole, BLOCKING_TYPES);
    for (const type of BLOCKING_TYPES) blockingProfileModel(pprofShape(t, records[type]!), type);
  });
  time('leak suspects', () => leakSuspects(t));
  time('MMU curve (stw|background|assist, 100 widths)', () => mmuPlot(t, DEFAULT_UTIL_FLAGS));
  const plot = mmuPlot(t, DEFAULT_UTIL_FLAGS);
  time('MMU worst 10 windows of 1 ms (curve kept)', () => mmuWorstWindows(plot, 1e6));
  time('tasks and regions pages', () => taskPages(t));
  console.log(JSON.stringify(rows));
}

type AppModelFigures = { parseMs: number; timelineMs: number; digestMs: number; events: number; modelMb: number; timelineMb: number; peakRssMb: number };

/**
 * Bytes the typed arrays reachable from `root` use: per buffer, up to the end of the furthest
 * view into it (a column allocated for an upper bound and trimmed by a view has its unused
 * tail never written, so never in memory; views sharing a buffer count it once).
 */
function typedArrayBytes(root: unknown): number {
  const used = new Map<ArrayBufferLike, number>();
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (ArrayBuffer.isView(v)) {
      used.set(v.buffer, Math.max(used.get(v.buffer) ?? 0, v.byteOffset + v.byteLength));
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(root);
  let sum = 0;
  for (const n of used.values()) sum += n;
  return sum;
}

/** `bench.mjs --app-model FILE`: what the parse worker does for a trace, figures as JSON. */
export function appModelJob(file: string): void {
  const bytes = new Uint8Array(readFileSync(file));
  const t0 = performance.now();
  const model = parseGoTrace(bytes);
  const t1 = performance.now();
  const timeline = computeTraceTimeline(model);
  const t2 = performance.now();
  summarizeTrace(model);
  const t3 = performance.now();
  const modelBytes = typedArrayBytes(model);
  const figures: AppModelFigures = {
    parseMs: t1 - t0, timelineMs: t2 - t1, digestMs: t3 - t2, events: model.events.length,
    modelMb: modelBytes / 1e6, timelineMb: (typedArrayBytes({ model, timeline }) - modelBytes) / 1e6, peakRssMb: NaN,
  };
  console.log(JSON.stringify(figures));
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
  const one = timedProcess;
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

/** One whole process, timed (wall), with its peak RSS when /usr/bin/time is there. */
function timedProcess(cmd: string[]): { ms: number; rssMb: number } {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const argv = timeBin ? [timeBin, '-f', '%M', ...cmd] : cmd;
  const t0 = performance.now();
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', maxBuffer: 1 << 24 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`);
  const kb = timeBin ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { ms, rssMb: kb / 1024 };
}

/** Whether `file` is a trace in the v1 format (Go 1.11–1.21). */
export function isV1TraceFile(file: string): boolean {
  const head = readFileSync(file).subarray(0, 16).toString('latin1');
  return /^go 1\.(1[1-9]|2[01]) trace/.test(head);
}

/** The v1 trace the bench measures: $GOLENS_BENCH_V1, else the largest v1 trace among the fixtures. */
export function benchV1TraceFile(): string | null {
  const env = process.env.GOLENS_BENCH_V1;
  if (env) return existsSync(env) ? env : null;
  let best: { f: string; size: number } | null = null;
  const walk = (dir: string) => {
    for (const d of readdirSync(dir, { withFileTypes: true })) {
      const p = resolve(dir, d.name);
      if (d.isDirectory()) walk(p);
      else if ((d.name === 'trace.out' || d.name.endsWith('_good')) && isV1TraceFile(p)) {
        const size = statSync(p).size;
        if (!best || size > best.size) best = { f: p, size };
      }
    }
  };
  if (existsSync(FIXTURES)) walk(FIXTURES);
  return (best as { f: string } | null)?.f ?? null;
}

/** Issue 15's anchor for Go's reader on a v1 trace when Go is not here: 1.06 s for 20 MB (the target is half of Go's time). */
const V1_ANCHOR_S_PER_20MB = 1.06;

/**
 * The v1 line: `golens summary` of a Go 1.11–1.21 trace against Go's reader (the oracle, Go 1.27's
 * internal/trace, which converts v1 traces) on the same file, whole processes, alternated pairs,
 * medians, with peak RSS; the target is at most half of Go's time with a peak RSS below Go's.
 * Without the oracle: beside the anchor. `BIG_GO=1.21 ../shared/tools/make-big-inputs.sh DIR 13`
 * makes the ~20 MB trace the target is about; GOLENS_BENCH_V1=DIR/trace.out measures it.
 */
export function benchV1(file: string, pairs = 3): void {
  const cli = resolve(import.meta.dirname, '../dist-cli/golens.mjs');
  const oracle = process.env.GOLENS_ORACLE ?? '/tmp/oracle-goroot/bin/golensoracle';
  const size = statSync(file).size / 1e6;
  console.log(`\nv1 trace ${file} (${size.toFixed(1)} MB, ${readFileSync(file).subarray(0, 16).toString('latin1').replace(/\0+$/, '')})`);
  if (!existsSync(cli)) {
    console.log(`  (needs ${cli}: npm run build:cli)`);
    return;
  }
  const haveGo = existsSync(oracle);
  const ours: { ms: number; rssMb: number }[] = [];
  const go: { ms: number; rssMb: number }[] = [];
  for (let i = 0; i < pairs; i++) {
    ours.push(timedProcess([process.execPath, cli, 'summary', '--json', file]));
    if (haveGo) go.push(timedProcess([oracle, '-compact', file]));
  }
  const med = (xs: { ms: number; rssMb: number }[]) => ({ ms: median(xs.map((x) => x.ms)), rssMb: median(xs.map((x) => x.rssMb)) });
  const a = med(ours);
  const rss = (x: { rssMb: number }) => (Number.isNaN(x.rssMb) ? '' : `, peak RSS ${x.rssMb.toFixed(0)} MB`);
  console.log(`  golens summary (process) ${a.ms.toFixed(0)} ms${rss(a)} (median of ${ours.length})`);
  if (haveGo) {
    const b = med(go);
    const ratios = ours.map((o, i) => (o.ms / go[i]!.ms).toFixed(2)).join(', ');
    console.log(`  Go's reader (process)    ${b.ms.toFixed(0)} ms${rss(b)} (median of ${go.length}, alternated)`);
    const memOk = Number.isNaN(a.rssMb) ? '' : `; RSS ${(a.rssMb / b.rssMb).toFixed(2)}× Go's (target < 1)`;
    console.log(`  golens / Go              ${(a.ms / b.ms).toFixed(2)}× time (pair by pair ${ratios}; target ≤ 0.5)${memOk}`);
  } else {
    const anchor = (V1_ANCHOR_S_PER_20MB * size) / 20;
    console.log(`  Go's reader: not here (set GOLENS_ORACLE); the anchor: ${V1_ANCHOR_S_PER_20MB} s for 20 MB, ${anchor.toFixed(2)} s for this size; golens / anchor ${(a.ms / 1000 / anchor).toFixed(2)}×`);
  }
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
