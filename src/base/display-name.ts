// Names from files (functions, files, labels, goroutine start functions) are untrusted text.
// Before they are shown, in the DOM, on a canvas or in a terminal, the characters that change
// how the text around them is read are made visible: bidi controls (a right-to-left override
// can make `main.safe‮gnp.exe` read as another name), C0 and C1 controls (terminal escapes, NUL,
// line breaks). A name is also cut to a length a screen can show: a profile may hold names of a
// megabyte. The full name stays in the model; search, filters and zoom use it.

/** Longest name shown in a label, a row or on a canvas (UTF-16 units, before the ellipsis). */
export const NAME_MAX = 500;
/** Longest name in a tooltip (title attribute, flame graph tip). */
export const TITLE_MAX = 4000;

// C0 controls, DEL, C1 controls; ALM (U+061C); LRM/RLM (U+200E/F); line and paragraph
// separators (U+2028/9); LRE, RLE, PDF, LRO, RLO (U+202A–202E); LRI, RLI, FSI, PDI (U+2066–2069);
// the byte order mark / zero-width no-break space (U+FEFF).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;
const HAS_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;

function visible(c: string): string {
  const code = c.charCodeAt(0);
  // C0 and DEL have control pictures (␀ … ␟, ␡): one cell wide, as terminals show them.
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** The name with every bidi and control character replaced by a visible stand-in, whole. */
export function visibleControls(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, visible) : s;
}

/**
 * A name as it is shown: cut to `max` UTF-16 units (never inside a surrogate pair) with an
 * ellipsis and the full length, its bidi and control characters made visible.
 */
export function displayName(s: string, max = NAME_MAX): string {
  if (s.length <= max) return visibleControls(s);
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // a high surrogate whose pair is cut off
  return `${visibleControls(s.slice(0, end))}… (${s.length.toLocaleString('en-US')} characters)`;
}

/** A name for a tooltip: the same, longer. */
export function titleName(s: string): string {
  return displayName(s, TITLE_MAX);
}

/**
 * Text for a terminal (the CLI's reports and messages): every control and bidi character of the
 * names in it made visible, except the text's own line breaks and tabs — an escape sequence in a
 * function name must not move the cursor, retitle the window or recolour the output.
 */
export function terminalText(s: string): string {
  return HAS_UNSAFE.test(s) ? s.replace(UNSAFE, (c) => (c === '\n' || c === '\t' ? c : visible(c))) : s;
}

// What JSON.stringify leaves raw and a terminal acts on: DEL, C1 controls, bidi controls,
// line/paragraph separators, BOM. They only occur inside JSON strings, so escaping them keeps
// the document and its values the same.
const JSON_RAW = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A JSON document with the characters JSON.stringify leaves raw written as \uXXXX escapes. */
export function jsonText(json: string): string {
  return json.replace(JSON_RAW, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
