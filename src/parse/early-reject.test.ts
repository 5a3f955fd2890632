// Early rejection and plain messages (issue 17): the format is decided from the first bytes (a
// large file that matches none is refused without being read), a text file with a stray byte
// gets a text message (line and column), a binary one the byte offset of what broke.

import { describe, expect, it } from 'vitest';
import { FormatError } from '../base/errors';
import type { Message } from '../base/messages';
import { gunzip, isGzip } from '../base/gzip';
import { formatMessage } from '../i18n/en';
import { listFixtures, readFixture } from '../test-utils/fixtures';
import { parseBytes, rejectByPrefix, SNIFF_BYTES } from './detect';
import { profileProtoPrefixError } from './pprof/decode-profile';
import { parseFile } from './read-file';

async function messageOf(p: Promise<unknown>): Promise<Message> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(FormatError);
    return (e as FormatError).msg;
  }
  throw new Error('parsed, though it should not have');
}

/** A Blob of `size` zero bytes that can only be read through slice() of its first bytes. */
function zerosOnlySliceable(size: number): Blob {
  const zeros = new Blob([new Uint8Array(SNIFF_BYTES)]);
  const whole = () => {
    throw new Error('the whole file was read');
  };
  return {
    size,
    type: '',
    slice: (start = 0, end = size) => {
      if (end - start > SNIFF_BYTES) whole();
      return zeros.slice(start, end);
    },
    arrayBuffer: whole,
    stream: whole,
    text: whole,
    bytes: whole,
  } as unknown as Blob;
}

describe('early rejection', () => {
  it('refuses a 2 GB file of zeros from its first bytes, without reading it', async () => {
    const m = await messageOf(parseFile(zerosOnlySliceable(2 * 2 ** 30)));
    expect(m.code).toBe('format.unrecognized-binary');
    const cause = m.args.cause as Message;
    expect(cause.code).toBe('pprof.malformed');
    expect(cause.args.offset).toBe(0);
    expect(formatMessage(m)).toBe(
      'unrecognized format: not a profile, trace or Go runtime log (read as a pprof protobuf: illegal field number 0 at byte 0)',
    );
  });

  it('gives a file of zeros the same message whether it is read whole or by its first bytes', async () => {
    const small = await messageOf(parseBytes(new Uint8Array(4096)));
    const early = await messageOf(parseFile(zerosOnlySliceable(300 << 20)));
    expect(early).toEqual(small);
  });

  it('never refuses a real file by its first bytes', async () => {
    const big = listFixtures().filter((f) => readFixture(f).length > SNIFF_BYTES);
    expect(big.length).toBeGreaterThan(3);
    for (const rel of big) {
      const bytes = readFixture(rel);
      expect(() => rejectByPrefix(bytes.subarray(0, SNIFF_BYTES), bytes.length), rel).not.toThrow();
    }
  });

  it('the protobuf prefix walk accepts every prefix of every real protobuf profile', async () => {
    const profiles = listFixtures().filter((f) => f.endsWith('.pb.gz') || f.endsWith('.pprof'));
    expect(profiles.length).toBeGreaterThan(100);
    for (const rel of profiles) {
      const raw = readFixture(rel);
      const data = isGzip(raw) ? await gunzip(raw) : raw;
      for (const k of [1, 2, 7, 64, 1000, data.length >> 1, data.length - 1]) {
        if (k > 0 && k < data.length) expect(profileProtoPrefixError(data.subarray(0, k), data.length), `${rel} @${k}`).toBeNull();
      }
    }
  });

  it('a truncated profile is refused from its prefix: the cut field is longer than the file', async () => {
    const data = await gunzip(readFixture('leak/go1.27/heap_after.pb.gz'));
    const size = data.length - 3;
    const e = profileProtoPrefixError(data.subarray(0, size - 1), size);
    expect(e).toBeInstanceOf(FormatError);
    expect(formatMessage(e!.msg)).toMatch(/^truncated (field \d+|length-delimited field) in field \d+ \(\w+\) starting at byte [\d,]+$/);
  });
});

describe('plain messages', () => {
  it('a text log with one bad byte gets a text message with line and column, not a protobuf error', async () => {
    const b = readFixture('leak/go1.27/goroutine_debug2.txt').slice();
    b[0] = 0;
    const m = await messageOf(parseBytes(b));
    expect(m.code).toBe('format.unrecognized-text');
    expect(m.args).toMatchObject({ line: 1, column: 1, byte: 0 });
    expect(formatMessage(m)).toBe(
      'unrecognized format: not a profile, trace or Go runtime log (starts with "\\x00oroutine 1 [running]:"); line 1, column 1 holds byte 0x00, not text',
    );
  });

  it('a stray byte inside a known text format leaves it to that format\'s parser', async () => {
    for (const [rel, kind] of [
      ['leak/go1.27/goroutine_debug2.txt', 'goroutine-dump'],
      ['memstats/go1.27/memstats.jsonl', 'memstats'],
      ['escape/go1.27/escape_m.txt', 'escape'],
      ['leak/go1.27/gctrace.log', 'runtime-log'],
    ] as const) {
      const b = readFixture(rel).slice();
      b[40] = 0;
      expect((await parseBytes(b)).kind, rel).toBe(kind);
    }
  });

  it('a broken protobuf names the field and the byte offset where it broke', async () => {
    const data = await gunzip(readFixture('leak/go1.27/heap_after.pb.gz'));
    // Cut inside the last top-level field: the decoder reports that field's start.
    const m = await messageOf(parseBytes(data.subarray(0, data.length - 3)));
    expect(m.code).toBe('format.unrecognized-binary');
    const cause = m.args.cause as Message;
    expect(cause.code).toBe('pprof.malformed');
    expect(typeof cause.args.offset).toBe('number');
    expect(cause.args.offset as number).toBeLessThan(data.length);
    expect(formatMessage(cause)).toMatch(/ in field \d+ \(\w+\) starting at byte [\d,]+$/);
  });
});

describe('plain messages: MemStats', () => {
  it('an expvar document with one bad byte says which line holds the bad JSON', async () => {
    const b = readFixture('memstats/go1.27/vars.json').slice();
    const text = new TextDecoder().decode(b);
    b[text.indexOf('"Alloc"')] = 0x7b; // '{' where a key's quote was
    const m = await messageOf(parseBytes(b));
    expect(m.code).toBe('memstats.bad-json');
    expect(m.args.line).toBe(1);
    expect(formatMessage(m)).toMatch(/^no runtime\.MemStats object could be read: the JSON value starting at line 1 is not valid \(bad JSON at offset \d+: /);
  });
});
