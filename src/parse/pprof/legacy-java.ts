// Java legacy profiles, as pprof's legacy_java_profile.go reads them: `--- heapz 1 ---` and
// `--- contentionz 1 ---` text (attributes, `<value> <count> @ <ids>` records, then a table
// `0x<id> <function> (<file>:<line>)` that names each location), and the binary Java CPU form
// (legacy-cpu.ts), whose text part is the same table.

import { FormatError } from '../../base/errors';
import type { ProfileModel, ValueType } from '../../model/profile';
import { finishLegacyProfile, LegacySamples, type NamedFrame } from './legacy-builder';
import { scaleHeapSample } from './legacy-heap';
import { addressKey, checkLineLengths, hexAddressTokens, parseGoInt, readerLine, trimSpace, quote } from './legacy-text';

// pprof's regexes. The lookbehinds only skip starts where Go's leftmost match cannot begin
// (inside a run the pattern's first class also matches), which keeps long lines linear.
const attributeRx = /(?<![\w ])([\w ]+)=([\w ]+)/;
const javaSampleRx = /(?<![0-9 ]) *(\d+) +(\d+) +@ +([ x0-9a-f]*)/;
// pprof's `^\s*0x([[:xdigit:]]+)\s+(.*?)\s*$` as a prefix; the text is the rest of the line
// without its trailing spaces (two loops over spaces side by side would backtrack).
const javaLocationRx = /^[\t\n\f\r ]*0x([0-9A-Fa-f]+)[\t\n\f\r ]+/;

/** javaLocationRx's match with pprof's second group, or null where pprof's pattern fails. */
function javaLocation(line: string): [string, string] | null {
  const m = javaLocationRx.exec(line);
  if (!m) return null;
  let end = line.length;
  while (end > m[0].length && isGoSpace(line.charCodeAt(end - 1))) end--;
  const what = line.slice(m[0].length, end);
  return /[\n\r\u2028\u2029]/.test(what) ? null : [m[1]!, what];
}

const isGoSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;

/**
 * pprof's `^(.*)\s+\((.*)\)$` (and, with `fileLine`, `^(.*)\s+\((.+):(-?[0-9]+)\)$`) by
 * hand, linear: the greedy `(.*)` makes the match use the last "<space>(" that fits.
 * Returns [function, inside the parentheses] or null.
 */
function splitParenSuffix(what: string, fileLine: boolean): [string, string] | null {
  if (!what.endsWith(')')) return null;
  let limit = what.length - 2; // "(" at most just before the ")"
  if (fileLine) {
    const colon = what.lastIndexOf(':');
    if (colon < 0 || !/^-?[0-9]+$/.test(what.slice(colon + 1, -1))) return null;
    limit = colon - 2; // at least one character of file name
  }
  for (let q = limit; q >= 1; q--) {
    if (what.charCodeAt(q) === 0x28 /* ( */ && isGoSpace(what.charCodeAt(q - 1))) {
      return [what.slice(0, q - 1), what.slice(q + 1, -1)];
    }
  }
  return null;
}

const JAVA_HEAPZ_SAMPLING_RATE = 524288; // 512 KiB, fixed by the Java agent

export function isJavaProfileHeader(firstLine: string): boolean {
  const h = trimSpace(firstLine);
  return h === '--- heapz 1 ---' || h === '--- contentionz 1 ---';
}

export function parseLegacyJava(lines: readonly string[]): ProfileModel | null {
  if (lines.length < 2 || !isJavaProfileHeader(lines[0]!)) return null;
  const pType = trimSpace(lines[0]!) === '--- heapz 1 ---' ? 'heap' : 'contention';
  checkLineLengths(lines, `Java ${pType}`);
  let sampleTypes: ValueType[] = [];
  let periodType: ValueType = { type: '', unit: '' };
  let period = 0;
  let durationNs = 0;

  let i = 1;
  for (; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (line === '') continue;
    // No "=" means no attribute (and spares the unanchored regex a quadratic search).
    const h = line.includes('=') ? attributeRx.exec(line) : null;
    if (!h) break;
    const attribute = trimSpace(h[1]!);
    const value = trimSpace(h[2]!);
    switch (`${pType}/${attribute}`) {
      case 'heap/format':
      case 'contention/format':
        if (value !== 'java') return null;
        break;
      case 'heap/resolution':
        sampleTypes = [
          { type: 'inuse_objects', unit: 'count' },
          { type: 'inuse_space', unit: value },
        ];
        break;
      case 'contention/resolution':
        sampleTypes = [
          { type: 'contentions', unit: 'count' },
          { type: 'delay', unit: value },
        ];
        break;
      case 'contention/sampling period': {
        periodType = { type: 'contentions', unit: 'count' };
        const v = parseGoInt(value);
        if (v === null) throw new FormatError(`failed to parse attribute ${line}`);
        period = v;
        break;
      }
      case 'contention/ms since reset': {
        const v = parseGoInt(value);
        if (v === null) throw new FormatError(`failed to parse attribute ${line}`);
        durationNs = v * 1000 * 1000;
        break;
      }
      default:
        return null;
    }
  }

  const samples = new LegacySamples(2);
  const referenced = new Set<string>();
  const values = [0, 0];
  for (; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (line === '') continue;
    const m = javaSampleRx.exec(line);
    if (!m) break;
    // Java records list the value first and the count second: swapped into (count, value).
    const count = parseGoInt(m[2]!);
    const value = parseGoInt(m[1]!);
    if (count === null || value === null) throw new FormatError(`parsing sample ${quote(line)}`);
    values[0] = count;
    values[1] = value;
    if (pType === 'heap') {
      if (count === 0) throw new FormatError(`parsing sample ${quote(line)}: second value must be non-zero`);
      [values[0], values[1]] = scaleHeapSample(count, value, JAVA_HEAPZ_SAMPLING_RATE);
    } else if (period !== 0) {
      values[0] = count * period;
      values[1] = value * period;
    }
    const addrs = hexAddressTokens(m[3]!).map((h) => addressKey(h, 0));
    for (const a of addrs) referenced.add(a);
    samples.add(values, addrs);
  }
  if (samples.length > 0 && sampleTypes.length === 0) {
    throw new FormatError(`Java ${pType} profile has no "resolution" attribute: missing sample type information`);
  }
  const symbols = parseJavaLocations(lines, i, referenced);
  return finishLegacyProfile(
    samples,
    {
      formatName: `legacy Java ${pType}`,
      sampleTypes,
      period,
      periodType,
      durationNs,
      locationCount: referenced.size,
    },
    { symbols },
  );
}

/**
 * The location table after the samples: `0x<id> <what>`, where <what> is
 * `function (file:line)`, `function (path of a shared object)`, a JIT stub, or a bare name
 * (the agent's "GC", "VM"…). Only ids that samples use are kept; a later line for the same
 * id replaces an earlier one; a function keeps the file of its first line.
 */
export function parseJavaLocations(lines: readonly string[], start: number, referenced: Set<string>): Map<string, NamedFrame> {
  const out = new Map<string, NamedFrame>();
  const fileOf = new Map<string, string>();
  for (let i = start; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (line === '') continue;
    const jloc = javaLocation(line);
    if (!jloc) continue;
    const addr = addressKey(jloc[0], 0);
    if (!referenced.has(addr)) continue;
    const what = jloc[1];
    let func: string;
    let file = '';
    let lineNo = 0;
    const fl = splitParenSuffix(what, true);
    const fp = fl ? null : splitParenSuffix(what, false);
    if (fl) {
      // "function (file:line)"
      const colon = fl[1].lastIndexOf(':');
      func = fl[0];
      file = fl[1].slice(0, colon);
      const n = Number(fl[1].slice(colon + 1));
      if (Number.isSafeInteger(n) && n > 0) lineNo = n;
    } else if (fp) {
      // "function (path of a shared object)": the base name is enough.
      func = fp[0];
      const path = fp[1];
      file = path.slice(path.lastIndexOf('/') + 1) || path;
    } else if (what.includes('generated stub/JIT')) {
      func = 'STUB';
    } else {
      func = what;
    }
    if (!fileOf.has(func)) fileOf.set(func, file);
    out.set(addr, { func, file: fileOf.get(func)!, line: lineNo });
  }
  return out;
}
