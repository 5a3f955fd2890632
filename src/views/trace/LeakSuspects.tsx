// The Goroutines page's leak suspects (analysis/trace/leak-suspects.ts, in the trace's worker):
// goroutines that blocked and were never woken before the trace ended, grouped by wait reason
// and creation stack, most first. A group is named by the innermost frame outside the runtime
// where they wait; its stacks open on expand, and each goroutine opens its timeline. Always of
// the whole trace (what is left blocked at its end).

import type { TraceModel } from '../../model/trace';
import type { LeakSuspectGroup } from '../../analysis/trace/leak-suspects';
import { formatNanoseconds } from '../../base/units';
import { formatInteger } from '../../base/number-format';
import { formatMessage } from '../../i18n/en';
import { leakSuspectsOf } from '../../store/loader';
import { useTraceWork } from './use-trace-work';
import { Name } from '../Name';
import { StackList } from './StackList';

export function LeakSuspectsSection({ t, onOpen }: { t: TraceModel; onOpen(g: number): void }) {
  const result = useTraceWork(t, 'leak suspects', () => leakSuspectsOf(t));
  return (
    <section className="trace-leak-suspects" data-testid="trace-leak-suspects" data-groups={result?.ok ? result.suspects.groups.length : undefined}>
      <h3>Leak suspects</h3>
      {!result ? (
        <p className="notice" role="status">
          Looking for goroutines left blocked…
        </p>
      ) : !result.ok ? (
        <p className="notice error" role="alert">
          The leak suspects could not be computed: {formatMessage(result.error)}
        </p>
      ) : (
        <>
          {result.suspects.groups.length === 0 ? (
            <p className="notice" data-testid="trace-leak-suspects-none">
              No goroutine was left blocked at the end of the trace.
            </p>
          ) : (
            <>
              <p className="muted page-intro">
                Goroutines still blocked when the trace ended (the whole trace), by wait reason and creation stack, most first.
              </p>
              <ol className="leak-suspects">
                {result.suspects.groups.map((gr, i) => (
                  <SuspectGroup key={i} t={t} gr={gr} onOpen={onOpen} />
                ))}
              </ol>
            </>
          )}
          <LeftOut {...result.suspects.leftOut} />
        </>
      )}
    </section>
  );
}

function SuspectGroup({ t, gr, onOpen }: { t: TraceModel; gr: LeakSuspectGroup; onOpen(g: number): void }) {
  const name = gr.waitsIn || gr.createdBy || gr.start;
  const n = gr.goroutines.length;
  return (
    <li data-count={n} data-reason={gr.reason} data-name={name}>
      <details>
        <summary>
          <strong>{formatInteger(n)}</strong> goroutine{n === 1 ? '' : 's'} waiting on <strong>{gr.reason || '(no reason given)'}</strong> in{' '}
          <span className="fn">{name ? <Name text={name} /> : '(unknown function)'}</span>
          <span className="muted">
            {' '}
            · created by <span className="fn">{gr.createdBy ? <Name text={gr.createdBy} /> : '(unknown)'}</span> · blocked for the last{' '}
            {formatNanoseconds(t.durationNs - gr.sinceNs)} of the trace
          </span>
        </summary>
        <div className="leak-suspect-body">
          <div className="leak-goroutines">
            {gr.goroutines.map((g) => (
              <button key={g} type="button" className="link" data-g={g} data-goid={t.goroutines.id[g]} onClick={() => onOpen(g)}>
                G{t.goroutines.id[g]}
              </button>
            ))}
          </div>
          <h4>Created at</h4>
          {gr.createFrames.length ? (
            <StackList t={t} frames={gr.createFrames} testId="leak-create-stack" />
          ) : (
            <p className="muted" data-testid="leak-no-create-stack">Created before the trace began: no creation stack (start function {gr.start ? <Name className="fn" text={gr.start} /> : 'unknown'}).</p>
          )}
          {gr.waitFrames.length ? (
            <>
              <h4>Waiting at</h4>
              <StackList t={t} frames={gr.waitFrames} testId="leak-wait-stack" />
            </>
          ) : null}
        </div>
      </details>
    </li>
  );
}

function LeftOut({ runtime, sleep, unknown }: { runtime: number; sleep: number; unknown: number }) {
  const parts = [
    runtime ? `${formatInteger(runtime)} of the runtime’s own` : '',
    sleep ? `${formatInteger(sleep)} sleeping (a timer wakes ${sleep === 1 ? 'it' : 'them'})` : '',
    unknown ? `${formatInteger(unknown)} nothing is known of (no start function, no stack)` : '',
  ].filter(Boolean);
  return (
    <p className="muted" data-testid="trace-leak-suspects-left-out" data-runtime={runtime} data-sleep={sleep} data-unknown={unknown}>
      {parts.length ? `Left out, also waiting at the end: ${parts.join(', ')}.` : 'No other goroutine was waiting at the end.'}
    </p>
  );
}
