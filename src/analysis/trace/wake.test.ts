// Who woke whom on the contention trace (Go 1.27), against Go's own reader: every
// Waiting->Runnable transition that golensoracle -events prints (testdata/, made by the oracle:
// time, context goroutine = the waker, resource goroutine = the woken) is the wake the model
// gives for that wait.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import { eventTime, GState, gStateEndEvent, type TraceModel } from '../../model/trace';
import { gStateRowAt, wakeBefore, wakeChain, wakeOf } from './wake';

const FILE = 'contention/go1.27/trace.out';

async function trace(rel: string): Promise<TraceModel> {
  const t = await parseBytes(readFixture(rel));
  if (t.kind !== 'trace') throw new Error('not a trace');
  return t;
}

describe('who woke whom (contention, Go 1.27)', () => {
  it('names the waker of every unblock Go reports', async () => {
    const t = await trace(FILE);
    const text = readFileSync(new URL('./testdata/contention_go1.27.unblocks.txt', import.meta.url), 'utf8');
    const idx = new Map<number, number>();
    for (let g = 0; g < t.goroutines.length; g++) idx.set(t.goroutines.id[g]!, g);
    const re = /^(\d+) StateTransition g=(-|\d+) p=(?:-|\d+) G(\d+) Waiting->Runnable$/;
    let checked = 0;
    for (const line of text.split('\n')) {
      const m = re.exec(line);
      if (!m) continue;
      const time = Number(m[1]);
      const woken = idx.get(Number(m[3]))!;
      const row = gStateRowAt(t, woken, time) - 1; // the row starting at the wake is the Runnable one
      expect(t.gStates.state[row], line).toBe(GState.Waiting);
      const w = wakeOf(t, woken, row);
      expect(w, line).not.toBeNull();
      expect(w!.time, line).toBe(time);
      expect(w!.waker >= 0 ? String(t.goroutines.id[w!.waker]) : '-', line).toBe(m[2]);
      checked++;
    }
    expect(checked).toBe(4818);
  });

  it('finds the wake behind a run, its next run, and the chain back', async () => {
    const t = await trace(FILE);
    // Go's reader: at 5283328 G35 (on P0) unblocks G33 (line 95 of the oracle's events).
    const g33 = [...t.goroutines.id].indexOf(33);
    const g35 = [...t.goroutines.id].indexOf(35);
    const w = wakeBefore(t, g33, 5283328);
    expect(w).not.toBeNull();
    expect(w!.waker).toBe(g35);
    expect(w!.p).toBe(0);
    expect(w!.stack).toBeGreaterThanOrEqual(0);
    // The next run of G33 begins after the wake, and wakeBefore at that run finds the same wake.
    expect(w!.runRow).toBeGreaterThan(w!.waitRow);
    const runStart = eventTime(t.events.time, t.gStates.startEvent[w!.runRow]!);
    expect(runStart).toBeGreaterThan(w!.time);
    expect(wakeBefore(t, g33, runStart + 1)?.event).toBe(w!.event);
    // G35 itself was woken at 5195392 by G16 (line 90), and ran from then to the wake of G33.
    const chain = wakeChain(t, w!);
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect(chain[1]!.g).toBe(g35);
    expect(chain[1]!.time).toBe(5195392);
    expect(t.goroutines.id[chain[1]!.waker]).toBe(16);
    // Every link's waker is the next link's woken goroutine, and each wake precedes the one it enabled.
    for (let i = 1; i < chain.length; i++) {
      expect(chain[i]!.g).toBe(chain[i - 1]!.waker);
      expect(chain[i]!.time).toBeLessThan(chain[i - 1]!.time);
      expect(gStateEndEvent(t, chain[i]!.g, chain[i]!.waitRow)).toBe(chain[i]!.event);
    }
  });
});
