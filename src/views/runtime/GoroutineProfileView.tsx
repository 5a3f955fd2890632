// A goroutine profile (debug=1 text, or protobuf): the same groups table as a debug=2 dump —
// count, innermost function and site — above the profile's flame graph and top table. A profile
// has no wait reasons, wait times or creators: those columns need a debug=2 dump.

import { formatMessage } from '../../i18n/en';
import { useMemo, useState } from 'react';
import { DEFAULT_LEAK_OPTIONS } from '../../analysis/runtime/goroutine-dump-groups';
import { goroutineProfileGroups } from '../../analysis/profile/goroutine-profile-view';
import type { ProfileModel } from '../../model/profile';
import { ProfileView } from '../profile/ProfileView';
import { PprofHeader } from '../profile/PprofHeader';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';

export function GoroutineProfileView({ profile }: { profile: ProfileModel }) {
  const [pileUp, setPileUp] = useState(DEFAULT_LEAK_OPTIONS.pileUpSize);
  const [open, setOpen] = useState<number | null>(null);
  const groups = useMemo(() => goroutineProfileGroups(profile, pileUp), [profile, pileUp]);
  const total = groups.reduce((s, g) => s + g.count, 0);
  const leaks = groups.filter((g) => g.leak).length;
  return (
    <div className="runtime-view goroutine-view" data-testid="goroutine-profile-view">
      <PprofHeader sides={[{ profile, sampleTypeIndex: profile.defaultSampleTypeIndex }]} />
      <div className="toolbar">
        <strong className="view-title">
          Goroutine profile · {total} goroutines in {groups.length} groups
        </strong>
        <span className={leaks ? 'leak-count flagged' : 'leak-count'} data-testid="leak-count" data-count={leaks}>
          {leaks === 0 ? 'no likely leak' : `${leaks} likely leak${leaks === 1 ? '' : 's'}`}
        </span>
        <label>
          Flag groups of ≥
          <input
            type="number"
            min={1}
            className="small-number"
            data-testid="leak-pileup"
            value={pileUp}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 1) setPileUp(v);
            }}
          />
          goroutines
        </label>
        <span className="muted small">wait reasons, wait times and creators are only in a debug=2 dump</span>
      </div>
      <div className="groups-scroll">
        <table className="groups-table" data-testid="goroutine-groups">
          <thead>
            <tr>
              <th scope="col">count</th>
              <th scope="col">innermost function</th>
              <th scope="col">site</th>
              <th scope="col">leak?</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g, i) => (
              <GroupRow key={i} g={g} open={open === i} onToggle={() => setOpen(open === i ? null : i)} />
            ))}
          </tbody>
        </table>
      </div>
      <ProfileView profile={profile} />
    </div>
  );
}

function GroupRow({ g, open, onToggle }: { g: ReturnType<typeof goroutineProfileGroups>[number]; open: boolean; onToggle(): void }) {
  return (
    <>
      <tr className={g.leak ? 'group leak' : 'group'} data-testid="goroutine-group" data-count={g.count} data-leak={g.leak?.rule ?? ''} onClick={onToggle} aria-expanded={open}>
        <td className="num">{g.count}</td>
        <td className="fn">
          <span className="twisty">{open ? '▾' : '▸'}</span> {g.innermost || g.functions[0] ? <Name text={g.innermost || g.functions[0]!} /> : '(no frames)'}
        </td>
        <td className="fn">{g.sites.map((s) => (g.sites.length > 1 ? `${displayName(s.name)} ×${s.count}` : displayName(s.name))).join(', ')}</td>
        <td>{g.leak ? <span className="leak-flag" title={formatMessage(g.leak.reason)}>⚠ {formatMessage(g.leak.reason)}</span> : null}</td>
      </tr>
      {open ? (
        <tr className="group-detail">
          <td />
          <td colSpan={3}>
            <ol className="stack-frames">
              {g.functions.map((f, j) => (
                <li key={j}>
                  <code>
                    <Name text={f} />
                  </code>
                </li>
              ))}
            </ol>
          </td>
        </tr>
      ) : null}
    </>
  );
}
