// The trace view's pages, as go tool trace's web UI has them: the timeline, and the analyses
// (Goroutines, …) beside it. The page is a view option (`page`, in the URL). The Goroutines page
// is go tool trace's: groups by start function, then one group's goroutines, then one
// goroutine's slices on the timeline (option `g`: its index; the lanes dim every other one).

import { useEffect, useMemo, type ReactNode } from 'react';
import { type TraceModel } from '../../model/trace';
import type { GoroutineAnalysis, GoroutineGroup, GoroutineRow } from '../../analysis/trace/trace-analysis';
import { formatNanoseconds } from '../../base/units';
import { formatMessage } from '../../i18n/en';
import { goroutinePageOf } from '../../store/loader';
import { useTraceWork } from './use-trace-work';
import { useTimeWindow, useViewOption } from '../view-state';
import { SortHeader } from '../profile/TopTableParts';
import { MmuPage } from './MmuPage';
import { TasksPage } from './TasksPage';
import { BlockingPage } from './BlockingPage';
import { Name } from '../Name';
import { PageHead, usePageRange } from './PageScope';
import { LeakSuspectsSection } from './LeakSuspects';

/** The pages of the strip, in order. A page is listed only once it exists. */
const PAGES = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'goroutines', label: 'Goroutines' },
  { id: 'mmu', label: 'MMU' },
  { id: 'tasks', label: 'Tasks & regions' },
  { id: 'blocking', label: 'Blocking profiles' },
] as const;

export type TracePageId = (typeof PAGES)[number]['id'];

export function useTracePage(): [TracePageId, (p: TracePageId) => void] {
  const [v, set] = useViewOption('page');
  const page = (PAGES.find((p) => p.id === v)?.id ?? 'timeline') as TracePageId;
  return [page, (p) => set(p === 'timeline' ? null : p)];
}

/** The highlighted goroutine (index into the model's goroutines; -1 none) and its setter. */
export function useHighlightedGoroutine(t: TraceModel): [number, (g: number | null) => void] {
  const [v, set] = useViewOption('g');
  const g = v === '' ? -1 : Number(v);
  const ok = Number.isInteger(g) && g >= 0 && g < t.goroutines.length;
  return [ok ? g : -1, (x) => set(x === null || x < 0 ? null : String(x))];
}

export function TracePages({ t, name, timeline }: { t: TraceModel; name: string; timeline: ReactNode }) {
  const [page, setPage] = useTracePage();
  const [, setWindow] = useTimeWindow();
  // An analysis page's link to a time window: the timeline, zoomed to it.
  const jump = (w: [number, number]) => {
    setWindow(w);
    setPage('timeline');
  };
  return (
    <>
      <nav className="trace-pages" role="tablist" aria-label="Trace pages" data-testid="trace-pages">
        {PAGES.map((p) => (
          <button
            key={p.id}
            type="button"
            role="tab"
            aria-selected={page === p.id}
            className={page === p.id ? 'active' : undefined}
            data-page={p.id}
            onClick={() => setPage(p.id)}
          >
            {p.label}
          </button>
        ))}
      </nav>
      {page === 'goroutines' ? <GoroutinesPage t={t} /> : page === 'mmu' ? <MmuPage t={t} onJump={jump} /> : page === 'tasks' ? <TasksPage t={t} onJump={jump} /> : page === 'blocking' ? <BlockingPage t={t} name={name} /> : (
        <>
          <HighlightBar t={t} />
          {timeline}
        </>
      )}
    </>
  );
}

/** On the timeline: which goroutine is highlighted, and the way back to its group. */
function HighlightBar({ t }: { t: TraceModel }) {
  const [g, setG] = useHighlightedGoroutine(t);
  const [, setPage] = useTracePage();
  const lanes = useMemo(() => (g >= 0 ? goroutineProcs(t, g) : []), [t, g]);
  useEffect(() => {
    if (g < 0 || lanes.length === 0) return;
    document.querySelector(`[data-lane="p${lanes[0]}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [g, lanes]);
  if (g < 0) return null;
  const name = t.strings[t.goroutines.name[g]!] || '(unknown start)';
  return (
    <div className="highlight-bar" data-testid="highlighted-goroutine" data-g={g} data-goid={t.goroutines.id[g]} role="status">
      Highlighting <strong>G{t.goroutines.id[g]}</strong> <Name className="fn" text={name} />
      {lanes.length ? ` — ran on ${lanes.map((p) => `P${p}`).join(', ')}` : ' — it never ran on a P in this trace'}
      <button type="button" className="link" onClick={() => setPage('goroutines')}>
        ← Goroutines
      </button>
      <button type="button" className="link" onClick={() => setG(null)}>
        Clear
      </button>
    </div>
  );
}

/** The P ids a goroutine ran on, ascending. */
function goroutineProcs(t: TraceModel, g: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + 1 < t.pRunOffsets.length; p++) {
    for (let i = t.pRunOffsets[p]!; i < t.pRunOffsets[p + 1]!; i++) {
      if (t.pRuns.g[i] === g) {
        out.push(p);
        break;
      }
    }
  }
  return out;
}


/** The columns both tables share: Go's non-overlapping times, then the ranges (which overlap). */
type Col = { key: string; label: string; title: string; value(r: GoroutineGroup | GoroutineRow): number };

function columnsOf(a: GoroutineAnalysis): Col[] {
  const blockTotals = new Map<string, number>();
  const rangeTotals = new Map<string, number>();
  for (const gr of a.groups) {
    for (const [k, v] of Object.entries(gr.blockNs)) blockTotals.set(k, (blockTotals.get(k) ?? 0) + v);
    for (const [k, v] of Object.entries(gr.rangeNs)) rangeTotals.set(k, (rangeTotals.get(k) ?? 0) + v);
  }
  const byTotal = (m: Map<string, number>) => [...m.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([k]) => k);
  const get = (r: GoroutineGroup | GoroutineRow, m: 'blockNs' | 'rangeNs', k: string): number =>
    r[m] instanceof Map ? ((r[m] as Map<string, number>).get(k) ?? 0) : ((r[m] as Record<string, number>)[k] ?? 0);
  return [
    { key: 'total', label: 'Total', title: 'Total time: from its creation (or the trace start) to its end (or the trace end)', value: (r) => r.totalNs },
    { key: 'exec', label: 'Execution', title: 'Time running on a P', value: (r) => r.execNs },
    { key: 'sched', label: 'Sched wait', title: 'Runnable, waiting for a P', value: (r) => r.schedWaitNs },
    ...byTotal(blockTotals).map((k) => ({ key: `block:${k}`, label: `Block: ${k || '(no reason)'}`, title: `Blocked (${k || 'no reason given by the runtime'})`, value: (r: GoroutineGroup | GoroutineRow) => get(r, 'blockNs', k) })),
    { key: 'syscall', label: 'Syscall', title: 'Running in a system call', value: (r) => r.syscallNs },
    { key: 'syscallBlock', label: 'Syscall blocked', title: 'In a system call that blocked (its P taken away)', value: (r) => r.syscallBlockNs },
    { key: 'unknown', label: 'Unknown', title: 'Total minus the times above (Go’s unknown time)', value: (r) => r.unknownNs },
    ...byTotal(rangeTotals).map((k) => ({ key: `range:${k}`, label: k, title: `Time inside "${k}" (overlaps the times above)`, value: (r: GoroutineGroup | GoroutineRow) => get(r, 'rangeNs', k) })),
  ];
}

function GoroutinesPage({ t }: { t: TraceModel }) {
  const range = usePageRange();
  const result = useTraceWork(t, `goroutines ${range}`, () => goroutinePageOf(t, range));
  const [group, setGroup] = useViewOption('group');
  const openGoroutine = useOpenGoroutine(t);
  if (!result || !result.ok) {
    return (
      <section className="trace-page goroutine-page">
        <PageHead t={t} what="Goroutines" />
        {!result ? (
          <p className="notice" data-testid="goroutine-analysis-working" role="status">
            Analysing the goroutines…
          </p>
        ) : (
          <p className="notice error" role="alert">
            The goroutine analysis failed: {formatMessage(result.error)}
          </p>
        )}
      </section>
    );
  }
  const a = result.analysis;
  const cols = columnsOf(a);
  // Group names are stored with a leading "~" (an unknown start function is "").
  const shown = group.startsWith('~') ? a.groups.find((gr) => gr.name === group.slice(1)) : undefined;
  return (
    <section
      className="trace-page goroutine-page"
      data-testid="goroutine-page"
      data-groups={a.groups.length}
      data-goroutines={a.goroutines.length}
      data-range={a.range ? `${a.range[0]}-${a.range[1]}` : ''}
    >
      <PageHead t={t} what="Goroutines" />
      {a.groups.length === 0 ? (
        <p className="notice" data-testid="goroutine-analysis-none">
          No goroutine {a.range ? 'was alive in this range' : 'in this trace'}.
        </p>
      ) : shown ? (
        <GroupGoroutines t={t} a={a} group={shown} cols={cols} onBack={() => setGroup(null)} onOpen={openGoroutine} />
      ) : (
        <GroupTable a={a} cols={cols} onOpen={(gr) => setGroup(`~${gr.name}`)} />
      )}
      {shown ? null : <LeakSuspectsSection t={t} onOpen={openGoroutine} />}
    </section>
  );
}

function useSort(cols: Col[], option: string): [Col | null, string, (k: string) => void] {
  const [v, set] = useViewOption(option);
  const key = v || 'exec';
  return [key === 'name' ? null : (cols.find((c) => c.key === key) ?? cols[1]!), key === 'name' || key === 'count' || cols.some((c) => c.key === key) ? key : 'exec', (k) => set(k === 'exec' ? null : k)];
}

/** The header row both tables share: the name column, the count (groups only), then the times. */
function ColumnsHead({ name, withCount, cols, current, onSort }: { name: string; withCount?: boolean; cols: Col[]; current: string; onSort(k: string): void }) {
  return (
    <tr>
      <SortHeader sortKey="name" current={current} onSort={onSort}>
        {name}
      </SortHeader>
      {withCount ? (
        <SortHeader sortKey="count" current={current} onSort={onSort}>
          Count
        </SortHeader>
      ) : null}
      {cols.map((c) => (
        <SortHeader key={c.key} sortKey={c.key} current={current} onSort={onSort} title={c.title}>
          {c.label}
        </SortHeader>
      ))}
    </tr>
  );
}

function GroupTable({ a, cols, onOpen }: { a: GoroutineAnalysis; cols: Col[]; onOpen(g: GoroutineGroup): void }) {
  const [col0, key, setKey] = useSort(cols, 'gsort');
  const col = key === 'count' ? { value: (r: GoroutineGroup | GoroutineRow) => ('count' in r ? r.count : 1) } : col0;
  const rows = useMemo(() => {
    const out = [...a.groups];
    if (col) out.sort((x, y) => col.value(y) - col.value(x) || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    else out.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
    return out;
  }, [a, col]);
  return (
    <>
      <p className="muted page-intro">
        Goroutines grouped by start function, as go tool trace’s Goroutines page (in a range: the goroutines alive in it, their
        times inside it): click a group for its goroutines.
      </p>
      <div className="table-scroll">
        <table className="top-table goroutine-table" data-testid="goroutine-analysis">
          <thead>
            <ColumnsHead name="Start function" withCount cols={cols} current={key} onSort={setKey} />
          </thead>
          <tbody>
            {rows.map((gr) => (
              <tr key={gr.name} data-group={gr.name} data-count={gr.count} data-exec-ns={gr.execNs} onClick={() => onOpen(gr)}>
                <td className="fn name-first">
                  <button type="button" className="link">
                    {gr.name ? <Name text={gr.name} /> : '(unknown start function)'}
                  </button>
                </td>
                <td className="num">{gr.count}</td>
                {cols.map((c) => (
                  <td key={c.key} className="num">
                    {fmt(c.value(gr))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** A goroutine's timeline: the window of its life, its slices highlighted. */
function useOpenGoroutine(t: TraceModel): (g: number) => void {
  const [, setPage] = useTracePage();
  const [, setG] = useHighlightedGoroutine(t);
  const [, setWindow] = useTimeWindow();
  return (g) => {
    const created = t.goroutines.createdAt[g]!;
    const ended = t.goroutines.endedAt[g]!;
    const lo = Number.isNaN(created) ? 0 : created;
    const hi = Number.isNaN(ended) ? t.durationNs : ended;
    const pad = Math.max(1, (hi - lo) * 0.02);
    setWindow(hi > lo ? [Math.max(0, lo - pad), Math.min(t.durationNs, hi + pad)] : null);
    setG(g);
    setPage('timeline');
  };
}

function GroupGoroutines({ t, a, group, cols, onBack, onOpen }: { t: TraceModel; a: GoroutineAnalysis; group: GoroutineGroup; cols: Col[]; onBack(): void; onOpen(g: number): void }) {
  const [col, key, setKey] = useSort(cols, 'gosort');
  const rows = useMemo(() => {
    const out = group.members.map((i) => a.goroutines[i]!);
    const id = (r: GoroutineRow) => t.goroutines.id[r.g]!;
    if (col) out.sort((x, y) => col.value(y) - col.value(x) || id(x) - id(y));
    else out.sort((x, y) => id(x) - id(y));
    return out;
  }, [a, group, col, t]);
  return (
    <>
      <div className="page-intro">
        <button type="button" className="link" data-testid="goroutine-groups-back" onClick={onBack}>
          ← All groups
        </button>{' '}
        <span className="fn">{group.name ? <Name text={group.name} /> : '(unknown start function)'}</span> · {group.count} goroutine{group.count === 1 ? '' : 's'} ·
        click one for its slices on the timeline
      </div>
      <div className="table-scroll">
        <table className="top-table goroutine-table" data-testid="goroutine-list" data-group={group.name}>
          <thead>
            <ColumnsHead name="Goroutine" cols={cols} current={key} onSort={setKey} />
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.g} data-g={r.g} data-goid={t.goroutines.id[r.g]} onClick={() => onOpen(r.g)}>
                <td className="fn name-first">
                  <button type="button" className="link">
                    G{t.goroutines.id[r.g]}
                  </button>
                </td>
                {cols.map((c) => (
                  <td key={c.key} className="num">
                    {fmt(c.value(r))}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function fmt(ns: number): string {
  return ns === 0 ? '—' : formatNanoseconds(ns);
}
