// Goroutine dumps: runtime.Stack(all=true), pprof `goroutine?debug=2`, a crash's traceback
// (../shared/docs/pprof-format.md §7.3). Goroutines become rows; their stacks a prefix tree
// of interned frames, so identical stacks share one node.

import { FormatError } from '../../base/errors';
import { digitsAtMost, INT32_MAX } from '../../base/checked-number';
import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { StringTableBuilder } from '../../base/string-table';
import {
  G_FLAG_FRAMES_ELIDED,
  G_FLAG_LEAKED,
  G_FLAG_LOCKED_TO_THREAD,
  G_FLAG_SCAN,
  G_FLAG_SYNCTEST,
  noSkippedLines,
  skipLine,
  type GoroutineDumpModel,
} from '../../model/runtime-log';
import { decodeText, splitLines } from '../../base/text-lines';

// header = "goroutine " id [" gp=" hex " m=" (mid " mp=" hex | "nil")] " [" status … "]" [" {" labels "}"] ":"
const HEADER = /^goroutine (\d+)(?: gp=0x[0-9a-f]+ m=(?:\d+ mp=0x[0-9a-f]+|nil))? \[([^\]]*)\](?: \{(.*)\})?:$/;
const FILE_LINE = /^\t(.*):(\d+)(?: \+0x[0-9a-f]+)?(?: fp=0x[0-9a-f]+ sp=0x[0-9a-f]+ pc=0x[0-9a-f]+)?$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine (\d+))?$/;
const MINUTES = /^(\d+) minutes?$/;

/**
 * A dump: the first non-empty line is a goroutine header (debug=2, runtime.Stack); or a crash
 * report: it starts with `panic: `, `fatal error: ` or a signal line and a header follows.
 */
export function sniffGoroutineDump(head: string): boolean {
  const m = /^\s*([^\n]*)/.exec(head)!;
  const first = m[1]!;
  if (/^goroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[/.test(first)) return true;
  return /^(?:panic: |fatal error: |SIG[A-Z]+: )/.test(first) && /\ngoroutine \d+(?: gp=\S+ m=\S+(?: mp=\S+)?)? \[[^\n]*\]:\r?\n/.test(head);
}

/** `"handler": "lookup", "a b": "x"` → `handler: lookup, "a b": x`: quotes only where 1.27 keeps them. */
function unquoteSimpleLabels(text: string): string {
  return text.replace(/"([A-Za-z0-9_./-]*)"/g, '$1');
}

export function parseGoroutineDump(bytes: Uint8Array): GoroutineDumpModel {
  return parseGoroutineDumpText(decodeText(bytes));
}

/** Splits `f(args)` into the function and its args (the last top-level parenthesised group). */
function splitCall(line: string): { func: string; args: string } | null {
  if (!line.endsWith(')')) return null;
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const c = line.charCodeAt(i);
    if (c === 41) depth++;
    else if (c === 40 && --depth === 0) {
      if (i === 0) return null;
      return { func: line.slice(0, i), args: line.slice(i + 1, -1) };
    }
  }
  return null;
}

export function parseGoroutineDumpText(text: string): GoroutineDumpModel {
  const lines = splitLines(text);
  const strings = new StringTableBuilder();
  const skipped = noSkippedLines();

  const gId = new GrowableFloat64(256);
  const gStatus = new GrowableInt32(256);
  const gMinutes = new GrowableInt32(256);
  const gStack = new GrowableInt32(256);
  const gCreatedBy = new GrowableInt32(256);
  const gCreatedByFile = new GrowableInt32(256);
  const gCreatedByLine = new GrowableInt32(256);
  const gCreator = new GrowableFloat64(256);
  const gLabels = new GrowableInt32(256);
  const gFlags: number[] = [];
  const gLine = new GrowableInt32(256);

  const frameByKey = new Map<string, number>();
  const fFunc = new GrowableInt32(256);
  const fFile = new GrowableInt32(256);
  const fLine = new GrowableInt32(256);
  const fInlined: number[] = [];
  const nodeByKey = new Map<number, number>();
  const sFrame = new GrowableInt32(256);
  const sPrefix = new GrowableInt32(256);

  const internFrame = (func: string, file: string, line: number, inlined: boolean): number => {
    const key = `${func}\u0000${file}\u0000${line}\u0000${inlined ? 1 : 0}`;
    let f = frameByKey.get(key);
    if (f === undefined) {
      f = fFunc.length;
      fFunc.push(strings.intern(func));
      fFile.push(strings.intern(file));
      fLine.push(line);
      fInlined.push(inlined ? 1 : 0);
      frameByKey.set(key, f);
    }
    return f;
  };
  // Frames of the goroutine being read, innermost first (as printed).
  let pending: number[] = [];
  let open = false;

  const closeGoroutine = () => {
    if (!open) return;
    let node = -1;
    for (let i = pending.length - 1; i >= 0; i--) {
      const frame = pending[i]!;
      const key = (node + 1) * 67108864 + frame;
      let n = nodeByKey.get(key);
      if (n === undefined) {
        n = sFrame.length;
        sFrame.push(frame);
        sPrefix.push(node);
        nodeByKey.set(key, n);
      }
      node = n;
    }
    gStack.push(node);
    pending = [];
    open = false;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0) {
      closeGoroutine();
      continue;
    }
    const h = line.startsWith('goroutine ') ? HEADER.exec(line) : null;
    // A goroutine ID beyond 2^53 is not one Go writes: the header is skipped (with its frames).
    const id = h ? digitsAtMost(h[1]!) : null;
    if (h && id === null) {
      closeGoroutine();
      skipLine(skipped, line, i + 1);
      continue;
    }
    if (h) {
      closeGoroutine();
      open = true;
      let flags = 0;
      let minutes = 0;
      let inner = h[2]!;
      let labels = h[3];
      // Go 1.26 (GODEBUG=tracebacklabels=1) writes the labels inside the brackets, quoted:
      // `[chan send (leaked) labels:{"handler": "lookup"}]`; Go 1.27 after them, quoting only
      // what needs it: `[chan send (leaked)] {handler: lookup}`. Both are kept in 1.27's form.
      const li = inner.indexOf(' labels:{');
      if (li >= 0 && inner.endsWith('}')) {
        labels = unquoteSimpleLabels(inner.slice(li + 9, -1));
        inner = inner.slice(0, li);
      }
      const parts = inner.split(', ');
      let status = parts[0]!;
      for (let p = 1; p < parts.length; p++) {
        const part = parts[p]!;
        const mm = MINUTES.exec(part);
        const mmValue = mm ? digitsAtMost(mm[1]!, INT32_MAX) : null;
        if (mmValue !== null) minutes = mmValue;
        else if (part === 'locked to thread') flags |= G_FLAG_LOCKED_TO_THREAD;
        else if (part.startsWith('synctest bubble ')) flags |= G_FLAG_SYNCTEST;
        else status += ', ' + part;
      }
      // Flags the runtime appends to the status word; `(durable)` is part of some wait reasons.
      if (status.endsWith(' (scan)')) {
        flags |= G_FLAG_SCAN;
        status = status.slice(0, -7);
      }
      if (status.endsWith(' (leaked)')) {
        flags |= G_FLAG_LEAKED;
        status = status.slice(0, -9);
      }
      gId.push(id!);
      gStatus.push(strings.intern(status));
      gMinutes.push(minutes);
      gCreatedBy.push(-1);
      gCreatedByFile.push(-1);
      gCreatedByLine.push(0);
      gCreator.push(-1);
      gLabels.push(labels === undefined ? -1 : strings.intern(labels));
      gFlags.push(flags);
      gLine.push(i + 1);
      continue;
    }
    if (!open) {
      skipLine(skipped, line, i + 1);
      continue;
    }
    const row = gId.length - 1;
    if (line === '\tgoroutine running on other thread; stack unavailable') continue;
    if (line === '...additional frames elided...') {
      gFlags[row] = gFlags[row]! | G_FLAG_FRAMES_ELIDED;
      continue;
    }
    const next = lines[i + 1];
    const flMatch = next !== undefined && next.charCodeAt(0) === 9 ? FILE_LINE.exec(next) : null;
    // A file line number beyond int32 is not a line Go writes: the pair is not a frame.
    const fileLine = flMatch ? digitsAtMost(flMatch[2]!, INT32_MAX) : null;
    const fl = fileLine === null ? null : flMatch;
    const c = line.startsWith('created by ') ? CREATED_BY.exec(line) : null;
    const creator = c && c[2] !== undefined ? digitsAtMost(c[2]) : -1;
    if (c && creator !== null) {
      gCreatedBy.data[row] = strings.intern(c[1]!);
      gCreator.data[row] = creator;
      if (fl) {
        gCreatedByFile.data[row] = strings.intern(fl[1]!);
        gCreatedByLine.data[row] = fileLine!;
        i++;
      }
      continue;
    }
    const call = fl ? splitCall(line) : null;
    if (call && fl) {
      // §7.3: inlined frames print `(...)` and carry no +0x offset.
      const inlined = call.args === '...' && !next!.includes(' +0x');
      pending.push(internFrame(call.func, fl[1]!, fileLine!, inlined));
      i++;
      continue;
    }
    skipLine(skipped, line, i + 1);
  }
  closeGoroutine();
  if (gId.length === 0) throw new FormatError('text.no-goroutine-header', { lines: lines.length });
  return {
    kind: 'goroutine-dump',
    strings: strings.strings,
    goroutines: {
      id: gId.finish(),
      status: gStatus.finish(),
      waitMinutes: gMinutes.finish(),
      stack: gStack.finish(),
      createdBy: gCreatedBy.finish(),
      createdByFile: gCreatedByFile.finish(),
      createdByLine: gCreatedByLine.finish(),
      creatorId: gCreator.finish(),
      labels: gLabels.finish(),
      flags: Uint8Array.from(gFlags),
      lineNumber: gLine.finish(),
      length: gId.length,
    },
    frames: { func: fFunc.finish(), file: fFile.finish(), line: fLine.finish(), inlined: Uint8Array.from(fInlined), length: fFunc.length },
    stacks: { frame: sFrame.finish(), prefix: sPrefix.finish(), length: sFrame.length },
    skipped,
    lineCount: lines.length,
  };
}
