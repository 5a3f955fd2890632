// runtime.MemStats as JSON: the expvar `/debug/vars` document (keys cmdline, memstats, user
// variables) or a series of MemStats objects, one per line as json.Encoder writes them
// (../shared/docs/go-runtime-logs.md §5, §6). Values above 2^53 (LastGC, PauseEnd) stay exact.

import { FormatError } from '../../base/errors';
import { message, type Message, type MessageArg } from '../../base/messages';
import {
  MEMSTATS_PAUSE_RING,
  MEMSTATS_SCALAR_FIELDS,
  MEMSTATS_SIZE_CLASSES,
  noSkippedLines,
  skipLine,
  type MemStatsModel,
  type MemStatsScalarField,
} from '../../model/runtime-log';
import { LenientJsonReader, type JsonValue } from './lenient-json';
import { decodeText } from '../../base/text-lines';

type JsonObject = { [key: string]: JsonValue };

/** A JSON object whose first keys are MemStats' or expvar's. */
export function sniffMemStats(head: string): boolean {
  const t = head.trimStart();
  if (!t.startsWith('{')) return false;
  return /^\{\s*"(?:cmdline|memstats|Alloc|TotalAlloc|HeapAlloc)"\s*:/.test(t) || /"memstats"\s*:\s*\{\s*"Alloc"/.test(t);
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const UINT64_MAX = (1n << 64n) - 1n;
const UINT32_FIELDS: ReadonlySet<string> = new Set(['NumGC', 'NumForcedGC']);

/** Whether a JSON value is what encoding/json writes for an unsigned integer of `bits`. */
function isUint(v: JsonValue | undefined, bits: 32 | 64): boolean {
  if (typeof v === 'bigint') return v >= 0n && v <= (bits === 32 ? 0xffffffffn : UINT64_MAX);
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && (bits === 64 || v <= 0xffffffff);
}

function showValue(v: JsonValue | undefined): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'an array' : 'an object';
  return String(v);
}

/**
 * The first value of a MemStats object that Go cannot have written (counters are unsigned
 * integers, GCCPUFraction a finite fraction, EnableGC/DebugGC booleans), as a Message naming
 * the line and the field; null when every present value is valid (absent fields are allowed).
 */
function badValue(o: JsonObject, line: number): Message | null {
  const bad = (field: string, v: JsonValue | undefined, expected: string) =>
    message('memstats.bad-value', { line, field, value: showValue(v), expected });
  for (const f of MEMSTATS_SCALAR_FIELDS) {
    if (!(f in o)) continue;
    const v = o[f];
    if (f === 'GCCPUFraction') {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return bad(f, v, 'a finite fraction ≥ 0');
    } else if (f === 'EnableGC' || f === 'DebugGC') {
      if (typeof v !== 'boolean') return bad(f, v, 'true or false');
    } else if (!isUint(v, UINT32_FIELDS.has(f) ? 32 : 64)) {
      return bad(f, v, UINT32_FIELDS.has(f) ? 'an unsigned 32-bit integer' : 'an unsigned 64-bit integer');
    }
  }
  for (const f of ['PauseNs', 'PauseEnd'] as const) {
    const a = o[f];
    if (a === undefined) continue;
    if (!Array.isArray(a)) return bad(f, a, 'an array of unsigned integers');
    for (const x of a) if (!isUint(x, 64)) return bad(f, x, 'an array of unsigned integers');
  }
  const bs = o.BySize;
  if (bs !== undefined) {
    if (!Array.isArray(bs)) return bad('BySize', bs, 'an array of size classes');
    for (const c of bs) {
      if (!isObject(c)) return bad('BySize', c, 'an array of size classes');
      if (!isUint(c.Size, 32)) return bad('BySize.Size', c.Size, 'an unsigned 32-bit integer');
      if (!isUint(c.Mallocs, 64)) return bad('BySize.Mallocs', c.Mallocs, 'an unsigned 64-bit integer');
      if (!isUint(c.Frees, 64)) return bad('BySize.Frees', c.Frees, 'an unsigned 64-bit integer');
    }
  }
  return null;
}

function looksLikeMemStats(o: JsonObject): boolean {
  return 'HeapAlloc' in o || ('Alloc' in o && 'Sys' in o);
}

export function parseMemStats(bytes: Uint8Array): MemStatsModel {
  return parseMemStatsText(decodeText(bytes));
}

export function parseMemStatsText(text: string): MemStatsModel {
  const skipped = noSkippedLines();
  const samples: JsonObject[] = [];
  const sampleLines: number[] = [];
  let cmdline: string[] | null = null;
  const otherVars: { name: string; json: string }[] = [];
  let fromExpvar = false;
  /** The first sample refused for a value Go cannot have written. */
  let invalid: Message | null = null;
  let invalidCount = 0;
  /** The first value that is not valid JSON: what a file with no sample says. */
  let badJson: Message | null = null;

  const reader = new LenientJsonReader(text);
  // Line numbers by counting newlines up to each value's start (monotonic, so incremental).
  let countedTo = 0;
  let line = 1;
  const lineAt = (pos: number) => {
    for (; countedTo < pos; countedTo++) if (text.charCodeAt(countedTo) === 10) line++;
    return line;
  };
  const lineText = (pos: number) => {
    const nl = text.indexOf('\n', pos);
    return text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
  };

  while (!reader.atEnd()) {
    const start = reader.pos;
    const startLine = lineAt(start);
    let value: JsonValue;
    try {
      value = readTopValue(reader, start, otherVars);
    } catch (e) {
      if (!(e instanceof FormatError)) throw e;
      badJson ??= message('memstats.bad-json', { line: startLine, detail: e.msg });
      // Resynchronise at the next line: one bad line costs one line.
      skipLine(skipped, lineText(start), startLine);
      const nl = text.indexOf('\n', start);
      reader.pos = nl < 0 ? text.length : nl + 1;
      continue;
    }
    const sample = isObject(value) && isObject(value.memstats) ? value.memstats : isObject(value) && looksLikeMemStats(value) ? value : null;
    const problem = sample ? badValue(sample, startLine) : null;
    if (problem) {
      invalid ??= problem;
      invalidCount++;
      skipLine(skipped, lineText(start), startLine);
      continue;
    }
    if (isObject(value) && isObject(value.memstats)) {
      fromExpvar = true;
      samples.push(value.memstats);
      sampleLines.push(startLine);
      const c = value.cmdline;
      if (Array.isArray(c)) cmdline = c.map((x) => (typeof x === 'string' ? x : String(x)));
    } else if (isObject(value) && looksLikeMemStats(value)) {
      samples.push(value);
      sampleLines.push(startLine);
    } else {
      skipLine(skipped, lineText(start), startLine);
    }
  }
  if (samples.length === 0) {
    // Every value was JSON but none a MemStats: the first one is named (its line).
    const args: Record<string, MessageArg> = { lines: lineAt(text.length) - (text.endsWith('\n') ? 1 : 0) };
    if (skipped.count > 0) Object.assign(args, { line: skipped.firstLineNumber, first: skipped.first });
    throw new FormatError(invalid ?? badJson ?? message('text.no-memstats', args));
  }
  const model = buildModel(samples, sampleLines, fromExpvar, cmdline, otherVars, skipped);
  if (invalid) model.invalidSamples = { count: invalidCount, first: invalid };
  return model;
}

/**
 * Reads one top-level value. For an expvar document, the text of each user variable is kept
 * as written (NaN/Inf included), for display.
 */
function readTopValue(reader: LenientJsonReader, start: number, otherVars: { name: string; json: string }[]): JsonValue {
  const v = reader.value();
  if (isObject(v) && isObject(v.memstats)) {
    // Re-read the object key by key to keep each user variable's source text.
    const r = new LenientJsonReader(reader.text, start, reader.pos);
    r.skipSpace();
    r.pos++; // {
    for (;;) {
      r.skipSpace();
      if (reader.text.charCodeAt(r.pos) === 125) break;
      const key = r.value();
      r.skipSpace();
      r.pos++; // :
      r.skipSpace();
      const vs = r.pos;
      r.value();
      if (key !== 'memstats' && key !== 'cmdline') otherVars.push({ name: String(key), json: reader.text.slice(vs, r.pos) });
      r.skipSpace();
      if (reader.text.charCodeAt(r.pos) === 44) r.pos++;
      else break;
    }
  }
  return v;
}

function buildModel(
  samples: JsonObject[],
  sampleLines: number[],
  fromExpvar: boolean,
  cmdline: string[] | null,
  otherVars: { name: string; json: string }[],
  skipped: MemStatsModel['skipped'],
): MemStatsModel {
  const n = samples.length;
  const fields = {} as Record<MemStatsScalarField, Float64Array>;
  for (const f of MEMSTATS_SCALAR_FIELDS) fields[f] = new Float64Array(n);
  const lastGc = new BigUint64Array(n);
  const pauseNs = new Float64Array(n * MEMSTATS_PAUSE_RING);
  const pauseEnd = new BigUint64Array(n * MEMSTATS_PAUSE_RING);
  const bySizeSize = new Float64Array(n * MEMSTATS_SIZE_CLASSES);
  const bySizeMallocs = new Float64Array(n * MEMSTATS_SIZE_CLASSES);
  const bySizeFrees = new Float64Array(n * MEMSTATS_SIZE_CLASSES);
  const inexact = new Set<string>();
  const missing = new Set<string>();

  const num = (v: JsonValue | undefined, name: string): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'bigint') {
      inexact.add(name);
      return Number(v);
    }
    if (typeof v === 'boolean') return v ? 1 : 0;
    missing.add(name);
    return NaN;
  };
  const exact = (v: JsonValue | undefined): bigint => {
    if (typeof v === 'bigint') return v >= 0n ? v : 0n;
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return BigInt(v);
    return 0n;
  };

  for (let s = 0; s < n; s++) {
    const o = samples[s]!;
    for (const f of MEMSTATS_SCALAR_FIELDS) {
      if (f === 'LastGC') {
        if (!('LastGC' in o)) missing.add(f);
        lastGc[s] = exact(o.LastGC);
        fields.LastGC[s] = Number(lastGc[s]!);
        continue;
      }
      fields[f][s] = num(o[f], f);
    }
    const pn = o.PauseNs;
    if (Array.isArray(pn)) {
      for (let i = 0; i < Math.min(pn.length, MEMSTATS_PAUSE_RING); i++) pauseNs[s * MEMSTATS_PAUSE_RING + i] = num(pn[i], 'PauseNs');
    } else missing.add('PauseNs');
    const pe = o.PauseEnd;
    if (Array.isArray(pe)) {
      for (let i = 0; i < Math.min(pe.length, MEMSTATS_PAUSE_RING); i++) pauseEnd[s * MEMSTATS_PAUSE_RING + i] = exact(pe[i]);
    } else missing.add('PauseEnd');
    const bs = o.BySize;
    if (Array.isArray(bs)) {
      for (let i = 0; i < Math.min(bs.length, MEMSTATS_SIZE_CLASSES); i++) {
        const c = bs[i];
        if (!isObject(c)) continue;
        bySizeSize[s * MEMSTATS_SIZE_CLASSES + i] = num(c.Size, 'BySize');
        bySizeMallocs[s * MEMSTATS_SIZE_CLASSES + i] = num(c.Mallocs, 'BySize');
        bySizeFrees[s * MEMSTATS_SIZE_CLASSES + i] = num(c.Frees, 'BySize');
      }
    } else missing.add('BySize');
  }
  inexact.delete('LastGC');
  return {
    kind: 'memstats',
    source: fromExpvar ? 'expvar' : 'jsonl',
    length: n,
    fields,
    lastGcUnixNs: lastGc,
    pauseNsRing: pauseNs,
    pauseEndRing: pauseEnd,
    bySizeSize,
    bySizeMallocs,
    bySizeFrees,
    cmdline,
    otherVars,
    inexactFields: [...inexact].sort(),
    missingFields: [...missing].sort(),
    lineNumber: Int32Array.from(sampleLines),
    skipped,
  };
}
