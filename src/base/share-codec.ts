// Files packed into one string that travels in a URL fragment (a shared link) or inside a saved
// report: the files' bytes exactly as they were opened (so their content hash, and the link's
// view state naming them, stay the same), compressed with deflate, in base64url.
//
//   text   = base64url( VERSION, deflateRaw( MAGIC, count, { nameLength, name(UTF-8), size, bytes }* ) )
//
// counts and sizes are unsigned LEB128 varints. Decoding is strict: a string that is not
// base64url, a stream that does not inflate (truncated, corrupt), or a container whose lengths
// do not add up is refused with a Message, and nothing of it is returned.

import { deflateRaw, inflateRaw } from 'pako';
import { FormatError } from './errors';

export type PackedFile = { name: string; bytes: Uint8Array };

const VERSION = 1;
const MAGIC = [0x47, 0x4c, 0x53, 0x31]; // "GLS1"

function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

/** The container, uncompressed. */
function container(files: readonly PackedFile[]): Uint8Array {
  const head: number[] = [...MAGIC];
  pushVarint(head, files.length);
  const parts: Uint8Array[] = [];
  let total = head.length;
  const enc = new TextEncoder();
  parts.push(Uint8Array.from(head));
  for (const f of files) {
    const name = enc.encode(f.name);
    const h: number[] = [];
    pushVarint(h, name.length);
    const nameHead = Uint8Array.from(h);
    const s: number[] = [];
    pushVarint(s, f.bytes.length);
    const sizeHead = Uint8Array.from(s);
    parts.push(nameHead, name, sizeHead, f.bytes);
    total += nameHead.length + name.length + sizeHead.length + f.bytes.length;
  }
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The bytes of the packed files (version byte, then the deflated container). */
export function packFilesBinary(files: readonly PackedFile[]): Uint8Array {
  const z = deflateRaw(container(files), { level: 9 });
  const out = new Uint8Array(z.length + 1);
  out[0] = VERSION;
  out.set(z, 1);
  return out;
}

/** The files as one base64url string (the fragment's `d=` value). */
export function packFiles(files: readonly PackedFile[]): string {
  return toBase64Url(packFilesBinary(files));
}

/** The files of a packed string; a FormatError (`share.*`) when it is not one, whole. */
export function unpackFiles(text: string): PackedFile[] {
  return unpackFilesBinary(fromBase64Url(text));
}

export function unpackFilesBinary(bytes: Uint8Array): PackedFile[] {
  if (bytes.length < 2) throw new FormatError('share.truncated', { offset: bytes.length });
  if (bytes[0] !== VERSION) throw new FormatError('share.version', { version: bytes[0]! });
  let raw: Uint8Array;
  try {
    raw = inflateRaw(bytes.subarray(1));
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    // zlib's Z_BUF_ERROR: the stream ends before its last block.
    if (detail === 'buffer error') throw new FormatError('share.truncated', { offset: bytes.length });
    throw new FormatError('share.corrupt', { detail });
  }
  // pako returns what it could inflate of a stream cut short: the container's lengths catch it.
  if (!(raw instanceof Uint8Array) || raw.length === 0) throw new FormatError('share.truncated', { offset: bytes.length });
  let o = 0;
  const varint = (): number => {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 8; i++) {
      if (o >= raw.length) throw new FormatError('share.truncated', { offset: o });
      const b = raw[o++]!;
      v += (b & 0x7f) * mul;
      if (b < 0x80) return v;
      mul *= 0x80;
    }
    throw new FormatError('share.corrupt', { detail: `bad length at byte ${o}` });
  };
  for (let i = 0; i < MAGIC.length; i++) {
    if (raw[i] !== MAGIC[i]) throw new FormatError('share.corrupt', { detail: 'not GoLens data' });
  }
  o = MAGIC.length;
  const count = varint();
  const dec = new TextDecoder('utf-8', { fatal: true });
  const files: PackedFile[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = varint();
    if (o + nameLength > raw.length) throw new FormatError('share.truncated', { offset: raw.length });
    let name: string;
    try {
      name = dec.decode(raw.subarray(o, o + nameLength));
    } catch {
      throw new FormatError('share.corrupt', { detail: `file name ${i + 1} is not UTF-8` });
    }
    o += nameLength;
    const size = varint();
    if (o + size > raw.length) throw new FormatError('share.truncated', { offset: raw.length });
    files.push({ name, bytes: raw.slice(o, o + size) });
    o += size;
  }
  if (o !== raw.length) throw new FormatError('share.corrupt', { detail: `${raw.length - o} bytes after the last file` });
  return files;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  const chunk: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    chunk.push(ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!);
    if (chunk.length === 4096) {
      out += chunk.join('');
      chunk.length = 0;
    }
  }
  out += chunk.join('');
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function fromBase64Url(text: string): Uint8Array {
  if (text.length % 4 === 1) throw new FormatError('share.truncated', { offset: text.length });
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? DECODE[c]! : -1;
    if (v < 0) throw new FormatError('share.bad-character', { offset: i });
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}
