// The fuzzer's parts (npm run fuzz, scripts/fuzz.ts; the short run in scripts/fuzz.test.ts):
// the seed fixtures per format, a seeded mutator, and the property one input must hold.
//
// Property: parsing the bytes (parse/detect.ts, as the worker does) gives a model that passes its
// integrity check and whose views' derivations and digest run, or throws a FormatError. Any
// other exception, a model failing its check or a derivation throwing is a failure; so is an
// input over the time limit (the runner enforces it in a worker thread). A FormatError that names
// no byte offset or line is counted (by code) and reported, not failed.

import { gzipSync } from 'node:zlib';
import { gunzipSync } from 'node:zlib';
import { FormatError } from '../src/base/errors';
import { isLocatedMessage } from '../src/base/messages';
import { summarize } from '../src/analysis/digest/summary';
import { computeInitialProfileView } from '../src/analysis/profile/top';
import { goroutineProfileGroups, isGoroutineProfile } from '../src/analysis/profile/goroutine-profile-view';
import { computeTraceTimeline } from '../src/analysis/trace/timeline-tables';
import { computeRangeSummary, cpuProfileOfRange } from '../src/analysis/trace/timeline-range';
import { computeGcPauseStats, gcPhaseIntervals } from '../src/analysis/runtime/gctrace-pauses';
import { runtimeLogExtent } from '../src/analysis/runtime/gctrace-view';
import { heapSeries, memStatsRatios, recentPauses, sizeClassLive } from '../src/analysis/runtime/memstats-derived';
import { memStatsGcTimeline, memStatsSnapshot } from '../src/analysis/runtime/memstats-view';
import { groupGoroutines } from '../src/analysis/runtime/goroutine-dump-groups';
import { goroutineDumpToProfile } from '../src/analysis/runtime/goroutine-dump-profile';
import { decisionExplanation } from '../src/analysis/runtime/escape-index';
import { checkParsedFileIntegrity, type ParsedFile } from '../src/model/parsed-file';
import { parseBytes } from '../src/parse/detect';
import { readFixture } from '../src/test-utils/fixtures';
import { mulberry32 } from '../src/test-utils/random';

/**
 * A seed that is some whole lines of a real fixture, lines [from, to) counted from 0 (negative:
 * from the end). Only for formats where each line stands alone (a MemStats JSON line is one
 * sample as encoding/json wrote it), so the cut is itself a real file: the big fixture costs
 * ~30 ms an input, its cuts a tenth of that. Cuts are not splice partners (a cut adds no bytes
 * its whole file, a partner already, does not have).
 */
type Cut = { file: string; from: number; to: number };
const cut = (file: string, from: number, to: number): Cut => ({ file, from, to });

/** Each format the fuzzer covers, with the real fixtures it mutates (small ones: many inputs a second). */
export const FORMATS: Record<string, { seeds: (string | Cut)[]; text?: boolean; gzip?: boolean }> = {
  'pprof-gz': { seeds: ['leak/go1.27/heap_after.pb.gz', 'contention/go1.27/mutex.pb.gz', 'leak/go1.27/goroutine.pb.gz'], gzip: true },
  'pprof-raw': { seeds: ['leak/go1.27/heap_before.pb.gz', 'contention/go1.27/block.pb.gz', 'escape/go1.27/allocs.pb.gz'] },
  'legacy-heap': { seeds: ['leak/go1.27/heap_after.txt', 'pprof-testdata/cppbench.heap', 'pprof-testdata/gobench.heap'], text: true },
  'legacy-count': { seeds: ['leak/go1.27/goroutine_debug1.txt', 'goroutineleak/go1.27/goroutineleak_debug1.txt'], text: true },
  'legacy-contention': { seeds: ['pprof-testdata/cppbench.contention', 'pprof-testdata/java.contention'], text: true },
  'legacy-thread': { seeds: ['pprof-testdata/cppbench.thread', 'pprof-testdata/go.godoc.thread'], text: true },
  'legacy-java': { seeds: ['pprof-testdata/java.heap', 'pprof-testdata/java.cpu'] },
  'legacy-cpu': { seeds: ['pprof-testdata/cppbench.cpu', 'pprof-testdata/go.crc32.cpu'] },
  'trace-v2': { seeds: ['go-testdata/tests/go122-syscall-steal-proc-gen-boundary.trace', 'go-testdata/tests/go123-sync.trace', 'go-testdata/tests/go125-sync.trace'] },
  'trace-v1': { seeds: ['tasks/go1.21/trace.out', 'tasks/go1.19/trace.out'] },
  gctrace: { seeds: ['leak/go1.27/gctrace.log', 'memstats/go1.27/gctrace_schedtrace.log', 'pool/go1.19/gctrace.log'], text: true },
  'memstats-jsonl': {
    seeds: [
      'memstats/go1.27/memstats.jsonl', // all 31 samples (213 KB)
      cut('memstats/go1.27/memstats.jsonl', 0, 3), // the first samples: no GC yet
      cut('memstats/go1.27/memstats.jsonl', -3, 31), // the last: many GCs, PauseNs filled
      cut('memstats/go1.19/memstats.jsonl', 0, 3),
      cut('memstats/go1.23/memstats.jsonl', -2, 31),
    ],
    text: true,
  },
  expvar: { seeds: ['memstats/go1.27/vars.json', 'memstats/go1.21/vars.json'], text: true },
  'goroutine-dump': { seeds: ['leak/go1.27/goroutine_debug2.txt', 'goroutineleak/go1.27/goroutine_debug2.txt'], text: true },
  escape: { seeds: ['escape/go1.27/escape_m.txt', 'escape/go1.27/escape_mm.txt', 'escape/go1.27/escape_ml.txt'], text: true },
};

/** The seeds per format as the mutator takes them, and the splice partners (every whole seed file). */
export type Seeds = { byFormat: Record<string, Uint8Array[]>; partners: Uint8Array[] };

function lineCut(b: Uint8Array, from: number, to: number): Uint8Array {
  const starts = [0];
  for (let i = 0; i < b.length; i++) if (b[i] === 10 && i + 1 < b.length) starts.push(i + 1);
  const at = (k: number) => (k < 0 ? Math.max(0, starts.length + k) : Math.min(k, starts.length));
  const s = at(from);
  const e = at(to);
  return b.subarray(starts[s] ?? b.length, e < starts.length ? starts[e] : b.length);
}

/** The seeds as the mutator takes them: gzip protobufs decompressed (re-gzipped after mutation). */
export function loadSeeds(): Seeds {
  const byFormat: Record<string, Uint8Array[]> = {};
  const partners: Uint8Array[] = [];
  for (const [format, f] of Object.entries(FORMATS)) {
    byFormat[format] = f.seeds.map((seed) => {
      const b = readFixture(typeof seed === 'string' ? seed : seed.file);
      const whole = b[0] === 0x1f && b[1] === 0x8b ? new Uint8Array(gunzipSync(b)) : b;
      if (typeof seed !== 'string') return lineCut(whole, seed.from, seed.to);
      partners.push(whole);
      return whole;
    });
  }
  return { byFormat, partners };
}


const enc = new TextEncoder();
const NUMBERS = ['0', '-1', '1e400', '-1e400', 'NaN', '0.5', '18446744073709551616', '9007199254740993', '4294967296', '99999999999999999999999999999', '-0', 'Infinity'];

function concat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Line boundaries [start, end) of the text bytes. */
function lineAt(b: Uint8Array, at: number): [number, number] {
  let s = at;
  while (s > 0 && b[s - 1] !== 10) s--;
  let e = at;
  while (e < b.length && b[e] !== 10) e++;
  return [s, Math.min(b.length, e + 1)];
}

/**
 * One input from a seed: 1–4 mutations (bit flips, bytes, insertions, deletions, duplicated
 * runs, truncation, huge varints and numbers, splices with another file, line edits).
 */
export function mutate(seed: Uint8Array, others: Uint8Array[], rnd: () => number, text: boolean): Uint8Array {
  const pick = (n: number) => Math.floor(rnd() * n);
  let b = seed;
  const steps = 1 + pick(4);
  for (let s = 0; s < steps && b.length > 0; s++) {
    const at = pick(b.length);
    switch (pick(text ? 14 : 10)) {
      case 0:
        b = b.slice();
        b[at] = b[at]! ^ (1 << pick(8));
        break;
      case 1:
        b = b.slice();
        b[at] = pick(256);
        break;
      case 2: // insert random bytes
        b = concat(b.subarray(0, at), Uint8Array.from({ length: 1 + pick(16) }, () => pick(256)), b.subarray(at));
        break;
      case 3: // delete a run
        b = concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + pick(64))));
        break;
      case 4: // duplicate a run
        b = concat(b.subarray(0, at), b.subarray(at, Math.min(b.length, at + 1 + pick(256))), b.subarray(at));
        break;
      case 5: // truncate
        b = b.subarray(0, at);
        break;
      case 6: // a huge varint (a length or count of 2^63 and more)
        b = concat(b.subarray(0, at), Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), b.subarray(at + pick(3)));
        break;
      case 7: // a large 32-bit little-endian word (legacy binary counts, lengths)
        b = concat(b.subarray(0, at), Uint8Array.of(0xff, 0xff, 0xff, 0x7f), b.subarray(Math.min(b.length, at + 4)));
        break;
      case 8: { // splice with another file
        const o = others[pick(others.length)]!;
        b = concat(b.subarray(0, at), o.subarray(pick(o.length)));
        break;
      }
      case 9: // small integers where lengths and ids are
        b = b.slice();
        b[at] = pick(4);
        break;
      case 10: { // a number replaced by a hostile one
        let d = at;
        while (d < b.length && !(b[d]! >= 48 && b[d]! <= 57)) d++;
        let e = d;
        while (e < b.length && b[e]! >= 48 && b[e]! <= 57) e++;
        b = concat(b.subarray(0, d), enc.encode(NUMBERS[pick(NUMBERS.length)]!), b.subarray(e));
        break;
      }
      case 11: { // delete a line
        const [ls, le] = lineAt(b, at);
        b = concat(b.subarray(0, ls), b.subarray(le));
        break;
      }
      case 12: { // duplicate a line, or move it elsewhere
        const [ls, le] = lineAt(b, at);
        const [ts] = lineAt(b, pick(b.length));
        const line = b.subarray(ls, le);
        b = pick(2) ? concat(b.subarray(0, ts), line, b.subarray(ts)) : concat(b.subarray(0, ts), line, b.subarray(ts, ls), b.subarray(le));
        break;
      }
      case 13: // a long run of digits or a very long line
        b = concat(b.subarray(0, at), enc.encode(pick(2) ? '9'.repeat(1 + pick(20000)) : 'x'.repeat(70000)), b.subarray(at));
        break;
    }
  }
  return b;
}

/** The input for index `i` of a format's run with `seed`: deterministic. */
export function inputFor(format: string, seeds: Seeds, seed: number, i: number): Uint8Array {
  const rnd = mulberry32((seed ^ Math.imul(i + 1, 0x9e3779b1) ^ hashString(format)) >>> 0);
  const list = seeds.byFormat[format]!;
  const others = seeds.partners;
  const src = list[Math.floor(rnd() * list.length)]!;
  const f = FORMATS[format]!;
  const m = mutate(src, others, rnd, !!f.text);
  if (!f.gzip) return m;
  // Mostly a well-formed gzip of the mutated protobuf, sometimes mutated gzip bytes.
  const gz = new Uint8Array(gzipSync(rnd() < 0.85 ? m : src));
  return rnd() < 0.85 ? gz : mutate(gz, others, rnd, false);
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export type Outcome =
  | { ok: 'model'; kind: string }
  | { ok: 'error'; code: string; located: boolean }
  | { ok: false; what: 'exception' | 'integrity' | 'derive'; detail: string };



/** What the views derive from a model when it is first shown, and the digest. */
function derive(p: ParsedFile): void {
  switch (p.kind) {
    case 'profile':
      computeInitialProfileView(p);
      if (isGoroutineProfile(p)) goroutineProfileGroups(p, 10);
      break;
    case 'trace':
      computeTraceTimeline(p);
      computeRangeSummary(p, 0 as never, p.durationNs);
      cpuProfileOfRange(p, null);
      break;
    case 'runtime-log':
      computeGcPauseStats(p.gc);
      gcPhaseIntervals(p.gc);
      runtimeLogExtent(p);
      break;
    case 'memstats':
      heapSeries(p);
      memStatsGcTimeline(p);
      for (const k of [0, p.length - 1]) {
        if (k < 0) continue;
        memStatsSnapshot(p, k);
        memStatsRatios(p, k);
        recentPauses(p, k);
        sizeClassLive(p, k);
      }
      break;
    case 'goroutine-dump':
      groupGoroutines(p);
      computeInitialProfileView(goroutineDumpToProfile(p));
      break;
    case 'escape':
      if (p.decisions.length > 0) decisionExplanation(p, 0);
      break;
  }
  summarize(p);
}

export async function checkInput(bytes: Uint8Array): Promise<Outcome> {
  let parsed: ParsedFile;
  try {
    parsed = await parseBytes(bytes);
  } catch (e) {
    if (e instanceof FormatError) return { ok: 'error', code: e.msg.code.length > 80 ? e.msg.code.slice(0, 80) : e.msg.code, located: isLocatedMessage(e.msg) };
    return { ok: false, what: 'exception', detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  const problems = checkParsedFileIntegrity(parsed);
  if (problems.length > 0) return { ok: false, what: 'integrity', detail: problems.slice(0, 5).join('; ') };
  try {
    derive(parsed);
  } catch (e) {
    return { ok: false, what: 'derive', detail: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  return { ok: 'model', kind: parsed.kind };
}
