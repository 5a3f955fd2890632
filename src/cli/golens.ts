// golens: the command-line face of the parsers. `golens summary --json FILE…` prints the digest
// of each file (../shared/docs/summary-schema.md); broken input gets one line on stderr naming
// the file and the problem, and exit code 1.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { errorToMessage } from '../base/errors';
import { formatFileMessage, formatMessage } from '../i18n/en';
import { summarize, digestToJson, type Digest } from '../analysis/digest/summary';
import { TraceDigestAccumulator, type TraceRange } from '../analysis/digest/trace-summary';
import { fileContents, parseBytes } from '../parse/detect';
import { readGoTrace, readGoTraceFile } from '../parse/trace/parse-trace';
import { DECODE_AHEAD_MIN_BYTES } from '../parse/trace/decode-ahead';
import { looksLikeGoTrace, readTraceHeader } from '../parse/trace/wire';
import type { TraceEventTable } from '../model/trace';
import { openChunkedFile } from './node-file';
import { analysisDigest } from '../analysis/trace/trace-analysis';
import { summarizeTrace } from '../analysis/trace/goroutine-summary';
import { BLOCKING_TYPES, blockingPprofFile, blockingRecords, pprofShape, type BlockingType } from '../analysis/trace/blocking-profile';
import { writeFileSync } from 'node:fs';
import type { TraceModel } from '../model/trace';
import { isDecoderThread, readGoTraceFileInThreads, readGoTraceInThreads } from './trace-decode-thread';
import { DIFF_USAGE, HEADER_USAGE, SERIES_USAGE, TOP_USAGE, diffCommand, headerCommand, seriesCommand, topCommand } from './profile-commands';
import { OPEN_USAGE, openCommand } from './open';
import { existsSync } from 'node:fs';
import { jsonText } from '../base/display-name';

const USAGE = `usage: golens summary [--json] [--from NS] [--to NS] FILE...
       golens analysis [--json] TRACE...
       golens pprof --type net|sync|syscall|sched TRACE [-o FILE]

Prints a digest of each Go profiling file: pprof profiles (protobuf, gzipped or not,
and legacy text forms), Go execution traces, Go runtime logs.
--from/--to: for traces, count only events in [from, to] (ns since the first event).
analysis: what go tool trace computes for a trace (goroutine groups, MMU, tasks, regions).
pprof: the blocking profile go tool trace -pprof=TYPE writes (gzipped protobuf; stdout without -o).

${DIFF_USAGE}

${SERIES_USAGE}

${TOP_USAGE}

${HEADER_USAGE}

${OPEN_USAGE}`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (command === 'diff') return diffCommand(rest);
  if (command === 'series') return seriesCommand(rest);
  if (command === 'analysis') return analysisMain(rest);
  if (command === 'header') return headerCommand(rest);
  if (command === 'top') return topCommand(rest);
  if (command === 'pprof') return pprofMain(rest);
  if (command === 'open') return openCommand(rest);
  // `npx golens FILE…`: open them, as `golens open` does.
  if (command !== 'summary' && argv.some((a) => !a.startsWith('--') && existsSync(a))) return openCommand(argv);
  if (command !== 'summary') {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const files: string[] = [];
  const range: TraceRange = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--json') continue;
    if (arg === '--from' || arg === '--to') {
      const v = Number(rest[++i]);
      if (!Number.isFinite(v)) {
        process.stderr.write(`golens: ${arg} needs a number of nanoseconds\n${USAGE}\n`);
        return 2;
      }
      range[arg === '--from' ? 'fromNs' : 'toNs'] = v;
      continue;
    }
    if (arg.startsWith('-')) {
      process.stderr.write(`golens: unknown option ${arg}\n${USAGE}\n`);
      return 2;
    }
    files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    try {
      process.stdout.write(jsonText(digestToJson(await digestOfFile(file, range))) + '\n');
    } catch (e) {
      process.stderr.write(`golens: ${formatFileMessage(file, errorToMessage(e))}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/**
 * A file's digest. A large trace file (not gzipped) is read by the decoder thread itself, a
 * chunk at a time, so reading, decoding and ordering overlap; anything else is read whole.
 */
async function digestOfFile(file: string, range: TraceRange): Promise<Digest> {
  // Two threads pay only with cores to spare: on 2 cores the decoder thread, the garbage
  // collector's and the compiler's threads contend, and one thread measured as fast with 60 MB
  // less (README). GOLENS_TRACE_THREADS=1|2 overrides.
  const threads = process.env.GOLENS_TRACE_THREADS ?? (availableParallelism() >= 4 ? '2' : '1');
  const head = new Uint8Array(16);
  const fd = openSync(file, 'r');
  let headLength: number;
  try {
    headLength = readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  // A trace file (not gzipped) is read a chunk at a time through a window that slides along
  // it: the memory of a generation or two, whatever the file's size.
  if (looksLikeGoTrace(head.subarray(0, headLength))) {
    const acc = new TraceDigestAccumulator(range);
    const consumer = { addEvents: (window: TraceEventTable, n: number) => acc.add(window, 0, n) };
    const size = statSync(file).size;
    const read =
      threads === '2' && size >= DECODE_AHEAD_MIN_BYTES
        ? await readGoTraceFileInThreads(file, size, readTraceHeader(head).minor, consumer)
        : readGoTraceFile(openChunkedFile(file), consumer);
    return acc.digest(read.goVersion, read.warnings);
  }
  const buf = await readFile(file);
  // A Buffer is a Uint8Array already: view it, don't copy it.
  return digestOf(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), range, threads);
}

/**
 * A file's digest. Traces are read streaming: the digest folds each generation's events as
 * they come and keeps none, so memory stays near the file's size whatever its length.
 */
async function digestOf(bytes: Uint8Array, range: TraceRange, threads: string): Promise<Digest> {
  const { data } = await fileContents(bytes);
  if (looksLikeGoTrace(data)) {
    const acc = new TraceDigestAccumulator(range);
    const consumer = { addEvents: (window: TraceEventTable, n: number) => acc.add(window, 0, n) };
    // Large traces: decode in a worker thread while this one orders (two cores at work).
    const read = threads === '2' && data.length >= DECODE_AHEAD_MIN_BYTES ? await readGoTraceInThreads(data, consumer) : readGoTrace(data, consumer);
    return acc.digest(read.goVersion, read.warnings);
  }
  // Not a trace: the one dispatch (it tells gzip-protobuf from protobuf by the original bytes).
  return summarize(await parseBytes(bytes));
}

/** A trace file's model (the whole file in memory, as the app's worker has it). */
async function traceModelOf(file: string): Promise<TraceModel> {
  const buf = await readFile(file);
  const parsed = await parseBytes(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  if (parsed.kind !== 'trace') throw new Error(`${file}: not a Go execution trace`);
  return parsed;
}

/** `golens analysis --json TRACE…`: go tool trace's analyses (summary-schema.md, "Trace analysis"). */
async function analysisMain(args: string[]): Promise<number> {
  const files = args.filter((a) => a !== '--json');
  if (files.length === 0 || files.some((f) => f.startsWith('-'))) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  let failed = false;
  for (const file of files) {
    try {
      process.stdout.write(jsonText(JSON.stringify(analysisDigest(await traceModelOf(file)), null, 2)) + '\n');
    } catch (e) {
      process.stderr.write(`golens: ${formatFileMessage(file, errorToMessage(e))}\n`);
      failed = true;
    }
  }
  return failed ? 1 : 0;
}

/** `golens pprof --type T TRACE [-o FILE]`: go tool trace -pprof=T's profile. */
async function pprofMain(args: string[]): Promise<number> {
  let type = '', out = '', file = '';
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--type') type = args[++i] ?? '';
    else if (args[i] === '-o') out = args[++i] ?? '';
    else if (!file && !args[i]!.startsWith('-')) file = args[i]!;
    else file = '';
  }
  if (!BLOCKING_TYPES.includes(type as BlockingType) || !file) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  try {
    const t = await traceModelOf(file);
    const bytes = blockingPprofFile(pprofShape(t, blockingRecords(t, summarizeTrace(t), type as BlockingType)));
    if (out) writeFileSync(out, bytes);
    else process.stdout.write(bytes);
    return 0;
  } catch (e) {
    process.stderr.write(`golens: ${formatFileMessage(file, errorToMessage(e))}\n`);
    return 1;
  }
}

if (!isDecoderThread) runMain();

function runMain(): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`golens: ${formatMessage(errorToMessage(e))}\n`);
      process.exitCode = 1;
    },
  );
}
