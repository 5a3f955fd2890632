// profile.proto → ProfileModel with a hand-written wire reader and a field switch that writes
// straight into columns (../shared/docs/pprof-format.md §2–5). No message objects, no Long:
// small varints take a fast path in int32 arithmetic, longer ones are read as two 32-bit
// halves (base/varint.ts).
//
// The code is shaped for the JIT of the app's spare worker, which compiles it by parsing small
// demo profiles before a file arrives: every path a large profile takes (two-byte ids and
// lengths, long strings, growing columns, unpacked location ids) is one the small profiles take
// too, so the large profile's parse finds it compiled with type feedback instead of throwing the
// optimized code away on a path never seen (Wire.small).

import { float64, int32 } from '../../base/arena';
import { FormatError } from '../../base/errors';
import { message } from '../../base/messages';
import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { hex64, readVarint64, varint64, varintAsBigInt, varintAsSafeInt, varintAsSafeUint } from '../../base/varint';
import type { PrefixTreeBuilder } from '../../base/prefix-tree';
import { ProfileBuilder, defaultSampleTypeIndex } from '../../model/profile-builder';
import type { ProfileEncoding, ProfileModel } from '../../model/profile';

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;
const WIRE_FIXED32 = 5;

/**
 * A cursor over the message bytes. Reading past the end of `buf` yields `undefined`, which
 * never ends a varint's fast path: such reads fall through to the checked long path, which
 * throws. Callers check that each sub-message ends exactly at its declared length.
 */
class Wire {
  pos = 0;
  readonly len: number;
  constructor(readonly buf: Uint8Array) {
    this.len = buf.length;
  }

  /** A tag or a length: the low 32 bits of a varint (unsigned). */
  u32(): number {
    // Through `small`, as every other varint: see the comment there.
    const v = this.small();
    return v >= 0 ? v : this.long() % TWO_32;
  }

  /** An unsigned varint that must fit a double exactly (ids, string indexes). */
  u64(): number {
    const v = this.small();
    return v >= 0 ? v : this.long();
  }

  /** A signed int64 varint (two's complement) that must fit a double exactly. */
  i64(): number {
    const v = this.small();
    return v >= 0 ? v : this.longSigned();
  }

  /**
   * A varint of up to four bytes, below 2^28 and so the same signed or not (ids, indexes,
   * sample values such as 10 ms in ns), in int32 arithmetic; -1 when it is longer.
   *
   * Every varint of the decoder that may be short goes through this one function, tags and
   * lengths included, rather than through copies of it: the JIT's type feedback is kept per
   * function, so the small profiles the app's spare worker parses before a file arrives
   * (workers/parse-worker.ts) train all its paths (their sample values take 2–4 bytes), and a
   * large profile's two-byte ids and lengths then run compiled code instead of throwing it away
   * ("insufficient type feedback", a large part of a large profile's first parse before).
   */
  small(): number {
    const buf = this.buf;
    const p = this.pos;
    const b0 = buf[p]!;
    if (b0 < 0x80) {
      this.pos = p + 1;
      return b0;
    }
    const b1 = buf[p + 1]!;
    if (b1 < 0x80) {
      this.pos = p + 2;
      return (b0 & 0x7f) | (b1 << 7);
    }
    const b2 = buf[p + 2]!;
    if (b2 < 0x80) {
      this.pos = p + 3;
      return (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14);
    }
    const b3 = buf[p + 3]!;
    if (b3 < 0x80) {
      this.pos = p + 4;
      return (b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | (b3 << 21);
    }
    return -1;
  }

  /** Any varint, bounds-checked, as an exact unsigned number. */
  long(): number {
    readVarint64(this.buf, this.pos, this.len);
    this.pos = varint64.pos;
    return varintAsSafeUint();
  }

  longSigned(): number {
    readVarint64(this.buf, this.pos, this.len);
    this.pos = varint64.pos;
    return varintAsSafeInt();
  }

  /** The halves of any varint in varint64 (addresses, time_nanos). */
  halves(): void {
    readVarint64(this.buf, this.pos, this.len);
    this.pos = varint64.pos;
  }

  /** The end of a length-delimited field that starts here, checked against `end`. */
  lenEnd(end: number, what: string): number {
    const n = this.u32();
    const e = this.pos + n;
    if (e > end) throw new FormatError(`truncated ${what}`);
    return e;
  }

  skip(wire: number, end: number): void {
    switch (wire) {
      case WIRE_VARINT:
        readVarint64(this.buf, this.pos, end);
        this.pos = varint64.pos;
        return;
      case WIRE_FIXED64:
        this.pos += 8;
        break;
      case WIRE_LEN:
        this.pos = this.lenEnd(end, 'length-delimited field');
        return;
      case WIRE_FIXED32:
        this.pos += 4;
        break;
      case 3:
      case 4:
        throw new FormatError('protobuf groups are not allowed');
      default:
        throw new FormatError(`invalid wire type ${wire}`);
    }
    if (this.pos > end) throw new FormatError('truncated fixed-size field');
  }
}

const TWO_32 = 4294967296;

/**
 * Columns start this small, so that growing them is a path every profile takes, the small
 * warm-up profiles of the spare worker included (see Wire.small); a large profile's columns
 * double a dozen times, less work than a pass counting its records.
 */
const FIRST_CAPACITY = 8;

/** Reads a repeated varint field, packed or not (Go packs only when there are more than two elements, §2). */
function readRepeated(w: Wire, wire: number, end: number, out: GrowableFloat64, signed: boolean): void {
  if (wire === WIRE_LEN) {
    const packedEnd = w.lenEnd(end, 'packed field');
    // A varint takes at least one byte: the field's length bounds its count.
    out.reserve(packedEnd - w.pos);
    const data = out.data;
    let n = out.length;
    const buf = w.buf;
    let p = w.pos;
    while (p < packedEnd) {
      const b = buf[p]!;
      if (b < 0x80) {
        data[n++] = b;
        p++;
      } else {
        w.pos = p;
        data[n++] = signed ? w.i64() : w.u64();
        p = w.pos;
      }
    }
    w.pos = p;
    out.length = n;
    if (p !== packedEnd) throw new FormatError('packed field overruns its length');
  } else if (wire === WIRE_VARINT) {
    out.push(signed ? w.i64() : w.u64());
  } else {
    throw new FormatError(`unexpected wire type ${wire} for a repeated integer`);
  }
}

type RawProfile = {
  sampleTypeStr: number[]; // pairs (type, unit) of string indexes
  /** Byte range of each Sample message: samples are decoded once locations are known. */
  sampleStart: GrowableInt32;
  sampleEnd: GrowableInt32;
  locId: GrowableFloat64;
  locMappingId: GrowableFloat64;
  locAddrHi: GrowableFloat64;
  locAddrLo: GrowableFloat64;
  locLineOffsets: GrowableInt32; // start of each location's lines in lineFuncId/lineNumber
  lineFuncId: GrowableFloat64;
  lineNumber: GrowableFloat64;
  funcId: GrowableFloat64;
  funcNameStr: GrowableFloat64;
  funcFileStr: GrowableFloat64;
  mappingId: number[];
  mappingFileStr: number[];
  mappingBuildIdStr: number[];
  /** Byte range of each string_table entry (decoded in one go at the end: decodeStrings). */
  stringStart: GrowableInt32;
  stringEnd: GrowableInt32;
  strings: string[];
  timeNanos: bigint;
  timeNanosSeen: boolean;
  durationNanos: number;
  periodTypeStr: [number, number] | null;
  period: number;
  commentStr: GrowableFloat64;
  defaultSampleTypeStr: number;
};

function decodeValueType(w: Wire, end: number): [number, number] {
  let type = 0;
  let unit = 0;
  while (w.pos < end) {
    const tag = w.u32();
    if (tag === 8) type = w.i64();
    else if (tag === 16) unit = w.i64();
    else w.skip(tag & 7, end);
  }
  return [type, unit];
}

function decodeLine(w: Wire, end: number, raw: RawProfile): void {
  let funcId = 0;
  let line = 0;
  while (w.pos < end) {
    const tag = w.u32();
    if (tag === 8) funcId = w.u64();
    else if (tag === 16) line = w.i64();
    else w.skip(tag & 7, end);
  }
  raw.lineFuncId.push(funcId);
  raw.lineNumber.push(line);
}

function decodeLocation(w: Wire, end: number, raw: RawProfile): void {
  let id = 0;
  let mappingId = 0;
  let addrHi = 0;
  let addrLo = 0;
  raw.locLineOffsets.push(raw.lineFuncId.length);
  while (w.pos < end) {
    const tag = w.u32();
    switch (tag) {
      case (1 << 3) | WIRE_VARINT:
        id = w.u64();
        break;
      case (2 << 3) | WIRE_VARINT:
        mappingId = w.u64();
        break;
      case (3 << 3) | WIRE_VARINT:
        // Addresses use all 64 bits (0xffffffffffffffff for threadcreate): keep the halves.
        w.halves();
        addrHi = varint64.hi;
        addrLo = varint64.lo;
        break;
      case (4 << 3) | WIRE_LEN: {
        const lineEnd = w.lenEnd(end, 'Line');
        decodeLine(w, lineEnd, raw);
        if (w.pos !== lineEnd) throw new FormatError('Line overruns its length');
        break;
      }
      default:
        w.skip(tag & 7, end);
    }
  }
  raw.locId.push(id);
  raw.locMappingId.push(mappingId);
  raw.locAddrHi.push(addrHi);
  raw.locAddrLo.push(addrLo);
}

function decodeFunction(w: Wire, end: number, raw: RawProfile): void {
  let id = 0;
  let name = 0;
  let file = 0;
  while (w.pos < end) {
    const tag = w.u32();
    if (tag === (1 << 3)) id = w.u64();
    else if (tag === (2 << 3)) name = w.i64();
    else if (tag === (4 << 3)) file = w.i64();
    else w.skip(tag & 7, end);
  }
  raw.funcId.push(id);
  raw.funcNameStr.push(name);
  raw.funcFileStr.push(file);
}

function decodeMapping(w: Wire, end: number, raw: RawProfile): void {
  let id = 0;
  let file = 0;
  let buildId = 0;
  while (w.pos < end) {
    const tag = w.u32();
    if (tag === (1 << 3)) id = w.u64();
    else if (tag === (5 << 3)) file = w.i64();
    else if (tag === (6 << 3)) buildId = w.i64();
    else w.skip(tag & 7, end);
  }
  raw.mappingId.push(id);
  raw.mappingFileStr.push(file);
  raw.mappingBuildIdStr.push(buildId);
}

/**
 * The string_table, from the byte range of each entry. ASCII entries (most function and file
 * names) are cut from one Latin-1 decoding of the part of the message they lie in (Go writes them
 * one after the other): a slice each, faster than a string built a character at a time or a
 * TextDecoder call per string (docs/performance.md has the three measured). One path for every length and
 * every profile (the spare worker's warm-up trains it: see Wire.small); other entries are decoded
 * as UTF-8, each on its own (testdata/unicode checks them against Go).
 */
function decodeStrings(buf: Uint8Array, start: Int32Array, end: Int32Array, n: number): string[] {
  const strings: string[] = [];
  if (n === 0) return strings;
  const base = start[0]!;
  const top = end[n - 1]!;
  let bytes = 0;
  for (let k = 0; k < n; k++) bytes += end[k]! - start[k]!;
  // Entries are in message order; other fields between them (or none) cost at most as much.
  const region = top - base <= 2 * bytes + 4096 ? latin1.decode(buf.subarray(base, top)) : '';
  for (let k = 0; k < n; k++) {
    const a = start[k]!;
    const b = end[k]!;
    let ascii = region !== '';
    for (let i = a; i < b && ascii; i++) ascii = buf[i]! < 0x80;
    strings.push(ascii ? region.substring(a - base, b - base) : utf8.decode(buf.subarray(a, b)));
  }
  return strings;
}

/** Decodes the wire format into flat columns (samples excepted); no cross-references resolved yet. */
function decodeRaw(bytes: Uint8Array): RawProfile {
  const raw: RawProfile = {
    sampleTypeStr: [],
    sampleStart: new GrowableInt32(FIRST_CAPACITY),
    sampleEnd: new GrowableInt32(FIRST_CAPACITY),
    locId: new GrowableFloat64(FIRST_CAPACITY),
    locMappingId: new GrowableFloat64(FIRST_CAPACITY),
    locAddrHi: new GrowableFloat64(FIRST_CAPACITY),
    locAddrLo: new GrowableFloat64(FIRST_CAPACITY),
    locLineOffsets: new GrowableInt32(FIRST_CAPACITY),
    lineFuncId: new GrowableFloat64(FIRST_CAPACITY),
    lineNumber: new GrowableFloat64(FIRST_CAPACITY),
    funcId: new GrowableFloat64(FIRST_CAPACITY),
    funcNameStr: new GrowableFloat64(FIRST_CAPACITY),
    funcFileStr: new GrowableFloat64(FIRST_CAPACITY),
    mappingId: [],
    mappingFileStr: [],
    mappingBuildIdStr: [],
    stringStart: new GrowableInt32(FIRST_CAPACITY),
    stringEnd: new GrowableInt32(FIRST_CAPACITY),
    strings: [],
    timeNanos: 0n,
    timeNanosSeen: false,
    durationNanos: 0,
    periodTypeStr: null,
    period: 0,
    commentStr: new GrowableFloat64(FIRST_CAPACITY),
    defaultSampleTypeStr: 0,
  };
  const w = new Wire(bytes);
  const end = w.len;
  while (w.pos < end) {
    topFieldAt = w.pos;
    const tag = w.u32();
    topField = tag >>> 3;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) throw new FormatError('illegal field number 0');
    if (wire === WIRE_LEN && ((field >= 1 && field <= 6) || field === 11)) {
      const msgEnd = w.lenEnd(end, `field ${field}`);
      switch (field) {
        case 1: {
          const [t, u] = decodeValueType(w, msgEnd);
          raw.sampleTypeStr.push(t, u);
          break;
        }
        case 2:
          // Go writes samples before the locations they refer to: keep the range for later.
          raw.sampleStart.push(w.pos);
          raw.sampleEnd.push(msgEnd);
          w.pos = msgEnd;
          break;
        case 3:
          decodeMapping(w, msgEnd, raw);
          break;
        case 4:
          decodeLocation(w, msgEnd, raw);
          break;
        case 5:
          decodeFunction(w, msgEnd, raw);
          break;
        case 6:
          raw.stringStart.push(w.pos);
          raw.stringEnd.push(msgEnd);
          w.pos = msgEnd;
          break;
        default:
          raw.periodTypeStr = decodeValueType(w, msgEnd);
      }
      if (w.pos !== msgEnd) throw new FormatError(`field ${field} overruns its length`);
      continue;
    }
    switch (field) {
      case 9:
        if (wire !== WIRE_VARINT) throw new FormatError('time_nanos is not a varint');
        if (raw.timeNanosSeen) throw new FormatError('concatenated profiles detected');
        w.halves();
        raw.timeNanos = varintAsBigInt(true);
        raw.timeNanosSeen = true;
        break;
      case 10:
        raw.durationNanos = readI64(w, wire);
        break;
      case 12:
        raw.period = readI64(w, wire);
        break;
      case 13:
        readRepeated(w, wire, end, raw.commentStr, true);
        break;
      case 14:
        raw.defaultSampleTypeStr = readI64(w, wire);
        break;
      default:
        w.skip(wire, end);
    }
  }
  raw.strings = decodeStrings(bytes, raw.stringStart.data, raw.stringEnd.data, raw.stringStart.length);
  return raw;
}

function readI64(w: Wire, wire: number): number {
  if (wire !== WIRE_VARINT) throw new FormatError(`unexpected wire type ${wire} for an integer`);
  return w.i64();
}

// One decoder for all strings; `fatal: false` as Go keeps invalid UTF-8 bytes.
const utf8 = new TextDecoder('utf-8');
// One byte, one UTF-16 unit (WHATWG's "latin1" is windows-1252, the same on ASCII): used on ASCII only.
const latin1 = new TextDecoder('latin1');

/** Is this (decompressed) input plausibly a profile.proto? Cheap: the first tag. */
export function looksLikeProfileProto(bytes: Uint8Array): boolean {
  if (bytes.length < 2) return false;
  const tag = bytes[0]!;
  const field = tag >>> 3;
  const wire = tag & 7;
  if (field < 1 || field > 15) return false;
  return (wire === WIRE_LEN && field <= 6) || wire === WIRE_VARINT || wire === WIRE_LEN;
}

/**
 * Decodes a profile.proto message (already gunzipped). Throws FormatError with pprof's wording
 * where pprof has one (malformed profile format, concatenated profiles…).
 */
export function decodeProfileProto(bytes: Uint8Array, encoding: ProfileEncoding): ProfileModel {
  if (bytes.length === 0) throw new FormatError('empty input file');
  let raw: RawProfile;
  topFieldAt = -1;
  try {
    raw = decodeRaw(bytes);
  } catch (e) {
    // Where the wire format broke: the top-level field being read, by its byte offset.
    throw new FormatError('pprof.malformed', {
      detail: e instanceof FormatError ? e.msg : e instanceof Error ? e.message : String(e),
      field: topField,
      offset: Math.max(0, topFieldAt),
      inGzip: encoding === 'gzip-protobuf',
    });
  }
  buildField = 0;
  buildIndex = -1;
  try {
    return buildModel(raw, bytes, encoding);
  } catch (e) {
    // Where the record the check failed on starts: the index of the message of that field
    // (a sample, location, function…) found again by walking the top-level fields.
    const at = buildField > 0 && buildIndex >= 0 ? topLevelFieldOffset(bytes, buildField, buildIndex) : -1;
    const detail = e instanceof FormatError ? e.msg : message(`not a valid profile.proto message (${e instanceof Error ? e.message : e})`);
    // The wire format was read: a profile, whose content is wrong (pprof.invalid, not unrecognized).
    if (at < 0) throw new FormatError('pprof.invalid', { detail });
    throw new FormatError('pprof.invalid', { detail, field: buildField, offset: at, inGzip: encoding === 'gzip-protobuf' });
  }
}

/**
 * The record buildModel is checking: its top-level field and the index of that field's
 * message (-1: none, a check of the whole profile), for the offset of a failure.
 */
let buildField = 0;
let buildIndex = -1;

/** The byte offset of the tag of the `k`-th (0-based) top-level `field`, or -1. */
export function topLevelFieldOffset(bytes: Uint8Array, field: number, k: number): number {
  const w = new Wire(bytes);
  let seen = 0;
  try {
    while (w.pos < w.len) {
      const at = w.pos;
      const tag = w.u32();
      const wire = tag & 7;
      if (tag >>> 3 === field && seen++ === k) return at;
      w.skip(wire, w.len);
    }
  } catch {
    return -1;
  }
  return -1;
}

/** The top-level field decodeRaw is reading and where it starts: for the message of a failure. */
let topFieldAt = -1;
let topField = 0;

/**
 * Whether the first bytes of a larger file (`size` bytes) already rule out profile.proto, by
 * the rules decodeRaw applies to the top-level fields: the FormatError it would end in, or
 * null when the prefix is consistent so far (only the whole file can tell). Never rejects what
 * decodeRaw accepts: fields are only walked, not decoded.
 */
export function profileProtoPrefixError(prefix: Uint8Array, size: number, inGzip = false): FormatError | null {
  let pos = 0;
  const n = prefix.length;
  const fail = (detail: string, field: number, at: number) =>
    new FormatError('pprof.malformed', { detail: message(detail), field, offset: at, inGzip });
  while (pos < n) {
    const at = pos;
    try {
      readVarint64(prefix, pos, n);
    } catch {
      return null; // cut by the prefix, or too long: decodeRaw tells
    }
    if (varint64.hi !== 0) return null;
    const tag = varint64.lo;
    pos = varint64.pos;
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) return fail('illegal field number 0', field, at);
    if (wire === 3 || wire === 4) return fail('protobuf groups are not allowed', field, at);
    if (wire === 6 || wire === 7) return fail(`invalid wire type ${wire}`, field, at);
    if (field === 9 && wire !== WIRE_VARINT) return fail('time_nanos is not a varint', field, at);
    if ((field === 10 || field === 12 || field === 14) && wire !== WIRE_VARINT) {
      return fail(`unexpected wire type ${wire} for an integer`, field, at);
    }
    if (field === 13 && wire !== WIRE_VARINT && wire !== WIRE_LEN) {
      return fail(`unexpected wire type ${wire} for a repeated integer`, field, at);
    }
    if (wire === WIRE_VARINT) {
      try {
        readVarint64(prefix, pos, n);
      } catch {
        return null;
      }
      pos = varint64.pos;
    } else if (wire === WIRE_FIXED64) {
      pos += 8;
    } else if (wire === WIRE_FIXED32) {
      pos += 4;
    } else {
      try {
        readVarint64(prefix, pos, n);
      } catch {
        return null;
      }
      if (varint64.hi > 0x1fffff) return null;
      const len = varint64.lo; // decodeRaw reads lengths as their low 32 bits
      pos = varint64.pos;
      if (pos + len > size) {
        const known = (field >= 1 && field <= 6) || field === 11;
        return fail(known ? `truncated field ${field}` : 'truncated length-delimited field', field, at);
      }
      pos += len;
    }
  }
  return null;
}

function buildModel(raw: RawProfile, bytes: Uint8Array, encoding: ProfileEncoding): ProfileModel {
  const S = raw.strings;
  buildField = 6;
  buildIndex = S.length > 0 ? 0 : -1;
  if (S.length === 0 || S[0] !== '') throw new FormatError('malformed profile format: string_table[0] must be ""');
  const str = (i: number): string => {
    if (!(i >= 0 && i < S.length)) throw new FormatError(`malformed profile format: string index ${i} out of range`);
    return S[i]!;
  };
  const sampleTypes = [];
  buildField = 1;
  for (let i = 0; i < raw.sampleTypeStr.length; i += 2) {
    buildIndex = i >> 1;
    sampleTypes.push({ type: str(raw.sampleTypeStr[i]!), unit: str(raw.sampleTypeStr[i + 1]!) });
  }
  const nSamples = raw.sampleStart.length;
  buildField = 0;
  buildIndex = -1;
  if (sampleTypes.length === 0 && nSamples > 0) throw new FormatError('missing sample type information');
  // Location ids take one or two bytes each: half the samples' bytes sizes the stack table
  // (pages that stay unwritten cost nothing; a table that turns out too small grows once).
  const sampleBytes = nSamples > 0 ? raw.sampleEnd.data[nSamples - 1]! - raw.sampleStart.data[0]! : 0;
  const b = new ProfileBuilder(sampleTypes, (sampleBytes >> 1) + 16, FIRST_CAPACITY);

  // Functions by id.
  const nFuncs = raw.funcId.length;
  const funcIndexById = new IdIndex(raw.funcId.data, nFuncs);
  buildField = 5;
  for (let i = 0; i < nFuncs; i++) {
    buildIndex = i;
    const id = raw.funcId.data[i]!;
    if (id === 0) throw new FormatError('found function with reserved id=0');
    if (funcIndexById.get(id) >= 0) throw new FormatError(`multiple functions with same id: ${id}`);
    funcIndexById.set(id, i);
  }
  const mappingIds = new Set<number>();
  buildField = 3;
  buildIndex = -1;
  for (const id of raw.mappingId) {
    buildIndex++;
    if (id === 0) throw new FormatError('found mapping with reserved id=0');
    if (mappingIds.has(id)) throw new FormatError(`multiple mappings with same id: ${id}`);
    mappingIds.add(id);
  }

  // The model's function of each Function message, once known (-1 before).
  const funcOfFunction = new Int32Array(nFuncs).fill(-1);

  // Each location expands into frames; frames are listed leaf-first (line[0] innermost).
  const nLocs = raw.locId.length;
  const locIndexById = new IdIndex(raw.locId.data, nLocs);
  const locFrameStart = new Int32Array(nLocs + 1);
  const locFrames = new GrowableInt32(FIRST_CAPACITY);
  buildField = 4;
  for (let i = 0; i < nLocs; i++) {
    buildIndex = i;
    const id = raw.locId.data[i]!;
    if (id === 0) throw new FormatError('found location with reserved id=0');
    if (locIndexById.get(id) >= 0) throw new FormatError(`multiple locations with same id: ${id}`);
    locIndexById.set(id, i);
    const m = raw.locMappingId.data[i]!;
    if (m !== 0 && !mappingIds.has(m)) throw new FormatError(`location id: ${id} has missing mapping id: ${m}`);
    locFrameStart[i] = locFrames.length;
    const lineStart = raw.locLineOffsets.data[i]!;
    const lineEnd = i + 1 < nLocs ? raw.locLineOffsets.data[i + 1]! : raw.lineFuncId.length;
    // Unsymbolized: named by its address, as pprof prints it (formatted only then: a string per
    // location is measurable on a cold parse).
    if (lineEnd === lineStart) {
      locFrames.push(b.newFrame(b.func(hex64(raw.locAddrHi.data[i]!, raw.locAddrLo.data[i]!), ''), 0, false));
    }
    for (let l = lineStart; l < lineEnd; l++) {
      const fid = raw.lineFuncId.data[l]!;
      if (fid === 0) throw new FormatError(`location id: ${id} has a line with function id 0`);
      const fi = funcIndexById.get(fid);
      if (fi < 0) throw new FormatError(`location id: ${id} has missing function id: ${fid}`);
      let func = funcOfFunction[fi]!;
      if (func < 0) {
        const name = str(raw.funcNameStr.data[fi]!);
        const file = str(raw.funcFileStr.data[fi]!);
        func = b.func(name === '' ? hex64(raw.locAddrHi.data[i]!, raw.locAddrLo.data[i]!) : name, file);
        // A nameless function is named by each location's address: not cached.
        if (name !== '') funcOfFunction[fi] = func;
      }
      locFrames.push(b.newFrame(func, raw.lineNumber.data[l]!, l < lineEnd - 1));
    }
  }
  locFrameStart[nLocs] = locFrames.length;
  buildField = 2;

  const sampleStack = decodeSamples(raw, bytes, sampleTypes.length, b.stacks, {
    dense: locIndexById.dense,
    byId: locIndexById.map,
    frameStart: locFrameStart,
    frames: locFrames.data,
  });
  b.setSamples(sampleStack.stack, sampleStack.values, sampleStack.labelHash);
  buildIndex = 0;

  // pprof's decoder always gives a period type, empty when the message has none ("/").
  buildField = 11;
  const periodType = raw.periodTypeStr
    ? { type: str(raw.periodTypeStr[0]), unit: str(raw.periodTypeStr[1]) }
    : { type: '', unit: '' };
  buildField = 3;
  const mainBinary = raw.mappingFileStr.length > 0 ? str(raw.mappingFileStr[0]!) : '';
  const mainBuildId = raw.mappingBuildIdStr.length > 0 ? str(raw.mappingBuildIdStr[0]!) : '';
  buildField = 14;
  const defaultIndex = defaultSampleTypeIndex(sampleTypes, str(raw.defaultSampleTypeStr));
  buildField = 13;
  const comments = Array.from(raw.commentStr.data.subarray(0, raw.commentStr.length), str);
  buildField = 0;
  buildIndex = -1;
  const model = b.finish({
    encoding,
    formatName: 'pprof',
    defaultSampleTypeIndex: defaultIndex,
    period: raw.period,
    periodType,
    durationNs: raw.durationNanos,
    timeNanos: raw.timeNanos,
    recordCounts: { samples: nSamples, locations: nLocs, functions: nFuncs },
    comments,
    mainBinary,
  });
  if (mainBuildId !== '') model.mainBuildId = mainBuildId;
  return model;
}

/**
 * Record index by id. Ids are small and dense in practice (Go numbers them 1..n): a typed array
 * indexed by id then, one read per lookup; a map only for sparse ids.
 */
class IdIndex {
  /** Index by id, -1 where none; empty when the ids are too sparse for an array. */
  readonly dense: Int32Array;
  readonly map: Map<number, number> | null;
  constructor(ids: Float64Array, n: number) {
    let max = 0;
    for (let i = 0; i < n; i++) max = Math.max(max, ids[i]!);
    const isDense = max <= 4 * n + 1024;
    this.dense = new Int32Array(isDense ? max + 1 : 0).fill(-1);
    this.map = isDense ? null : new Map();
  }
  /** The index of `id`, or -1. */
  get(id: number): number {
    return this.map ? (this.map.get(id) ?? -1) : id < this.dense.length ? this.dense[id]! : -1;
  }
  set(id: number, index: number): void {
    if (this.map) this.map.set(id, index);
    else this.dense[id] = index;
  }
}

type LocationFrames = {
  /** Location index by id, -1 where none; empty when ids are too sparse for an array. */
  dense: Int32Array;
  /** Location index by id when `dense` is empty. */
  byId: Map<number, number> | null;
  /** Frames of location i: frames[frameStart[i] .. frameStart[i + 1]), leaf first. */
  frameStart: Int32Array;
  frames: Int32Array;
};

/**
 * The second pass, over the Sample messages: each sample's location ids are read and resolved
 * into a small reused buffer (they are listed leaf first), then its frames are inserted into
 * the stack tree root first. One loop, no per-sample allocation, no intermediate id column.
 */
function decodeSamples(
  raw: RawProfile,
  bytes: Uint8Array,
  nTypes: number,
  tree: PrefixTreeBuilder,
  locs: LocationFrames,
): { stack: Int32Array; values: Float64Array[]; labelHash: Int32Array | undefined } {
  const nSamples = raw.sampleStart.length;
  const sampleStart = raw.sampleStart.data;
  const sampleEnd = raw.sampleEnd.data;
  const stacks = int32(nSamples);
  let labelHash: Int32Array | undefined;
  const values: Float64Array[] = [];
  for (let t = 0; t < nTypes; t++) values.push(float64(nSamples));
  const { dense, byId, frameStart, frames } = locs;
  const denseLength = dense.length;
  const w = new Wire(bytes);
  // Grows as deeper stacks come (from FIRST_CAPACITY: so that the warm-up trains growing it).
  let scratch: Int32Array = new Int32Array(FIRST_CAPACITY);
  for (let s = 0; s < nSamples; s++) {
    buildIndex = s;
    const end = sampleEnd[s]!;
    w.pos = sampleStart[s]!;
    let nLoc = 0;
    let nValues = 0;
    while (w.pos < end) {
      const tag = w.u32();
      const field = tag >>> 3;
      const wire = tag & 7;
      if (field !== 1 && field !== 2) {
        // Labels (3): only a hash of their bytes, which tells samples of one stack apart as
        // pprof's Merge does (a heap sample's object size is a label).
        if (field === 3 && wire === WIRE_LEN) {
          const labelEnd = w.lenEnd(end, 'label');
          // Made at the first label: a profile without labels (most CPU profiles) has none.
          labelHash ??= new Int32Array(nSamples);
          let h = labelHash[s]! ^ 0x811c9dc5;
          for (let i = w.pos; i < labelEnd; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
          labelHash[s] = h | 1; // never 0, which means "no label"
          w.pos = labelEnd;
          continue;
        }
        w.skip(wire, end);
        continue;
      }
      // Packed (a length, then the varints) or a single varint (Go packs only more than two):
      // one loop for both, so that the warm-up's small profiles, whose samples all have three
      // locations or more, train what a sample of one or two takes (see Wire.small). Each
      // varint goes through the reader for the same reason (their ids take one byte).
      let regionEnd = w.pos + 1;
      let limit = 1;
      if (wire === WIRE_LEN) {
        regionEnd = w.lenEnd(end, 'packed field');
        // A varint takes at least one byte: the field's length bounds its count.
        limit = regionEnd - w.pos;
      } else if (wire !== WIRE_VARINT) {
        throw new FormatError(`unexpected wire type ${wire} for a repeated integer`);
      }
      if (field === 1) {
        const stop = nLoc + limit;
        if (stop > scratch.length) scratch = grown(scratch, stop);
        while (nLoc < stop && w.pos < regionEnd) {
          const id = w.u64();
          const li = byId ? (byId.get(id) ?? -1) : id < denseLength ? dense[id]! : -1;
          if (li < 0) throw new FormatError(`sample has missing location id: ${id}`);
          scratch[nLoc++] = li;
        }
      } else {
        const stop = nValues + limit;
        while (nValues < stop && w.pos < regionEnd) {
          const v = w.i64();
          if (nValues < nTypes) values[nValues]![s] = v;
          nValues++;
        }
      }
      if (wire === WIRE_LEN && w.pos !== regionEnd) throw new FormatError('packed field overruns its length');
    }
    if (w.pos !== end) throw new FormatError('field 2 overruns its length');
    if (nValues !== nTypes) throw new FormatError(`mismatch: sample has ${nValues} values vs. ${nTypes} types`);
    // location_id is leaf first; the stack tree is built root first.
    let stack = -1;
    let fresh = false;
    for (let l = nLoc - 1; l >= 0; l--) {
      const li = scratch[l]!;
      for (let f = frameStart[li + 1]! - 1; f >= frameStart[li]!; f--) {
        if (fresh) stack = tree.appendToNew(stack, frames[f]!);
        else {
          const before = tree.length;
          stack = tree.child(stack, frames[f]!);
          fresh = tree.length > before;
        }
      }
    }
    stacks[s] = stack;
  }
  return { stack: stacks, values, labelHash };
}

/** A copy of `a` with room for `n` elements at least. */
function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, 2 * a.length));
  b.set(a);
  return b;
}
