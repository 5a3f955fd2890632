// Legacy heap text profiles, as pprof's parseHeap reads them (pprof-format.md §7.1):
// Go's `heap profile: … @ heap/<2×rate>` (debug=1 heap and allocs), the C++ forms
// `@ heapz_v2/<rate>`, `@ heap_v2/<rate>`, `@ heapprofile`, and the growth / fragmentation
// profiles (`@ growthz`, `@ fragmentationz`). Values are unsampled as pprof does.

import { FormatError } from '../../base/errors';
import type { ProfileModel, ValueType } from '../../model/profile';
import { finishLegacyProfile, LegacySamples } from './legacy-builder';
import { CommentFrameCache } from './legacy-go-comments';
import { MEMSTATS_HEADER, parseMemStats } from './legacy-memstats';
import {
  addressKey,
  checkLineLengths,
  hexAddressTokens,
  isMemoryMapSentinel,
  mainBinaryFromMemoryMap,
  parseDecimal,
  quote,
  trimSpace,
  truncToInt,
  readerLine,
} from './legacy-text';

// pprof's regexes, unanchored as Go's FindStringSubmatch uses them.
const heapHeaderRE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] *@ *(heap[_a-z0-9]*)\/?(\d*)/;
const growthHeaderRE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ growthz?/;
const fragmentationHeaderRE = /heap profile: *(\d+): *(\d+) *\[ *(\d+): *(\d+) *\] @ fragmentationz?/;
// The lookbehind only skips starts inside a digit run, where Go's leftmost match cannot begin
// (the run's first digit would match first); it keeps a long digit run linear, not quadratic.
const heapSampleRE = /(-\d+|(?<![0-9])\d+): *(-?\d+) *\[ *(\d+): *(\d+) *\] @([ x0-9a-f]*)/;

export function isLegacyHeapHeader(firstLine: string): boolean {
  return heapHeaderRE.test(firstLine) || growthHeaderRE.test(firstLine) || fragmentationHeaderRE.test(firstLine);
}

/**
 * pprof's scaleHeapSample: a sampled (count, bytes) pair divided by the probability
 * 1 − exp(−avgSize/rate) that a Poisson sampler with mean `rate` bytes picks such an
 * allocation; both results truncated to integers as Go's int64(float64).
 */
export function scaleHeapSample(count: number, size: number, rate: number): [number, number] {
  if (count === 0 || size === 0) return [0, 0];
  if (rate <= 1) return [count, size];
  const avgSize = size / count;
  const scale = 1 / (1 - Math.exp(-avgSize / rate));
  return [truncToInt(count * scale), truncToInt(size * scale)];
}

type HeapHeader = { sampling: 'v2' | ''; period: number; hasAlloc: boolean; form: string };

function parseHeapHeader(line: string): HeapHeader | null {
  const h = heapHeaderRE.exec(line);
  if (h) {
    let period = 0;
    if (h[6]!.length > 0) {
      const p = parseDecimal(h[6]!);
      if (p === null) return null;
      period = p;
    }
    // Compared as strings, as pprof does: an alloc pair equal to the in-use pair (or 0) means
    // the old two-column form.
    const hasAlloc = (h[3] !== h[1] && h[3] !== '0') || (h[4] !== h[2] && h[4] !== '0');
    switch (h[5]) {
      case 'heapz_v2':
      case 'heap_v2':
        return { sampling: 'v2', period, hasAlloc, form: 'heap' };
      case 'heapprofile':
        return { sampling: '', period: 1, hasAlloc, form: 'heap' };
      case 'heap':
        // Go writes 2 × MemProfileRate after "heap/" (historical).
        return { sampling: 'v2', period: Math.trunc(period / 2), hasAlloc, form: 'heap' };
      default:
        return null;
    }
  }
  if (growthHeaderRE.test(line)) return { sampling: '', period: 1, hasAlloc: false, form: 'heap growth' };
  if (fragmentationHeaderRE.test(line)) return { sampling: '', period: 1, hasAlloc: false, form: 'heap fragmentation' };
  return null;
}

/** Parses a legacy heap profile; null when the header is not one (pprof: unrecognized). */
export function parseLegacyHeap(lines: readonly string[]): ProfileModel | null {
  if (lines.length === 0) return null;
  const header = parseHeapHeader(lines[0]!);
  if (!header) return null;
  checkLineLengths(lines, 'heap');
  const { sampling, period, hasAlloc } = header;
  const sampleTypes: ValueType[] = hasAlloc
    ? [
        { type: 'alloc_objects', unit: 'count' },
        { type: 'alloc_space', unit: 'bytes' },
        { type: 'inuse_objects', unit: 'count' },
        { type: 'inuse_space', unit: 'bytes' },
      ]
    : [
        { type: 'objects', unit: 'count' },
        { type: 'space', unit: 'bytes' },
      ];
  const samples = new LegacySamples(sampleTypes.length);
  const commentFrames = new CommentFrameCache();
  const values: number[] = [];
  const addrs: string[] = [];
  let inRecord = false; // the `#` lines right after a record name its frames
  let hasComments = false;
  let memStatsLine = -1;
  let mapLine = -1;

  const addValues = (lineNo: number, line: string, countText: string, sizeText: string, label: string) => {
    let count = parseDecimal(countText);
    let size = parseDecimal(sizeText);
    if (count === null || size === null) {
      throw new FormatError(`heap profile line ${lineNo}: malformed sample: ${quote(line)}`);
    }
    if (count === 0 && size !== 0) {
      throw new FormatError(`heap profile line ${lineNo}: ${label} count was 0 but ${label} bytes was ${size}`);
    }
    if (count !== 0 && sampling === 'v2') [count, size] = scaleHeapSample(count, size, period);
    values.push(count, size);
  };

  for (let i = 1; i < lines.length; i++) {
    readerLine.n = i + 1;
    const line = trimSpace(lines[i]!);
    if (line === '') {
      inRecord = false;
      continue;
    }
    if (line.charCodeAt(0) === 0x23 /* # */) {
      if (line === MEMSTATS_HEADER) memStatsLine = i;
      if (inRecord) {
        const frame = commentFrames.get(line);
        if (frame) {
          samples.addComment(frame);
          hasComments = true;
        }
      }
      continue;
    }
    if (isMemoryMapSentinel(line)) {
      mapLine = i;
      break;
    }
    const m = heapSampleRE.exec(line);
    if (!m) {
      throw new FormatError(
        `heap profile line ${i + 1}: expected a record "<inuse objects>: <inuse bytes> [<alloc objects>: <alloc bytes>] @ <addresses>", got ${quote(line)}${i === lines.length - 1 ? ' (truncated file?)' : ''}`,
      );
    }
    values.length = 0;
    if (hasAlloc) addValues(i + 1, line, m[3]!, m[4]!, 'allocation');
    addValues(i + 1, line, m[1]!, m[2]!, 'inuse');
    addrs.length = 0;
    // Addresses are return addresses: pprof subtracts 1 to land on the call.
    for (const hex of hexAddressTokens(m[5]!)) addrs.push(addressKey(hex, 1));
    samples.add(values, addrs);
    inRecord = true;
  }

  return finishLegacyProfile(
    samples,
    {
      formatName: `legacy ${header.form}`,
      sampleTypes,
      period,
      periodType: { type: 'space', unit: 'bytes' },
      durationNs: 0,
      locationCount: samples.distinctAddresses(),
      mainBinary: mapLine >= 0 ? mainBinaryFromMemoryMap(lines, mapLine + 1) : '',
      memStats: memStatsLine >= 0 ? (parseMemStats(lines, memStatsLine) ?? undefined) : undefined,
    },
    // Go's writer hid the runtime frames at the leaf; pprof drops the allocator frames there.
    { dropHiddenLeaf: hasComments },
  );
}
