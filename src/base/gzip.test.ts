import { gzipSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { armArena, arenaBytesUsed, disarmArena, prepareArena } from './arena';
import { gunzipWithStream, gzipSizeHint } from './gzip';
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
    await expect(gunzipWithStream(gz)).rejects.toThrow(/gzip.truncated/);
  });
});
