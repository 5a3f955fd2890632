// The tasks and regions page (go tool trace's "User-defined tasks" and "User-defined regions"):
// per task type and region type the count and the duration distribution in go tool trace's
// buckets; a chosen type's slowest instances, each jumping the timeline to it; a task's regions
// and logs across goroutines. Names and messages are the program's strings: React text only.

import type { TraceModel } from '../../model/trace';
import { bucketMin, taskDetail, type DurationHistogram, type TaskPages } from '../../analysis/trace/task-pages';
import type { TaskSummary } from '../../analysis/trace/goroutine-summary';
import { formatNanoseconds } from '../../base/units';
import { formatInteger } from '../../base/number-format';
import { tasksPageOf } from '../../store/loader';
import { formatMessage } from '../../i18n/en';
import { useTraceWork } from './use-trace-work';
import { useViewOption } from '../view-state';
import { goroutineLabel } from './TraceLanes';
import { Name } from '../Name';
import { PageHead, usePageRange } from './PageScope';

type Jump = (window: [number, number]) => void;

/** A window around [start, end] with a margin of a tenth of its length each side. */
function around(t: TraceModel, start: number, end: number): [number, number] {
  const s = Number.isNaN(start) ? 0 : start, e = Number.isNaN(end) ? t.durationNs : end;
  const pad = Math.max(1000, (e - s) / 10);
  return [Math.max(0, s - pad), Math.min(Math.max(t.durationNs, 1), e + pad)];
}

function Histogram({ h, label }: { h: DurationHistogram; label: string }) {
  if (h.count === 0) return <span className="muted">no complete {label}</span>;
  const max = Math.max(...h.counts);
  const barW = 9, H = 30;
  return (
    <span className="histogram" data-testid="duration-histogram" data-count={h.count} data-buckets={h.counts.length}>
      <span className="muted">{formatNanoseconds(bucketMin(h.minBucket))}</span>
      <svg width={h.counts.length * barW} height={H} role="img" aria-label={`duration distribution of ${h.count} ${label}`}>
        {h.counts.map((c, i) => {
          const bh = c === 0 ? 0 : Math.max(2, (c / max) * (H - 2));
          return (
            <rect key={i} x={i * barW} y={H - bh} width={barW - 1} height={bh}>
              <title>
                {`${formatNanoseconds(bucketMin(h.minBucket + i))} – ${formatNanoseconds(bucketMin(h.minBucket + i + 1))}: ${c}`}
              </title>
            </rect>
          );
        })}
      </svg>
      <span className="muted">{formatNanoseconds(bucketMin(h.maxBucket + 1))}</span>
    </span>
  );
}

export function TasksPage({ t, onJump }: { t: TraceModel; onJump: Jump }) {
  const range = usePageRange();
  const result = useTraceWork(t, `tasks ${range}`, () => tasksPageOf(t, range));
  if (!result || !result.ok) {
    return (
      <section className="tasks-page">
        <PageHead t={t} what="Tasks and regions" />
        {!result ? (
          <p className="notice" data-testid="tasks-working" role="status">
            Summarizing the tasks and regions…
          </p>
        ) : (
          <p className="notice error" role="alert">
            The tasks and regions summary failed: {formatMessage(result.error)}
          </p>
        )}
      </section>
    );
  }
  return <TaskTables t={t} pages={result.pages} onJump={onJump} />;
}

function TaskTables({ t, pages, onJump }: { t: TraceModel; pages: TaskPages; onJump: Jump }) {
  const [taskType, setTaskType] = useViewOption('task-type');
  const [regionType, setRegionType] = useViewOption('region-type');
  const [taskOpt, setTaskOpt] = useViewOption('task');
  if (pages.tasks.length === 0 && pages.regions.length === 0) {
    return (
      <section className="tasks-page">
        <PageHead t={t} what="Tasks and regions" />
        {pages.range ? (
          <p className="notice" data-testid="tasks-none">
            No user task or region overlaps this range.
          </p>
        ) : (
          <p className="notice" data-testid="tasks-none">
            This trace has no user tasks or regions. Annotate the program with runtime/trace’s NewTask, WithRegion / StartRegion and
            Log to see them here.
          </p>
        )}
      </section>
    );
  }
  const tt = pages.tasks.find((x) => x.type === taskType) ?? null;
  const rt = pages.regions.find((x) => x.type === regionType) ?? null;
  const task = taskOpt !== '' ? (pages.summary.tasks.find((x) => String(x.id) === taskOpt) ?? null) : null;
  const taskName = (x: string) => x || '(unnamed: begun before the trace)';
  return (
    <section className="tasks-page" data-testid="tasks-page" data-range={pages.range ? `${pages.range[0]}-${pages.range[1]}` : ''}>
      <PageHead t={t} what="Tasks and regions" />
      {pages.range ? <p className="muted page-intro">The tasks and regions that overlap the range, each with its whole duration.</p> : null}
      <h3>User-defined tasks</h3>
      {pages.tasks.length === 0 ? (
        <p className="muted" data-testid="tasks-none-tasks">No tasks {pages.range ? 'overlap this range' : 'in this trace'} (only regions).</p>
      ) : (
        <table className="digest-table tasks-table" data-testid="task-types">
          <thead>
            <tr>
              <th>task type</th>
              <th className="num">count</th>
              <th className="num">complete</th>
              <th className="num">total</th>
              <th className="num">max</th>
              <th>duration distribution (complete tasks)</th>
            </tr>
          </thead>
          <tbody>
            {pages.tasks.map((x) => (
              <tr key={x.type} className={x === tt ? 'selected' : undefined} data-type={x.type}>
                <td>
                  <button type="button" className="link inline" onClick={() => setTaskType(x === tt ? null : x.type)}>
                    <Name text={taskName(x.type)} />
                  </button>
                </td>
                <td className="num">{formatInteger(x.count)}</td>
                <td className="num">{formatInteger(x.complete)}</td>
                <td className="num">{formatNanoseconds(x.totalNs)}</td>
                <td className="num">{formatNanoseconds(x.maxNs)}</td>
                <td>
                  <Histogram h={x.histogram} label="tasks" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {tt ? (
        <div className="slowest" data-testid="task-slowest" data-type={tt.type}>
          <h4>
            Slowest “{taskName(tt.type)}” tasks <span className="muted">(complete ones; {tt.count - tt.complete} not complete)</span>
          </h4>
          <InstanceList
            t={t}
            items={tt.slowest.map((k) => ({ key: String(k.id), label: `task ${k.id}`, start: k.start, end: k.end, onDetails: () => setTaskOpt(String(k.id)) }))}
            onJump={onJump}
          />
        </div>
      ) : null}
      {task ? <TaskDetailPanel t={t} task={task} onJump={onJump} onClose={() => setTaskOpt(null)} onTask={(id) => setTaskOpt(String(id))} /> : null}

      <h3>User-defined regions</h3>
      {pages.regions.length === 0 ? (
        <p className="muted">No regions {pages.range ? 'overlap this range' : 'in this trace'}.</p>
      ) : (
        <table className="digest-table tasks-table" data-testid="region-types">
          <thead>
            <tr>
              <th>region type</th>
              <th className="num">count</th>
              <th className="num">incomplete</th>
              <th className="num">total</th>
              <th className="num">max</th>
              <th>duration distribution</th>
            </tr>
          </thead>
          <tbody>
            {pages.regions.map((x) => (
              <tr key={x.type} className={x === rt ? 'selected' : undefined} data-type={x.type}>
                <td>
                  <button type="button" className="link inline" onClick={() => setRegionType(x === rt ? null : x.type)}>
                    {x.type ? <Name text={x.type} /> : '(goroutine created in a region)'}
                  </button>
                </td>
                <td className="num">{formatInteger(x.count)}</td>
                <td className="num">{formatInteger(x.incomplete)}</td>
                <td className="num">{formatNanoseconds(x.totalNs)}</td>
                <td className="num">{formatNanoseconds(x.maxNs)}</td>
                <td>
                  <Histogram h={x.histogram} label="regions" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rt ? (
        <div className="slowest" data-testid="region-slowest" data-type={rt.type}>
          <h4>
            Slowest “<Name text={rt.type} />” regions
          </h4>
          <InstanceList
            t={t}
            items={rt.slowest.map((r, i) => ({
              key: String(i),
              label: `${goroutineLabel(t, r.region.g)}${r.region.task ? `, task ${r.region.task}` : ''}`,
              start: r.start,
              end: r.end,
              onDetails: r.region.task ? () => setTaskOpt(String(r.region.task)) : undefined,
            }))}
            onJump={onJump}
          />
        </div>
      ) : null}
    </section>
  );
}

function InstanceList({
  t,
  items,
  onJump,
}: {
  t: TraceModel;
  items: { key: string; label: string; start: number; end: number; onDetails?: () => void }[];
  onJump: Jump;
}) {
  return (
    <ol className="instance-list">
      {items.map((it) => (
        <li key={it.key}>
          <b>{formatNanoseconds(it.end - it.start)}</b> {it.label} at {formatNanoseconds(it.start)}{' '}
          <button
            type="button"
            className="link inline"
            data-testid="instance-jump"
            data-start-ns={it.start}
            data-end-ns={it.end}
            onClick={() => onJump(around(t, it.start, it.end))}
          >
            timeline
          </button>
          {it.onDetails ? (
            <>
              {' · '}
              <button type="button" className="link inline" data-testid="instance-details" onClick={it.onDetails}>
                regions and logs
              </button>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function TaskDetailPanel({
  t,
  task,
  onJump,
  onClose,
  onTask,
}: {
  t: TraceModel;
  task: TaskSummary;
  onJump: Jump;
  onClose(): void;
  onTask(id: number): void;
}) {
  const d = taskDetail(t, task);
  const when = (s: number, e: number) =>
    `${Number.isNaN(s) ? 'begun before the trace' : formatNanoseconds(s)} – ${Number.isNaN(e) ? 'not ended' : formatNanoseconds(e)}`;
  return (
    <div className="task-detail details-panel" data-testid="task-detail" data-task={task.id}>
      <button type="button" className="close" aria-label="Close task" onClick={onClose}>
        ×
      </button>
      <h4>
        Task {task.id} “<Name text={task.name} />” <span className="muted">{when(task.start, task.end)}</span>{' '}
        <button type="button" className="link inline" onClick={() => onJump(around(t, task.start, task.end))}>
          timeline
        </button>
      </h4>
      <p>
        {task.parent >= 0 ? (
          <>
            child of{' '}
            <button type="button" className="link inline" onClick={() => onTask(task.parent)}>
              task {task.parent}
            </button>
            {' · '}
          </>
        ) : null}
        {d.children.length ? (
          <>
            children:{' '}
            {d.children.map((c) => (
              <button key={c} type="button" className="link inline" onClick={() => onTask(c)}>
                task {c}
              </button>
            ))}
            {' · '}
          </>
        ) : null}
        on {d.goroutines.length} goroutine{d.goroutines.length === 1 ? '' : 's'}: {d.goroutines.map((g) => goroutineLabel(t, g)).join(', ')}
      </p>
      <table className="digest-table" data-testid="task-regions">
        <thead>
          <tr>
            <th>region</th>
            <th>goroutine</th>
            <th>when</th>
            <th className="num">duration</th>
          </tr>
        </thead>
        <tbody>
          {d.regions.map((r, i) => (
            <tr key={i}>
              <td>{r.name ? <Name text={r.name} /> : '(goroutine created in a region)'}</td>
              <td>{goroutineLabel(t, r.g)}</td>
              <td>{when(r.start, r.end)}</td>
              <td className="num">{Number.isNaN(r.start) || Number.isNaN(r.end) ? '—' : formatNanoseconds(r.end - r.start)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.logs.length ? (
        <table className="digest-table" data-testid="task-logs">
          <thead>
            <tr>
              <th>time</th>
              <th>goroutine</th>
              <th>category</th>
              <th>message</th>
            </tr>
          </thead>
          <tbody>
            {d.logs.map((l) => (
              <tr key={l.event}>
                <td>{formatNanoseconds(l.time)}</td>
                <td>{l.g >= 0 ? goroutineLabel(t, l.g) : '—'}</td>
                <td>{l.category}</td>
                <td>{l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted">No logs in this task.</p>
      )}
    </div>
  );
}
