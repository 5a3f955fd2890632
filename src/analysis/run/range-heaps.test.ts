import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import { placeRun, type RunFile } from './placement';
import { rangeHeapPair } from './range-heaps';

describe('the heap profiles compared for a range', () => {
  it('leak go1.27: heap_before and heap_mid around the first half, heap_mid and heap_after around the second, none before the first profile alone', async () => {
    const rels = ['trace.out', 'heap_before.pb.gz', 'heap_mid.pb.gz', 'heap_after.pb.gz'].map((f) => `leak/go1.27/${f}`);
    const files: RunFile[] = await Promise.all(rels.map(async (rel) => ({ id: rel.split('/').pop()!, name: rel, parsed: await parseBytes(readFixture(rel)) })));
    const run = placeRun(files);
    if (!run.ok) throw new Error('not placed');
    const heaps = run.files.filter((p) => p.kind === 'profile');
    const at = Object.fromEntries(heaps.map((p) => [p.id, p.atNs!]));
    const d = run.axis.durationNs;
    const pair = (a: number, b: number) => {
      const r = rangeHeapPair(heaps, a, b);
      return r ? [r.base.id, r.target.id] : null;
    };
    expect(pair(at['heap_before.pb.gz']! + 1, at['heap_mid.pb.gz']! - 1)).toEqual(['heap_before.pb.gz', 'heap_mid.pb.gz']);
    expect(pair(at['heap_mid.pb.gz']! + 1, d)).toEqual(['heap_mid.pb.gz', 'heap_after.pb.gz']);
    // Within: the whole trace holds all three, the first and the last are compared.
    expect(pair(0, d)).toEqual(['heap_before.pb.gz', 'heap_after.pb.gz']);
    // A range before the first profile, with one after it: that one only, no pair.
    expect(pair(0, at['heap_before.pb.gz']! - 1)).toBeNull();
  });
});
