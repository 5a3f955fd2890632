// Legacy binary CPU profiles (gperftools' profilez; Go < 1.9's runtime/pprof), as pprof's
// parseCPU reads them (pprof-format.md §7.5): machine words of 32 or 64 bits, little- or
// big-endian (tried in that order), header `0, 3, 0|1, period_µs, 0`, records
// `count, n, pc₁…pcₙ`, terminator `0, 1, 0`, then a text memory map. Third header word 1
// means a Java profile, whose text part names the locations (legacy-java.ts).

import { FormatError, locatedError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';
import { finishLegacyProfile, LegacySamples } from './legacy-builder';
import { parseJavaLocations } from './legacy-java';
import { isSuccessor } from './legacy-thread';
import { mainBinaryFromMemoryMap, textLines } from './legacy-text';

type WordReader = { size: 4 | 8; little: boolean };
const READERS: WordReader[] = [
  { size: 4, little: true },
  { size: 4, little: false },
  { size: 8, little: true },
  { size: 8, little: false },
];

/** The machine word at byte `off`. */
function wordAt(view: DataView, off: number, r: WordReader): bigint {
  if (r.size === 4) return BigInt(view.getUint32(off, r.little));
  return view.getBigUint64(off, r.little);
}

function headerOf(bytes: Uint8Array): { reader: WordReader; java: boolean; periodUs: bigint } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const r of READERS) {
    if (bytes.length < 5 * r.size) continue;
    const w = (k: number) => wordAt(view, k * r.size, r);
    if (w(0) !== 0n || w(1) !== 3n || w(4) !== 0n || w(3) === 0n) continue;
    const third = w(2);
    if (third === 0n || third === 1n) return { reader: r, java: third === 1n, periodUs: w(3) };
  }
  return null;
}

export function isLegacyCpuProfile(bytes: Uint8Array): boolean {
  return headerOf(bytes) !== null;
}

const hexKey = (v: bigint) => '0x' + v.toString(16);

export function parseLegacyCpu(bytes: Uint8Array): ProfileModel | null {
  const h = headerOf(bytes);
  if (!h) return null;
  const { reader, java } = h;
  if (h.periodUs > BigInt(Number.MAX_SAFE_INTEGER) / 1000n) throw new FormatError(`CPU profile period ${h.periodUs} µs is too large`, { offset: 3 * h.reader.size });
  const period = Number(h.periodUs) * 1000;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const w = reader.size;
  let pos = 5 * w;
  const counts: number[] = [];
  const stacks: string[][] = [];
  // pprof's parseCPUSamples; a record running past the end is cut where the bytes end.
  while (pos < bytes.length) {
    const recordAt = pos;
    if (bytes.length - pos < 2 * w) {
      throw new FormatError(`CPU profile: truncated record at byte ${pos}`);
    }
    const count = wordAt(view, pos, reader);
    const nstk = wordAt(view, pos + w, reader);
    pos += 2 * w;
    // pprof's sanity bound (in 4-byte units whatever the word size).
    if (nstk > BigInt(Math.floor((bytes.length - pos) / 4))) {
      throw new FormatError(`CPU profile: record at byte ${pos - 2 * w} claims ${nstk} frames, more than the file holds`);
    }
    const n = Number(nstk);
    const pcs: bigint[] = [];
    for (let k = 0; k < n; k++) {
      if (pos + w > bytes.length) {
        pos = bytes.length;
        break;
      }
      pcs.push(wordAt(view, pos, reader));
      pos += w;
    }
    while (pcs.length < n) pcs.push(0n);
    if (count === 0n && n === 1 && pcs[0] === 0n) break; // end of data
    if (count > BigInt(Number.MAX_SAFE_INTEGER) / BigInt(period)) throw new FormatError(`CPU profile: record at byte ${recordAt}: sample count ${count} too large`);
    counts.push(Number(count));
    // Return addresses minus 1 to land on the call, except the leaf (not a call); Java
    // "addresses" are method ids and stay as they are.
    stacks.push(pcs.map((pc, k) => hexKey(!java && k > 0 ? (pc === 0n ? (1n << 64n) - 1n : pc - 1n) : pc)));
  }
  const textStart = pos;

  if (!java) {
    // When (nearly) every sample has the same second frame, it is the signal handler's
    // frame, not a caller: remove it; twice at most, as pprof (one outlier per 32 samples).
    const margin = Math.floor(stacks.length / 32);
    for (let iter = 0; iter < 2; iter++) {
      const second = new Map<string, number>();
      for (const s of stacks) if (s.length > 1) second.set(s[1]!, (second.get(s[1]!) ?? 0) + 1);
      for (const [addr, c] of second) {
        if (c >= stacks.length - margin) {
          for (const s of stacks) if (s.length > 1 && s[1] === addr) s.splice(1, 1);
          break;
        }
      }
    }
  }
  const all = new Set<string>();
  for (const s of stacks) for (const a of s) all.add(a);
  const locationCount = all.size;
  const lines = textLines(bytes.subarray(textStart));
  let symbols;
  if (java) {
    try {
      symbols = parseJavaLocations(lines, 0, all);
    } catch (e) {
      // Its lines are counted from the text after the records: name that text's offset.
      throw locatedError(e, { offset: textStart });
    }
  } else {
    // pprof's cleanupDuplicateLocations, after the locations were counted.
    for (const s of stacks) if (s.length > 1 && isSuccessor(s[0]!, s[1]!)) s.splice(1, 1);
  }
  const samples = new LegacySamples(2);
  for (let i = 0; i < stacks.length; i++) samples.add([counts[i]!, counts[i]! * period], stacks[i]!);
  return finishLegacyProfile(
    samples,
    {
      formatName: java ? 'legacy Java CPU' : 'legacy CPU',
      sampleTypes: [
        { type: 'samples', unit: 'count' },
        { type: 'cpu', unit: 'nanoseconds' },
      ],
      period,
      periodType: { type: 'cpu', unit: 'nanoseconds' },
      durationNs: 0,
      locationCount,
      mainBinary: java ? '' : mainBinaryFromMemoryMap(lines, 0),
    },
    { symbols },
  );
}
