// The `#` stack-comment lines of Go's debug=1 text profiles (heap, allocs, goroutine,
// threadcreate, block, mutex), which pprof's own parser ignores. GoLens reads them to name
// the frames without the binary (../shared/docs/pprof-format.md §7):
//
//   #\t<pc>\t<function>+<offset>\t<file>:<line>     (columns padded by runs of tabs)
//   #\t<pc>                                          (function unknown)
//
// One line per logical frame, leaf first, inlined frames included. <pc> is the call PC: the
// printed return address minus 1, i.e. the address pprof gives the location. Go's writer
// (runtime/pprof printStackRecord) hides the leading runtime frames of a stack unless all are
// runtime frames, and never prints runtime.goexit.

import { addressKey } from './legacy-text';

/** One named logical frame. */
export type CommentFrame = {
  /** The location address, as addressKey prints it. */
  pc: string;
  /** The function, "" when the writer printed only the pc. */
  func: string;
  file: string;
  line: number;
};

// pprof's `^#\t+0x([0-9a-fA-F]+)(?:\t+(.*))?$`, with the text starting after the tabs (linear).
const commentRE = /^#\t+0x([0-9a-fA-F]+)(?:\t+([^\t\n\r\u2028\u2029].*)?)?$/;

/** A stack-comment line's frame, or null when the line is another comment (e.g. labels). */
export function parseCommentFrame(trimmedLine: string): CommentFrame | null {
  const m = commentRE.exec(trimmedLine);
  if (!m) return null;
  let pc: string;
  try {
    pc = addressKey(m[1]!, 0);
  } catch {
    return null;
  }
  const rest = m[2];
  if (rest === undefined || rest === '') return { pc, func: '', file: '', line: 0 };
  const cols = rest.split(/\t+/);
  let func = cols[0]!;
  const plus = /\+0x[0-9a-f]+$/.exec(func);
  if (plus) func = func.slice(0, plus.index);
  let file = '';
  let line = 0;
  if (cols.length > 1) {
    const fl = cols.slice(1).join('\t');
    const colon = fl.lastIndexOf(':');
    if (colon > 0 && /^[0-9]+$/.test(fl.slice(colon + 1))) {
      file = fl.slice(0, colon);
      line = Number(fl.slice(colon + 1));
    } else {
      file = fl;
    }
  }
  return { pc, func, file, line };
}

/**
 * Parses each distinct comment line once: a file repeats the same frames in many records, and
 * one object per distinct frame also lets the builder key its frames by identity.
 */
export class CommentFrameCache {
  private readonly byLine = new Map<string, CommentFrame | null>();
  // The tab writer pads one frame differently in different records: equal content, one object.
  private readonly byContent = new Map<string, CommentFrame>();
  get(trimmedLine: string): CommentFrame | null {
    let f = this.byLine.get(trimmedLine);
    if (f === undefined) {
      f = parseCommentFrame(trimmedLine);
      if (f) {
        const key = `${f.pc}\t${f.func}\t${f.file}\t${f.line}`;
        const same = this.byContent.get(key);
        if (same) f = same;
        else this.byContent.set(key, f);
      }
      this.byLine.set(trimmedLine, f);
    }
    return f;
  }
}

/** What the comments say about the location at one position of a sample's stack. */
export const HIDDEN_LEAF = -1; // hidden by the writer: a leading runtime frame
export const GOEXIT = -2; // the one frame after the last printed one: runtime.goexit
export const UNKNOWN = -3; // comments do not cover it

/**
 * Aligns a record's comment frames `frames[f0..f1)` with its location addresses
 * `locs[l0..l1)` (both leaf first). Writes, for each location position i, into `out[i]`
 * (i from l0): the index in `frames` of the first frame naming that location (its frames run
 * up to the next named position's first frame, or f1), or HIDDEN_LEAF / GOEXIT / UNKNOWN.
 * Returns false (and UNKNOWN everywhere) when the comments do not fit the addresses; the
 * caller then names frames by address.
 *
 * Repeated pcs are either recursion (one location per frame) or inlining (one location,
 * several frames): the run lengths of the pc in both lists tell which.
 */
export function alignComments(
  locs: readonly string[],
  l0: number,
  l1: number,
  frames: readonly CommentFrame[],
  f0: number,
  f1: number,
  out: Int32Array,
): boolean {
  out.fill(UNKNOWN, l0, l1);
  if (f1 <= f0) return false;
  const firstPc = frames[f0]!.pc;
  let first = l0;
  while (first < l1 && locs[first] !== firstPc) first++;
  if (first === l1) return false;
  let i = first;
  let k = f0;
  while (k < f1) {
    const pc = frames[k]!.pc;
    let q = 1;
    while (k + q < f1 && frames[k + q]!.pc === pc) q++;
    let r = 0;
    while (i + r < l1 && locs[i + r] === pc) r++;
    if (r === 0 || q % r !== 0) {
      out.fill(UNKNOWN, l0, l1);
      return false;
    }
    const per = q / r;
    for (let j = 0; j < r; j++) out[i + j] = k + j * per;
    i += r;
    k += q;
  }
  out.fill(HIDDEN_LEAF, l0, first);
  // After the first printed frame only runtime.goexit is ever left out.
  if (l1 - i === 1) out[i] = GOEXIT;
  return true;
}
