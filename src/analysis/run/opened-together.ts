// Files opened together (one drop, one choice in the file picker, one `golens open`) that make a
// run at once. The rule: the batch has an axis for a run — a trace, or a GODEBUG=gctrace=1 log
// — and at least one other file that placement places against it (a log by its GC cycles,
// MemStats by their pause rings, a profile by its time_nanos). Two heap profiles alone are a
// series or a comparison, not a run; two traces are refused by placement, so never a run.

import { placeRun, type PlacementMethod, type RunFile } from './placement';

/** Methods that put a file on the axis from the evidence (not the user's offset, not its own clock). */
const PLACED: ReadonlySet<PlacementMethod> = new Set(['gc-cycles', 'memstats-gc', 'wall-clock', 'memstats-wall-clock']);

/**
 * The ids (in the batch's order) of the run the batch makes: the axis and every file placed
 * against it; files that cannot be placed stay out (they remain files of their own). Null when
 * the batch makes no run.
 */
export function runOfOpenedTogether(files: RunFile[]): string[] | null {
  if (files.length < 2) return null;
  const run = placeRun(files);
  if (!run.ok) return null;
  const joined = new Set(run.files.filter((p) => p.method === 'axis' || PLACED.has(p.method)).map((p) => p.id));
  if (joined.size < 2) return null;
  return files.filter((f) => joined.has(f.id)).map((f) => f.id);
}
