// What an analysis page of the trace applies to: the brushed range when there is one (the
// timeline's, kept in the URL), else the whole trace. The user can look at the whole trace
// while a range stays brushed (view option `scope=whole`), and back.

import type { TimeRange } from '../../analysis/trace/goroutine-summary';
import type { TraceModel } from '../../model/trace';
import { formatNanoseconds } from '../../base/units';
import { useTimeRange, useViewOption } from '../view-state';
import { TruncatedNote } from './TruncatedNote';

/** The range the analysis pages apply to (null: the whole trace). */
export function usePageRange(): TimeRange | null {
  const [rangeNs] = useTimeRange();
  const [scope] = useViewOption('scope');
  return rangeNs && scope !== 'whole' ? rangeNs : null;
}

/** The line that says what the page is of, with the way to the whole trace and back. */
export function PageScope({ what }: { what: string }) {
  const [rangeNs] = useTimeRange();
  const [scope, setScope] = useViewOption('scope');
  if (!rangeNs) {
    return (
      <p className="page-scope muted" data-testid="page-scope" data-scope="whole">
        {what}: the whole trace. Select a range on the timeline (<kbd>shift</kbd>+drag on the lanes, or drag on the axis) to see it for that range.
      </p>
    );
  }
  const [a, b] = rangeNs;
  const label = `${formatNanoseconds(a)} – ${formatNanoseconds(b)}`;
  if (scope === 'whole') {
    return (
      <p className="page-scope" data-testid="page-scope" data-scope="whole">
        {what}: the whole trace.{' '}
        <button type="button" className="link inline" data-testid="page-scope-range" onClick={() => setScope(null)}>
          Show the range {label}
        </button>
      </p>
    );
  }
  return (
    <p className="page-scope in-range" data-testid="page-scope" data-scope="range" data-start-ns={a} data-end-ns={b}>
      {what}: <strong>range {label}</strong> <span className="muted">({formatNanoseconds(b - a)} brushed on the timeline)</span>{' '}
      <button type="button" className="link inline" data-testid="page-scope-whole" onClick={() => setScope('whole')}>
        Whole trace
      </button>
    </p>
  );
}

/** An analysis page's head: that the trace is truncated (when it is), and what the page is of. */
export function PageHead({ t, what }: { t: TraceModel; what: string }) {
  return (
    <>
      <TruncatedNote t={t} />
      <PageScope what={what} />
    </>
  );
}
