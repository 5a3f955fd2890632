// Cuts of a real profile.proto (for tests of what a reader says about a broken file): a
// top-level message removed whole, as a writer that lost one would leave it.

/** The bytes without the `k`-th (0-based) top-level message of `field`, and where it was. */
export function withoutTopLevelField(raw: Uint8Array, field: number, k: number): { bytes: Uint8Array; removedAt: number } {
  let pos = 0;
  let seen = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = raw[pos++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 128;
    }
  };
  while (pos < raw.length) {
    const at = pos;
    const tag = varint();
    const wire = tag & 7;
    if (wire === 0) varint();
    else if (wire === 1) pos += 8;
    else if (wire === 5) pos += 4;
    else if (wire === 2) {
      const n = varint();
      pos += n;
    }
    else throw new Error(`wire type ${wire} in a real profile`);
    if (tag >>> 3 === field && seen++ === k) {
      const bytes = new Uint8Array(raw.length - (pos - at));
      bytes.set(raw.subarray(0, at));
      bytes.set(raw.subarray(pos), at);
      return { bytes, removedAt: at };
    }
  }
  throw new Error(`no message ${k} of field ${field}`);
}
