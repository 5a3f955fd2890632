// Issue 17's property for errors: a file no parser accepts is told with the byte offset (binary)
// or the line (text) where it broke. Walks the fuzz corpus (every input that once failed) and a
// fixed set of the fuzzer's own mutations of the real fixtures (scripts/fuzz-lib.ts), parses each
// as the worker does, and asserts every FormatError names an offset or a line, or is one of the
// few errors about the whole file (WHOLE_FILE, each with why).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../base/errors';
import { isLocatedMessage, type Message } from '../base/messages';
import { formatMessage } from '../i18n/en';
import { gunzipSync } from 'node:zlib';
import { FORMATS, inputFor, loadSeeds } from '../../scripts/fuzz-lib';
import { readFixture } from '../test-utils/fixtures';
import { withoutTopLevelField } from '../test-utils/pprof-surgery';
import { parseBytes } from './detect';
import { parseRuntimeLog } from './text/runtime-log';

const CORPUS = join(resolve(dirname(fileURLToPath(import.meta.url)), '../..'), 'test-data/fuzz-corpus');

/**
 * Errors about the whole file, where no one place is wrong: the message says what was looked
 * for and how much was read instead of an offset.
 */
const WHOLE_FILE: Record<string, string> = {
  'file.empty': 'a file of 0 bytes has no place to name',
  'gzip.empty': 'the gzip stream holds nothing: no place in it to name',
  // Text that matches no format with no stray byte: its first line is quoted (it is what the
  // sniff read); with a control byte, the message names its line and column.
  'format.unrecognized-text': 'the first line, which the format is told by, is quoted',
  'text.no-runtime-lines': 'no line of the file is a runtime line: the count of lines read is said',
  'text.no-memstats': 'no MemStats object anywhere: the count of lines read is said',
  'text.no-goroutine-header': 'no goroutine header anywhere: the count of lines read is said',
  'text.no-escape-lines': 'no diagnostic line anywhere: the count of lines read is said',
  // Go's own words for a profile or trace missing a part it must have somewhere.
  'malformed profile format: string_table[0] must be ""': 'only when the profile has no string_table at all',
  'missing sample type information': 'samples but no sample_type field in the whole profile',
  'no EvFrequency event': 'a v1 trace with no clock frequency event anywhere (Go: the same words)',
};

/**
 * Not located by a byte yet: checks of the merged, ordered event stream, which no longer knows
 * bytes. The v1 (Go 1.11–1.21) reader's second pass says Go's words, naming the goroutine, P or
 * time (naming the batch offset of the event waits for that reader's event rewrite, struct of
 * arrays); the event sink names the event by its index in Go's order (trace.time-beyond-range).
 */
const ORDERED_STREAM_CHECKS = [
  /^trace\.time-beyond-range$/,
  /^misuse of region in goroutine \d+/,
  /\(time -?\d+\)$/,
  /^(no consistent ordering of events possible|time stamps out of order|stray syscall exit|encountered impossible goroutine state transition)$/,
  /^task id conflicts|^invalid user region mode|^unexpected event type/,
];

/** The innermost cause of a message (format.unrecognized-binary carries the decoder's as `cause`). */
function innermost(m: Message): Message {
  const c = m.args.cause ?? m.args.detail;
  return typeof c === 'object' ? innermost(c) : m;
}

/**
 * Inputs per format (seed 17, not the short run's seed 1): the parse only, no derivations.
 * MemStats JSON lines take ~50 ms an input (a 1 MB seed), the others a few.
 */
const perFormat = (format: string) => (format === 'memstats-jsonl' ? 20 : 80);

function check(bytes: Uint8Array, what: string, unlocated: Map<string, string>): Promise<void> {
  return parseBytes(bytes).then(
    () => undefined,
    (e: unknown) => {
      if (!(e instanceof FormatError)) throw new Error(`${what}: not a FormatError: ${String(e)}`);
      const m: Message = e.msg;
      const inner = innermost(m).code;
      if (isLocatedMessage(m) || inner in WHOLE_FILE || ORDERED_STREAM_CHECKS.some((r) => r.test(inner))) return;
      const key = m.code.replace(/\d+/g, 'N').slice(0, 90);
      if (!unlocated.has(key)) unlocated.set(key, `${what}: ${formatMessage(m).slice(0, 300)}`);
    },
  );
}

describe('every FormatError names a byte offset or a line', () => {
  it('the fuzz corpus', async () => {
    const files = existsSync(CORPUS)
      ? readdirSync(CORPUS).flatMap((f) => readdirSync(join(CORPUS, f)).filter((n) => n.endsWith('.bin')).map((n) => join(f, n)))
      : [];
    const unlocated = new Map<string, string>();
    for (const f of files) await check(new Uint8Array(readFileSync(join(CORPUS, f))), f, unlocated);
    expect([...unlocated.values()]).toEqual([]);
  });

  const seeds = loadSeeds();
  for (const format of Object.keys(FORMATS)) {
    it(`${format}: ${perFormat(format)} mutations of the real fixtures`, async () => {
      const unlocated = new Map<string, string>();
      for (let i = 0; i < perFormat(format); i++) await check(inputFor(format, seeds, 17, i), `${format} #${i}`, unlocated);
      expect([...unlocated.values()]).toEqual([]);
    });
  }
});

describe('the errors the issue names', () => {
  it('a sample naming a location that is not there: the offset of that sample', async () => {
    const raw = new Uint8Array(gunzipSync(readFixture('leak/go1.27/heap_after.pb.gz')));
    const { bytes } = withoutTopLevelField(raw, 4, 0); // the first Location message, gone
    const e = await parseBytes(bytes).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(FormatError);
    // Its wire format reads: told as an invalid profile, not as an unrecognized format.
    const cause = (e as FormatError).msg;
    expect(cause.code).toBe('pprof.invalid');
    expect((cause.args.detail as Message).code).toMatch(/^sample has missing location id: \d+$/);
    expect(cause.args.field).toBe(2);
    const at = cause.args.offset as number;
    expect(bytes[at]).toBe(0x12); // field 2, length-delimited: a Sample message starts there
    expect(formatMessage(cause)).toMatch(/^invalid profile: sample has missing location id: \d+ in field 2 \(sample\) starting at byte [\d,]+$/);
  });

  it('a truncated gzip file: the byte it ends at', async () => {
    const gz = readFixture('leak/go1.27/heap_after.pb.gz');
    const e = await parseBytes(gz.subarray(0, 1000)).catch((x: unknown) => x);
    expect((e as FormatError).msg).toMatchObject({ code: 'gzip.truncated', args: { offset: 1000 } });
  });

  it('a v1 trace event that breaks: its offset', async () => {
    // A Go 1.21 trace whose events stop at its header, then a byte no event type has.
    const real = readFixture('tasks/go1.21/trace.out');
    const bytes = real.slice(0, 40);
    bytes[16] = 0x3f; // event type 63, past the last one
    const e = await parseBytes(bytes).catch((x: unknown) => x);
    expect((e as FormatError).msg).toMatchObject({ code: 'unknown event type 63', args: { offset: 16 } });
    expect(formatMessage((e as FormatError).msg)).toBe('unknown event type 63 at byte 16');
  });

  it('a log with no runtime line: how many lines were read, or its first malformed one', () => {
    const thrown = (text: string) => {
      try {
        parseRuntimeLog(new TextEncoder().encode(text));
      } catch (e) {
        if (e instanceof FormatError) return e.msg;
      }
      throw new Error('no FormatError');
    };
    // Another runtime text (a goroutine dump) read as a log: its lines are counted.
    const dump = new TextDecoder().decode(readFixture('leak/go1.27/goroutine_debug2.txt'));
    const dumpLines = dump.split('\n').length - (dump.endsWith('\n') ? 1 : 0);
    expect(thrown(dump)).toEqual({ code: 'text.no-runtime-lines', args: { lines: dumpLines } });
    expect(formatMessage(thrown(dump))).toContain(`in the ${dumpLines.toLocaleString('en')} lines read`);
    // A real log with every runtime line gone but its first gc line, cut inside its numbers.
    const lines = new TextDecoder().decode(readFixture('memstats/go1.27/gctrace_schedtrace.log')).split('\n');
    const isRuntime = (l: string) => /^(gc|scav|SCHED) /.test(l);
    const firstGc = lines.findIndex((l) => l.startsWith('gc '));
    const cut = lines.flatMap((l, i) => (i === firstGc ? [l.slice(0, 20)] : isRuntime(l) ? [] : [l]));
    const m = thrown(cut.join('\n'));
    expect(m.code).toBe('text.runtime-line-malformed');
    expect(m.args.line).toBe(cut.indexOf(lines[firstGc]!.slice(0, 20)) + 1);
  });
});
