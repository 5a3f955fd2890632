import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures } from '../../test-utils/fixtures';
import { formatUnixNs } from '../../base/time';
import { memStatsSnapshot, memStatsSnapshotFromFooter } from './memstats-view';

/** `# Name = value` lines of a heap text profile's footer, as written. */
function footerOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const at = text.indexOf('# runtime.MemStats');
  for (const line of text.slice(at).split('\n').slice(1)) {
    const m = /^# (\w+) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

const heapTexts = listFixtures().filter((f) => /\/heap_\w+\.txt$/.test(f));

describe('MemStats panel rows from a heap text footer', () => {
  it('has heap text fixtures', () => expect(heapTexts.length).toBeGreaterThanOrEqual(24));

  it.each(heapTexts)('%s: every field equals the footer text', async (rel) => {
    const text = readFileSync(fixturePath(rel), 'utf8');
    const footer = footerOf(text);
    const p = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (p.kind !== 'profile' || !p.memStats) throw new Error('no footer parsed');
    const snap = memStatsSnapshotFromFooter(p.memStats);
    const byName = new Map(snap.fields.map((f) => [f.name, f.exact]));
    for (const [name, raw] of footer) {
      if (name === 'PauseNs' || name === 'PauseEnd') continue;
      if (name === 'Stack' || name === 'MSpan' || name === 'MCache') {
        const [inuse, sys] = raw.split(' / ');
        expect(byName.get(`${name}Inuse`)).toBe(inuse);
        expect(byName.get(`${name}Sys`)).toBe(sys);
        continue;
      }
      if (name === 'GCCPUFraction') {
        expect(Number(byName.get(name))).toBe(Number(raw));
        continue;
      }
      expect(byName.get(name), name).toBe(raw);
    }
    expect(snap.missing).toEqual(['PauseTotalNs', 'EnableGC', 'BySize']);
    expect(byName.has('PauseTotalNs')).toBe(false);
    // Ratios from the footer's own numbers.
    const n = (k: string) => Number(footer.get(k));
    expect(snap.ratios.heapInuseRatio).toBe(n('HeapInuse') / n('HeapSys'));
    expect(snap.ratios.fragmentationBytes).toBe(n('HeapInuse') - n('HeapAlloc'));
    expect(snap.ratios.releasedBytes).toBe(n('HeapReleased'));
    // The pause ring: NumGC valid entries, oldest first, as printed.
    const ring = footer.get('PauseNs')!.slice(1, -1).trim().split(/ +/);
    const numGc = n('NumGC');
    expect(snap.pauses.length).toBe(Math.min(numGc, 256));
    const last = snap.pauses.length - 1;
    expect(String(snap.pauses.pauseNs[last])).toBe(ring[(numGc + 255) % 256]);
    expect(snap.pauses.cycle[last]).toBe(numGc);
    const ends = footer.get('PauseEnd')!.slice(1, -1).trim().split(/ +/);
    expect(snap.pauses.endUnixNs[last]!.toString()).toBe(ends[(numGc + 255) % 256]);
  });
});

describe('MemStats panel rows from JSON', () => {
  it('expvar vars.json: LastGC exact, all 29 scalar fields', async () => {
    const rel = 'memstats/go1.27/vars.json';
    const text = readFileSync(fixturePath(rel), 'utf8');
    const m = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (m.kind !== 'memstats') throw new Error(m.kind);
    const snap = memStatsSnapshot(m, 0);
    expect(snap.fields).toHaveLength(29);
    const lastGc = snap.fields.find((f) => f.name === 'LastGC')!;
    expect(lastGc.exact).toBe(/"LastGC":(\d+)/.exec(text)![1]);
    expect(snap.fields.find((f) => f.name === 'HeapAlloc')!.exact).toBe(/"HeapAlloc":(\d+)/.exec(text)![1]);
    expect(snap.fields.find((f) => f.name === 'EnableGC')!.exact).toBe('true');
  });
});

describe('formatUnixNs', () => {
  it('keeps nanoseconds exactly', () => {
    expect(formatUnixNs(1795696428476549236n)).toBe('2026-11-26T12:33:48.476549236Z');
    expect(formatUnixNs(0n)).toBe('never (0)');
  });
});

describe('MemStats JSON lines on the GC clock', () => {
  it.each(listFixtures().filter((f) => f.endsWith('/memstats.jsonl')))('%s: one row per cycle, ends exact from the JSON digits', async (rel) => {
    const text = readFileSync(fixturePath(rel), 'utf8');
    const m = await parseBytes(new Uint8Array(readFileSync(fixturePath(rel))));
    if (m.kind !== 'memstats') throw new Error(m.kind);
    const { memStatsGcTimeline, memStatsSampleLowerBoundNs } = await import('./memstats-view');
    const tl = memStatsGcTimeline(m);
    const rows = text.split('\n').filter((l) => l.startsWith('{'));
    const last = rows[rows.length - 1]!;
    const numGc = Number(/"NumGC":(\d+)/.exec(last)![1]);
    // Cycles are consecutive up to the last sample's NumGC (the fixture's program GCs < 256 times between samples).
    expect(tl.cycle[tl.length - 1]).toBe(numGc);
    for (let i = 1; i < tl.length; i++) {
      expect(tl.cycle[i]).toBe(tl.cycle[i - 1]! + 1);
      expect(tl.endNs[i]).toBeGreaterThan(tl.endNs[i - 1]!);
    }
    const ends = /"PauseEnd":\[([^\]]*)\]/.exec(last)![1]!.split(',');
    const pauses = /"PauseNs":\[([^\]]*)\]/.exec(last)![1]!.split(',');
    const idx = (numGc + 255) % 256;
    expect((tl.originUnixNs + BigInt(tl.endNs[tl.length - 1]!)).toString()).toBe(ends[idx]);
    expect(String(tl.pauseNs[tl.length - 1])).toBe(pauses[idx]);
    // The last sample's LastGC is the last cycle's end.
    const lb = memStatsSampleLowerBoundNs(m, tl.originUnixNs);
    expect(lb[m.length - 1]).toBe(tl.endNs[tl.length - 1]);
  });
});
