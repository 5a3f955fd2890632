// The parts both top tables (one profile's, a comparison's) draw the same way: a column header
// that sorts by its key, and the toolbar with the function filter.

import type { ReactNode } from 'react';

/** A sortable column header: descending by its key, ascending for the name. */
export function SortHeader<K extends string>({
  sortKey,
  current,
  onSort,
  title,
  children,
}: {
  sortKey: K;
  current: K;
  onSort(key: K): void;
  title?: string;
  children: ReactNode;
}) {
  const sorted = sortKey === current;
  return (
    <th
      scope="col"
      aria-sort={sorted ? (sortKey === 'name' ? 'ascending' : 'descending') : 'none'}
      className={sorted ? 'sorted' : undefined}
      title={title}
    >
      <button type="button" onClick={() => onSort(sortKey)}>
        {children}
      </button>
    </th>
  );
}

/** The function filter box, with what the table shows beside it. */
export function TopFilterBar({ filter, onFilter, children }: { filter: string; onFilter(v: string): void; children: ReactNode }) {
  return (
    <div className="top-toolbar">
      <input
        type="search"
        placeholder="Filter functions"
        aria-label="Filter functions"
        data-testid="top-filter"
        value={filter}
        onChange={(e) => onFilter(e.target.value)}
      />
      <span className="muted">{children}</span>
    </div>
  );
}
