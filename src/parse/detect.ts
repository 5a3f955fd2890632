// The one sniff-and-dispatch entry: bytes → parsed model. The format is told by the bytes,
// never by the file name: gzip magic → (inside) trace header → text headers → profile.proto.

import { FormatError } from '../base/errors';
import { gunzip, isGzip, type GunzipImpl } from '../base/gzip';
import { firstControlByte, looksLikeText } from '../base/text-lines';
import type { ParsedFile } from '../model/parsed-file';
import { decodeProfileProto, profileProtoPrefixError } from './pprof/decode-profile';
import { parseLegacyProfile, sniffLegacyProfile } from './pprof/legacy';
import { parseRuntimeText, sniffRuntimeText } from './text/sniff-runtime-text';
import { parseGoTrace } from './trace/parse-trace';
import { DECODE_AHEAD_MIN_BYTES, parseGoTraceAhead, type DecoderThreadFactory } from './trace/decode-ahead';
import { looksLikeGoTrace } from './trace/wire';

export type ParseProgress = (done: number, total: number, phase: string) => void;

export type ParseOptions = {
  onProgress?: ParseProgress;
  /** Polled between chunks of long work; when it returns true the parse stops. */
  isCancelled?: () => boolean;
  gunzip?: GunzipImpl;
  /**
   * Starts a thread for decoding large traces while this one orders them (decode-ahead.ts);
   * the platform provides it (the parse worker starts a Worker). Without it, one thread.
   */
  traceDecoder?: DecoderThreadFactory;
};

const textDecoder = new TextDecoder('utf-8');

/** The first `n` bytes as text, for sniffing headers. */
export function headText(bytes: Uint8Array, n = 512): string {
  return textDecoder.decode(bytes.subarray(0, Math.min(n, bytes.length)));
}

/** The file's bytes, decompressed when they are gzip; rejects an empty file or stream. */
export async function fileContents(bytes: Uint8Array, options: ParseOptions = {}): Promise<{ data: Uint8Array; wasGzip: boolean }> {
  if (bytes.length === 0) throw new FormatError('file.empty');
  if (!isGzip(bytes)) return { data: bytes, wasGzip: false };
  options.onProgress?.(0, bytes.length, 'decompressing');
  const data = await gunzip(bytes, options.gunzip);
  if (data.length === 0) throw new FormatError('gzip.empty');
  return { data, wasGzip: true };
}

export async function parseBytes(bytes: Uint8Array, options: ParseOptions = {}): Promise<ParsedFile> {
  const { data, wasGzip } = await fileContents(bytes, options);
  const head = headText(data);

  // Go execution traces ("go 1.N trace" header), before any profile sniffing.
  if (looksLikeGoTrace(data)) {
    if (options.traceDecoder && data.length >= DECODE_AHEAD_MIN_BYTES) return parseGoTraceAhead(data, options.traceDecoder, options);
    return parseGoTrace(data, options);
  }

  const legacy = sniffLegacyProfile(data, head);
  if (legacy) return parseLegacyProfile(data, legacy);

  // Go runtime text outputs (gctrace/schedtrace logs, MemStats JSON, goroutine dumps, -m output).
  const runtimeText = sniffRuntimeText(data);
  if (runtimeText) {
    options.onProgress?.(0, data.length, 'parsing text');
    return parseRuntimeText(data, runtimeText);
  }

  options.onProgress?.(0, data.length, 'decoding profile');
  try {
    return decodeProfileProto(data, wasGzip ? 'gzip-protobuf' : 'protobuf');
  } catch (e) {
    if (!(e instanceof FormatError)) throw e;
    // Its wire format was read and a record of it is wrong (its offset said): a profile whose
    // content is wrong, told as such; not binary junk or text that happens to read as protobuf.
    if (e.msg.code === 'pprof.invalid' && typeof e.msg.args.offset === 'number' && !looksLikeText(data)) throw e;
    throw unrecognized(data, head, wasGzip, e);
  }
}

/**
 * How far the sniffs look: the runtime-log sniff's reach (a log may start with pages of program
 * output). A file this long or shorter is read whole anyway.
 */
export const SNIFF_BYTES = 1 << 20;

/**
 * The format decided from the first bytes: given the first SNIFF_BYTES of a file of `size`
 * bytes, throws the FormatError its parse would end in when they match no format (a file of
 * zeros), so that a large file is refused without being read. Returns when they may be one.
 */
export function rejectByPrefix(prefix: Uint8Array, size: number): void {
  if (prefix.length === 0 || prefix.length >= size) return; // the parse reads it all anyway
  if (isGzip(prefix) || looksLikeGoTrace(prefix)) return;
  const head = headText(prefix);
  if (sniffLegacyProfile(prefix, head) || sniffRuntimeText(prefix)) return;
  const problem = profileProtoPrefixError(prefix, size);
  if (problem) throw unrecognized(prefix, head, false, problem);
}

/** What a file no format reads is told: a text file by its first line (and a stray byte's place), else the protobuf decoder's error. */
function unrecognized(data: Uint8Array, head: string, wasGzip: boolean, protoError: FormatError): FormatError {
  if (looksLikeText(data)) {
    const bad = firstControlByte(data, 1 << 16);
    return new FormatError('format.unrecognized-text', {
      firstLine: firstLine(head),
      ...(bad ? { line: bad.line, column: bad.column, byte: bad.byte } : {}),
      inGzip: wasGzip,
    });
  }
  return new FormatError('format.unrecognized-binary', { inGzip: wasGzip, cause: protoError.msg });
}

/** The first line, at most 60 characters, control characters written as \xNN (visible, inert). */
function firstLine(head: string): string {
  const line = head.split('\n', 1)[0]!;
  const cut = line.length > 60 ? line.slice(0, 60) + '…' : line;
  return cut.replace(/[\x00-\x08\x0e-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
