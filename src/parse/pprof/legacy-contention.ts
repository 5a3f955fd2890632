// Contention text profiles (pprof-format.md §7.4), as pprof's parseContention reads them:
// Go's block (`--- contention:`) and mutex (`--- mutex:`) debug=1 output and C++
// `--- contentionz ` profiles. Records are `<cycles> <count> @ <addresses>`; pprof turns
// cycles into ns with `cycles/second` and multiplies both by the sampling period.

import { FormatError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { finishLegacyProfile, LegacySamples } from './legacy-builder';
import { CommentFrameCache } from './legacy-go-comments';
import {
  addressKey,
  checkLineLengths,
  hexAddressTokens,
  isMemoryMapSentinel,
  isSpaceOrComment,
  mainBinaryFromMemoryMap,
  parseDecimal,
  parseGoInt,
  trimSpace,
  truncToInt,
  quote,
  readerLine,
} from './legacy-text';

/**
 * pprof's contentionSampleRE `(\d+) *(\d+) @([ x0-9a-f]*)`, unanchored, matched by hand: the
 * backtracking form is cubic on a long digit run. Same answer as Go's leftmost-first match:
 * it starts at the first digit run that fits; greedy on the first number, so either
 * `<run> <spaces> <run> @` or, with no space, `<run minus last digit><last digit> @`.
 */
export function matchContentionSample(line: string): [string, string, string] | null {
  const n = line.length;
  const isDigit = (i: number) => i < n && line.charCodeAt(i) >= 0x30 && line.charCodeAt(i) <= 0x39;
  for (let i = 0; i < n; i++) {
    if (!isDigit(i) || (i > 0 && isDigit(i - 1))) continue;
    let j = i;
    while (isDigit(j)) j++;
    let a: string | null = null;
    let b: string | null = null;
    let at = -1;
    let k = j;
    while (k < n && line.charCodeAt(k) === 0x20) k++;
    if (k > j && isDigit(k)) {
      let m = k;
      while (isDigit(m)) m++;
      if (line.startsWith(' @', m)) {
        a = line.slice(i, j);
        b = line.slice(k, m);
        at = m + 2;
      }
    }
    if (a === null && j - i >= 2 && line.startsWith(' @', j)) {
      a = line.slice(i, j - 1);
      b = line.slice(j - 1, j);
      at = j + 2;
    }
    if (a !== null && b !== null) {
      let e = at;
      while (e < n && /[ x0-9a-f]/.test(line[e]!)) e++;
      return [a, b, line.slice(at, e)];
    }
  }
  return null;
}

export function isLegacyContentionHeader(firstLine: string): boolean {
  return (
    firstLine.startsWith('--- contentionz ') || firstLine.startsWith('--- mutex:') || firstLine.startsWith('--- contention:')
  );
}

/**
 * Parses a contention profile; null where pprof says "unrecognized" (then the next legacy
 * parser gets its turn: a `--- contentionz 1 ---` with `format = java` is a Java profile).
 */
export function parseLegacyContention(lines: readonly string[]): ProfileModel | null {
  if (lines.length === 0 || !isLegacyContentionHeader(lines[0]!)) return null;
  const kind = lines[0]!.startsWith('--- mutex:') ? 'mutex' : 'contention';
  checkLineLengths(lines, kind);
  let period = 1;
  let cpuHz = 0;
  let durationNs = 0;

  // `attribute = value` lines before the records.
  let i = 1;
  for (; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (isSpaceOrComment(line)) continue;
    if (line.startsWith('---')) break;
    const eq = line.indexOf('=');
    if (eq < 0) break;
    const key = trimSpace(line.slice(0, eq));
    const val = trimSpace(line.slice(eq + 1));
    switch (key) {
      case 'cycles/second': {
        const v = parseGoInt(val);
        if (v === null) return null;
        cpuHz = v;
        break;
      }
      case 'sampling period': {
        const v = parseGoInt(val);
        if (v === null) return null;
        period = v;
        break;
      }
      case 'ms since reset': {
        const v = parseGoInt(val);
        if (v === null) return null;
        durationNs = v * 1000 * 1000;
        break;
      }
      case 'discarded samples':
        break;
      default:
        // Including `format` and `resolution`, which only Java contention profiles have.
        return null;
    }
  }

  const samples = new LegacySamples(2);
  const commentFrames = new CommentFrameCache();
  const addrs: string[] = [];
  const values = [0, 0];
  let inRecord = false;
  let end = lines.length;
  for (; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (line.startsWith('---')) {
      end = i;
      break;
    }
    if (isSpaceOrComment(line)) {
      if (line === '') inRecord = false;
      else if (inRecord) {
        const frame = commentFrames.get(line);
        if (frame) samples.addComment(frame);
      }
      continue;
    }
    const m = matchContentionSample(line);
    if (!m) {
      throw new FormatError(
        `${kind} profile line ${i + 1}: expected a record "<cycles> <count> @ <addresses>", got ${quote(line)}${i === lines.length - 1 ? ' (truncated file?)' : ''}`,
      );
    }
    let cycles = parseDecimal(m[0]);
    let count = parseDecimal(m[1]);
    if (cycles === null || count === null) throw new FormatError(`${kind} profile line ${i + 1}: malformed sample ${quote(line)}`);
    // pprof: delay = int64(float64(cycles) × period / (cycles/second / 1e9)); count × period.
    if (period > 0) {
      if (cpuHz > 0) cycles = truncToInt((cycles * period) / (cpuHz / 1e9));
      count = count * period;
    }
    values[0] = count;
    values[1] = cycles;
    addrs.length = 0;
    for (const hex of hexAddressTokens(m[2])) addrs.push(addressKey(hex, 1));
    samples.add(values, addrs);
    inRecord = true;
  }
  let map = end;
  while (map < lines.length && !isMemoryMapSentinel(lines[map]!)) map++;
  return finishLegacyProfile(samples, {
    formatName: `legacy ${kind}`,
    sampleTypes: [
      { type: 'contentions', unit: 'count' },
      { type: 'delay', unit: 'nanoseconds' },
    ],
    period,
    periodType: { type: 'contentions', unit: 'count' },
    durationNs,
    locationCount: samples.distinctAddresses(),
    mainBinary: map < lines.length ? mainBinaryFromMemoryMap(lines, map + 1) : '',
  });
}
