// pprof's `-top -diff_base` as a table: flat and cum are the change (target − base), their
// percentages are of pprof's total (with -diff_base the base's; with -base the difference's),
// sum% runs in flat order; the base's and the target's flat and cum stand beside. Sortable;
// full function names; clicking a row focuses that function.

import { useMemo, useState } from 'react';
import type { DiffTopRow } from '../../analysis/profile/diff';
import { formatPercent, formatValue } from '../../base/units';
import { changeColor, deltaPercent } from './diff-colors';
import { rowsNamed, runningFlatSums } from '../profile/top-rows';
import { SortHeader, TopFilterBar } from '../profile/TopTableParts';
import { titleName } from '../../base/display-name';
import { Name } from '../Name';

type SortKey = 'flat' | 'cum' | 'name' | 'base' | 'target';

type Props = {
  rows: DiffTopRow[];
  total: number;
  unit: string;
  onFocusFunction(name: string): void;
};

const MAX_ROWS = 100;

function signed(v: number, unit: string): string {
  return v > 0 ? `+${formatValue(v, unit)}` : formatValue(v, unit);
}

export function DiffTopTable({ rows, total, unit, onFocusFunction }: Props) {
  const [sortKey, setSortKey] = useState<SortKey>('flat');
  const [filter, setFilter] = useState('');

  const sumShare = useMemo(() => runningFlatSums(rows), [rows]);

  const shown = useMemo(() => {
    let out = rowsNamed(rows, filter);
    if (sortKey !== 'flat') {
      const byName = (a: DiffTopRow, b: DiffTopRow) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      const key = (r: DiffTopRow) => (sortKey === 'cum' ? Math.abs(r.cum) : sortKey === 'base' ? r.baseFlat : r.targetFlat);
      out = [...out].sort(sortKey === 'name' ? byName : (a, b) => key(b) - key(a) || byName(a, b));
    }
    return out;
  }, [rows, filter, sortKey]);

  const header = (key: SortKey, label: string, title?: string) => (
    <SortHeader<SortKey> sortKey={key} current={sortKey} onSort={setSortKey} title={title}>
      {label}
    </SortHeader>
  );

  return (
    <section className="top-panel diff-top-panel">
      <TopFilterBar filter={filter} onFilter={setFilter}>
        {shown.length} of {rows.length} functions · flat and cum are target − base, % of {formatValue(total, unit)}
      </TopFilterBar>
      <div className="top-scroll">
        <table data-testid="diff-top-table" className="top-table diff-top-table">
          <thead>
            <tr>
              {header('flat', 'flat Δ', 'target − base, of samples whose leaf is the function')}
              <th scope="col">flat%</th>
              <th scope="col">sum%</th>
              {header('cum', 'cum Δ', 'target − base, of samples whose stack holds the function')}
              <th scope="col">cum%</th>
              {header('base', 'base flat')}
              {header('target', 'target flat')}
              <th scope="col" title="change of flat as a share of the base's flat">Δ%</th>
              {header('name', 'function')}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((r) => (
              <tr
                key={r.func}
                onClick={() => onFocusFunction(r.name)}
                title={`Focus on ${titleName(r.name)}\ncum: base ${formatValue(r.baseCum, unit)}, target ${formatValue(r.targetCum, unit)}`}
                data-flat={r.flat}
                data-cum={r.cum}
              >
                <td className="num">
                  <span className="change-swatch" style={{ background: changeColor(r.baseFlat, r.targetFlat) }} />
                  {signed(r.flat, unit)}
                </td>
                <td className="num">{formatPercent(r.flat, total)}</td>
                <td className="num">{formatPercent(sumShare.get(r) ?? 0, total)}</td>
                <td className="num">{signed(r.cum, unit)}</td>
                <td className="num">{formatPercent(r.cum, total)}</td>
                <td className="num side">{formatValue(r.baseFlat, unit)}</td>
                <td className="num side">{formatValue(r.targetFlat, unit)}</td>
                <td className="num side">{deltaPercent(r.baseFlat, r.targetFlat)}</td>
                <td className="fn">
                  <Name text={r.name} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > MAX_ROWS ? <p className="muted">{shown.length - MAX_ROWS} more rows: narrow them with the filter.</p> : null}
      </div>
    </section>
  );
}
