// Shared pieces of the legacy (pre-protobuf) pprof readers: lines as Go's bufio.Scanner
// yields them, hexadecimal stack addresses as pprof parses them, the trailing memory map.
// The rules follow google/pprof's profile package (legacy_profile.go), which `go tool pprof`
// and the reference digests use (../shared/docs/pprof-format.md §7).

import { FormatError } from '../../base/errors';
import { decodeText, splitLines } from '../../base/text-lines';

/**
 * The lines of a text profile as bufio.ScanLines gives them: split on "\n", one trailing
 * "\r" dropped, and no empty last line after a final newline.
 */
export function textLines(bytes: Uint8Array): string[] {
  return splitLines(decodeText(bytes));
}

/**
 * The line (1-based) a legacy text reader is on: each reader's loops set it, and
 * parseLegacyProfile (legacy.ts) names it in an error thrown without a line (an address that
 * does not fit in 64 bits, an attribute it cannot parse) and where a reader gave up. 0: none.
 */
export const readerLine = { n: 0 };

/** bufio.Scanner's limit: pprof's text readers fail on a longer line ("token too long"). */
export const MAX_LINE_LENGTH = 64 * 1024 - 1;

/**
 * Throws where pprof's line scanner would stop: a line longer than 64 KiB. It also bounds the
 * work of the (backtracking) regexes on each line.
 */
export function checkLineLengths(lines: readonly string[], form: string): void {
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.length > MAX_LINE_LENGTH) {
      throw new FormatError(`${form} profile line ${i + 1} is longer than 64 KiB (pprof's reader stops there too)`);
    }
  }
}

/** Go's strings.TrimSpace for the ASCII white space a text profile holds. */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s.charCodeAt(a))) a++;
  while (b > a && isSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** A line for an error message, JSON-quoted and cut at 80 characters. */
export function quote(line: string): string {
  return JSON.stringify(line.length > 80 ? line.slice(0, 80) + '…' : line);
}

/** pprof's isSpaceOrComment: blank, or a comment after trimming. */
export function isSpaceOrComment(line: string): boolean {
  const t = trimSpace(line);
  return t.length === 0 || t.charCodeAt(0) === 0x23; /* # */
}

export function isMemoryMapSentinel(line: string): boolean {
  return line.includes('--- Memory map: ---') || line.includes('MAPPED_LIBRARIES:');
}

const MAX_HEX_DIGITS_AS_NUMBER = 13; // 52 bits: exact in a double

/**
 * A stack address as pprof prints it ("0x" + lowercase hex, no leading zeros), from the hex
 * digits of a `0x…` token, minus `minus` (0 or 1) with unsigned 64-bit wrap-around, as Go's
 * `addr--` on a uint64 (so `0x0` becomes 0xffffffffffffffff). Throws when the value does not
 * fit in 64 bits (pprof: "failed to parse as hex 64-bit number").
 */
export function addressKey(hexDigits: string, minus: 0 | 1): string {
  // Fast path: the callers' regexes already checked the digits are hex.
  if (hexDigits.length <= MAX_HEX_DIGITS_AS_NUMBER) {
    const v = parseInt(hexDigits, 16) - minus;
    if (Number.isNaN(v)) throw new FormatError(`malformed address "0x${cutDigits(hexDigits)}"`);
    return v >= 0 ? '0x' + v.toString(16) : '0xffffffffffffffff';
  }
  let start = 0;
  while (start < hexDigits.length - 1 && hexDigits.charCodeAt(start) === 0x30) start++;
  const digits = hexDigits.slice(start).toLowerCase();
  if (!/^[0-9a-f]+$/.test(digits)) throw new FormatError(`malformed address "0x${cutDigits(hexDigits)}"`);
  if (digits.length > 16) throw new FormatError(`address 0x${cutDigits(hexDigits)} does not fit in 64 bits (${hexDigits.length} hex digits)`);
  let v = BigInt('0x' + digits) - BigInt(minus);
  if (v < 0n) v += 1n << 64n;
  return '0x' + v.toString(16);
}

/** Hex digits for a message: a 70,000-digit address is cut to its first 24. */
function cutDigits(d: string): string {
  return d.length > 24 ? d.slice(0, 24) + '…' : d;
}

/** The addresses of a string as pprof's parseHexAddresses finds them: every `0x[0-9a-f]+`. */
export function hexAddressTokens(s: string): string[] {
  const out: string[] = [];
  const re = /0x([0-9a-f]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) out.push(m[1]!);
  return out;
}

/**
 * Go's strconv.ParseInt(s, 0, 64) for the unsigned decimal/octal/hex spellings the legacy
 * headers use; the result must be an exact double. Returns null where Go fails.
 */
export function parseGoInt(s: string): number | null {
  let t = s;
  let sign = 1;
  if (t.startsWith('-') || t.startsWith('+')) {
    if (t[0] === '-') sign = -1;
    t = t.slice(1);
  }
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = parseInt(t.slice(2), 16);
  else if (/^0[oO]?[0-7]+$/.test(t)) v = parseInt(t.replace(/^0[oO]?/, ''), 8);
  else if (/^0[bB][01]+$/.test(t)) v = parseInt(t.slice(2), 2);
  else if (/^(0|[1-9][0-9]*)$/.test(t)) v = parseInt(t, 10);
  else return null;
  v *= sign;
  return Number.isSafeInteger(v) ? v : null;
}

/** Go's strconv.ParseInt(s, 10, 64), exact in a double; null where Go fails (or beyond 2^53). */
export function parseDecimal(s: string): number | null {
  if (!/^[-+]?[0-9]+$/.test(s)) return null;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : null;
}

/** Go's int64(f) for the finite values pprof converts: truncation toward zero. */
export function truncToInt(f: number): number {
  return Math.trunc(f) + 0; // + 0 turns -0 into 0
}

// Memory map lines, as pprof's procMapsRE / briefMapsRE (Go's \s is [\t\n\f\r ]).
const S = '[\\t\\n\\f\\r ]';
const X = '[0-9A-Fa-f]';
const cHex = `(?:0x)?(${X}+)`;
// The range's start is at most 16 digits (a uint64, as pprof then parses it): two unbounded hex
// runs side by side would backtrack quadratically on a long run of hex digits.
const cHexRange = `${S}*(?:0x)?(${X}{1,16})[\\t\\n\\f\\r -]?${S}*${cHex}:?`;
const cPerm = `(?:${S}+([-rwxp]+))?`;
const cSpaceHex = `(?:${S}+(${X}+))?`;
const cSpaceString = `(?:${S}+([^\\t\\n\\f\\r ]+))?`;
const cSpaceAtOffset = `(?:${S}+\\(@(${X}+)\\))?`;
const procMapsRE = new RegExp(`^${cHexRange}${cPerm}${cSpaceHex}${S}+${X}+:${X}+${S}+[0-9]+${cSpaceString}`);
const briefMapsRE = new RegExp(`^${cHexRange}${cPerm}${cSpaceString}${cSpaceAtOffset}${cSpaceHex}`);
const logInfoRE = /^[^[\]]+:[0-9]+]\s/;
const libRx = /([.]so$|[.]so[._][0-9]+)/;

/**
 * The main binary named by a legacy profile's memory map (the lines from `start` on), as
 * pprof picks mapping[0]: the first executable mapping whose file is not a shared library or
 * a `[pseudo]` name. `attr=value` lines define `$attr` for the lines after them. "" if none.
 */
export function mainBinaryFromMemoryMap(lines: readonly string[], start: number): string {
  const files: string[] = [];
  let attrs: [string, string][] = [];
  for (let i = start; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.length > 4096) continue; // no /proc/self/maps line is longer (PATH_MAX)
    const log = logInfoRE.exec(line);
    if (log) line = line.slice(log[0].length);
    for (const [k, v] of attrs) line = line.split(k).join(v);
    let file: string | undefined;
    let perm: string | undefined;
    const pm = procMapsRE.exec(line);
    if (pm) {
      perm = pm[3];
      file = pm[5];
    } else {
      const bm = briefMapsRE.exec(line);
      if (!bm) {
        const eq = line.indexOf('=');
        if (eq >= 0) {
          attrs = [...attrs, ['$' + trimSpace(line.slice(0, eq)), trimSpace(line.slice(eq + 1))]];
        }
        continue;
      }
      perm = bm[3];
      file = bm[4];
    }
    if (perm !== undefined && perm !== '' && !perm.includes('x')) continue;
    files.push(file ?? '');
  }
  for (const f of files) {
    const name = trimSpace(f.split('(deleted)').join(''));
    if (name === '' || libRx.test(name) || name[0] === '[') continue;
    return f;
  }
  return '';
}

/** The memory-map patterns built above, for the linearity check (scripts/regex-safety.test.ts). */
export const MEMORY_MAP_PATTERNS: readonly RegExp[] = [procMapsRE, briefMapsRE];
