// Errors that carry what a user needs to read: which problem, where in the file (a byte offset
// for binary formats, a line and column for text), as a Message (messages.ts): the sentence is
// made at the edge (src/i18n/), which also prefixes the file's name.

import { isMessage, message, messageDebugText, withLocation, type Message, type MessageArg } from './messages';

/**
 * The input is not what its format requires (truncated, corrupt, unsupported). `code` names the
 * problem (src/i18n/en.ts lists every code); `args` carry the numbers and names, by convention
 * `offset` (byte offset in the file, or in the decompressed data when `inGzip`), `line` and
 * `column` (1-based) where the problem is.
 */
export class FormatError extends Error {
  readonly msg: Message;
  constructor(code: string | Message, args: Record<string, MessageArg> = {}) {
    const m = typeof code === 'string' ? message(code, args) : code;
    super(messageDebugText(m));
    this.msg = m;
    this.name = 'FormatError';
  }
}

/**
 * `e` with a location added when it names none (see withLocation): for a caller that knows the
 * byte offset or line where a lower-level reader failed. Anything that is not a FormatError is
 * returned as it is.
 */
export function locatedError(e: unknown, where: Record<string, number | boolean>): unknown {
  if (!(e instanceof FormatError)) return e;
  const m = withLocation(e.msg, where);
  return m === e.msg ? e : new FormatError(m);
}

/** Work stopped because the user cancelled it. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/**
 * The Message of anything thrown: a FormatError's own, a Message that crossed a worker boundary,
 * else `internal` with the error's text (a bug of ours, not the file's: said as such).
 */
export function errorToMessage(e: unknown): Message {
  if (e instanceof FormatError) return e.msg;
  if (isMessage(e)) return e;
  if (e instanceof CancelledError) return message('cancelled');
  return message('internal', { detail: e instanceof Error ? e.message : String(e) });
}
