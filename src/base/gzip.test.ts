import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { armArena, arenaBytesUsed, disarmArena, prepareArena } from './arena';
import { FormatError } from './errors';
import { gunzip, gunzipWithStream, gzipSizeHint, type GunzipImpl } from './gzip';
import { readFixture } from '../test-utils/fixtures';

const MB = 1 << 20;

afterEach(() => disarmArena());

describe('gunzipWithStream', () => {
  it('gives what zlib gives for a real profile, sized from the trailer', async () => {
    const gz = readFixture('perf/cpu-large.pb.gz');
    const expected = new Uint8Array(gunzipSync(gz));
    expect(gzipSizeHint(gz)).toBe(expected.length);
    const out = await gunzipWithStream(gz);
    expect(out.length).toBe(expected.length);
    expect(Buffer.compare(out, expected)).toBe(0);
    expect(out.buffer.byteLength).toBe(expected.length);
  });

  it('writes a large input into the armed arena (then the columns follow it there)', async () => {
    const gz = readFixture('perf/cpu-large.pb.gz');
    await prepareArena(32 * MB, 4 * MB, async () => true);
    armArena();
    const out = await gunzipWithStream(gz);
    expect(out.buffer.byteLength).toBe(32 * MB);
    expect(arenaBytesUsed()).toBeGreaterThanOrEqual(out.length);
    expect(Buffer.compare(out, new Uint8Array(gunzipSync(gz)))).toBe(0);
  });

  it('reads every member of a concatenated file, though the trailer gives the last one only', async () => {
    const a = readFixture('perf/cpu-large.pb.gz');
    const b = gzipSync(Buffer.from('a second member'));
    const both = new Uint8Array(a.length + b.length);
    both.set(a);
    both.set(b, a.length);
    expect(gzipSizeHint(both)).toBe(15);
    const out = await gunzipWithStream(both);
    expect(Buffer.compare(out, new Uint8Array(gunzipSync(both)))).toBe(0);
  });

  it('does not believe a trailer beyond deflate’s largest ratio, and rejects the corrupt data', async () => {
    const gz = new Uint8Array(readFixture('perf/cpu-large.pb.gz'));
    gz.set([0xff, 0xff, 0xff, 0xff], gz.length - 4);
    expect(gzipSizeHint(gz)).toBe(4 * gz.length);
    await expect(gunzipWithStream(gz)).rejects.toThrow(/gzip.invalid/);
  });
});

/** The message gunzip rejects with. */
async function gunzipError(bytes: Uint8Array, impl: GunzipImpl) {
  try {
    await gunzip(bytes, impl);
  } catch (e) {
    if (e instanceof FormatError) return e.msg;
    throw e;
  }
  throw new Error('gunzip accepted the bytes');
}

describe('gzip errors name the byte offset (issue 17)', () => {
  const gz = readFixture('leak/go1.27/heap_after.pb.gz');
  for (const impl of ['auto', 'pako', 'stream'] as const) {
    it(`${impl}: a file cut short ends at its length, with what was decompressed until then`, async () => {
      const cut = gz.subarray(0, 500);
      const m = await gunzipError(cut, impl);
      expect(m.code).toBe('gzip.truncated');
      expect(m.args.offset).toBe(500);
      // What inflate gave from those 500 bytes is a prefix of the file's data.
      expect(m.args.decompressed).toBeGreaterThan(0);
      expect(m.args.decompressed).toBeLessThan(gunzipSync(gz).length);
    });
    it(`${impl}: a bad checksum is told at the trailer, a bad header at its byte`, async () => {
      const crc = gz.slice();
      crc[gz.length - 6]! ^= 1;
      const m = await gunzipError(crc, impl);
      expect(m.code).toBe('gzip.invalid');
      expect(m.args.offset).toBe(gz.length - 4); // after the CRC-32, where inflate checks it
      const flags = gz.slice();
      flags[3] = 0xe0; // reserved FLG bits
      const h = await gunzipError(flags, impl);
      expect(h).toMatchObject({ code: 'gzip.invalid', args: { offset: 4, decompressed: 0 } });
    });
  }
});
