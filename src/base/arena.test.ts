import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { armArena, arenaBytesUsed, disarmArena, float64, int32, prepareArena, uint8, withPracticeArena } from './arena';
import { gunzip } from './gzip';
import { decodeProfileProto } from '../parse/pprof/decode-profile';
import { computeInitialProfileView } from '../analysis/profile/top';
import { collectTransferables } from '../model/transfer';
import { readFixture } from '../test-utils/fixtures';

const MB = 1 << 20;

/** Where two models differ (typed arrays compared element by element, fast), or null. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || a.constructor !== b.constructor) return path;
    const x = a as unknown as ArrayLike<number>;
    const y = b as unknown as ArrayLike<number>;
    if (x.length !== y.length) return `${path}.length`;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return `${path}[${i}]`;
    return null;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b) ? null : path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}
const go = async () => true;

afterEach(() => disarmArena());

describe('arena', () => {
  it('gives plain arrays when no arena is prepared or armed', async () => {
    const a = int32(1 << 20);
    expect(a.buffer.byteLength).toBe(4 * MB);
    await prepareArena(8 * MB, MB, go);
    // Prepared but not armed (the worker arms it when a file arrives).
    expect(int32(1 << 20).buffer.byteLength).toBe(4 * MB);
    disarmArena();
  });

  it('takes large columns from one buffer once a column of an eighth of it asks, zeroed and aligned', async () => {
    await prepareArena(8 * MB, MB, go);
    armArena();
    // Small columns never start the arena, nor do large ones below an eighth.
    expect(uint8(100).buffer.byteLength).toBe(100);
    expect(int32(MB / 8 / 4 - 2).buffer.byteLength).toBe(MB / 8 - 8);
    expect(arenaBytesUsed()).toBe(0);
    const first = int32(MB / 4); // 1 MB: an eighth
    expect(first.buffer.byteLength).toBe(8 * MB);
    const bytes = uint8(100_001);
    const values = float64(20_000);
    expect(bytes.buffer).toBe(first.buffer);
    expect(values.buffer).toBe(first.buffer);
    expect(values.byteOffset % 8).toBe(0);
    expect(arenaBytesUsed()).toBe(MB + 100_008 + 160_000);
    expect(values.every((v) => v === 0) && bytes.every((v) => v === 0)).toBe(true);
    // Columns do not overlap.
    first.fill(-1);
    bytes.fill(7);
    expect(values.every((v) => v === 0)).toBe(true);
    // Small columns stay plain; a column that does not fit any more is plain too.
    expect(int32(10).buffer).not.toBe(first.buffer);
    expect(int32(3 * MB).buffer.byteLength).toBe(12 * MB);
    // Once disarmed, plain again; the arena served one parse and is gone.
    disarmArena();
    expect(int32(MB).buffer).not.toBe(first.buffer);
    armArena();
    expect(int32(MB).buffer.byteLength).toBe(4 * MB);
  });

  it('uses the part written so far when the preparation is stopped', async () => {
    let steps = 0;
    await prepareArena(8 * MB, MB, async () => ++steps < 2);
    armArena();
    const a = int32(MB / 16);
    expect(a.buffer.byteLength).toBe(8 * MB);
    expect(int32(MB / 2).buffer).not.toBe(a.buffer); // past the 2 MB written
  });

  it('a profile parsed with its columns in the arena is the same profile, with one buffer to transfer', async () => {
    const bytes = await gunzip(readFixture('perf/cpu-large.pb.gz'));
    const plain = decodeProfileProto(bytes, 'gzip-protobuf');
    const plainView = computeInitialProfileView(plain);
    await prepareArena(32 * MB, 4 * MB, go);
    armArena();
    const inArena = decodeProfileProto(bytes, 'gzip-protobuf');
    const arenaView = computeInitialProfileView(inArena);
    expect(arenaBytesUsed()).toBeGreaterThan(16 * MB);
    disarmArena();
    expect(inArena.stacks.frame.buffer.byteLength).toBe(32 * MB);
    expect(arenaView.callNodeInfo.callNodeOfStack.buffer).toBe(inArena.stacks.frame.buffer);
    expect(firstDifference(inArena, plain, 'profile')).toBe(null);
    expect(firstDifference(arenaView, plainView, 'view')).toBe(null);
    const buffers = collectTransferables({ parsed: inArena, initialView: arenaView });
    expect(buffers.filter((b) => b.byteLength === 32 * MB)).toHaveLength(1);
  });

  it('a warm-up parse in a practice arena takes columns from a small arena of its own, the same profile, and leaves the prepared one', async () => {
    // A demo profile of the app, as the spare worker's warm-up parses them.
    const bytes = await gunzip(new Uint8Array(readFileSync(new URL('../../public/demo/leak-heap.pb.gz', import.meta.url))));
    const plain = decodeProfileProto(bytes, 'gzip-protobuf');
    const plainView = computeInitialProfileView(plain);
    await prepareArena(8 * MB, MB, go);
    const practised = await withPracticeArena(async () => {
      const p = decodeProfileProto(bytes, 'gzip-protobuf');
      return { p, view: computeInitialProfileView(p), used: arenaBytesUsed() };
    });
    // Its stack table started the practice arena (16 KB), whose columns cross together.
    expect(practised.used).toBeGreaterThan(0);
    expect(practised.p.stacks.frame.buffer.byteLength).toBe(16 << 10);
    expect(practised.view.callNodeInfo.callNodeOfStack.buffer).toBe(practised.p.stacks.frame.buffer);
    expect(firstDifference(practised.p, plain, 'profile')).toBe(null);
    expect(firstDifference(practised.view, plainView, 'view')).toBe(null);
    // Disarmed after it; the prepared arena is still there for the file.
    expect(arenaBytesUsed()).toBe(0);
    expect(int32(MB).buffer.byteLength).toBe(4 * MB);
    armArena();
    expect(int32(MB).buffer.byteLength).toBe(8 * MB);
  });
});
