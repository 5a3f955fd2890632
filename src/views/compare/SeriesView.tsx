// A series of N snapshots of one program (heap or goroutine profiles): ordered in time (how, in
// words), a chart of the total and the top functions for the chosen sample type with one cursor
// (click two snapshots to open their comparison, the earlier as the base), and the leak
// suspects, best first, each with a sparkline.

import { useMemo, useState, type ReactNode } from 'react';
import { leakSuspects, orderSeries, seriesTotals } from '../../analysis/profile/series';
import { formatValue } from '../../base/units';
import { formatShare } from '../../base/number-format';
import type { ProfileModel } from '../../model/profile';
import { formatMessage } from '../../i18n/en';
import { message } from '../../base/messages';
import type { FileEntry } from '../../store/store';
import { useProfileView } from '../view-state';
import { requestCompare } from '../workspace/start-compare';
import { LINE_COLORS, SeriesChart, Sparkline, type SeriesLine } from './SeriesChart';
import { displayName } from '../../base/display-name';
import { Name } from '../Name';

export function SeriesView({ files: shown }: { files: FileEntry[] }) {
  // The demo's files are other programs' profiles, never snapshots of the user's program ("Series"
  // leaves them out; a link may still name them): left out here too, and said so.
  const files = useMemo(() => shown.filter((f) => f.origin !== 'demo'), [shown]);
  const leftOut = shown.filter((f) => f.origin === 'demo').map((f) => f.name);
  const note = leftOut.length ? (
    <p className="run-note muted series-demo-note" data-testid="series-demo-left-out">
      {formatMessage(message('series.demo-left-out', { files: leftOut.join(', ') }))}
    </p>
  ) : null;
  if (files.length === 0) {
    return (
      <>
        {note}
        <p className="notice" data-testid="series-empty">
          {formatMessage(message('series.one-file', { count: 0 }))}
        </p>
      </>
    );
  }
  const profiles = files.map((f) => f.parsed).filter((p): p is ProfileModel => p?.kind === 'profile');
  if (profiles.length !== files.length) {
    return (
      <>
        {note}
        <p className="notice error" role="alert" data-testid="series-problem">
          A series is made of profiles: {files.filter((f) => f.parsed?.kind !== 'profile').map((f) => displayName(f.name)).join(', ')}{' '}
          {files.length - profiles.length === 1 ? 'is' : 'are'} not.
        </p>
      </>
    );
  }
  return <SeriesOfProfiles files={files} profiles={profiles} note={note} />;
}

function SeriesOfProfiles({ files, profiles, note }: { files: FileEntry[]; profiles: ProfileModel[]; note: ReactNode }) {
  const [view, updateView] = useProfileView();
  const [picked, setPicked] = useState<number[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  const order = useMemo(() => orderSeries(profiles), [profiles]);
  const first = profiles[order.order[0]!]!;
  const types = first.sampleTypes.filter((t) => profiles.every((p) => p.sampleTypes.some((x) => x.type === t.type)));
  const sampleType = types.find((t) => t.type === view.sampleType) ?? first.sampleTypes[first.defaultSampleTypeIndex] ?? types[0]!;
  const unit = sampleType.unit;
  const totals = useMemo(() => seriesTotals(profiles, order, sampleType.type), [profiles, order, sampleType.type]);
  const suspects = useMemo(() => leakSuspects(profiles, order, sampleType.type), [profiles, order, sampleType.type]);
  const ordered = order.order.map((i) => files[i]!);
  const lines: SeriesLine[] = [
    { name: 'total', values: totals.totals, total: true },
    ...totals.functions.map((f) => ({ name: f.name, values: f.flat })),
  ];
  const xs = totals.seconds ? totals.seconds.map((s) => s * 1e9) : ordered.map((_, i) => i * 1e9);
  const onPick = (i: number) => {
    const next = picked.includes(i) ? picked.filter((x) => x !== i) : [...picked, i];
    if (next.length === 2) {
      const [a, b] = [Math.min(next[0]!, next[1]!), Math.max(next[0]!, next[1]!)];
      setPicked([]);
      requestCompare(ordered[a]!.id, ordered[b]!.id);
      return;
    }
    setPicked(next);
  };
  const at = cursor ?? ordered.length - 1;
  return (
    <div className="series-view">
      <div className="toolbar" role="toolbar" aria-label="Series">
        <strong className="view-title">Series of {ordered.length} snapshots</strong>
        <label>
          Sample
          <select data-testid="sample-type" value={sampleType.type} onChange={(e) => updateView({ sampleType: e.target.value })}>
            {types.map((t) => (
              <option key={t.type} value={t.type}>
                {t.type} ({t.unit})
              </option>
            ))}
          </select>
        </label>
        <span className="muted" data-testid="series-order" data-by={order.by}>
          {formatMessage(order.note)}
        </span>
      </div>
      {note}
      <div className="series-body">
        <SeriesChart
          labels={ordered.map((f) => displayName(f.name))}
          xs={xs}
          axis={totals.seconds ? 'time' : 'order'}
          lines={lines}
          unit={unit}
          cursor={cursor}
          onCursor={setCursor}
          picked={picked}
          onPick={onPick}
        />
        <div className="series-legend small">
          <span className="muted">
            {picked.length === 1 ? `${displayName(ordered[picked[0]!]!.name)} picked: click another snapshot to compare them` : 'Click two snapshots to compare them'} · at{' '}
            <b>
              <Name text={ordered[at]!.name} />
            </b>:
          </span>
          {lines.map((l, i) => (
            <span key={l.name} className="series-key">
              <span className="swatch" style={{ background: LINE_COLORS[i % LINE_COLORS.length] }} />
              <Name text={l.name} /> {formatValue(l.values[at] ?? 0, unit)}
            </span>
          ))}
        </div>
        <h3 className="panel-head">Leak suspects</h3>
        {suspects.suspects.length === 0 ? (
          <p className="notice">Nothing grew from the first snapshot to the last.</p>
        ) : null}
        <ol className="leak-suspects" data-testid="leak-suspects">
          {suspects.suspects.map((s) => (
            <li key={`${s.kind}:${s.name}:${s.stack.join(';')}`} data-kind={s.kind}>
              <Sparkline values={s.values} />
              <Name className="fn" text={s.name} />
              <span className="muted small">
                {' '}
                grew in {s.grewIn} of {s.intervals} intervals · +{formatValue(s.growth, unit)}
                {s.perSecond !== null ? ` · ${formatValue(s.perSecond, unit)}/s` : ''}
                {s.share !== null ? ` · ${formatShare(s.share, 1)} of the total's growth` : ''}
              </span>
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
