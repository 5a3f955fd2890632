// Messages as data: what the code has to tell the user (a parse error, a warning, a note about
// skipped lines) is a code with arguments, never a sentence. The sentence is made at the edge,
// by the views and the CLI (src/i18n/), so the same message can be printed in English, shown in
// another language, or tested by its code and numbers.

/**
 * An argument of a message: a number (formatted at the edge, in the reader's locale), a string
 * from the file or the code, a flag, or a message of its own (the cause of this one).
 */
export type MessageArg = string | number | boolean | Message;

export type Message = {
  /** A dotted code, e.g. `trace.truncated`, `pprof.bad-varint`; listed in src/i18n/en.ts. */
  code: string;
  args: Record<string, MessageArg>;
};

export function message(code: string, args: Record<string, MessageArg> = {}): Message {
  return { code, args };
}

/** Whether a value is a Message (it crossed a worker boundary as plain data). */
export function isMessage(v: unknown): v is Message {
  return (
    typeof v === 'object' && v !== null && typeof (v as Message).code === 'string' && typeof (v as Message).args === 'object'
  );
}

/** For logs and tests, where no catalog is at hand: `code {"arg":1}`. */
export function messageDebugText(m: Message): string {
  const args = Object.keys(m.args).length ? ' ' + JSON.stringify(m.args) : '';
  return m.code + args;
}

/**
 * Whether a message says where in the file its problem is: a numeric `offset` or `line`
 * argument, a location written into an older sentence-code ("… at byte 12", "line 3: …"), or a
 * cause (a message argument) that does.
 */
export function isLocatedMessage(m: Message): boolean {
  if (typeof m.args.offset === 'number' || typeof m.args.line === 'number') return true;
  if (/\b(byte|offset|line)s? \d/.test(m.code)) return true;
  return Object.values(m.args).some((a) => typeof a === 'object' && isLocatedMessage(a));
}

/**
 * The message with a location added where it has none (a lower-level error that did not know
 * where it was: the caller does): `where` = `{offset}` or `{line}` (and `column`, `inGzip`).
 */
export function withLocation(m: Message, where: Record<string, number | boolean>): Message {
  return isLocatedMessage(m) ? m : { code: m.code, args: { ...m.args, ...where } };
}
