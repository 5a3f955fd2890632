// Legacy (pre-protobuf) pprof forms: text and binary (../shared/docs/pprof-format.md §1, §7).
// pprof tries its legacy parsers in a fixed order once protobuf decoding failed; the first
// that recognizes its header wins, and one that gives up ("unrecognized") hands over to the
// next. The sniff picks the first candidate from the header; the parse runs the same chain
// from there (a `--- contentionz` file may still turn out to be a Java profile).

import { FormatError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { isLegacyContentionHeader, parseLegacyContention } from './legacy-contention';
import { isLegacyCountHeader, parseLegacyCount } from './legacy-count';
import { isLegacyCpuProfile, parseLegacyCpu } from './legacy-cpu';
import { isLegacyHeapHeader, parseLegacyHeap } from './legacy-heap';
import { isJavaProfileHeader, parseLegacyJava } from './legacy-java';
import { isSpaceOrComment, textLines } from './legacy-text';
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
  for (let k = ORDER.indexOf(kind); k >= 0 && k < ORDER.length; k++) {
    let p: ProfileModel | null;
    switch (ORDER[k]!) {
      case 'cpu-binary':
        p = parseLegacyCpu(bytes);
        break;
      case 'heap':
        p = parseLegacyHeap(text());
        break;
      case 'count':
        p = parseLegacyCount(text());
        break;
      case 'thread':
        p = parseLegacyThread(text());
        break;
      case 'contention':
        p = parseLegacyContention(text());
        break;
      case 'java':
        p = parseLegacyJava(text());
        break;
    }
    if (p) return p;
  }
  throw new FormatError(`unrecognized profile format: the header looks like a legacy ${kind} profile but its content is not one`);
}
