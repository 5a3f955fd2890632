// Go's count profiles in debug=1 text: `goroutine profile: total N`, `threadcreate …`,
// `goroutineleak …` (pprof-format.md §7.2), as pprof's parseGoCount reads them: one sample per
// `<count> @ <addresses>` record, each address minus 1 (so 0x0 wraps to 0xffffffffffffffff).

import { FormatError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { finishLegacyProfile, LegacySamples } from './legacy-builder';
import { CommentFrameCache } from './legacy-go-comments';
import {
  addressKey,
  checkLineLengths,
  isMemoryMapSentinel,
  isSpaceOrComment,
  mainBinaryFromMemoryMap,
  parseGoInt,
  trimSpace,
  quote,
  readerLine,
} from './legacy-text';

const countStartRE = /^(\S+) profile: total \d+$/;
const countRE = /^(\d+) @((?: 0x[0-9a-f]+)+)$/;

/** Index of the header line (after leading blank/comment lines), or -1. */
function headerIndex(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && isSpaceOrComment(lines[i]!)) i++;
  return i < lines.length && countStartRE.test(lines[i]!) ? i : -1;
}

export function isLegacyCountHeader(lines: readonly string[]): boolean {
  return headerIndex(lines) >= 0;
}

export function parseLegacyCount(lines: readonly string[]): ProfileModel | null {
  const h = headerIndex(lines);
  if (h < 0) return null;
  const profileType = countStartRE.exec(lines[h]!)![1]!;
  checkLineLengths(lines, profileType);
  const samples = new LegacySamples(1);
  const commentFrames = new CommentFrameCache();
  const addrs: string[] = [];
  const value = [0];
  let inRecord = false;
  let end = lines.length;
  for (let i = h + 1; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = lines[i]!;
    if (isSpaceOrComment(line)) {
      const t = trimSpace(line);
      if (t === '') inRecord = false;
      else if (inRecord) {
        const frame = commentFrames.get(t);
        if (frame) samples.addComment(frame);
      }
      continue;
    }
    if (line.startsWith('---')) {
      end = i;
      break;
    }
    const m = countRE.exec(line);
    if (!m) {
      throw new FormatError(
        `${profileType} profile line ${i + 1}: expected a record "<count> @ <addresses>", got ${quote(line)}${i === lines.length - 1 ? ' (truncated file?)' : ''}`,
      );
    }
    const n = parseGoInt(m[1]!);
    if (n === null) throw new FormatError(`${profileType} profile line ${i + 1}: bad count ${quote(m[1]!)}`);
    addrs.length = 0;
    for (const tok of m[2]!.trim().split(' ')) addrs.push(addressKey(tok.slice(2), 1));
    value[0] = n;
    samples.add(value, addrs);
    inRecord = true;
  }
  // pprof's parseAdditionalSections: a memory map may follow, after its sentinel.
  let map = end;
  while (map < lines.length && !isMemoryMapSentinel(lines[map]!)) map++;
  return finishLegacyProfile(samples, {
    formatName: `legacy ${profileType}`,
    sampleTypes: [{ type: profileType, unit: 'count' }],
    period: 1,
    periodType: { type: profileType, unit: 'count' },
    durationNs: 0,
    locationCount: samples.distinctAddresses(),
    mainBinary: map < lines.length ? mainBinaryFromMemoryMap(lines, map + 1) : '',
  });
}
