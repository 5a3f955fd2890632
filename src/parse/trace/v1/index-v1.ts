// The first pass over a v1 trace (Go's collectBatchesAndCPUSamples, plus what Go's reader learns
// while merging): where each P's batches are, the string and stack tables (written at the end of
// the file), the clock frequency, the CPU samples, the timer goroutines, and the largest distance
// a syscall exit's real time lies before its event (how far the final sort can move an event,
// which bounds the reordering window of the second pass). Every event is decoded and checked
// here with Go's messages, so the second pass decodes batches without checks.

import { FormatError, locatedError } from '../../../base/errors';
import {
  EV_BATCH, EV_COUNT, EV_CPU_SAMPLE, EV_FREQUENCY, EV_GO_SYS_EXIT, EV_NONE, EV_STACK, EV_STRING,
  EV_TIMER_GOROUTINE, EV_USER_LOG, V1_MIN_VERSION, V1_NAMES, v1ArgNum,
} from './wire';

/** 2^64 − 1 as a double (it rounds to 2^64): "no P" in batch headers and CPU samples. */
export const U64_MAX = 18446744073709551615;
const TWO63 = 9223372036854775808;

/** A uint64 read as int32, as Go's int32(v) (−1 for 2^64 − 1). */
export function toInt32(v: number): number {
  if (v >= TWO63) return -1;
  return v % 4294967296 | 0;
}

export type V1Index = {
  minor: number;
  /** File offset of every batch header, in file order; a batch runs to the next one. */
  batchStart: number[];
  /** Each batch's P (−1 none). */
  batchP: number[];
  /** Ps in order of their first batch. */
  procs: number[];
  /** Where the readable bytes end (the file's length, or where a truncated file's last whole event ends). */
  dataEnd: number;
  strings: Map<number, string>;
  /** Stack ID → PCs, leaf first (only non-empty stacks). */
  stacks: Map<number, number[]>;
  /** PC → its frame (the first seen wins, as in Go). */
  pcs: Map<number, { fn: number; file: number; line: number }>;
  ticksPerSec: number;
  /** CPU samples: real time (ticks), P, G, stack. */
  cpu: { ts: number[]; p: number[]; g: number[]; stk: number[] };
  timerGoids: Set<number>;
  /** max(0, event time − real time) over syscall exits with a real time, in ticks. */
  sysExitLag: number;
  /** Events the merge will yield (an upper bound of the converted events is twice that plus 2). */
  events: number;
  /** Truncation: the file offset of the event the file ends in (−1: whole), and what was missing. */
  truncatedAt: number;
};

class OutOfBytes extends Error {}

const textDecoder = new TextDecoder();

/** Reads unsigned varints from `buf` at `pos`; throws OutOfBytes at the end of the bytes. */
class Cursor {
  pos: number;
  constructor(readonly buf: Uint8Array, pos: number, readonly end: number) {
    this.pos = pos;
  }
  u(): number {
    const buf = this.buf;
    let pos = this.pos;
    let b = pos < this.end ? buf[pos++]! : -1;
    if (b < 0) throw new OutOfBytes();
    if (b < 0x80) {
      this.pos = pos;
      return b;
    }
    let v = b & 0x7f;
    let mul = 128;
    for (let i = 1; ; i++) {
      if (pos >= this.end) throw new OutOfBytes();
      b = buf[pos++]!;
      if (i === 9 && b > 1) throw new FormatError('malformatted base-128 varint');
      v += (b & 0x7f) * mul;
      if (b < 0x80) break;
      if (i === 9) throw new FormatError('malformatted base-128 varint');
      mul *= 128;
    }
    this.pos = pos;
    return v;
  }
}

/** The first pass. `end` is the length of the bytes; a file cut inside an event is marked truncated. */
export function indexV1Trace(buf: Uint8Array, headerEnd: number, minor: number, onProgress?: (done: number) => void): V1Index {
  const ix: V1Index = {
    minor, batchStart: [], batchP: [], procs: [], dataEnd: buf.length,
    strings: new Map(), stacks: new Map(), pcs: new Map(), ticksPerSec: 0,
    cpu: { ts: [], p: [], g: [], stk: [] }, timerGoids: new Set(), sysExitLag: 0, events: 0, truncatedAt: -1,
  };
  const c = new Cursor(buf, headerEnd, buf.length);
  const seenP = new Set<number>();
  // the event's values (a length-prefixed list holds at most 2048 bytes, so as many values)
  const args = new Float64Array(2048);
  let n = 0;
  let curP = 0;
  let lastTs = 0;
  let hasBatch = false;
  let nextProgress = 1 << 22;
  for (;;) {
    const at = c.pos;
    if (at >= buf.length) break;
    if (at >= nextProgress) {
      onProgress?.(at);
      nextProgress = at + (1 << 22);
    }
    try {
      const b = buf[c.pos++]!;
      const typ = b & 0x3f;
      const narg = (b >> 6) + 1;
      if (typ === EV_NONE || typ >= EV_COUNT || V1_MIN_VERSION[typ]! > minor) throw new FormatError(`unknown event type ${typ}`);
      if (typ === EV_STRING) {
        const id = c.u();
        if (id === 0) throw new FormatError('string has invalid id 0');
        if ((ix.strings.get(id) ?? '') !== '') throw new FormatError(`string has duplicate id ${id}`);
        const ln = c.u();
        if (ln === 0) throw new FormatError('string has invalid length 0');
        if (ln > 1e6) throw new FormatError(`string has too large length ${ln}`);
        if (c.pos + ln > buf.length) throw new OutOfBytes();
        ix.strings.set(id, textDecoder.decode(buf.subarray(c.pos, c.pos + ln)));
        c.pos += ln;
        continue;
      }
      if (typ === EV_BATCH) {
        if (narg !== 2) throw new FormatError(`EvBatch has wrong number of arguments: got ${narg}, want 2`);
        const pid = c.u();
        if (pid !== U64_MAX && pid > 2147483647) throw new FormatError(`processor ID ${pid} is larger than maximum of 18446744073709551615`);
        const ticks = c.u();
        const p = pid === U64_MAX ? -1 : pid;
        ix.batchStart.push(at);
        ix.batchP.push(p);
        if (!seenP.has(p)) {
          seenP.add(p);
          ix.procs.push(p);
        }
        curP = p;
        lastTs = ticks;
        hasBatch = true;
        continue;
      }
      if (!hasBatch) {
        throw new FormatError(`read event ${typ} with current P of ${curP}, but P has no batches yet`);
      }
      // Arguments: inline (up to 3 after the count bits' +1) or length-prefixed.
      n = 0;
      if (narg <= 3) {
        for (; n < narg; n++) args[n] = c.u();
      } else {
        const len = c.u();
        if (len > 2048) throw new FormatError(`failed to read event ${typ} argument: length-prefixed argument too big: ${len} bytes, limit is 2048`);
        const end = c.pos + len;
        if (end > buf.length) throw new OutOfBytes();
        const sub = new Cursor(buf, c.pos, end);
        while (sub.pos < end) {
          try {
            args[n++] = sub.u();
          } catch (e) {
            if (e instanceof OutOfBytes) throw new FormatError('malformatted base-128 varint');
            throw e;
          }
        }
        c.pos = end;
        if (typ === EV_USER_LOG) {
          const sl = c.u();
          if (sl > 1e6) throw new FormatError(`string is too large (len=${sl})`);
          if (c.pos + sl > buf.length) throw new OutOfBytes();
          c.pos += sl;
        }
      }
      const want = typ === EV_STACK ? n : v1ArgNum(typ);
      if (typ === EV_CPU_SAMPLE) {
        if (n !== want) throw new FormatError(`CPU sample has wrong number of arguments: want ${want}, got ${n}`);
        ix.cpu.ts.push(args[1]!);
        ix.cpu.p.push(toInt32(args[2]!));
        ix.cpu.g.push(args[3]!);
        ix.cpu.stk.push(args[4]! % 4294967296);
        ix.events++;
        continue;
      }
      if (n !== want) throw new FormatError(`${V1_NAMES[typ]} has wrong number of arguments: want ${want}, got ${n}`);
      switch (typ) {
        case EV_FREQUENCY:
          ix.ticksPerSec = args[0]!;
          if (!(ix.ticksPerSec > 0) || ix.ticksPerSec >= TWO63) throw new FormatError('time stamps out of order');
          continue;
        case EV_TIMER_GOROUTINE:
          ix.timerGoids.add(args[0]!);
          continue;
        case EV_STACK: {
          if (n < 2) throw new FormatError(`EvStack has wrong number of arguments: want at least 2, got ${n}`);
          const size = args[1]!;
          if (size > 1000) throw new FormatError(`EvStack has bad number of frames: ${size}`);
          const wantN = 2 + 4 * size;
          if (n !== wantN) throw new FormatError(`EvStack has wrong number of arguments: want ${wantN}, got ${n}`);
          const id = args[0]! % 4294967296;
          if (id !== 0 && size > 0) {
            const stk: number[] = new Array<number>(size);
            for (let i = 0; i < size; i++) {
              const pc = args[2 + i * 4]!;
              stk[i] = pc;
              if (!ix.pcs.has(pc)) ix.pcs.set(pc, { fn: args[3 + i * 4]!, file: args[4 + i * 4]!, line: args[5 + i * 4]! });
            }
            ix.stacks.set(id, stk);
          }
          continue;
        }
      }
      // A timed event of a batch.
      lastTs += args[0]!;
      ix.events++;
      if (typ === EV_GO_SYS_EXIT) {
        const real = args[3]!;
        if (real !== 0 && lastTs - real > ix.sysExitLag) ix.sysExitLag = lastTs - real;
      }
    } catch (e) {
      if (e instanceof OutOfBytes) {
        ix.truncatedAt = at;
        ix.dataEnd = at;
        break;
      }
      // Go's messages name the event, not where it is: the offset of the event that broke.
      throw locatedError(e, { offset: at });
    }
  }
  return ix;
}
