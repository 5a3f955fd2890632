// What both top tables (one profile's, a comparison's) do to their rows before sorting.

/** pprof's sum%: the running sum of flat in the rows' own (flat) order, per row. */
export function runningFlatSums<R extends { flat: number }>(rows: readonly R[]): Map<R, number> {
  const m = new Map<R, number>();
  let sum = 0;
  for (const r of rows) {
    sum += r.flat;
    m.set(r, sum);
  }
  return m;
}

/** The rows whose function name contains `filter` (case-insensitive); all of them when empty. */
export function rowsNamed<R extends { name: string }>(rows: readonly R[], filter: string): readonly R[] {
  if (!filter) return rows;
  const needle = filter.toLowerCase();
  return rows.filter((r) => r.name.toLowerCase().includes(needle));
}
