// profile.proto → ProfileModel, with protobufjs's low-level Reader and a field switch that
// writes straight into columns (../shared/docs/pprof-format.md §2–5). No message objects,
// no Long: 64-bit varints are read as two 32-bit halves (base/varint.ts).

import { Reader } from 'protobufjs/minimal.js';
import { FormatError } from '../../base/errors';
import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import {
  hex64,
  readVarint64,
  varint64,
  varintAsBigInt,
  varintAsSafeInt,
  varintAsSafeUint,
} from '../../base/varint';
import { ProfileBuilder, defaultSampleTypeIndex } from '../../model/profile-builder';
import type { ProfileEncoding, ProfileModel } from '../../model/profile';

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

function readU64(r: Reader): number {
  readVarint64(r.buf, r.pos, r.len);
  r.pos = varint64.pos;
  return varintAsSafeUint();
}
function readI64(r: Reader): number {
  readVarint64(r.buf, r.pos, r.len);
  r.pos = varint64.pos;
  return varintAsSafeInt();
}

/**
 * Reads a repeated scalar that may be packed or not (Go packs only when there are more than
 * two elements, §2), pushing each element through `read`.
 */
function readRepeated(r: Reader, wireType: number, read: (r: Reader) => void): void {
  if (wireType === WIRE_LEN) {
    const end = r.uint32() + r.pos;
    if (end > r.len) throw new FormatError('truncated packed field');
    while (r.pos < end) read(r);
    if (r.pos !== end) throw new FormatError('packed field overruns its length');
  } else if (wireType === WIRE_VARINT) {
    read(r);
  } else {
    throw new FormatError(`unexpected wire type ${wireType} for a repeated integer`);
  }
}

type RawProfile = {
  sampleTypeStr: number[]; // pairs (type, unit) of string indexes
  sampleLocOffsets: GrowableInt32; // start of each sample's location ids in sampleLocIds
  sampleLocIds: GrowableFloat64;
  sampleValueOffsets: GrowableInt32;
  sampleValues: GrowableFloat64;
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
  strings: string[];
  timeNanos: bigint;
  timeNanosSeen: boolean;
  durationNanos: number;
  periodTypeStr: [number, number] | null;
  period: number;
  commentStr: number[];
  defaultSampleTypeStr: number;
};

function decodeValueType(r: Reader, end: number): [number, number] {
  let type = 0;
  let unit = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        type = readI64(r);
        break;
      case 2:
        unit = readI64(r);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  return [type, unit];
}

function decodeSample(r: Reader, end: number, raw: RawProfile): void {
  raw.sampleLocOffsets.push(raw.sampleLocIds.length);
  raw.sampleValueOffsets.push(raw.sampleValues.length);
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      // The two hot fields of every sample, read without a callback (packed or not, §2).
      case 1: {
        const ids = raw.sampleLocIds;
        if ((tag & 7) === WIRE_LEN) {
          const packedEnd = r.uint32() + r.pos;
          if (packedEnd > end) throw new FormatError('truncated packed field');
          while (r.pos < packedEnd) ids.push(readU64(r));
        } else if ((tag & 7) === WIRE_VARINT) ids.push(readU64(r));
        else throw new FormatError(`unexpected wire type ${tag & 7} for location_id`);
        break;
      }
      case 2: {
        const values = raw.sampleValues;
        if ((tag & 7) === WIRE_LEN) {
          const packedEnd = r.uint32() + r.pos;
          if (packedEnd > end) throw new FormatError('truncated packed field');
          while (r.pos < packedEnd) values.push(readI64(r));
        } else if ((tag & 7) === WIRE_VARINT) values.push(readI64(r));
        else throw new FormatError(`unexpected wire type ${tag & 7} for value`);
        break;
      }
      default:
        // Labels (3) are not needed by the views yet.
        r.skipType(tag & 7);
    }
  }
}

function decodeLine(r: Reader, end: number, raw: RawProfile): void {
  let funcId = 0;
  let line = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        funcId = readU64(r);
        break;
      case 2:
        line = readI64(r);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  raw.lineFuncId.push(funcId);
  raw.lineNumber.push(line);
}

function decodeLocation(r: Reader, end: number, raw: RawProfile): void {
  let id = 0;
  let mappingId = 0;
  let addrHi = 0;
  let addrLo = 0;
  raw.locLineOffsets.push(raw.lineFuncId.length);
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        id = readU64(r);
        break;
      case 2:
        mappingId = readU64(r);
        break;
      case 3:
        // Addresses use all 64 bits (0xffffffffffffffff for threadcreate): keep the halves.
        readVarint64(r.buf, r.pos, r.len);
        r.pos = varint64.pos;
        addrHi = varint64.hi;
        addrLo = varint64.lo;
        break;
      case 4: {
        const len = r.uint32();
        const lineEnd = r.pos + len;
        if (lineEnd > end) throw new FormatError('truncated Line');
        decodeLine(r, lineEnd, raw);
        break;
      }
      default:
        r.skipType(tag & 7);
    }
  }
  raw.locId.push(id);
  raw.locMappingId.push(mappingId);
  raw.locAddrHi.push(addrHi);
  raw.locAddrLo.push(addrLo);
}

function decodeFunction(r: Reader, end: number, raw: RawProfile): void {
  let id = 0;
  let name = 0;
  let file = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        id = readU64(r);
        break;
      case 2:
        name = readI64(r);
        break;
      case 4:
        file = readI64(r);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  raw.funcId.push(id);
  raw.funcNameStr.push(name);
  raw.funcFileStr.push(file);
}

function decodeMapping(r: Reader, end: number, raw: RawProfile): void {
  let id = 0;
  let file = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    switch (tag >>> 3) {
      case 1:
        id = readU64(r);
        break;
      case 5:
        file = readI64(r);
        break;
      default:
        r.skipType(tag & 7);
    }
  }
  raw.mappingId.push(id);
  raw.mappingFileStr.push(file);
}

/** Decodes the wire format into flat columns; no cross-references resolved yet. */
function decodeRaw(bytes: Uint8Array): RawProfile {
  const raw: RawProfile = {
    sampleTypeStr: [],
    sampleLocOffsets: new GrowableInt32(),
    sampleLocIds: new GrowableFloat64(),
    sampleValueOffsets: new GrowableInt32(),
    sampleValues: new GrowableFloat64(),
    locId: new GrowableFloat64(),
    locMappingId: new GrowableFloat64(),
    locAddrHi: new GrowableFloat64(),
    locAddrLo: new GrowableFloat64(),
    locLineOffsets: new GrowableInt32(),
    lineFuncId: new GrowableFloat64(),
    lineNumber: new GrowableFloat64(),
    funcId: new GrowableFloat64(),
    funcNameStr: new GrowableFloat64(),
    funcFileStr: new GrowableFloat64(),
    mappingId: [],
    mappingFileStr: [],
    strings: [],
    timeNanos: 0n,
    timeNanosSeen: false,
    durationNanos: 0,
    periodTypeStr: null,
    period: 0,
    commentStr: [],
    defaultSampleTypeStr: 0,
  };
  const r = Reader.create(bytes);
  const end = r.len;
  while (r.pos < end) {
    const tag = r.uint32();
    const field = tag >>> 3;
    const wire = tag & 7;
    if (field === 0) throw new FormatError('illegal field number 0');
    if (wire === WIRE_LEN && field >= 1 && field <= 11 && field !== 7 && field !== 8 && field !== 9 && field !== 10) {
      const len = r.uint32();
      const msgEnd = r.pos + len;
      if (msgEnd > end) throw new FormatError(`truncated field ${field}`);
      switch (field) {
        case 1: {
          const [t, u] = decodeValueType(r, msgEnd);
          raw.sampleTypeStr.push(t, u);
          break;
        }
        case 2:
          decodeSample(r, msgEnd, raw);
          break;
        case 3:
          decodeMapping(r, msgEnd, raw);
          break;
        case 4:
          decodeLocation(r, msgEnd, raw);
          break;
        case 5:
          decodeFunction(r, msgEnd, raw);
          break;
        case 6:
          raw.strings.push(utf8.decode(r.buf.subarray(r.pos, msgEnd)));
          r.pos = msgEnd;
          break;
        case 11:
          raw.periodTypeStr = decodeValueType(r, msgEnd);
          break;
        default:
          r.pos = msgEnd;
      }
      if (r.pos !== msgEnd) throw new FormatError(`field ${field} overruns its length`);
      continue;
    }
    switch (field) {
      case 9:
        if (wire !== WIRE_VARINT) throw new FormatError('time_nanos is not a varint');
        if (raw.timeNanosSeen) throw new FormatError('concatenated profiles detected');
        readVarint64(r.buf, r.pos, r.len);
        r.pos = varint64.pos;
        raw.timeNanos = varintAsBigInt(true);
        raw.timeNanosSeen = true;
        break;
      case 10:
        raw.durationNanos = readI64(r);
        break;
      case 12:
        raw.period = readI64(r);
        break;
      case 13:
        readRepeated(r, wire, (rr) => raw.commentStr.push(readI64(rr)));
        break;
      case 14:
        raw.defaultSampleTypeStr = readI64(r);
        break;
      default:
        if (wire === 3 || wire === 4) throw new FormatError('protobuf groups are not allowed');
        r.skipType(wire);
    }
  }
  return raw;
}

// One decoder for all strings; `fatal: false` as Go keeps invalid UTF-8 bytes.
const utf8 = new TextDecoder('utf-8');

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
  try {
    raw = decodeRaw(bytes);
  } catch (e) {
    if (e instanceof FormatError) throw e;
    throw new FormatError(`not a valid profile.proto message (${e instanceof Error ? e.message : e})`);
  }
  return buildModel(raw, encoding);
}

function buildModel(raw: RawProfile, encoding: ProfileEncoding): ProfileModel {
  const S = raw.strings;
  if (S.length === 0 || S[0] !== '') throw new FormatError('malformed profile format: string_table[0] must be ""');
  const str = (i: number): string => {
    if (!(i >= 0 && i < S.length)) throw new FormatError(`malformed profile format: string index ${i} out of range`);
    return S[i]!;
  };
  const sampleTypes = [];
  for (let i = 0; i < raw.sampleTypeStr.length; i += 2) {
    sampleTypes.push({ type: str(raw.sampleTypeStr[i]!), unit: str(raw.sampleTypeStr[i + 1]!) });
  }
  const nSamples = raw.sampleLocOffsets.length;
  if (sampleTypes.length === 0 && nSamples > 0) throw new FormatError('missing sample type information');
  // Inlined frames make stacks a little longer than their location lists.
  const b = new ProfileBuilder(sampleTypes, raw.sampleLocIds.length + 16);

  // Functions by id.
  const funcIndexById = new Map<number, number>();
  const nFuncs = raw.funcId.length;
  for (let i = 0; i < nFuncs; i++) {
    const id = raw.funcId.data[i]!;
    if (id === 0) throw new FormatError('found function with reserved id=0');
    if (funcIndexById.has(id)) throw new FormatError(`multiple functions with same id: ${id}`);
    funcIndexById.set(id, i);
  }
  const mappingIds = new Set<number>();
  for (const id of raw.mappingId) {
    if (id === 0) throw new FormatError('found mapping with reserved id=0');
    if (mappingIds.has(id)) throw new FormatError(`multiple mappings with same id: ${id}`);
    mappingIds.add(id);
  }

  // Each location expands into frames; frames are listed leaf-first (line[0] innermost).
  const nLocs = raw.locId.length;
  const locIndexById = new Map<number, number>();
  const locFrameStart = new Int32Array(nLocs + 1);
  const locFrames = new GrowableInt32();
  for (let i = 0; i < nLocs; i++) {
    const id = raw.locId.data[i]!;
    if (id === 0) throw new FormatError('found location with reserved id=0');
    if (locIndexById.has(id)) throw new FormatError(`multiple locations with same id: ${id}`);
    locIndexById.set(id, i);
    const m = raw.locMappingId.data[i]!;
    if (m !== 0 && !mappingIds.has(m)) throw new FormatError(`location id: ${id} has missing mapping id: ${m}`);
    locFrameStart[i] = locFrames.length;
    const lineStart = raw.locLineOffsets.data[i]!;
    const lineEnd = i + 1 < nLocs ? raw.locLineOffsets.data[i + 1]! : raw.lineFuncId.length;
    const address = hex64(raw.locAddrHi.data[i]!, raw.locAddrLo.data[i]!);
    if (lineEnd === lineStart) {
      // Unsymbolized: named by its address, as pprof prints it.
      locFrames.push(b.frame(`${i}`, b.func(address, ''), 0, false));
    }
    for (let l = lineStart; l < lineEnd; l++) {
      const fid = raw.lineFuncId.data[l]!;
      if (fid === 0) throw new FormatError(`location id: ${id} has a line with function id 0`);
      const fi = funcIndexById.get(fid);
      if (fi === undefined) throw new FormatError(`location id: ${id} has missing function id: ${fid}`);
      const name = str(raw.funcNameStr.data[fi]!);
      const file = str(raw.funcFileStr.data[fi]!);
      const func = b.func(name === '' ? address : name, file);
      locFrames.push(b.frame(`${i}:${l}`, func, raw.lineNumber.data[l]!, l < lineEnd - 1));
    }
  }
  locFrameStart[nLocs] = locFrames.length;

  // Location ids are small and dense in practice (Go numbers them 1..n): index them by id in a
  // typed array, one lookup per frame of every sample. Sparse ids fall back to the map.
  let maxLocId = 0;
  for (let i = 0; i < nLocs; i++) maxLocId = Math.max(maxLocId, raw.locId.data[i]!);
  const denseLocIndex = new Int32Array(maxLocId <= 4 * nLocs + 1024 ? maxLocId + 1 : 0).fill(-1);
  if (denseLocIndex.length > 0) for (const [id, i] of locIndexById) denseLocIndex[id] = i;

  // Samples: location_id is leaf first; the stack tree is built root first.
  const nTypes = sampleTypes.length;
  const values = new Float64Array(nTypes);
  const locScratch = new GrowableInt32(64);
  for (let s = 0; s < nSamples; s++) {
    const vStart = raw.sampleValueOffsets.data[s]!;
    const vEnd = s + 1 < nSamples ? raw.sampleValueOffsets.data[s + 1]! : raw.sampleValues.length;
    if (vEnd - vStart !== nTypes) {
      throw new FormatError(`mismatch: sample has ${vEnd - vStart} values vs. ${nTypes} types`);
    }
    for (let t = 0; t < nTypes; t++) values[t] = raw.sampleValues.data[vStart + t]!;
    const lStart = raw.sampleLocOffsets.data[s]!;
    const lEnd = s + 1 < nSamples ? raw.sampleLocOffsets.data[s + 1]! : raw.sampleLocIds.length;
    locScratch.length = 0;
    for (let l = lStart; l < lEnd; l++) {
      const locId = raw.sampleLocIds.data[l]!;
      const li =
        denseLocIndex.length > 0
          ? locId < denseLocIndex.length
            ? denseLocIndex[locId]!
            : -1
          : (locIndexById.get(locId) ?? -1);
      if (li < 0) throw new FormatError(`sample has missing location id: ${locId}`);
      locScratch.push(li);
    }
    let stack = -1;
    for (let l = locScratch.length - 1; l >= 0; l--) {
      const li = locScratch.data[l]!;
      for (let f = locFrameStart[li + 1]! - 1; f >= locFrameStart[li]!; f--) {
        stack = b.stack(stack, locFrames.data[f]!);
      }
    }
    b.addSample(stack, values);
  }

  // pprof's decoder always gives a period type, empty when the message has none ("/").
  const periodType = raw.periodTypeStr
    ? { type: str(raw.periodTypeStr[0]), unit: str(raw.periodTypeStr[1]) }
    : { type: '', unit: '' };
  const mainBinary = raw.mappingFileStr.length > 0 ? str(raw.mappingFileStr[0]!) : '';
  return b.finish({
    encoding,
    formatName: 'pprof',
    defaultSampleTypeIndex: defaultSampleTypeIndex(sampleTypes, str(raw.defaultSampleTypeStr)),
    period: raw.period,
    periodType,
    durationNs: raw.durationNanos,
    timeNanos: raw.timeNanos.toString(),
    recordCounts: { samples: nSamples, locations: nLocs, functions: nFuncs },
    comments: raw.commentStr.map(str),
    mainBinary,
  });
}
