// A pprof profile: sample type, search, pprof's filters, flame graph and top table.

import { useMemo } from 'react';
import type { ProfileModel } from '../../model/profile';
import { formatValue } from '../../base/units';
import { formatShare } from '../../base/number-format';
import type { InitialProfileView } from '../../analysis/profile/top';
import type { ProfileViewState } from '../../store/store';
import { getSampleTypeIndex, getViewFilter, profileSelectors } from '../../store/selectors';
import { useProfileView } from '../view-state';
import { FlameGraph } from '../flame/FlameGraph';
import { buildFlameData } from '../flame/flame-data';
import { TopTable } from './TopTable';
import { FilterInput, PprofFilters } from './FilterInput';
import { PprofHeader } from './PprofHeader';
import { ProfileMemStats } from '../runtime/MemStatsPanel';
import { useEscapeColumn } from '../runtime/escape-column';
import { displayName } from '../../base/display-name';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

type Props = {
  profile: ProfileModel;
  title?: string;
  initialView?: InitialProfileView | null;
  /** Starts with the lines go tool pprof prints first: for a profile that is a file's. */
  header?: boolean;
};

/**
 * A profile's page; its state is the enclosing view key's (view-state.tsx). `initialView` is
 * the worker's first view of it, when it is a file's (its entry's `derived`).
 */
export function ProfileView({ profile, title, initialView, header = false }: Props) {
  const [view, updateView] = useProfileView();
  const sel = profileSelectors(profile, initialView);
  const typeIndex = getSampleTypeIndex(profile, view.sampleType);
  const sampleType = profile.sampleTypes[typeIndex];
  const unit = sampleType?.unit ?? 'count';
  const { filter, errors } = getViewFilter(view);
  const tree = sel.flameTree(filter, typeIndex, view.inverted);
  const top = sel.topRows(filter, typeIndex);
  const share = sel.searchShare(filter, typeIndex, view.search);
  // Percentages of pprof's total: every sample, frameless ones too, before any filter.
  const reportTotal = typeIndex >= 0 ? sel.reportTotal(typeIndex) : 0;
  const data = useMemo(
    () => buildFlameData(profile, tree, view.inverted ? 'root (bottom-up)' : 'root'),
    [profile, tree, view.inverted],
  );
  // Escape analysis loaded too: the top table says why each allocation site is on the heap.
  const escapeColumn = useEscapeColumn(profile, typeIndex);

  const set = (patch: Partial<ProfileViewState>) => updateView(patch);

  if (typeIndex < 0) {
    return <p className="notice">This profile has no sample types.</p>;
  }
  return (
    <div className="profile-view">
      {header ? <PprofHeader sides={[{ profile, sampleTypeIndex: typeIndex, initialView }]} /> : null}
      <div className="toolbar" role="toolbar" aria-label="Profile view">
        {title ? <strong className="view-title">{title}</strong> : null}
        <label>
          Sample
          <select
            data-testid="sample-type"
            value={sampleType!.type}
            onChange={(e) => set({ sampleType: e.target.value, zoomPath: [] })}
          >
            {profile.sampleTypes.map((t) => (
              <option key={t.type} value={t.type}>
                {displayName(t.type)} ({displayName(t.unit)})
              </option>
            ))}
          </select>
        </label>
        <span className="total" data-testid="flame-total" data-total={tree.rootTotal}>
          Total {formatValue(tree.rootTotal, unit)}
        </span>
        <FilterInput label="Search" testId="search" value={view.search} onCommit={(v) => set({ search: v })} live />
        {share ? (
          <span className="search-share" data-testid="search-share" data-matched={share.matched}>
            {share.matchingFunctions} functions match · {formatValue(share.matched, unit)} ·{' '}
            {formatShare(share.matched, share.total)} of total
          </span>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            data-testid="bottom-up"
            checked={view.inverted}
            onChange={(e) => set({ inverted: e.target.checked, zoomPath: [] })}
          />
          Bottom-up
        </label>
        <button type="button" data-testid="reset-zoom" disabled={view.zoomPath.length === 0} onClick={() => set({ zoomPath: [] })}>
          Reset zoom
        </button>
      </div>
      <PprofFilters view={view} errors={errors} onCommit={(change) => set({ ...change, zoomPath: [] })} />
      {tree.rootTotal === 0 ? (
        <p className="notice" data-testid="no-samples">
          No samples with a {sampleType!.type} value{filter.focus || filter.ignore ? ' pass the filters' : ''}.
        </p>
      ) : null}
      <div className={escapeColumn ? 'profile-body wide-top' : 'profile-body'}>
        <FlameGraph
          data={data}
          unit={unit}
          total={reportTotal}
          search={view.search}
          inverted={view.inverted}
          zoomPath={view.zoomPath}
          onZoom={(zoomPath) => set({ zoomPath })}
        />
        <TopTable
          rows={top.rows}
          total={reportTotal}
          unit={unit}
          onFocusFunction={(name) => set({ focus: `^${escapeRegExp(name)}$`, zoomPath: [] })}
          extraColumn={escapeColumn}
        />
      </div>
      {profile.memStats ? <ProfileMemStats memStats={profile.memStats} /> : null}
    </div>
  );
}
