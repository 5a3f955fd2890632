// pprof's `top` as a table: flat, flat%, sum%, cum, cum% per function; sortable, filterable.
// Clicking a row focuses that function (pprof's -focus) in both views.

import { useMemo, useState } from 'react';
import type { TopRow } from '../../analysis/profile/top';
import { formatPercent, formatValue } from '../../base/units';
import type { TopExtraColumn } from '../runtime/escape-column';
import { rowsNamed, runningFlatSums } from './top-rows';
import { SortHeader, TopFilterBar } from './TopTableParts';
import { titleName } from '../../base/display-name';
import { Name } from '../Name';

type SortKey = 'flat' | 'cum' | 'name';

type Props = {
  rows: TopRow[];
  total: number;
  unit: string;
  onFocusFunction(name: string): void;
  /** An extra last column per function (the escape-analysis reason), when available. */
  extraColumn?: TopExtraColumn | null;
};

const MAX_ROWS = 100;

export function TopTable({ rows, total, unit, onFocusFunction, extraColumn }: Props) {
  const [sortKey, setSortKey] = useState<SortKey>('flat');
  const [filter, setFilter] = useState('');

  // sum% is pprof's running share in flat order; computed before sorting or filtering.
  const sumShare = useMemo(() => runningFlatSums(rows), [rows]);

  const shown = useMemo(() => {
    let out = rowsNamed(rows, filter);
    if (sortKey !== 'flat') {
      out = [...out].sort((a, b) =>
        sortKey === 'cum'
          ? Math.abs(b.cum) - Math.abs(a.cum) || (a.name < b.name ? -1 : 1)
          : a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0,
      );
    }
    return out;
  }, [rows, filter, sortKey]);

  const header = (key: SortKey, label: string) => (
    <SortHeader<SortKey> sortKey={key} current={sortKey} onSort={setSortKey}>
      {label}
    </SortHeader>
  );

  return (
    <section className="top-panel">
      <TopFilterBar filter={filter} onFilter={setFilter}>
        {shown.length} of {rows.length} functions
      </TopFilterBar>
      <div className="top-scroll">
        <table data-testid="top-table" className="top-table">
          <thead>
            <tr>
              {header('flat', 'flat')}
              <th scope="col">flat%</th>
              <th scope="col">sum%</th>
              {header('cum', 'cum')}
              <th scope="col">cum%</th>
              {header('name', 'function')}
              {extraColumn ? <th scope="col" className="extra-col">{extraColumn.title}</th> : null}
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, MAX_ROWS).map((r) => (
              <tr key={r.func} onClick={() => onFocusFunction(r.name)} title={`Focus on ${titleName(r.name)}`}>
                <td className="num">{formatValue(r.flat, unit)}</td>
                <td className="num">{formatPercent(r.flat, total)}</td>
                <td className="num">{formatPercent(sumShare.get(r) ?? 0, total)}</td>
                <td className="num">{formatValue(r.cum, unit)}</td>
                <td className="num">{formatPercent(r.cum, total)}</td>
                <td className="fn">
                  <Name text={r.name} />
                  {r.inlined ? <span className="muted"> (inline)</span> : null}
                </td>
                {extraColumn ? (
                  <td className="extra-col" data-testid="top-extra" title={extraColumn.cells.get(r.func)?.title}>
                    {extraColumn.cells.get(r.func)?.text ?? ''}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > MAX_ROWS ? (
          <p className="muted">{shown.length - MAX_ROWS} more rows: narrow them with the filter.</p>
        ) : null}
      </div>
    </section>
  );
}
