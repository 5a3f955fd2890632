// Legacy (pre-protobuf) pprof forms: text and binary (../shared/docs/pprof-format.md §1, §7).
// pprof tries its legacy parsers in a fixed order once protobuf decoding failed; the first
// that recognizes its header wins, and one that gives up ("unrecognized") hands over to the
// next. The sniff picks the first candidate from the header; the parse runs the same chain
// from there (a `--- contentionz` file may still turn out to be a Java profile).

import { FormatError, locatedError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { isLegacyContentionHeader, parseLegacyContention } from './legacy-contention';
import { isLegacyCountHeader, parseLegacyCount } from './legacy-count';
import { isLegacyCpuProfile, parseLegacyCpu } from './legacy-cpu';
import { isLegacyHeapHeader, parseLegacyHeap } from './legacy-heap';
import { isJavaProfileHeader, parseLegacyJava } from './legacy-java';
import { isSpaceOrComment, readerLine, textLines } from './legacy-text';
import { isLegacyThreadHeader, parseLegacyThread } from './legacy-thread';

/** pprof's order: binary CPU, heap (and growth), count, thread, contention, Java. */
export type LegacyKind = 'cpu-binary' | 'heap' | 'count' | 'thread' | 'contention' | 'java';
const ORDER: LegacyKind[] = ['cpu-binary', 'heap', 'count', 'thread', 'contention', 'java'];

/** Which legacy form the bytes start like (`head` = their first bytes as text), or null. */
export function sniffLegacyProfile(bytes: Uint8Array, head: string): LegacyKind | null {
  if (isLegacyCpuProfile(bytes)) return 'cpu-binary';
  let headLines = splitHead(head);
  const first = headLines[0] ?? '';
  if (isLegacyHeapHeader(first)) return 'heap';
  // Count and thread headers may follow comment lines: look further when the head holds
  // nothing else but a last, maybe cut, line (cheap: only text that starts with comments
  // gets decoded again).
  if (head.length < bytes.length && isSpaceOrComment(first) && headLines.slice(0, -1).every(isSpaceOrComment)) {
    headLines = splitHead(utf8.decode(bytes.subarray(0, Math.min(bytes.length, 1 << 16))));
  }
  if (isLegacyCountHeader(headLines)) return 'count';
  if (isLegacyThreadHeader(headLines)) return 'thread';
  if (isLegacyContentionHeader(first)) return 'contention';
  if (isJavaProfileHeader(first)) return 'java';
  return null;
}

const utf8 = new TextDecoder('utf-8');

function splitHead(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export function parseLegacyProfile(bytes: Uint8Array, kind: LegacyKind): ProfileModel {
  let lines: string[] | null = null;
  const text = () => (lines ??= textLines(bytes));
  // Where the reader of the form the header names gave up (its content is not that form).
  let gaveUpAt = 0;
  for (let k = ORDER.indexOf(kind); k >= 0 && k < ORDER.length; k++) {
    let p: ProfileModel | null;
    readerLine.n = 0;
    try {
      p = parseWith(ORDER[k]!, bytes, text);
    } catch (e) {
      // A reader's error that names no line (an address past 64 bits…) gets the line it was on.
      throw readerLine.n > 0 ? locatedError(e, { line: readerLine.n }) : e;
    }
    if (p) return p;
    if (ORDER[k] === kind) gaveUpAt = Math.max(1, readerLine.n);
  }
  if (kind === 'cpu-binary') {
    throw new FormatError('unrecognized profile format: the header looks like a legacy binary CPU profile but its content is not one', { offset: 0 });
  }
  throw new FormatError('legacy.not-its-form', { kind, line: gaveUpAt });
}

function parseWith(kind: LegacyKind, bytes: Uint8Array, text: () => string[]): ProfileModel | null {
  switch (kind) {
    case 'cpu-binary':
      return parseLegacyCpu(bytes);
    case 'heap':
      return parseLegacyHeap(text());
    case 'count':
      return parseLegacyCount(text());
    case 'thread':
      return parseLegacyThread(text());
    case 'contention':
      return parseLegacyContention(text());
    case 'java':
      return parseLegacyJava(text());
  }
}
