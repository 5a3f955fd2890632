// Varint helpers shared by the protobuf and trace decoders.
//
// JavaScript numbers are exact only up to 2^53, and bitwise ops work on 32 bits, so a 64-bit
// varint is read as two 32-bit halves (low 32 bits, high 32 bits). Callers then choose what the
// field is: a safe integer (checked), a signed int64 (two's complement), or an address kept as
// halves or hex. Nothing here allocates.

/** The halves of the last varint read by readVarint64; module-level to avoid allocation. */
export const varint64 = { lo: 0, hi: 0, pos: 0 };

/**
 * Reads a varint of up to 10 bytes at `pos`; leaves the value in varint64.lo/hi and the
 * position after it in varint64.pos. Throws on a truncated or over-long varint.
 */
export function readVarint64(buf: Uint8Array, pos: number, end: number): void {
  let lo = 0;
  let hi = 0;
  let b = 0;
  // Bytes 0..3 carry bits 0..27 of the low half.
  for (let shift = 0; shift < 28; shift += 7) {
    if (pos >= end) throw new RangeError('truncated varint');
    b = buf[pos++]!;
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) {
      varint64.lo = lo >>> 0;
      varint64.hi = 0;
      varint64.pos = pos;
      return;
    }
  }
  // Byte 4 carries bits 28..31 of the low half and bits 0..2 of the high half.
  if (pos >= end) throw new RangeError('truncated varint');
  b = buf[pos++]!;
  lo |= (b & 0x0f) << 28;
  hi = (b & 0x7f) >> 4;
  if (b >= 0x80) {
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) throw new RangeError('truncated varint');
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) break;
      if (shift + 7 >= 32) throw new RangeError('varint longer than 10 bytes');
    }
  }
  varint64.lo = lo >>> 0;
  varint64.hi = hi >>> 0;
  varint64.pos = pos;
}

const TWO_32 = 4294967296;

/** The last varint as an unsigned number; throws if it does not fit exactly in a double. */
export function varintAsSafeUint(): number {
  if (varint64.hi > 0x1fffff) throw new RangeError('integer above 2^53');
  return varint64.hi * TWO_32 + varint64.lo;
}

/** The last varint as a signed int64 (two's complement); throws beyond ±2^53. */
export function varintAsSafeInt(): number {
  const hi = varint64.hi | 0;
  if (hi >= 0) return varintAsSafeUint();
  // Negative: value = hi * 2^32 + lo with hi negative.
  if (hi < -0x200000) throw new RangeError('integer below -2^53');
  return hi * TWO_32 + varint64.lo;
}

/** The last varint as a bigint (signed when `signed`), for wall-clock nanoseconds. */
export function varintAsBigInt(signed: boolean): bigint {
  const v = (BigInt(varint64.hi) << 32n) | BigInt(varint64.lo);
  return signed ? BigInt.asIntN(64, v) : v;
}

/** Lowercase hex without leading zeros of a 64-bit value given as halves, with "0x". */
export function hex64(hi: number, lo: number): string {
  if (hi === 0) return '0x' + lo.toString(16);
  return '0x' + hi.toString(16) + lo.toString(16).padStart(8, '0');
}
