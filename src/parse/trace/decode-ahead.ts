// Reading a trace on two threads: the generation decoder runs in another thread (a Worker in
// the browser, a worker thread in Node), a generation or two ahead, while this thread orders
// the generations it has received. Generations are self-contained (own strings, stacks,
// batches), so decoding them needs no ordering state; ordering must stay sequential, as in
// Go. Decoded columns are transferred, not copied, and sent back once ordered so the decoder
// reuses them (touching fresh pages costs more than decoding them here).
//
// Platform-neutral: the caller supplies the channel (`DecoderChannel`) to the other thread and,
// on the other side, calls serveGenerationDecoder with its end of it.

import { CancelledError, FormatError } from '../../base/errors';
import type { TraceModel } from '../../model/trace';
import { TraceModelBuilder } from './derive';
import type { TraceEventConsumer } from './event-sink';
import { GenerationDecoder, NEED_MORE, countEventsUpperBound, type DecodeEnd, type DecodedGeneration, type WireColumns } from './generation-decoder';
import { EventOrderer, parseGoTrace, type TraceParseOptions } from './parse-trace';
import { READ_CHUNK_BYTES, SlidingWindow, type ChunkedFile } from './sliding-window';
import { isV1Trace, readTraceHeader } from './wire';

/** One end of a message channel to the other thread. */
export type DecoderChannel = {
  post(message: DecoderMessage, transfer: ArrayBuffer[]): void;
  listen(handler: (message: DecoderMessage) => void): void;
};

export type DecoderMessage =
  | { kind: 'start'; bytes: Uint8Array; minor: number; headerEnd: number }
  | { kind: 'start-file'; path: string; chunkBytes: number }
  | { kind: 'recycle'; wire: WireColumns }
  | { kind: 'generation'; d: DecodedGeneration }
  | { kind: 'end'; end: DecodeEnd }
  | { kind: 'error'; message: string; format: boolean };

/** Traces below this size are read on one thread: a second one costs more to start than it saves. */
export const DECODE_AHEAD_MIN_BYTES = 1 << 20;

/** Starts the decoder thread; `close` ends it. */
export type DecoderThreadFactory = () => DecoderChannel & { close(): void };

/** Generations decoded ahead of the orderer at most (bounds memory to that many generations). */
const AHEAD = 2;

function wireBuffers(w: WireColumns): ArrayBuffer[] {
  return [w.type.buffer, w.time.buffer, w.args.buffer, w.argAt.buffer, w.off.buffer] as ArrayBuffer[];
}

function generationBuffers(d: DecodedGeneration): ArrayBuffer[] {
  const s = d.samples;
  const all = [
    ...wireBuffers(d.wire), d.curStart.buffer, d.curEnd.buffer, s.time.buffer, s.m.buffer, s.p.buffer, s.g.buffer,
    s.stack.buffer, d.strings.dense.buffer, d.stacks.dense.buffer,
  ] as ArrayBuffer[];
  return [...new Set(all)];
}

/**
 * The decoder thread's side: decodes on 'start', AHEAD generations beyond what came back. With
 * 'start-file' it reads the file itself (`openFile`), a chunk whenever a generation needs more
 * bytes: reading, decoding and ordering then overlap, and the other thread never holds the file.
 */
export function serveGenerationDecoder(channel: DecoderChannel, openFile?: (path: string) => ChunkedFile): void {
  let decoder: GenerationDecoder | null = null;
  let readMore: (() => void) | null = null;
  let inFlight = 0;
  let done = false;
  const pump = () => {
    try {
      while (decoder && !done && inFlight < AHEAD) {
        const d = decoder.next();
        if (d === NEED_MORE) {
          if (!readMore) throw new Error('the decoder wants more bytes of a complete file');
          readMore();
          continue;
        }
        if (!d) {
          done = true;
          channel.post({ kind: 'end', end: decoder.end }, []);
          return;
        }
        channel.post({ kind: 'generation', d }, generationBuffers(d));
        decoder.dropScratch();
        inFlight++;
      }
    } catch (e) {
      done = true;
      channel.post({ kind: 'error', message: e instanceof Error ? e.message : String(e), format: e instanceof FormatError }, []);
    }
  };
  channel.listen((msg) => {
    if (msg.kind === 'start') {
      decoder = new GenerationDecoder(msg.bytes, msg.minor, msg.headerEnd);
      pump();
    } else if (msg.kind === 'start-file') {
      try {
        if (!openFile) throw new Error('this decoder thread cannot read files');
        const window = new SlidingWindow(openFile(msg.path), msg.chunkBytes);
        const { minor, headerEnd } = readTraceHeader(window.bytes);
        const d = new GenerationDecoder(window.bytes, minor, headerEnd);
        window.attach(d);
        decoder = d;
        readMore = () => window.more(d);
      } catch (e) {
        done = true;
        channel.post({ kind: 'error', message: e instanceof Error ? e.message : String(e), format: e instanceof FormatError }, []);
        return;
      }
      pump();
    } else if (msg.kind === 'recycle') {
      inFlight--;
      decoder?.recycle(msg.wire);
      pump();
    }
  });
}

/**
 * readGoTrace with the decoding in another thread: same events, same errors. `bytes` is
 * transferred to the decoder thread (it is unusable here afterwards). The caller ends the
 * other thread once this settles.
 */
export async function readGoTraceAhead(
  bytes: Uint8Array,
  channel: DecoderChannel,
  consumer: TraceEventConsumer,
  options: TraceParseOptions = {},
  onOrderer?: (orderer: EventOrderer) => void,
): Promise<{ goVersion: string; warnings: string[]; orderer: EventOrderer }> {
  const { minor, headerEnd } = readTraceHeader(bytes);
  // Transfer the file's buffer when the bytes are all of it; else hand over a copy.
  const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  const sent = own ? bytes : bytes.slice();
  return orderAhead(channel, { kind: 'start', bytes: sent, minor, headerEnd }, [sent.buffer as ArrayBuffer], bytes.length, minor, consumer, options, onOrderer);
}

/**
 * readGoTraceAhead for a file the decoder thread reads itself (ChunkedFile), `size` bytes
 * long, whose header says Go 1.`minor`: this thread never holds the file.
 */
export function readGoTraceFileAhead(
  path: string,
  size: number,
  minor: number,
  channel: DecoderChannel,
  consumer: TraceEventConsumer,
  options: TraceParseOptions = {},
  chunkBytes = READ_CHUNK_BYTES,
): Promise<{ goVersion: string; warnings: string[]; orderer: EventOrderer }> {
  return orderAhead(channel, { kind: 'start-file', path, chunkBytes }, [], size, minor, consumer, options);
}

async function orderAhead(
  channel: DecoderChannel,
  start: DecoderMessage,
  transfer: ArrayBuffer[],
  size: number,
  minor: number,
  consumer: TraceEventConsumer,
  options: TraceParseOptions,
  onOrderer?: (orderer: EventOrderer) => void,
): Promise<{ goVersion: string; warnings: string[]; orderer: EventOrderer }> {
  const orderer = new EventOrderer(options, consumer);
  onOrderer?.(orderer);
  const inbox: DecoderMessage[] = [];
  let wake: (() => void) | null = null;
  channel.listen((msg) => {
    inbox.push(msg);
    wake?.();
  });
  channel.post(start, transfer);
  for (;;) {
    while (inbox.length === 0) await new Promise<void>((r) => (wake = r));
    wake = null;
    const msg = inbox.shift()!;
    if (msg.kind === 'generation') {
      orderer.orderGeneration(msg.d);
      channel.post({ kind: 'recycle', wire: msg.d.wire }, wireBuffers(msg.d.wire));
      options.onProgress?.(msg.d.nextPos, size, 'reading trace generations');
      if (options.isCancelled?.()) throw new CancelledError();
    } else if (msg.kind === 'end') {
      orderer.finishEvents(msg.end, size, minor);
      return { goVersion: `1.${minor}`, warnings: orderer.warnings, orderer };
    } else if (msg.kind === 'error') {
      throw msg.format ? new FormatError(msg.message) : new Error(msg.message);
    }
  }
}

/** parseGoTrace with the decoding in another thread (started by `start`): the same model. */
export async function parseGoTraceAhead(bytes: Uint8Array, start: DecoderThreadFactory, options: TraceParseOptions = {}): Promise<TraceModel> {
  const { minor } = readTraceHeader(bytes);
  // v1 traces (one batch set, no generations) are read in this thread.
  if (isV1Trace(minor)) return parseGoTrace(bytes, options);
  const size = bytes.length;
  // The model keeps every event: one pre-scan sizes its columns exactly once.
  const builder = new TraceModelBuilder(countEventsUpperBound(bytes, minor).total);
  const thread = start();
  let orderer: EventOrderer;
  try {
    ({ orderer } = await readGoTraceAhead(bytes, thread, builder, options, (o) => builder.attach(o)));
  } finally {
    thread.close();
  }
  options.onProgress?.(size, size, 'deriving trace tables');
  const model = orderer.finishModel(minor, builder.events(), builder.origin);
  builder.finish(model);
  return model;
}
