import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { listFixtures, readFixture } from '../../test-utils/fixtures';
import type { ProfileModel } from '../../model/profile';
import { leakSuspects, orderSeries, seriesTotals } from './series';

async function profile(rel: string): Promise<ProfileModel> {
  const p = await parseBytes(readFixture(rel));
  if (p.kind !== 'profile') throw new Error(`${rel}: not a profile`);
  return p;
}

const versions = listFixtures()
  .filter((f) => /^leak\/go1\.\d+\/heap_mid\.txt$/.test(f))
  .map((f) => f.split('/')[1]!);

describe('a series of leak heap snapshots', () => {
  it('finds every Go version', () => expect(versions.length).toBe(8));
  for (const v of versions) {
    for (const ext of ['pb.gz', 'txt']) {
      it(`leak/${v} heap_{before,mid,after}.${ext}, given out of order`, async () => {
        const names = ['heap_after', 'heap_before', 'heap_mid'];
        const files = await Promise.all(names.map((n) => profile(`leak/${v}/${n}.${ext}`)));
        const order = orderSeries(files);
        expect(order.order.map((i) => names[i])).toEqual(['heap_before', 'heap_mid', 'heap_after']);
        expect(order.by).toBe('time');
        expect(order.note.args.source).toBe(ext === 'txt' ? 'last-gc' : 'time_nanos');
        // Go 1.19's before snapshot has two sample types (objects, space): its default stands in.
        const type = 'inuse_space';
        const totals = seriesTotals(files, order, type);
        const ordered = order.order.map((i) => files[i]!);
        const expectTotal = (p: ProfileModel) => {
          const i = p.sampleTypes.findIndex((t) => t.type === type);
          return p.samples.values[i >= 0 ? i : p.defaultSampleTypeIndex]!.reduce((a, x) => a + x, 0);
        };
        expect(totals.totals).toEqual(ordered.map(expectTotal));
        expect(totals.seconds![0]).toBe(0);
        expect(totals.seconds![2]!).toBeGreaterThan(totals.seconds![1]!);
        expect(totals.functions.map((f) => f.name)).toContain('main.newSession');
        const { suspects, stacks } = leakSuspects(files, order, type);
        const first = suspects[0]!;
        expect(first.name).toBe('main.newSession');
        expect(first.grewIn).toBe(2);
        expect(first.values[2]!).toBeGreaterThan(first.values[0]!);
        expect(first.perSecond!).toBeCloseTo(first.growth / totals.seconds![2]!, 6);
        expect(first.share!).toBeGreaterThan(0.5);
        expect(stacks[0]!.stack[0]).toBe('main.newSession');
      });
    }
  }

  it('a series of one file, and files without a time, say how they were ordered', async () => {
    const one = await profile('leak/go1.27/heap_after.pb.gz');
    expect(orderSeries([one]).note.code).toBe('series.one-file');
    const allocs = await profile('leak/go1.27/allocs.pb.gz');
    const goroutine = await profile('leak/go1.27/goroutine_debug1.txt');
    const mixed = orderSeries([goroutine, allocs]);
    expect(mixed.by).toBe('file-order');
    expect(mixed.order).toEqual([0, 1]);
    expect(mixed.note).toEqual({ code: 'series.ordered-as-given', args: { without: 1 } });
  });
});
