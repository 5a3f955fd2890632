// Leak suspects on real traces. The leak scenario (fixtures-src/leak) leaks memory, not
// goroutines: its 4 idleWorker goroutines and its ticker block over and over, and main wakes
// them all (close(jobs), close(stop)) before trace.Stop, so none is a suspect, in any Go version;
// what still waits at the end is the runtime's. The flight recorder's snapshot ends while 3 of
// its workers wait on a channel receive: they are the first (and only) group.

import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { listFixtures, readFixture } from '../../test-utils/fixtures';
import { GState, type TraceModel } from '../../model/trace';
import { leakSuspects } from './leak-suspects';

const leakTraces = listFixtures().filter((f) => /^leak\/go1\.\d+\/trace\.out$/.test(f));
const flight = listFixtures().filter((f) => /^flightrec\/go1\.\d+\/flight\.trace$/.test(f));

async function trace(rel: string): Promise<TraceModel> {
  return (await parseBytes(readFixture(rel))) as TraceModel;
}

describe('leak suspects', () => {
  it('has the traces', () => {
    expect(leakTraces.length).toBe(8);
    expect(flight.length).toBe(3);
  });
  for (const rel of leakTraces) {
    it(`${rel}: the workers and the ticker blocked and were woken; no goroutine of the program is a suspect`, async () => {
      const t = await trace(rel);
      const r = leakSuspects(t);
      expect(r.groups).toEqual([]);
      expect(r.leftOut.runtime).toBeGreaterThan(0);
      const own = (name: string) => [...Array(t.goroutines.length).keys()].filter((g) => t.strings[t.goroutines.name[g]!] === name);
      for (const [name, n] of [['main.idleWorker', 4], ['main.ticker', 1]] as const) {
        const gs = own(name);
        expect(gs.length).toBe(n);
        for (const g of gs) {
          let waited = false;
          for (let k = t.gStateOffsets[g]!; k < t.gStateOffsets[g + 1]!; k++) if (t.gStates.state[k] === GState.Waiting) waited = true;
          expect(waited).toBe(true);
          expect(Number.isNaN(t.goroutines.endedAt[g]!)).toBe(false);
        }
      }
    });
  }
  for (const rel of flight) {
    it(`${rel}: the workers still waiting on their channel when the snapshot ends come first`, async () => {
      const t = await trace(rel);
      const r = leakSuspects(t);
      const first = r.groups[0]!;
      expect({ reason: first.reason, waitsIn: first.waitsIn, createdBy: first.createdBy, count: first.goroutines.length }).toEqual({
        reason: 'chan receive',
        waitsIn: 'main.main.func1',
        createdBy: 'main.main.func1',
        count: 3,
      });
      for (const g of first.goroutines) expect(t.strings[t.goroutines.name[g]!]).toBe('main.main.func1');
      // main sleeps (a timer wakes it): not a suspect.
      expect(r.leftOut.sleep).toBe(1);
      expect(first.sinceNs).toBeLessThanOrEqual(t.durationNs);
      expect(first.waitedNs).toBeGreaterThan(0);
    });
  }
});
