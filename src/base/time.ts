// The time vocabulary, one shape for each kind of time:
// - `Ns`: nanoseconds relative to an origin (a trace's first event, a log's program start, a
//   run's axis), a double: exact to the nanosecond for 104 days.
// - `UnixNs`: a wall-clock instant, nanoseconds since 1970-01-01 UTC, always a bigint (pprof's
//   time_nanos, MemStats' LastGC and PauseEnd, a trace's clock snapshot are ≈ 1.8e18, past 2^53);
//   0n means "none". A column of them is a `UnixNsColumn`.

/** Nanoseconds relative to an origin; exact in a double. */
export type Ns = number;

/** Wall-clock nanoseconds since the Unix epoch; 0n = none. */
export type UnixNs = bigint;

/** A column of wall-clock instants (values ≥ 0). */
export type UnixNsColumn = BigUint64Array;

export const NO_UNIX_NS: UnixNs = 0n;

/** An instant as an ISO date with nanoseconds (UTC), or "never (0)" for 0. */
export function formatUnixNs(ns: UnixNs): string {
  if (ns === 0n) return 'never (0)';
  const ms = ns / 1_000_000n;
  const subMs = (ns % 1_000_000n).toString().padStart(6, '0');
  const iso = new Date(Number(ms)).toISOString(); // …T12:34:56.789Z
  return `${iso.slice(0, -1)}${subMs}Z`;
}

/** b − a in ns as a double (exact below 2^53 ns, 104 days). */
export function unixNsDiff(a: UnixNs, b: UnixNs): Ns {
  return Number(b - a);
}
