// A small JSON reader for what Go writes (expvar, encoding/json of runtime.MemStats):
// integers above 2^53 (LastGC, PauseEnd) come back as exact bigint, and the bare NaN, +Inf,
// -Inf that expvar.Float prints (go-runtime-logs.md §6, invalid JSON) are accepted.
// Every read is bounds-checked; malformed input throws FormatError with the offset.

import { FormatError } from '../../base/errors';

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export class LenientJsonReader {
  pos: number;
  constructor(
    readonly text: string,
    start = 0,
    private readonly end = text.length,
  ) {
    this.pos = start;
  }

  fail(what: string): never {
    throw new FormatError(`bad JSON at offset ${this.pos}: ${what}`);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) this.pos++;
      else break;
    }
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.end;
  }

  value(depth = 0): JsonValue {
    if (depth > 64) this.fail('nested too deeply');
    this.skipSpace();
    if (this.pos >= this.end) this.fail('unexpected end');
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 123 /* { */) {
      this.pos++;
      const obj: { [key: string]: JsonValue } = {};
      this.skipSpace();
      if (t.charCodeAt(this.pos) === 125) {
        this.pos++;
        return obj;
      }
      for (;;) {
        this.skipSpace();
        if (t.charCodeAt(this.pos) !== 34) this.fail('expected a key');
        const key = this.string();
        this.skipSpace();
        if (t.charCodeAt(this.pos) !== 58) this.fail('expected ":"');
        this.pos++;
        obj[key] = this.value(depth + 1);
        this.skipSpace();
        const d = t.charCodeAt(this.pos);
        this.pos++;
        if (d === 44) continue;
        if (d === 125) return obj;
        this.pos--;
        this.fail('expected "," or "}"');
      }
    }
    if (c === 91 /* [ */) {
      this.pos++;
      const arr: JsonValue[] = [];
      this.skipSpace();
      if (t.charCodeAt(this.pos) === 93) {
        this.pos++;
        return arr;
      }
      for (;;) {
        arr.push(this.value(depth + 1));
        this.skipSpace();
        const d = t.charCodeAt(this.pos);
        this.pos++;
        if (d === 44) continue;
        if (d === 93) return arr;
        this.pos--;
        this.fail('expected "," or "]"');
      }
    }
    if (c === 34) return this.string();
    if (t.startsWith('true', this.pos)) return (this.pos += 4), true;
    if (t.startsWith('false', this.pos)) return (this.pos += 5), false;
    if (t.startsWith('null', this.pos)) return (this.pos += 4), null;
    if (t.startsWith('NaN', this.pos)) return (this.pos += 3), NaN;
    if (t.startsWith('+Inf', this.pos)) return (this.pos += 4), Infinity;
    if (t.startsWith('-Inf', this.pos)) return (this.pos += 4), -Infinity;
    return this.number();
  }

  private number(): number | bigint {
    const m = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const r = m.exec(this.text);
    if (!r || r.index !== this.pos || this.pos + r[0].length > this.end) this.fail('expected a value');
    this.pos += r[0].length;
    const s = r[0];
    if (r[1] === undefined && r[2] === undefined) {
      const n = Number(s);
      if (!Number.isSafeInteger(n)) return BigInt(s);
      return n;
    }
    return Number(s);
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos;
    let simple = true;
    while (this.pos < this.end) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        const raw = t.slice(start, this.pos);
        this.pos++;
        if (simple) return raw;
        try {
          return JSON.parse(`"${raw}"`) as string;
        } catch {
          // Go before 1.22 quoted expvar keys with %q (`\x00`…): keep such a string as written.
          return raw;
        }
      }
      if (c === 92) {
        simple = false;
        this.pos++;
      }
      this.pos++;
    }
    return this.fail('unterminated string');
  }
}

/** Parses one JSON document (the whole text must be it, surrounding space aside). */
export function parseLenientJson(text: string): JsonValue {
  const r = new LenientJsonReader(text);
  const v = r.value();
  if (!r.atEnd()) r.fail('text after the value');
  return v;
}
