// On an analysis page of a truncated trace: the figures are of the generations kept (the reader
// keeps every complete one and says where the file ended, in the trace's header).

import type { TraceModel } from '../../model/trace';
import { formatNanoseconds } from '../../base/units';

/** Whether the trace was read from a truncated file (its reader's warning says so). */
export function isTruncated(t: TraceModel): boolean {
  return t.warnings.some((w) => w.startsWith('trace truncated'));
}

export function TruncatedNote({ t }: { t: TraceModel }) {
  if (!isTruncated(t)) return null;
  const gens = t.generations.length;
  return (
    <p className="truncated-note" data-testid="truncated-note" role="note">
      ⚠ This trace is truncated: computed on what was kept
      {gens > 0 ? ` (${gens} complete generation${gens === 1 ? '' : 's'}, the first ${formatNanoseconds(t.durationNs)})` : ` (the first ${formatNanoseconds(t.durationNs)})`}
      ; the file’s end is missing.
    </p>
  );
}
