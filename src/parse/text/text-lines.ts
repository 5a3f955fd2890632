// Shared helpers of the text parsers: decode once, walk lines, convert printed decimals to
// integer nanoseconds without floating-point error.

import { FormatError } from '../../base/errors';

const utf8 = new TextDecoder('utf-8');

export function decodeText(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/**
 * Splits text into lines (`\n`, a trailing `\r` removed). A final empty line after the last
 * `\n` is not returned.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * A printed decimal (`0.077`, `12`, `3.1`) times 10^digits, as an exact integer: `0.077` ms with
 * digits 6 is 77000 ns. Decimals beyond `digits` are rounded half up.
 */
export function decimalToScaledInt(s: string, digits: number): number {
  const dot = s.indexOf('.');
  const intPart = dot < 0 ? s : s.slice(0, dot);
  let frac = dot < 0 ? '' : s.slice(dot + 1);
  let roundUp = 0;
  if (frac.length > digits) {
    roundUp = frac.charCodeAt(digits) >= 53 /* '5' */ ? 1 : 0;
    frac = frac.slice(0, digits);
  }
  frac = frac.padEnd(digits, '0');
  const scale = 10 ** digits;
  const v = Number(intPart) * scale + (digits > 0 ? Number(frac) : 0) + roundUp;
  if (!Number.isFinite(v)) throw new FormatError(`number out of range: ${s}`);
  return v;
}

/** ms as printed by the runtime → ns. */
export function msToNs(s: string): number {
  return decimalToScaledInt(s, 6);
}

/** True when the first bytes contain no control characters other than tab, CR, LF, FF, VT. */
export function looksLikeText(bytes: Uint8Array, n = 512): boolean {
  const end = Math.min(bytes.length, n);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 9 || (b > 13 && b < 32)) return false;
  }
  return true;
}
