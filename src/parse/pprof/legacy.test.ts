import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/digest/summary';
import { computeFlatCum } from '../../analysis/profile/top';
import { FormatError } from '../../base/errors';
import { checkProfileIntegrity, funcName, type ProfileModel } from '../../model/profile';
import { fixturesWithDigest, listFixtures, readFixture } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';
import { matchContentionSample } from './legacy-contention';
import { alignComments, GOEXIT, HIDDEN_LEAF, parseCommentFrame, type CommentFrame } from './legacy-go-comments';

// Every legacy (text or binary) profile with a digest made by Go's pprof package.
const cases = fixturesWithDigest((d) => d.format === 'pprof' && d.encoding === 'legacy');

async function parseProfile(bytes: Uint8Array): Promise<ProfileModel> {
  const parsed = await parseBytes(bytes);
  expect(parsed.kind).toBe('profile');
  return parsed as ProfileModel;
}

/** The digest without the keys that are GoLens's own for legacy profiles (summary-schema.md). */
function comparable(d: Record<string, unknown>): Record<string, unknown> {
  const { functions: _f, topFlat: _t, ...rest } = d;
  return rest;
}

/** Go's own debug=1 text forms, whose `#` lines GoLens reads (pprof does not). */
function isGoTextForm(input: string): boolean {
  return input.startsWith('leak/') || input.startsWith('goroutineleak/');
}

describe('legacy profile fixtures agree with Go', () => {
  it('finds all 48 of them', () => {
    expect(cases.length).toBe(48);
  });
  for (const { input, digest } of cases) {
    it(input, async () => {
      const p = await parseProfile(readFixture(input));
      expect(p.encoding).toBe('legacy');
      expect(p.formatName).toMatch(/^legacy /);
      expect(checkProfileIntegrity(p)).toEqual([]);
      const mine = summarize(p);
      expect(comparable(mine)).toEqual(comparable(digest));
      // Forms without `#` lines name frames as pprof does (addresses; Java's own table), so
      // there even functions and topFlat agree. Go's text forms get names pprof does not read.
      if (!isGoTextForm(input)) expect(mine).toEqual(digest);
    });
  }
});

describe('legacy forms are told apart as pprof tells them', () => {
  const expectations: [string, string][] = [
    ['leak/go1.27/heap_mid.txt', 'legacy heap'],
    ['leak/go1.27/goroutine_debug1.txt', 'legacy goroutine'],
    ['pprof-testdata/go.godoc.thread', 'legacy threadcreate'],
    ['pprof-testdata/cppbench.growth', 'legacy heap growth'],
    ['pprof-testdata/cppbench.thread', 'legacy thread'],
    ['pprof-testdata/cppbench.contention', 'legacy contention'],
    ['pprof-testdata/cppbench.cpu', 'legacy CPU'],
    // `--- contentionz 1 ---` with `format = java`: pprof's contention parser gives up, Java's takes it.
    ['pprof-testdata/java.contention', 'legacy Java contention'],
    ['pprof-testdata/java.heap', 'legacy Java heap'],
    ['pprof-testdata/java.cpu', 'legacy Java CPU'],
  ];
  for (const [input, formatName] of expectations) {
    it(`${input} → ${formatName}`, async () => {
      expect((await parseProfile(readFixture(input))).formatName).toBe(formatName);
    });
  }
});

describe('frames of Go text profiles are named from the # lines', () => {
  it('names the goroutine stacks, keeping the runtime frames the writer hid as addresses', async () => {
    const p = await parseProfile(readFixture('leak/go1.27/goroutine_debug1.txt'));
    const names = new Set(Array.from({ length: p.funcs.length }, (_, f) => funcName(p, f)));
    for (const fn of ['main.idleWorker', 'main.ticker', 'main.writeProfile', 'runtime/pprof.writeGoroutine']) {
      expect(names.has(fn)).toBe(true);
    }
    // gopark & co. were hidden at the leaf: named by address (return address − 1), as pprof does.
    expect(names.has('0x480d09')).toBe(true);
    // runtime.goexit is never printed, and Go's protobuf writer leaves it out too.
    expect(names.has('runtime.goexit')).toBe(false);
    expect(p.recordCounts.functions).toBe([...names].filter((n) => !n.startsWith('0x')).length);
  });

  it('keeps file and line of each frame', async () => {
    const p = await parseProfile(readFixture('leak/go1.27/goroutine_debug1.txt'));
    const f = Array.from({ length: p.frames.length }, (_, i) => i).find(
      (i) => funcName(p, p.frames.func[i]!) === 'main.ticker',
    )!;
    expect(p.strings[p.funcs.file[p.frames.func[f]!]!]).toBe('leak/main.go');
    expect(p.frames.line[f]).toBe(122);
  });

  it('names C++ and pre-1.9 Go frames by address, as pprof prints them', async () => {
    const p = await parseProfile(readFixture('pprof-testdata/cppbench.heap'));
    for (let f = 0; f < p.funcs.length; f++) expect(funcName(p, f)).toMatch(/^0x[0-9a-f]+$/);
    expect(p.recordCounts.functions).toBe(0);
    expect(p.mainBinary).toBe('/home/cppbench_server_main'); // `$source` expanded from `source=/home`
  });
});

describe('goroutine text vs the protobuf goroutine profile of the same run', () => {
  // flat and cum of every function, by name, for the default sample type.
  const byName = (p: ProfileModel) => {
    const { flat, cum, present } = computeFlatCum(p, p.defaultSampleTypeIndex, null);
    const out = new Map<string, [number, number]>();
    for (let f = 0; f < p.funcs.length; f++) if (present[f]) out.set(funcName(p, f), [flat[f]!, cum[f]!]);
    return out;
  };
  const pairs = listFixtures()
    .filter((f) => f.endsWith('/goroutine_debug1.txt') || f.endsWith('/goroutineleak_debug1.txt'))
    .map((txt) => [txt, txt.replace('_debug1.txt', '.pb.gz')] as const);
  it('finds the pairs', () => expect(pairs.length).toBe(8 + 2));
  for (const [txt, pb] of pairs) {
    it(`${txt}: every function named by a # line has the protobuf's flat and cum`, async () => {
      const legacy = byName(await parseProfile(readFixture(txt)));
      const proto = byName(await parseProfile(readFixture(pb)));
      const named = [...legacy].filter(([name]) => !name.startsWith('0x'));
      expect(named.length).toBeGreaterThan(5);
      for (const [name, fc] of named) expect(proto.get(name), name).toEqual(fc);
    });
  }
});

describe('Go block/mutex text (no fixture: Go writes them only with debug=1)', () => {
  // As runtime/pprof prints a mutex profile: cycles, count, return addresses, # lines.
  const text = [
    '--- mutex:',
    'cycles/second=2000000000',
    'sampling period=5',
    '1001 3 @ 0x4010 0x4020 0x5000',
    '#\t0x400f\tsync.(*Mutex).Unlock+0x4f\t\tsync/mutex.go:223',
    '#\t0x401f\tmain.worker+0x1f\t\tmain.go:10',
    '',
  ].join('\n');

  it('scales as pprof: delay = trunc(cycles × period / GHz), contentions = count × period', async () => {
    const p = await parseProfile(new TextEncoder().encode(text));
    expect(p.formatName).toBe('legacy mutex');
    expect(p.period).toBe(5);
    expect(p.samples.values[0]![0]).toBe(15);
    expect(p.samples.values[1]![0]).toBe(Math.trunc((1001 * 5) / 2));
    expect(p.recordCounts.locations).toBe(3);
  });

  it('names the frames from the # lines, without runtime.goexit', async () => {
    const p = await parseProfile(new TextEncoder().encode(text));
    const names: string[] = [];
    for (let s = p.samples.stack[0]!; s >= 0; s = p.stacks.prefix[s]!) names.push(funcName(p, p.frames.func[p.stacks.frame[s]!]!));
    expect(names).toEqual(['sync.(*Mutex).Unlock', 'main.worker']);
  });
});

describe('# line alignment', () => {
  const frame = (pc: string, func: string): CommentFrame => ({ pc, func, file: 'f.go', line: 1 });
  const align = (locs: string[], frames: CommentFrame[], out: Int32Array) =>
    alignComments(locs, 0, locs.length, frames, 0, frames.length, out);

  it('parses a stack comment split by runs of tabs', () => {
    expect(parseCommentFrame('#\t0x4e6016\tmain.ticker+0xd6\t\t\tleak/main.go:122')).toEqual({
      pc: '0x4e6016',
      func: 'main.ticker',
      file: 'leak/main.go',
      line: 122,
    });
    expect(parseCommentFrame('#\t0x4e6016')).toEqual({ pc: '0x4e6016', func: '', file: '', line: 0 });
    expect(parseCommentFrame('# labels: {"k":"v"}')).toBeNull();
  });

  it('gives hidden leaf frames and the trailing goexit their roles', () => {
    const out = new Int32Array(4);
    expect(align(['0x1', '0x2', '0x3', '0x4'], [frame('0x2', 'a'), frame('0x3', 'b')], out)).toBe(true);
    expect([...out]).toEqual([HIDDEN_LEAF, 0, 1, GOEXIT]);
  });

  it('puts several frames with one pc on one location (inlining)', () => {
    const out = new Int32Array(2);
    expect(align(['0x2', '0x3'], [frame('0x2', 'inner'), frame('0x2', 'outer'), frame('0x3', 'c')], out)).toBe(true);
    expect([...out]).toEqual([0, 2]);
  });

  it('gives one frame to each repeated location (recursion)', () => {
    const out = new Int32Array(3);
    expect(align(['0x2', '0x2', '0x3'], [frame('0x2', 'r'), frame('0x2', 'r'), frame('0x3', 'c')], out)).toBe(true);
    expect([...out]).toEqual([0, 1, 2]);
  });

  it('gives up when the comments do not fit the addresses', () => {
    const out = new Int32Array(2);
    expect(align(['0x2', '0x3'], [frame('0x9', 'x')], out)).toBe(false);
  });
});

describe('legacy binary CPU profiles in all four word forms', () => {
  // The binary part of a real profile re-encoded word by word (sizes and byte orders pprof
  // tries), the text part (memory map) kept as it is: the digest must not change.
  function reencode(bytes: Uint8Array, from: 4 | 8, fromLittle: boolean, to: 4 | 8, toLittle: boolean): Uint8Array {
    const src = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const word = (i: number) => (from === 4 ? BigInt(src.getUint32(i * 4, fromLittle)) : src.getBigUint64(i * 8, fromLittle));
    const words: bigint[] = [];
    for (let i = 0; i < 5; i++) words.push(word(i));
    let i = 5;
    for (;;) {
      const count = word(i);
      const n = Number(word(i + 1));
      const pcs = Array.from({ length: n }, (_, k) => word(i + 2 + k));
      words.push(count, BigInt(n), ...pcs);
      i += 2 + n;
      if (count === 0n && n === 1 && pcs[0] === 0n) break;
    }
    const rest = bytes.subarray(i * from);
    const out = new Uint8Array(words.length * to + rest.length);
    const dst = new DataView(out.buffer);
    words.forEach((w, k) => {
      if (to === 4) {
        expect(w < 1n << 32n).toBe(true);
        dst.setUint32(k * 4, Number(w), toLittle);
      } else {
        dst.setBigUint64(k * 8, w, toLittle);
      }
    });
    out.set(rest, words.length * to);
    return out;
  }

  const forms: [4 | 8, boolean][] = [
    [4, true],
    [4, false],
    [8, true],
    [8, false],
  ];
  for (const input of ['pprof-testdata/go.crc32.cpu', 'pprof-testdata/gobench.cpu']) {
    const { digest } = cases.find((c) => c.input === input)!;
    for (const [size, little] of forms) {
      it(`${input} as ${size * 8}-bit ${little ? 'little' : 'big'}-endian`, async () => {
        const p = await parseProfile(reencode(readFixture(input), 8, true, size, little));
        expect(comparable(summarize(p))).toEqual(comparable(digest));
      });
    }
  }
  it('pprof-testdata/cppbench.cpu as 64-bit big-endian', async () => {
    const { digest } = cases.find((c) => c.input === 'pprof-testdata/cppbench.cpu')!;
    const p = await parseProfile(reencode(readFixture('pprof-testdata/cppbench.cpu'), 8, true, 8, false));
    expect(comparable(summarize(p))).toEqual(comparable(digest));
  });
});

describe('sniffing', () => {
  it('finds a count header after leading comment lines longer than the sniffed head, as pprof skips them', async () => {
    const text = `# ${'x'.repeat(700)}\n\ngoroutine profile: total 3\n3 @ 0x10 0x20\n`;
    const p = await parseProfile(new TextEncoder().encode(text));
    expect(p.formatName).toBe('legacy goroutine');
    expect(p.samples.values[0]![0]).toBe(3);
  });
});

describe('bad legacy input', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it('rejects a count profile with a garbage record', async () => {
    await expect(parseBytes(enc('goroutine profile: total 2\n2 @ 0x1 0xzz\n'))).rejects.toThrow(
      /goroutine profile line 2: expected a record/,
    );
  });
  it('rejects a contention profile with a garbage record', async () => {
    await expect(parseBytes(enc('--- mutex:\ncycles/second=1000000000\nnot a record\n'))).rejects.toThrow(
      /mutex profile line 3: expected a record/,
    );
  });
  it('stays linear on long pathological lines (no regex backtracking blow-up)', async () => {
    const digits = '1'.repeat(60000);
    const inputs = [
      `--- contention:\ncycles/second=1000\n${digits} x\n`,
      `--- contention:\ncycles/second=1000\n${digits}${digits.slice(0, 5000)}\n`.slice(0, 65000),
      `heap profile: 1: 1 [1: 1] @ heap/2\n${digits}\n`,
      `--- heapz 1 ---\nformat = java\nresolution = bytes\n${'a '.repeat(30000)}!=x\n 1 1 @ 0x1\n0x1 ${'f ('.repeat(20000)}\n`,
    ];
    for (const text of inputs) {
      const t0 = performance.now();
      await parseBytes(enc(text)).catch(() => undefined);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
  });
  it('rejects a line longer than 64 KiB, as the line reader of pprof does', async () => {
    const text = `goroutine profile: total 1\n1 @${' 0x1'.repeat(20000)}\n`;
    await expect(parseBytes(enc(text))).rejects.toThrow(/goroutine profile line 2 is longer than 64 KiB/);
  });
  it('parses the contention record forms that the regex of pprof accepts', () => {
    expect(matchContentionSample('12 3 @ 0x1 0x2')).toEqual(['12', '3', ' 0x1 0x2']);
    // No space: Go's greedy first number leaves one digit to the second.
    expect(matchContentionSample('123 @ 0x1')).toEqual(['12', '3', ' 0x1']);
    expect(matchContentionSample('x 7  8 @ 0x1 zz')).toEqual(['7', '8', ' 0x1 ']);
    expect(matchContentionSample('12 x @ 0x1')).toBeNull();
  });
  it('rejects a binary CPU profile whose record claims more frames than the file holds', async () => {
    const bytes = readFixture('pprof-testdata/go.crc32.cpu').slice(0, 64);
    new DataView(bytes.buffer).setBigUint64(48, 1n << 40n, true); // nstk of the first record
    await expect(parseBytes(bytes)).rejects.toThrow(FormatError);
  });
});
