// A series of goroutine profiles of one program (testdata/goroutine-series, a real Go 1.23 run:
// main.leakyHandler leaks 5 goroutines before each of 4 snapshots, main.poolWorker's count goes
// 4, 30, 10, 40): ordered by time_nanos, the leaking site first among the suspects, the
// fluctuating one not a suspect (its count does not only go up).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import type { ProfileModel } from '../../model/profile';
import { leakSuspects, orderSeries } from './series';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../parse/pprof/testdata/goroutine-series');

async function profile(name: string): Promise<ProfileModel> {
  const p = await parseBytes(new Uint8Array(readFileSync(join(DIR, name))));
  if (p.kind !== 'profile') throw new Error(`${name}: not a profile`);
  return p;
}

describe('a series of goroutine profiles', () => {
  for (const form of ['.pb.gz', '_debug1.txt']) {
    it(`goroutine_{1..4}${form}, given out of order`, async () => {
      const names = [3, 1, 4, 2].map((k) => `goroutine_${k}${form}`);
      const files = await Promise.all(names.map(profile));
      const order = orderSeries(files);
      if (form === '.pb.gz') {
        expect(order.by).toBe('time');
        expect(order.note.args.source).toBe('time_nanos');
        expect(order.order.map((i) => names[i])).toEqual([1, 2, 3, 4].map((k) => `goroutine_${k}${form}`));
      } else {
        // debug=1 text has no time: as given, and said so.
        expect(order.by).toBe('file-order');
        expect(order.note).toEqual({ code: 'series.ordered-as-given', args: { without: 4 } });
      }
      // The snapshots in their true order (for the text form, given so).
      const ordered = [1, 2, 3, 4].map((k) => files[names.indexOf(`goroutine_${k}${form}`)]!);
      const { suspects } = leakSuspects(ordered, orderSeries(ordered), 'goroutine');
      expect(suspects[0]!.kind).toBe('creation-site');
      expect(suspects[0]!.name).toBe('main.leakyHandler');
      expect(suspects[0]!.values).toEqual([5, 10, 15, 20]);
      expect(suspects[0]!.grewIn).toBe(3);
      expect(suspects.map((s) => s.name)).not.toContain('main.poolWorker');
    });
  }
});
