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

const commentRE = /^#\t+0x([0-9a-fA-F]+)(?:\t+(.*))?$/;

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

/** What the comments say about the location at one position of a sample's stack. */
export const HIDDEN_LEAF = -1; // hidden by the writer: a leading runtime frame
export const GOEXIT = -2; // the one frame after the last printed one: runtime.goexit
export const UNKNOWN = -3; // comments do not cover it

/**
 * Aligns a record's comment frames with its location addresses (both leaf first).
 * Writes, for each location position i, into `out[i]`: the index in `frames` of the first
 * frame naming that location (its frames run up to the next position's first frame, or
 * `frames.length`), or HIDDEN_LEAF / GOEXIT / UNKNOWN. Returns false (and UNKNOWN everywhere)
 * when the comments do not fit the addresses; the caller then names frames by address.
 *
 * Repeated pcs are either recursion (one location per frame) or inlining (one location,
 * several frames): the run lengths of the pc in both lists tell which.
 */
export function alignComments(locs: readonly string[], frames: readonly CommentFrame[], out: Int32Array): boolean {
  const n = locs.length;
  out.fill(UNKNOWN, 0, n);
  if (frames.length === 0) return false;
  const first = locs.indexOf(frames[0]!.pc);
  if (first < 0) return false;
  let i = first;
  let k = 0;
  while (k < frames.length) {
    const pc = frames[k]!.pc;
    let q = 1;
    while (k + q < frames.length && frames[k + q]!.pc === pc) q++;
    let r = 0;
    while (i + r < n && locs[i + r] === pc) r++;
    if (r === 0 || q % r !== 0) {
      out.fill(UNKNOWN, 0, n);
      return false;
    }
    const per = q / r;
    for (let j = 0; j < r; j++) out[i + j] = k + j * per;
    i += r;
    k += q;
  }
  for (let j = 0; j < first; j++) out[j] = HIDDEN_LEAF;
  // After the first printed frame only runtime.goexit is ever left out.
  if (n - i === 1) out[i] = GOEXIT;
  return true;
}
