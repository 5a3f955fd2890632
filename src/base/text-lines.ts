// Text helpers shared by every text parser (pprof legacy forms, runtime logs) and the sniffer:
// decode once, split lines as Go's bufio.ScanLines does, tell text from binary.

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

/** A control character other than tab, LF, VT, FF and CR. */
function isControl(b: number): boolean {
  return b < 9 || (b > 13 && b < 32);
}

/**
 * True when the first bytes read as text: control characters other than tab, CR, LF, FF and VT
 * are at most one in 64 (a log with a stray byte is still a log, and gets a text parser's
 * message; the protobuf and binary forms have far more).
 */
export function looksLikeText(bytes: Uint8Array, n = 512): boolean {
  const end = Math.min(bytes.length, n);
  let controls = 0;
  for (let i = 0; i < end; i++) if (isControl(bytes[i]!)) controls++;
  return controls * 64 <= end;
}

/** The line and column (1-based; the column counts bytes) of the first control character, or null. */
export function firstControlByte(bytes: Uint8Array, n = bytes.length): { line: number; column: number; byte: number } | null {
  const end = Math.min(bytes.length, n);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b === 10) {
      line++;
      lineStart = i + 1;
    } else if (isControl(b)) {
      return { line, column: i - lineStart + 1, byte: b };
    }
  }
  return null;
}
