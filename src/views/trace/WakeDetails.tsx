// Who woke the selected goroutine slice: the goroutine (and its stack) whose event ended the
// wait before it, a link selecting the waker's running slice, and the chain back from there.

import { stackFrames, gStateReason, type TraceModel } from '../../model/trace';
import { gStateEnd, gStateStart } from '../../analysis/trace/timeline-tables';
import { gStateRowAt, wakeChain, type Wake } from '../../analysis/trace/wake';
import { formatNanoseconds } from '../../base/units';
import { goroutineLabel, type TraceSelection } from './TraceLanes';
import { StackList } from './StackList';

/** The selection of the waker's slice that contains the wake (its running interval there). */
export function wakerSelection(t: TraceModel, w: Wake): TraceSelection | null {
  if (w.waker < 0) return null;
  const k = gStateRowAt(t, w.waker, w.time);
  if (k < 0) return null;
  return { kind: 'goroutine', g: w.waker, start: gStateStart(t, k), end: gStateEnd(t, w.waker, k), where: w.p >= 0 ? `P${w.p}` : 'running' };
}

function waitReason(t: TraceModel, w: Wake): string {
  return t.strings[gStateReason(t, w.waitRow)] || 'blocked';
}

export function WakeDetails({ t, wake, onSelect }: { t: TraceModel; wake: Wake; onSelect(s: TraceSelection): void }) {
  const chain = wakeChain(t, wake);
  const waitStart = gStateStart(t, wake.waitRow);
  const frames = wake.stack >= 0 ? stackFrames(t, wake.stack) : [];
  const link = (w: Wake, testId?: string) => {
    const s = wakerSelection(t, w);
    if (!s) return <span data-testid={testId}>the runtime (no goroutine{w.p >= 0 ? ` on P${w.p}` : ''})</span>;
    return (
      <button type="button" className="link inline" data-testid={testId} data-waker-id={t.goroutines.id[w.waker]} onClick={() => onSelect(s)}>
        {goroutineLabel(t, w.waker)}
      </button>
    );
  };
  return (
    <section className="wake-details" data-testid="wake-details">
      <h4>Woken by</h4>
      <p>
        {waitReason(t, wake)} for {formatNanoseconds(wake.time - waitStart)} (from {formatNanoseconds(waitStart)}), woken at{' '}
        {formatNanoseconds(wake.time)} by {link(wake, 'woken-by')}
        {wake.p >= 0 ? ` on P${wake.p}` : ''}
        {wake.runRow >= 0 ? `; ran ${formatNanoseconds(gStateStart(t, wake.runRow) - wake.time)} later` : '; did not run again before the trace ended'}
      </p>
      {frames.length ? (
        <StackList t={t} frames={frames} testId="waker-stack" />
      ) : (
        <p className="muted">No stack for the wake in the trace.</p>
      )}
      {chain.length > 1 ? (
        <>
          <h4>The chain back</h4>
          <ol className="wake-chain" data-testid="wake-chain">
            {chain.slice(1).map((w, i) => (
              <li key={i}>
                {goroutineLabel(t, w.g)}, {waitReason(t, w)} for {formatNanoseconds(w.time - gStateStart(t, w.waitRow))}, was woken at{' '}
                {formatNanoseconds(w.time)} by {link(w)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </section>
  );
}
