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

/** True when the first bytes contain no control characters other than tab, CR, LF, FF, VT. */
export function looksLikeText(bytes: Uint8Array, n = 512): boolean {
  const end = Math.min(bytes.length, n);
  for (let i = 0; i < end; i++) {
    const b = bytes[i]!;
    if (b < 9 || (b > 13 && b < 32)) return false;
  }
  return true;
}
