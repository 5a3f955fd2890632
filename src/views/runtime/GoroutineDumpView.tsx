// A goroutine dump (debug=2 traceback): goroutines grouped by identical stack, with count,
// wait reasons, wait durations and creators; likely leaks flagged (rules and thresholds in
// analysis/runtime/goroutine-dump-groups.ts, adjustable here); the stacks as a flame graph.

import { formatMessage } from '../../i18n/en';
import { useMemo, useState } from 'react';
import { DEFAULT_LEAK_OPTIONS, groupGoroutines, type Counted, type GoroutineGroup, type LeakOptions } from '../../analysis/runtime/goroutine-dump-groups';
import { goroutineDumpToProfile } from '../../analysis/runtime/goroutine-dump-profile';
import type { GoroutineDumpModel } from '../../model/runtime-log';
import { ProfileView } from '../profile/ProfileView';
import { SkippedNotice } from './SkippedNotice';
import { toggled } from './toggled';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';

function countedText(list: Counted[], max = 3): string {
  const shown = list.slice(0, max).map((c) => (list.length > 1 ? `${displayName(c.name)} ×${c.count}` : displayName(c.name)));
  return shown.join(', ') + (list.length > max ? ` (+${list.length - max})` : '');
}

function waitText(g: GoroutineGroup): string {
  if (g.maxWaitMinutes === 0) return '< 1 min';
  if (g.minWaitMinutes === g.maxWaitMinutes) return `${g.maxWaitMinutes} min`;
  return `${g.minWaitMinutes}–${g.maxWaitMinutes} min`;
}

/** The group's first goroutine's frames, innermost first: function and file:line. */
function stackFrames(d: GoroutineDumpModel, node: number): { func: string; site: string; inlined: boolean }[] {
  const out: { func: string; site: string; inlined: boolean }[] = [];
  for (let n = node; n >= 0; n = d.stacks.prefix[n]!) {
    const f = d.stacks.frame[n]!;
    out.push({
      func: d.strings[d.frames.func[f]!]!,
      site: `${d.strings[d.frames.file[f]!]}:${d.frames.line[f]}`,
      inlined: d.frames.inlined[f] === 1,
    });
  }
  return out;
}

function NumberOption({ label, value, testId, onChange }: { label: string; value: number; testId: string; onChange(v: number): void }) {
  return (
    <label>
      {label}
      <input
        type="number"
        min={1}
        value={value}
        data-testid={testId}
        className="small-number"
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isInteger(v) && v >= 1) onChange(v);
        }}
      />
    </label>
  );
}

export function GoroutineDumpView({ dump }: { dump: GoroutineDumpModel }) {
  const [options, setOptions] = useState<LeakOptions>(DEFAULT_LEAK_OPTIONS);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const groups = useMemo(() => groupGoroutines(dump, options), [dump, options]);
  const profile = useMemo(() => goroutineDumpToProfile(dump), [dump]);
  const leaks = groups.filter((g) => g.leak);
  const toggle = (i: number) => setOpen((s) => toggled(s, i));
  return (
    <div className="runtime-view goroutine-view" data-testid="goroutine-dump-view">
      <div className="toolbar">
        <strong className="view-title">
          Goroutine dump · {dump.goroutines.length} goroutines in {groups.length} groups
        </strong>
        <span className={leaks.length ? 'leak-count flagged' : 'leak-count'} data-testid="leak-count" data-count={leaks.length}>
          {leaks.length === 0 ? 'no likely leak' : `${leaks.length} likely leak${leaks.length === 1 ? '' : 's'}`}
        </span>
        <span className="muted">Flag when</span>
        <NumberOption
          label="≥ N blocked at one site"
          testId="leak-pileup"
          value={options.pileUpSize}
          onChange={(v) => setOptions({ ...options, pileUpSize: v })}
        />
        <NumberOption
          label="or ≥ N waiting"
          testId="leak-group-size"
          value={options.minGroupSize}
          onChange={(v) => setOptions({ ...options, minGroupSize: v })}
        />
        <NumberOption
          label="≥ minutes"
          testId="leak-minutes"
          value={options.minWaitMinutes}
          onChange={(v) => setOptions({ ...options, minWaitMinutes: v })}
        />
      </div>
      <SkippedNotice skipped={dump.skipped} />
      <div className="groups-scroll">
        <table className="groups-table" data-testid="goroutine-groups">
          <thead>
            <tr>
              <th scope="col">count</th>
              <th scope="col">state / wait reason</th>
              <th scope="col">waiting</th>
              <th scope="col">innermost function</th>
              <th scope="col">site</th>
              <th scope="col">created by</th>
              <th scope="col">leak?</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <GroupRows key={i} dump={dump} g={g} open={open.has(i)} onToggle={() => toggle(i)} />
            ))}
          </tbody>
        </table>
      </div>
      <ProfileView profile={profile} title="Stacks (one sample per goroutine)" />
    </div>
  );
}

function GroupRows({ dump, g, open, onToggle }: { dump: GoroutineDumpModel; g: GoroutineGroup; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr
        className={g.leak ? 'group leak' : 'group'}
        data-testid="goroutine-group"
        data-count={g.count}
        data-leak={g.leak?.rule ?? ''}
        onClick={onToggle}
        aria-expanded={open}
      >
        <td className="num">{g.count}</td>
        <td>{countedText(g.statuses)}</td>
        <td className="num">{waitText(g)}</td>
        <td className="fn">
          <span className="twisty">{open ? '▾' : '▸'}</span> {g.functions[0] !== undefined ? <Name text={g.functions[0]} /> : '(no frames)'}
        </td>
        <td className="fn">{countedText(g.sites, 2)}</td>
        <td className="fn">{g.creators.length ? countedText(g.creators, 2) : g.creator ? <Name text={g.creator} /> : '—'}</td>
        <td>{g.leak ? <span className="leak-flag" title={formatMessage(g.leak.reason)}>⚠ {formatMessage(g.leak.reason)}</span> : null}</td>
      </tr>
      {open ? (
        <tr className="group-detail">
          <td />
          <td colSpan={6}>
            <ol className="stack-frames">
              {stackFrames(dump, g.stack).map((f, j) => (
                <li key={j}>
                  <code>
                    <Name text={f.func} />
                  </code>{' '}
                  <span className="muted">
                    <Name text={f.site} />
                  </span>
                  {f.inlined ? <span className="muted"> (inlined)</span> : null}
                </li>
              ))}
            </ol>
            {g.labels.length ? <p className="muted">labels: {countedText(g.labels, 5)}</p> : null}
            <p className="muted">goroutines: {Array.from(g.goroutines.slice(0, 40), (r) => dump.goroutines.id[r]).join(', ')}{g.count > 40 ? ' …' : ''}</p>
          </td>
        </tr>
      ) : null}
    </>
  );
}
