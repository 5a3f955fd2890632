// A series of N snapshots of one program (heap or goroutine profiles): their order in time,
// the total and the top functions of each, and the leak suspects — what grows in every interval.

import { message, type Message } from '../../base/messages';
import type { UnixNs } from '../../base/time';
import type { ProfileModel } from '../../model/profile';
import { isGoroutineProfile } from './goroutine-profile-view';

/** How a series was put in order. */
export type SeriesOrderBy =
  /** pprof's time_nanos of every snapshot (the protobuf form), or the MemStats footer's LastGC where a text form has none. */
  | 'time'
  /** The MemStats footers' NumGC (text forms whose LastGC is not set). */
  | 'num-gc'
  /** As the files were given: no snapshot time in some of them. */
  | 'file-order';

export type SeriesOrder = {
  /** Indexes into the given files, earliest first. */
  order: number[];
  by: SeriesOrderBy;
  /** The time of each snapshot (given order), 0n when it has none. */
  times: UnixNs[];
  /** Which time each snapshot had (given order). */
  timeSource: ('time_nanos' | 'last-gc' | 'none')[];
  /** Said to the user: how the series was ordered (and why not by time). */
  note: Message;
};

/**
 * Orders snapshots by capture time: time_nanos, or for text forms the MemStats footer's LastGC
 * (the end of the GC Go ran before writing it); when some have no time, by the footers' NumGC if
 * every one has a footer; else as given. Ties keep the given order.
 */
export function orderSeries(files: readonly ProfileModel[]): SeriesOrder {
  const times: UnixNs[] = [];
  const timeSource: SeriesOrder['timeSource'] = [];
  for (const p of files) {
    const lastGc = p.memStats ? BigInt(p.memStats.LastGC) : 0n;
    if (p.timeNanos !== 0n) {
      times.push(p.timeNanos);
      timeSource.push('time_nanos');
    } else if (lastGc !== 0n) {
      times.push(lastGc);
      timeSource.push('last-gc');
    } else {
      times.push(0n);
      timeSource.push('none');
    }
  }
  const given = files.map((_, i) => i);
  const stable = (key: (i: number) => bigint) => [...given].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a - b));
  if (files.length < 2) {
    return { order: given, by: 'file-order', times, timeSource, note: message('series.one-file', { count: files.length }) };
  }
  if (timeSource.every((s) => s !== 'none')) {
    const source = timeSource.every((s) => s === 'time_nanos') ? 'time_nanos' : timeSource.every((s) => s === 'last-gc') ? 'last-gc' : 'mixed';
    return { order: stable((i) => times[i]!), by: 'time', times, timeSource, note: message('series.ordered-by-time', { source }) };
  }
  if (files.every((p) => p.memStats)) {
    return {
      order: stable((i) => BigInt(files[i]!.memStats!.NumGC)),
      by: 'num-gc',
      times,
      timeSource,
      note: message('series.ordered-by-num-gc', {}),
    };
  }
  const without = timeSource.filter((s) => s === 'none').length;
  return { order: given, by: 'file-order', times, timeSource, note: message('series.ordered-as-given', { without }) };
}

/** A function's values across the snapshots of a series (series order). */
export type SeriesFunction = { name: string; flat: number[]; cum: number[] };

export type SeriesTotals = {
  /** Σ value of the sample type per snapshot (series order). */
  totals: number[];
  /** Seconds since the first snapshot, or null when the series has no times. */
  seconds: number[] | null;
  /** The functions that are among the `top` largest (by flat) in some snapshot, largest last value first. */
  functions: SeriesFunction[];
};

/** Index of the sample type named `type` in `p`, else its default. */
function typeIndex(p: ProfileModel, type: string): number {
  const i = p.sampleTypes.findIndex((t) => t.type === type);
  return i >= 0 ? i : p.defaultSampleTypeIndex;
}

/** Per function name: flat and cum of one sample type (cum once per sample). */
function functionValues(p: ProfileModel, type: string): Map<string, { flat: number; cum: number }> {
  const col = p.samples.values[typeIndex(p, type)]!;
  const out = new Map<string, { flat: number; cum: number }>();
  const seen = new Set<string>();
  for (let i = 0; i < p.samples.length; i++) {
    const v = col[i]!;
    if (v === 0) continue;
    seen.clear();
    let leaf = true;
    for (let s = p.samples.stack[i]!; s >= 0; s = p.stacks.prefix[s]!) {
      const name = p.strings[p.funcs.name[p.frames.func[p.stacks.frame[s]!]!]!]!;
      let e = out.get(name);
      if (!e) out.set(name, (e = { flat: 0, cum: 0 }));
      if (leaf) e.flat += v;
      leaf = false;
      if (!seen.has(name)) {
        seen.add(name);
        e.cum += v;
      }
    }
  }
  return out;
}

function secondsOf(order: SeriesOrder): number[] | null {
  if (order.by !== 'time') return null;
  const t0 = order.times[order.order[0]!]!;
  return order.order.map((i) => Number(order.times[i]! - t0) / 1e9);
}

/** Totals and the top functions of each snapshot for one sample type (by name: `inuse_space`). */
export function seriesTotals(files: readonly ProfileModel[], order: SeriesOrder, sampleType: string, top = 5): SeriesTotals {
  const ordered = order.order.map((i) => files[i]!);
  const totals = ordered.map((p) => p.samples.values[typeIndex(p, sampleType)]!.reduce((a, v) => a + v, 0));
  const perSnapshot = ordered.map((p) => functionValues(p, sampleType));
  const chosen = new Set<string>();
  for (const m of perSnapshot) {
    [...m.entries()]
      .filter(([, e]) => e.flat !== 0)
      .sort((a, b) => b[1].flat - a[1].flat || (a[0] < b[0] ? -1 : 1))
      .slice(0, top)
      .forEach(([name]) => chosen.add(name));
  }
  const functions = [...chosen].map((name) => ({
    name,
    flat: perSnapshot.map((m) => m.get(name)?.flat ?? 0),
    cum: perSnapshot.map((m) => m.get(name)?.cum ?? 0),
  }));
  functions.sort((a, b) => b.flat[b.flat.length - 1]! - a.flat[a.flat.length - 1]! || (a.name < b.name ? -1 : 1));
  return { totals, seconds: secondsOf(order), functions };
}

/** Something that grows across a series: a function, an allocation stack or a goroutine creation site. */
export type LeakSuspect = {
  kind: 'function' | 'stack' | 'creation-site';
  /** The function (for a stack, its leaf; for a creation site, the goroutines' entry function). */
  name: string;
  /** For a stack: its functions, leaf first. */
  stack: string[];
  /** Its value in each snapshot (series order): flat, or the goroutines started there. */
  values: number[];
  /** Intervals in which it grew, of values.length − 1. */
  grewIn: number;
  intervals: number;
  /** Last value − first. */
  growth: number;
  /** growth per second of the series, null without times. */
  perSecond: number | null;
  /** growth / the total's growth (null when the total did not grow). */
  share: number | null;
};

/**
 * Leak suspects, best first: what grew in the most intervals (steadiest), then by growth.
 * Heap profiles: functions (flat) and allocation stacks; goroutine profiles: the creation
 * sites (entry functions) whose goroutine counts only go up. Only what grew overall is listed.
 */
export function leakSuspects(
  files: readonly ProfileModel[],
  order: SeriesOrder,
  sampleType: string,
  limit = 20,
): { suspects: LeakSuspect[]; stacks: LeakSuspect[] } {
  const ordered = order.order.map((i) => files[i]!);
  const seconds = secondsOf(order);
  const span = seconds && seconds.length > 1 ? seconds[seconds.length - 1]! : 0;
  const totals = ordered.map((p) => p.samples.values[typeIndex(p, sampleType)]!.reduce((a, v) => a + v, 0));
  const totalGrowth = totals.length > 1 ? totals[totals.length - 1]! - totals[0]! : 0;
  const goroutines = ordered.length > 0 && ordered.every(isGoroutineProfile);

  const make = (kind: LeakSuspect['kind'], name: string, stack: string[], values: number[]): LeakSuspect => {
    let grewIn = 0;
    for (let i = 1; i < values.length; i++) if (values[i]! > values[i - 1]!) grewIn++;
    const growth = values.length > 1 ? values[values.length - 1]! - values[0]! : 0;
    return {
      kind,
      name,
      stack,
      values,
      grewIn,
      intervals: Math.max(0, values.length - 1),
      growth,
      perSecond: span > 0 ? growth / span : null,
      share: totalGrowth > 0 ? growth / totalGrowth : null,
    };
  };
  const rank = (list: LeakSuspect[]) =>
    list
      .filter((s) => s.growth > 0)
      .sort((a, b) => b.grewIn - a.grewIn || b.growth - a.growth || (a.name < b.name ? -1 : 1))
      .slice(0, limit);

  // Per stack (its functions, leaf first) and snapshot: the value.
  const stackValues = new Map<string, { names: string[]; values: number[] }>();
  ordered.forEach((p, k) => {
    const col = p.samples.values[typeIndex(p, sampleType)]!;
    for (let i = 0; i < p.samples.length; i++) {
      const v = col[i]!;
      if (v === 0) continue;
      const names: string[] = [];
      for (let s = p.samples.stack[i]!; s >= 0; s = p.stacks.prefix[s]!) {
        names.push(p.strings[p.funcs.name[p.frames.func[p.stacks.frame[s]!]!]!]!);
      }
      const key = names.join('\n');
      let e = stackValues.get(key);
      if (!e) stackValues.set(key, (e = { names, values: ordered.map(() => 0) }));
      e.values[k]! += v;
    }
  });
  const stacks = rank([...stackValues.values()].map((e) => make('stack', e.names[0] ?? '', e.names, e.values)));

  if (goroutines) {
    // Creation sites: the goroutines' entry function (the root of their stacks); counts that only go up.
    const sites = new Map<string, number[]>();
    for (const e of stackValues.values()) {
      const root = e.names[e.names.length - 1] ?? '';
      let v = sites.get(root);
      if (!v) sites.set(root, (v = ordered.map(() => 0)));
      e.values.forEach((x, k) => (v[k]! += x));
    }
    const onlyUp = [...sites].map(([name, values]) => make('creation-site', name, [name], values)).filter((s) => s.values.every((v, i) => i === 0 || v >= s.values[i - 1]!));
    return { suspects: rank(onlyUp), stacks };
  }
  const perSnapshot = ordered.map((p) => functionValues(p, sampleType));
  const names = new Set<string>();
  for (const m of perSnapshot) for (const name of m.keys()) names.add(name);
  const functions = [...names].map((name) =>
    make(
      'function',
      name,
      [name],
      perSnapshot.map((m) => m.get(name)?.flat ?? 0),
    ),
  );
  return { suspects: rank(functions), stacks };
}
