// A comparison of two profiles (base → target), as `go tool pprof -diff_base=BASE TARGET` (or
// `-base`) shows it: a diff flame graph (widths by the target's value or by the size of the
// change, colour by the change) and the diff top table. The sample type (one of those both
// have), the mode and the widths are the comparison's view state (options `mode`, `width`).

import { useEffect, useMemo } from 'react';
import type { FlameNode } from 'd3-flame-graph';
import type { ProfileModel } from '../../model/profile';
import type { ComparisonFirstView } from '../../analysis/profile/diff-by-call-node';
import type { DiffMode } from '../../analysis/profile/diff';
import type { DiffWidth } from '../../analysis/profile/diff-flame';
import { formatValue } from '../../base/units';
import { formatShare } from '../../base/number-format';
import { comparisonKey, useGoLens, type FileEntry, type ProfileViewState } from '../../store/store';
import { requestComparison } from '../../store/loader';
import { formatMessage } from '../../i18n/en';
import { diffSelectors, getSampleTypeIndex, getViewFilter, profileSelectors } from '../../store/selectors';
import { useProfileView, useViewOption } from '../view-state';
import { FlameGraph } from '../flame/FlameGraph';
import { buildFlameData } from '../flame/flame-data';
import { FilterInput, PprofFilters } from '../profile/FilterInput';
import { PprofHeader, type PprofHeaderSide } from '../profile/PprofHeader';
import { DiffTopTable } from './DiffTopTable';
import { changeColor, changeKind, deltaPercent, GONE_COLOR, NEW_COLOR } from './diff-colors';
import { displayName, titleName } from '../../base/display-name';
import { Name } from '../Name';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function signed(v: number, unit: string): string {
  return v > 0 ? `+${formatValue(v, unit)}` : formatValue(v, unit);
}

export function CompareView({ base, target }: { base: FileEntry; target: FileEntry }) {
  const [modeOption] = useViewOption('mode');
  const mode: DiffMode = modeOption === 'base' ? 'base' : 'diff_base';
  const key = comparisonKey(base.id, target.id, mode);
  const entry = useGoLens((s) => s.comparisons[key]);
  useEffect(() => {
    if (!entry) requestComparison(base.id, target.id, mode);
  }, [entry, base.id, target.id, mode]);
  if (!entry || entry.status === 'working') {
    return (
      <p className="notice" role="status" data-testid="compare-working">
        Comparing <Name text={target.name} /> with <Name text={base.name} /> ({mode === 'diff_base' ? '-diff_base' : '-base'})…
      </p>
    );
  }
  if (entry.status === 'error') {
    return (
      <p className="notice error" role="alert" data-testid="compare-problem">
        <Name text={target.name} /> − <Name text={base.name} />: {formatMessage(entry.error)}
      </p>
    );
  }
  return <DiffView base={base} target={target} diff={entry.diff} firstView={entry.firstView} mode={mode} />;
}

type DiffViewProps = { base: FileEntry; target: FileEntry; diff: ProfileModel; firstView: ComparisonFirstView; mode: DiffMode };

function DiffView({ base, target, diff, firstView, mode }: DiffViewProps) {
  const [view, updateView] = useProfileView();
  const [, setMode] = useViewOption('mode');
  const [widthOption, setWidth] = useViewOption('width');
  const width: DiffWidth = widthOption === 'change' ? 'change' : 'target';
  const sel = diffSelectors(diff, firstView);
  const typeIndex = getSampleTypeIndex(diff, view.sampleType);
  const sampleType = diff.sampleTypes[typeIndex]!;
  const unit = sampleType.unit;
  const { filter, errors } = getViewFilter(view);
  const tree = sel.diffFlameTree(filter, typeIndex, view.inverted, width);
  const top = sel.diffTop(filter, typeIndex);
  const share = profileSelectors(diff).searchShare(filter, typeIndex, view.search);
  // pprof's total (with -diff_base every sample of the base's), before filters, as the table's.
  const reportTotal = profileSelectors(diff).reportTotal(typeIndex);
  const data = useMemo(() => buildFlameData(diff, tree, view.inverted ? 'root (bottom-up)' : 'root'), [diff, tree, view.inverted]);

  const set = (patch: Partial<ProfileViewState>) => updateView(patch);
  // pprof's header of each side, for the sample type shown (both have it).
  const headerSides = ([['base', base], ['target', target]] as const).flatMap(([label, f]): PprofHeaderSide[] => {
    const p = f.parsed;
    if (p?.kind !== 'profile') return [];
    const i = p.sampleTypes.findIndex((t) => t.type === sampleType.type);
    return [{ profile: p, sampleTypeIndex: i >= 0 ? i : p.defaultSampleTypeIndex, initialView: f.derived.initialView ?? null, label, name: f.name }];
  });
  const sides = (d: FlameNode): [number, number] => {
    const n = d.data.node ?? -1;
    return n < 0 ? [tree.baseSum, tree.targetSum] : [tree.base[n]!, tree.target[n]!];
  };
  const colorOf = (d: FlameNode) => {
    if (d.depth === 0) return '#c9c9c9';
    const [b, t] = sides(d);
    return changeColor(b, t);
  };
  const labelOf = (d: FlameNode) => {
    const [b, t] = sides(d);
    const kind = changeKind(b, t);
    const mark = kind === 'new' ? ' (new: not in the base)' : kind === 'gone' ? ' (gone: not in the target)' : '';
    return [
      `${titleName(d.data.name)}${mark}`,
      `base   ${formatValue(b, unit)}`,
      `target ${formatValue(t, unit)}`,
      `delta  ${signed(t - b, unit)} (${deltaPercent(b, t)}; ${formatShare(t - b, reportTotal)} of ${mode === 'diff_base' ? 'the base total' : 'the difference'})`,
    ].join('\n');
  };

  return (
    <div className="profile-view compare-view">
      <PprofHeader sides={headerSides} />
      <div className="toolbar" role="toolbar" aria-label="Comparison">
        <strong className="view-title compare-title" title={`${titleName(base.name)} → ${titleName(target.name)}`}>
          <span className="muted">base</span> <Name text={base.name} /> → <span className="muted">target</span> <Name text={target.name} />
        </strong>
        <label>
          Sample
          <select data-testid="sample-type" value={sampleType.type} onChange={(e) => set({ sampleType: e.target.value, zoomPath: [] })}>
            {diff.sampleTypes.map((t) => (
              <option key={t.type} value={t.type}>
                {displayName(t.type)} ({displayName(t.unit)})
              </option>
            ))}
          </select>
        </label>
        <label title="-diff_base: percentages of the base's total, the base's samples kept apart; -base: the difference as a profile of its own">
          Mode
          <select data-testid="diff-mode" value={mode} onChange={(e) => setMode(e.target.value === 'base' ? 'base' : null)}>
            <option value="diff_base">-diff_base</option>
            <option value="base">-base</option>
          </select>
        </label>
        <label>
          Widths
          <select data-testid="diff-width" value={width} onChange={(e) => setWidth(e.target.value === 'change' ? 'change' : null)}>
            <option value="target">by target value</option>
            <option value="change">by size of change</option>
          </select>
        </label>
        <span className="total" data-testid="diff-totals" data-base={tree.baseSum} data-target={tree.targetSum}>
          {formatValue(tree.baseSum, unit)} → {formatValue(tree.targetSum, unit)} ({signed(tree.targetSum - tree.baseSum, unit)})
        </span>
        <FilterInput label="Search" testId="search" value={view.search} onCommit={(v) => set({ search: v })} live />
        {share ? (
          <span className="search-share" data-testid="search-share" data-matched={share.matched}>
            {share.matchingFunctions} functions match · {signed(share.matched, unit)}
          </span>
        ) : null}
        <label className="check">
          <input type="checkbox" data-testid="bottom-up" checked={view.inverted} onChange={(e) => set({ inverted: e.target.checked, zoomPath: [] })} />
          Bottom-up
        </label>
        <button type="button" data-testid="reset-zoom" disabled={view.zoomPath.length === 0} onClick={() => set({ zoomPath: [] })}>
          Reset zoom
        </button>
      </div>
      <PprofFilters view={view} errors={errors} onCommit={(change) => set({ ...change, zoomPath: [] })}>
        <span className="diff-legend small" aria-label="Colours">
          <span className="swatch" style={{ background: changeColor(1, 2) }} /> grew
          <span className="swatch" style={{ background: changeColor(2, 1) }} /> shrank
          <span className="swatch" style={{ background: NEW_COLOR }} /> new
          <span className="swatch" style={{ background: GONE_COLOR }} /> gone{width === 'target' ? ' (width 0 by target value)' : ''}
        </span>
      </PprofFilters>
      {tree.drawn.length === 0 ? (
        <p className="notice" data-testid="no-samples">
          {width === 'change' ? 'Nothing changed' : `The target has no ${sampleType.type} value`}
          {filter.focus || filter.ignore ? ' under the filters' : ''}.
        </p>
      ) : null}
      <div className="compare-body">
        <FlameGraph
          data={data}
          unit={unit}
          total={reportTotal}
          search={view.search}
          inverted={view.inverted}
          zoomPath={view.zoomPath}
          onZoom={(zoomPath) => set({ zoomPath })}
          colorOf={colorOf}
          labelOf={labelOf}
        />
        <DiffTopTable
          rows={top.rows}
          total={top.total}
          unit={unit}
          onFocusFunction={(name) => set({ focus: `^${escapeRegExp(name)}$`, zoomPath: [] })}
        />
      </div>
    </div>
  );
}
