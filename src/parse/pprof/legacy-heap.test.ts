import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/digest/summary';
import { FormatError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';
import { scaleHeapSample } from './legacy-heap';

async function parseProfile(bytes: Uint8Array): Promise<ProfileModel> {
  const parsed = await parseBytes(bytes);
  expect(parsed.kind).toBe('profile');
  return parsed as ProfileModel;
}

const heapTexts = listFixtures().filter((f) => /^leak\/go[\d.]+\/heap_\w+\.txt$/.test(f));

describe('Go heap text names its frames as the protobuf form of the same moment', () => {
  it('finds the heap texts of every Go version', () => {
    expect(heapTexts.length).toBe(24);
  });
  for (const txt of heapTexts) {
    it(`${txt} ≡ ${txt.replace('.txt', '.pb.gz')}`, async () => {
      const legacy = summarize(await parseProfile(readFixture(txt)));
      const proto = summarize(await parseProfile(readFixture(txt.replace('.txt', '.pb.gz'))));
      // Same default value type and total (Go 1.19's first heap text has only the
      // two-column objects/space form, whose values equal inuse_*).
      const lt = legacy.totals as number[];
      const pt = proto.totals as number[];
      expect(lt[lt.length - 1]).toBe(pt[pt.length - 1]);
      expect(lt[lt.length - 2]).toBe(pt[pt.length - 2]);
      // The # lines name the frames; with the allocator frames dropped at the leaf and
      // runtime.goexit left out (as Go's protobuf writer does), the top-10 table is identical.
      expect(legacy.topFlat).toEqual(proto.topFlat);
    });
  }
  it('shows the leak: main.newSession is the top flat function once sessions pile up', async () => {
    for (const txt of heapTexts.filter((f) => !f.endsWith('heap_before.txt'))) {
      const top = summarize(await parseProfile(readFixture(txt))).topFlat as { name: string }[];
      expect(top[0]!.name).toBe('main.newSession');
    }
  });
});

describe('the runtime.MemStats footer', () => {
  const file = 'leak/go1.27/heap_after.txt';
  // The footer as the file spells it, read independently of the parser.
  const text = readFileSync(fixturePath(file), 'utf8');
  const field = (name: string): string => {
    const m = new RegExp(`^# ${name} = (.*)$`, 'm').exec(text);
    expect(m, name).not.toBeNull();
    return m![1]!;
  };

  it('is parsed field by field', async () => {
    const ms = (await parseProfile(readFixture(file))).memStats!;
    expect(ms).toBeDefined();
    for (const name of [
      'Alloc', 'TotalAlloc', 'Sys', 'Lookups', 'Mallocs', 'Frees', 'HeapAlloc', 'HeapSys', 'HeapIdle', 'HeapInuse',
      'HeapReleased', 'HeapObjects', 'BuckHashSys', 'GCSys', 'OtherSys', 'NextGC', 'NumGC', 'NumForcedGC', 'MaxRSS',
    ] as const) {
      expect(ms[name], name).toBe(Number(field(name)));
    }
    const [stackInuse, stackSys] = field('Stack').split(' / ');
    expect([ms.StackInuse, ms.StackSys]).toEqual([Number(stackInuse), Number(stackSys)]);
    const [mspanInuse, mspanSys] = field('MSpan').split(' / ');
    expect([ms.MSpanInuse, ms.MSpanSys]).toEqual([Number(mspanInuse), Number(mspanSys)]);
    const [mcacheInuse, mcacheSys] = field('MCache').split(' / ');
    expect([ms.MCacheInuse, ms.MCacheSys]).toEqual([Number(mcacheInuse), Number(mcacheSys)]);
    expect(ms.GCCPUFraction).toBe(Number(field('GCCPUFraction')));
    expect(ms.DebugGC).toBe(field('DebugGC') === 'true');
  });

  it('keeps Unix-ns times above 2^53 exact', async () => {
    const ms = (await parseProfile(readFixture(file))).memStats!;
    expect(ms.LastGC).toBe(field('LastGC'));
    expect(BigInt(ms.LastGC) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    const pauseEnd = field('PauseEnd').slice(1, -1).split(' ');
    const pauseNs = field('PauseNs').slice(1, -1).split(' ');
    expect(ms.PauseEnd).toEqual(pauseEnd);
    expect(ms.PauseNs).toEqual(pauseNs.map(Number));
    expect(ms.PauseNs.length).toBe(256);
    // The circular buffers: the latest pause ends at LastGC.
    expect(ms.PauseEnd[(ms.NumGC + 255) % 256]).toBe(ms.LastGC);
    // A structured clone (the worker boundary) carries it unchanged.
    expect(structuredClone(ms)).toEqual(ms);
  });

  it('is on every Go heap text, and nowhere else', async () => {
    for (const txt of heapTexts) expect((await parseProfile(readFixture(txt))).memStats, txt).toBeDefined();
    expect((await parseProfile(readFixture('pprof-testdata/gobench.heap'))).memStats).toBeUndefined();
  });

  it('is left out when incomplete, without failing the profile (Go reads such a file)', async () => {
    const full = readFileSync(fixturePath(file), 'utf8');
    const cut = full.slice(0, full.indexOf('# PauseNs'));
    const p = await parseProfile(new TextEncoder().encode(cut));
    expect(p.memStats).toBeUndefined();
    expect(summarize(p).totals).toEqual(summarize(await parseProfile(readFixture(file))).totals);
  });
});

describe('heap sampling scale', () => {
  it('undoes Poisson sampling as pprof does, truncating toward zero', () => {
    // One 1 MiB object at MemProfileRate 512 KiB: p = 1 − e^−2.
    const [count, bytes] = scaleHeapSample(1, 1048576, 524288);
    expect(count).toBe(Math.trunc(1 / (1 - Math.exp(-2))));
    expect(bytes).toBe(Math.trunc(1048576 / (1 - Math.exp(-2))));
    expect(scaleHeapSample(0, 0, 524288)).toEqual([0, 0]);
    expect(scaleHeapSample(3, 96, 1)).toEqual([3, 96]);
  });
});

describe('bad heap text', () => {
  const good = readFileSync(fixturePath('leak/go1.27/heap_mid.txt'), 'utf8');
  const enc = (s: string) => new TextEncoder().encode(s);

  it('rejects a file cut inside a record line, saying where', async () => {
    const firstRecord = good.indexOf("\n") + 1; // the line after the header
    const cut = good.slice(0, good.indexOf("[", firstRecord) + 2); // "0: 0 [1"
    const err = await parseBytes(enc(cut)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/^heap profile line \d+: expected a record .* \(truncated file\?\)$/);
  });

  it('rejects a header followed by garbage records', async () => {
    const header = good.slice(0, good.indexOf('\n') + 1);
    const err = await parseBytes(enc(header + 'this is not a record\nnor this\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/^heap profile line 2: expected a record .*"this is not a record"/);
  });

  it('rejects a record with objects 0 but bytes non-zero', async () => {
    const err = await parseBytes(enc('heap profile: 1: 64 [1: 64] @ heap/1024\n0: 64 [1: 64] @ 0x1000\n')).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(FormatError);
    expect((err as Error).message).toMatch(/inuse count was 0 but inuse bytes was 64/);
  });
});
