// Thread text profiles (`--- threadz N ---` / `--- Thread <id> (name: …) stack: ---`, written
// by C++ servers, not by Go), as pprof's parseThread reads them: one sample of value 1 per
// thread, `[same as previous thread]` adds 1 to the previous one. The leaf address is the
// interrupted pc itself, so only the callers get the usual −1.

import type { ProfileModel } from '../../model/profile';
import { FormatError } from '../../base/errors';
import { finishLegacyProfile, LegacySamples } from './legacy-builder';
import { addressKey, checkLineLengths, hexAddressTokens, isMemoryMapSentinel, isSpaceOrComment, mainBinaryFromMemoryMap, readerLine, trimSpace, quote } from './legacy-text';

const threadzStartRE = /--- threadz \d+ ---/;
const threadStartRE = /--- Thread ([0-9A-Fa-f]+) \(name: (.*)\/(\d+)\) stack: ---/;

function headerIndex(lines: readonly string[]): number {
  let i = 0;
  while (i < lines.length && isSpaceOrComment(lines[i]!)) i++;
  return i;
}

export function isLegacyThreadHeader(lines: readonly string[]): boolean {
  const i = headerIndex(lines);
  return i < lines.length && (threadzStartRE.test(lines[i]!) || threadStartRE.test(lines[i]!));
}

export function parseLegacyThread(lines: readonly string[]): ProfileModel | null {
  let i = headerIndex(lines);
  if (i >= lines.length) return null;
  checkLineLengths(lines, 'thread');
  let line = lines[i]!;
  if (threadzStartRE.test(line)) {
    // Skip to the first thread (or the memory map).
    for (i++; i < lines.length; i++) {
      line = lines[i]!;
      if (isMemoryMapSentinel(line) || line.startsWith('-')) break;
    }
  } else if (!threadStartRE.test(line)) {
    return null;
  }

  const samples = new LegacySamples(1);
  const stacks: string[][] = [];
  const one = [1];
  while (!isMemoryMapSentinel(line)) {
    readerLine.n = i + 1;
    if (line.startsWith('---- no stack trace for')) break;
    if (!threadStartRE.test(line)) {
      throw new FormatError(`thread profile line ${i + 1}: expected "--- Thread <id> (name: …) stack: ---", got ${quote(line)}`);
    }
    // The thread's stack: every 0x… on its lines, up to the next "---" line.
    const hexes: string[] = [];
    let sameAsPrevious = false;
    for (i++; i < lines.length; i++) {
      readerLine.n = i + 1;
      line = trimSpace(lines[i]!);
      if (line === '') continue;
      if (line.startsWith('---')) break;
      if (line.includes('same as previous thread')) {
        sameAsPrevious = true;
        continue;
      }
      hexes.push(...hexAddressTokens(line));
    }
    if (i >= lines.length) {
      // pprof carries the last line read into its next round, where it is not a thread header.
      if (lines.length > 0 && !isMemoryMapSentinel(line)) {
        throw new FormatError(`thread profile line ${lines.length}: the file ends inside a thread (no memory map section): truncated file?`);
      }
    }
    if (sameAsPrevious || hexes.length === 0) {
      if (samples.length > 0) samples.bumpLast(0, 1);
      if (i >= lines.length) break;
      continue;
    }
    const addrs = hexes.map((h, k) => addressKey(h, k > 0 ? 1 : 0));
    stacks.push(addrs);
    samples.add(one, addrs);
    if (i >= lines.length) break;
  }
  const locationCount = samples.distinctAddresses();
  // pprof's cleanupDuplicateLocations, after the locations were counted: a leaf taken both
  // from the signal context and from unwinding (caller = leaf − 1) appears once.
  const cleaned = new LegacySamples(1);
  for (let s = 0; s < stacks.length; s++) {
    const a = stacks[s]!;
    if (a.length > 1 && isSuccessor(a[0]!, a[1]!)) a.splice(1, 1);
    cleaned.add([samples.valueAt(s, 0)], a);
  }
  let map = i;
  while (map < lines.length && !isMemoryMapSentinel(lines[map]!)) map++;
  return finishLegacyProfile(cleaned, {
    formatName: 'legacy thread',
    sampleTypes: [{ type: 'thread', unit: 'count' }],
    period: 1,
    periodType: { type: 'thread', unit: 'count' },
    durationNs: 0,
    locationCount,
    mainBinary: map < lines.length ? mainBinaryFromMemoryMap(lines, map + 1) : '',
  });
}

/** Whether address key `a` is `b` + 1 (both as addressKey prints them). */
export function isSuccessor(a: string, b: string): boolean {
  return BigInt(a) === BigInt(b) + 1n;
}
