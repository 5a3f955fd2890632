import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/digest/summary';
import { TraceDigestAccumulator, summarizeTrace, type TraceRange } from '../../analysis/digest/trace-summary';
import { FormatError } from '../../base/errors';
import { checkTraceIntegrity, eventTime, type TraceModel } from '../../model/trace';
import { collectTransferables } from '../../model/transfer';
import { fixturePath, fixturesWithDigest, readFixture, thrownMessage, traceFixturesGoRejects } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';
import { parseGoTrace, readGoTrace, readGoTraceFile } from './parse-trace';
import type { ChunkedFile } from './sliding-window';

const V2 = new Set(['1.22', '1.23', '1.25', '1.26']);
// Every generation-format trace with a digest made by Go's internal/trace (scenarios and go-testdata).
const cases = fixturesWithDigest((d) => d.format === 'go-trace' && V2.has(d.goVersion as string));

function parseTrace(rel: string): TraceModel {
  return parseGoTrace(readFixture(rel));
}

describe('generation-format traces agree with Go', () => {
  it('finds the fixtures', () => {
    // 33 scenario traces (go1.22 … go1.27) + 21 readable go-testdata traces.
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });
  for (const { input, digest } of cases) {
    it(input, async () => {
      const parsed = await parseBytes(readFixture(input));
      expect(parsed.kind).toBe('trace');
      if (parsed.kind !== 'trace') return;
      expect(checkTraceIntegrity(parsed)).toEqual([]);
      expect(parsed.warnings).toEqual([]);
      expect(summarize(parsed)).toEqual(digest);
    });
  }
});

describe("Go's reader tests (go-testdata/tests/*.expect)", () => {
  const dir = fixturePath('go-testdata/tests');
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.expect')) : [];
  it('finds them', () => expect(names.length).toBeGreaterThanOrEqual(20));
  for (const name of names) {
    const base = name.slice(0, -'.expect'.length);
    const expectText = readFileSync(`${dir}/${name}`, 'utf8').trim();
    it(`${base}: ${expectText}`, () => {
      const bytes = new Uint8Array(readFileSync(`${dir}/${base}.trace`));
      if (expectText === 'SUCCESS') {
        const t = parseGoTrace(bytes);
        expect(checkTraceIntegrity(t)).toEqual([]);
      } else {
        const m = /^FAILURE "(.*)"$/.exec(expectText);
        expect(m).not.toBeNull();
        expect(() => parseGoTrace(bytes)).toThrow(FormatError);
        expect(() => parseGoTrace(bytes)).toThrow(new RegExp(m![1]!));
      }
    });
  }
});

describe("Go's fuzz corpus (go-testdata/fuzz)", () => {
  const dir = fixturePath('go-testdata/fuzz');
  const names = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.trace')) : [];
  it('finds it', () => expect(names.length).toBeGreaterThanOrEqual(10));
  for (const name of names) {
    it(name, () => {
      const bytes = new Uint8Array(readFileSync(`${dir}/${name}`));
      const goError = existsSync(`${dir}/${name}.error.txt`);
      let err: unknown = null;
      try {
        parseGoTrace(bytes);
      } catch (e) {
        err = e;
      }
      if (err) expect(err).toBeInstanceOf(FormatError);
      // Where Go rejects the input, so do we, with Go's message (pre-1.22 formats: not yet).
      if (goError) {
        expect(err).not.toBeNull();
        const goMessage = readFileSync(`${dir}/${name}.error.txt`, 'utf8').trim();
        expect((err as Error).message.startsWith(goMessage)).toBe(true);
      }
      // Where Go reads it, the digests agree.
      if (existsSync(`${dir}/${name}.summary.json`)) {
        expect(err).toBeNull();
        const want = JSON.parse(readFileSync(`${dir}/${name}.summary.json`, 'utf8'));
        expect(summarizeTrace(parseGoTrace(bytes))).toEqual(want);
      }
    });
  }
});

describe('unsupported and unknown headers', () => {
  it('a real Go 1.21 trace is routed to the trace parser (v1, see v1/v1.test.ts)', async () => {
    const parsed = await parseBytes(readFixture('tasks/go1.21/trace.out'));
    expect(parsed.kind).toBe('trace');
  });
  for (const v of ['1.20', '1.24', '1.27', '1.99']) {
    it(`go ${v} trace → unknown version`, () => {
      const bytes = new TextEncoder().encode(`go ${v} trace\0\0\0`);
      expect(() => parseGoTrace(bytes)).toThrow(`unknown or unsupported trace version go ${v}`);
    });
  }
  it('header-only traces behave as Go: 1.26 yields one Sync, older ones have no frequency', () => {
    const t = parseGoTrace(new TextEncoder().encode('go 1.26 trace\0\0\0'));
    expect(summarizeTrace(t).events).toBe(1);
    expect(() => parseGoTrace(new TextEncoder().encode('go 1.25 trace\0\0\0'))).toThrow('no frequency event found');
  });
});

describe('truncated traces keep every complete generation', () => {
  // leak/go1.27 (header go 1.26: end-of-generation markers) and leak/go1.25 (no markers).
  for (const rel of ['leak/go1.27/trace.out', 'leak/go1.25/trace.out']) {
    it(rel, () => {
      const full = readFixture(rel);
      const whole = parseTrace(rel);
      expect(whole.generations.length).toBeGreaterThan(2);
      const secondGen = whole.generations.firstEvent[1]!;
      let keptSome = 0;
      for (const frac of [0.9, 0.75, 0.5]) {
        const cut = full.subarray(0, Math.floor(full.length * frac));
        let t: TraceModel;
        try {
          t = parseGoTrace(cut);
        } catch (e) {
          // Cut inside the first generation: nothing complete to keep.
          expect(e).toBeInstanceOf(FormatError);
          expect((e as Error).message).toMatch(/truncated/);
          continue;
        }
        keptSome++;
        expect(t.warnings.length).toBe(1);
        expect(t.warnings[0]).toMatch(new RegExp(`trace truncated at byte ${cut.length}: .*kept the ${t.generations.length} complete generation`));
        expect(t.generations.length).toBeLessThan(whole.generations.length);
        expect(checkTraceIntegrity(t)).toEqual([]);
        // What was kept is exactly the whole trace's first generations (plus the final Sync).
        const keptEvents = t.events.length - 1;
        const wholeUpTo = t.generations.length < whole.generations.length ? whole.generations.firstEvent[t.generations.length]! : whole.events.length - 1;
        expect(keptEvents).toBe(wholeUpTo);
        for (let i = 0; i < keptEvents; i += 997) {
          expect(t.events.code[i]).toBe(whole.events.code[i]);
          expect(eventTime(t.events.time, i)).toBe(eventTime(whole.events.time, i));
        }
        expect(summarizeTrace(t).warnings).toEqual(t.warnings);
      }
      expect(keptSome).toBeGreaterThan(0);
      expect(secondGen).toBeGreaterThan(0);
    });
  }
  it('cut before the first generation is complete → FormatError naming the file end', () => {
    const full = readFixture('tasks/go1.27/trace.out');
    expect(() => parseGoTrace(full.subarray(0, 200))).toThrow(/trace truncated.*before the first generation was complete/);
  });
});

describe('corrupt bytes', () => {
  it('a bad batch kind names the byte offset and the batch', () => {
    const bytes = readFixture('tasks/go1.27/trace.out').slice();
    bytes[16] = 0x07;
    expect(() => parseGoTrace(bytes)).toThrow(/expected batch event, got event 7 \(batch #0 at byte 16\)/);
  });
  it('an oversized batch length is refused before reading', () => {
    const bytes = readFixture('tasks/go1.22/trace.out').slice();
    // gen, m, time then a padded 10-byte size: make it huge.
    const t = parseGoTrace(bytes);
    expect(t.events.length).toBeGreaterThan(0);
    let pos = 17;
    for (let i = 0; i < 3; i++) while (bytes[pos++]! >= 0x80);
    bytes[pos] = 0xff;
    bytes[pos + 1] = 0xff;
    bytes[pos + 2] = 0xff;
    expect(() => parseGoTrace(bytes)).toThrow(/invalid batch size \d+, maximum is 65536/);
  });
});

describe('range digest', () => {
  it('the whole range equals the digest; two halves add up', () => {
    const t = parseTrace('pool/go1.27/trace.out');
    const all = summarizeTrace(t);
    expect(summarizeTrace(t, { fromNs: 0, toNs: t.durationNs })).toEqual(all);
    const mid = Math.floor(t.durationNs / 2);
    const a = summarizeTrace(t, { fromNs: 0, toNs: mid });
    const b = summarizeTrace(t, { fromNs: mid + 1, toNs: t.durationNs });
    expect(a.events + b.events).toBe(all.events);
    expect(a.cpuSamples + b.cpuSamples).toBe(all.cpuSamples);
    expect(a.heapAlloc.points + b.heapAlloc.points).toBe(all.heapAlloc.points);
    expect(a.events).toBeGreaterThan(0);
    expect(b.events).toBeGreaterThan(0);
  });
});

/** The CLI's digest: a streaming read that keeps no events. */
function streamingDigest(bytes: Uint8Array, range: TraceRange = {}) {
  const acc = new TraceDigestAccumulator(range);
  const read = readGoTrace(bytes, { addEvents: (window, n) => acc.add(window, 0, n) });
  return acc.digest(read.goVersion, read.warnings);
}

describe('streaming read (what `golens summary` uses)', () => {
  for (const { input, digest } of cases) {
    it(`${input}: the digest Go made`, () => {
      expect(streamingDigest(readFixture(input))).toEqual(digest);
    });
  }
  it('a range gives the same digest as over the model', () => {
    const bytes = readFixture('pool/go1.27/trace.out');
    const t = parseGoTrace(bytes);
    const range = { fromNs: Math.floor(t.durationNs / 3), toNs: Math.floor(t.durationNs / 2) };
    expect(streamingDigest(bytes, range)).toEqual(summarizeTrace(t, range));
    expect(streamingDigest(bytes, range).events).toBeGreaterThan(1000);
  });
  it("rejects what Go rejects, with the model's message", () => {
    const failing = traceFixturesGoRejects();
    expect(failing.length).toBeGreaterThan(10);
    for (const path of failing) {
      const bytes = new Uint8Array(readFileSync(path));
      const want = thrownMessage(() => parseGoTrace(bytes));
      expect(() => streamingDigest(bytes)).toThrow(want);
    }
  });
});

/** A ChunkedFile over bytes in memory. */
function memoryFile(bytes: Uint8Array): ChunkedFile {
  return {
    size: bytes.length,
    read(into, intoAt, length, fileAt) {
      const part = bytes.subarray(fileAt, Math.min(bytes.length, fileAt + length));
      into.set(part, intoAt);
      return part.length;
    },
  };
}

describe('reading a file through a sliding window (what `golens summary` does with a trace file)', () => {
  const windowDigest = (bytes: Uint8Array, chunk: number) => {
    const acc = new TraceDigestAccumulator();
    const read = readGoTraceFile(memoryFile(bytes), { addEvents: (w, n) => acc.add(w, 0, n) }, {}, chunk);
    return acc.digest(read.goVersion, read.warnings);
  };
  it('in odd 4093-byte chunks (generations, batches, varints cut everywhere; the window slides and grows): the digests Go made', () => {
    for (const { input, digest } of cases) expect(windowDigest(readFixture(input), 4093), input).toEqual(digest);
  });
  it('truncated files: the same kept generations and warning, or the same error, as a whole-buffer read', () => {
    let kept = 0;
    for (const rel of ['leak/go1.27/trace.out', 'leak/go1.25/trace.out']) {
      const full = readFixture(rel);
      for (const frac of [0.3, 0.55, 0.8, 0.97]) {
        const cut = full.subarray(0, Math.floor(full.length * frac));
        const outcome = (f: () => unknown) => {
          try {
            return f();
          } catch (e) {
            return (e as Error).message;
          }
        };
        const want = outcome(() => streamingDigest(cut));
        if (typeof want !== 'string') kept++;
        expect(outcome(() => windowDigest(cut, 5000)), `${rel} cut at ${frac}`).toEqual(want);
      }
    }
    expect(kept).toBeGreaterThan(0);
  });
  it("rejects what Go rejects, with the whole-buffer read's message (file offsets, not window offsets)", () => {
    for (const path of traceFixturesGoRejects()) {
      const bytes = new Uint8Array(readFileSync(path));
      const want = thrownMessage(() => parseGoTrace(bytes));
      expect(() => windowDigest(bytes, 64), path).toThrow(want);
    }
  });
});

describe('model', () => {
  it('crosses to the page by transfer: every buffer listed, once', () => {
    const t = parseTrace('tasks/go1.27/trace.out');
    const bufs = collectTransferables(t);
    expect(new Set(bufs).size).toBe(bufs.length);
    // Every column, the nested ones (event times, side values) included.
    const columns: ArrayBufferView[] = [];
    const walk = (v: unknown): void => {
      if (ArrayBuffer.isView(v)) columns.push(v);
      else if (v && typeof v === 'object' && !Array.isArray(v)) Object.values(v).forEach(walk);
    };
    walk(t);
    expect(columns.length).toBeGreaterThan(60);
    for (const c of columns) if (c.byteLength > 0) expect(bufs).toContain(c.buffer);
    expect(bufs).toContain(t.events.time.base.buffer);
    expect(bufs).toContain(t.events.time.offset.words.buffer);
    expect(bufs).toContain(t.events.arg.words.buffer);
    expect(bufs).toContain(t.gStates.startEvent.buffer);
    expect(bufs).toContain(t.pRuns.startEvent.buffer);
  });
});
