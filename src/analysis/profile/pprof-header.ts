// The lines `go tool pprof` prints before its reports (its report package's ProfileLabels):
// File, Build ID, comments, Type, Time (UTC), Duration with "Total samples = 300ms (92.23%)".
// Values are printed with pprof's own units and rounding (its measurement package), so the
// lines equal pprof's.

import type { ProfileModel } from '../../model/profile';
import { computeCallNodeInfo } from './call-tree';
import { computeTopRows, pprofTotal, type TopRow } from './top';

/** The unfiltered top rows of the sample type, when the caller has them (a view's memo). */
export type UnfilteredTop = { rows: TopRow[] };

/** pprof's Time: layout: Go 1.24 on `2006-01-02 15:04:05 UTC`, before `Jan 2, 2006 at 3:04pm (UTC)`. */
export type PprofTimeLayout = 'go1.24' | 'go1.19';

type Unit = { name: string; aliases: string[]; factor: number };
const UNIT_TYPES: { units: Unit[]; def: Unit }[] = [
  {
    units: [
      { name: 'B', aliases: ['b', 'byte'], factor: 1 },
      { name: 'kB', aliases: ['kb', 'kbyte', 'kilobyte'], factor: 2 ** 10 },
      { name: 'MB', aliases: ['mb', 'mbyte', 'megabyte'], factor: 2 ** 20 },
      { name: 'GB', aliases: ['gb', 'gbyte', 'gigabyte'], factor: 2 ** 30 },
      { name: 'TB', aliases: ['tb', 'tbyte', 'terabyte'], factor: 2 ** 40 },
      { name: 'PB', aliases: ['pb', 'pbyte', 'petabyte'], factor: 2 ** 50 },
    ],
    def: { name: 'B', aliases: [], factor: 1 },
  },
  {
    units: [
      { name: 'ns', aliases: ['ns', 'nanosecond'], factor: 1 },
      { name: 'us', aliases: ['μs', 'us', 'microsecond'], factor: 1e3 },
      { name: 'ms', aliases: ['ms', 'millisecond'], factor: 1e6 },
      { name: 's', aliases: ['s', 'sec', 'second'], factor: 1e9 },
      { name: 'hrs', aliases: ['hour', 'hr'], factor: 3600e9 },
    ],
    def: { name: 's', aliases: [], factor: 1e9 },
  },
];

function sniff(units: Unit[], unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (u.length > 2 && u.endsWith('s')) u = u.slice(0, -1);
  return units.find((x) => x.aliases.includes(u));
}

/** pprof's measurement.Scale: a value in `from` as `to` ("minimum"/"auto": the largest unit ≥ 1). */
export function pprofScale(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = pprofScale(-value, from, to);
    return [-v, u];
  }
  for (const ut of UNIT_TYPES) {
    const fu = sniff(ut.units, from);
    if (!fu) continue;
    const v = value * fu.factor;
    if (to === 'minimum' || to === 'auto') {
      let f = 0;
      let name = '';
      for (const u of ut.units) {
        if (u.factor >= f && v / u.factor >= 1) {
          f = u.factor;
          name = u.name;
        }
      }
      return f === 0 ? [v / ut.def.factor, ut.def.name] : [v / f, name];
    }
    const tu = sniff(ut.units, to);
    return tu ? [v / tu.factor, tu.name] : [v / ut.def.factor, ut.def.name];
  }
  return ['count', 'sample', 'unit', 'minimum', 'auto'].includes(to) ? [value, ''] : [value, to];
}

/** Go's %.2f: two decimals, exact ties to even. */
function goFixed2(x: number): string {
  const scaled = x * 100;
  const floor = Math.floor(scaled);
  if (scaled - floor === 0.5 && Number.isFinite(scaled)) {
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / 100).toFixed(2);
  }
  return x.toFixed(2);
}

/** pprof's measurement.ScaledLabel. */
export function pprofScaledLabel(value: number, from: string, to: string): string {
  const [v, u] = pprofScale(value, from, to);
  let sv = goFixed2(v);
  if (sv.endsWith('.00')) sv = sv.slice(0, -3);
  if (sv === '0' || sv === '-0') return '0';
  return sv + u;
}

/** pprof's measurement.Percentage: width 5, "  100%" near 100, two decimals from 1, else %.2g. */
export function pprofPercentage(value: number, total: number): string {
  const ratio = total !== 0 ? Math.abs(value / total) * 100 : 0;
  if (ratio >= 99.95 && ratio <= 100.05) return '  100%';
  if (ratio >= 1) return `${goFixed2(ratio).padStart(5)}%`;
  return `${goG2(ratio).padStart(5)}%`;
}

/** Go's %.2g. */
function goG2(x: number): string {
  if (x === 0) return '0';
  const [mant, exp] = x.toExponential(1).split('e') as [string, string];
  const e = Number(exp);
  if (e < -4 || e >= 2) {
    const m = mant.replace(/\.0$/, '');
    return `${m}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(Number(x.toPrecision(2)));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pprofTime(ns: bigint, layout: PprofTimeLayout): string {
  const d = new Date(Number(ns / 1_000_000n));
  const p2 = (n: number) => String(n).padStart(2, '0');
  if (layout === 'go1.24') {
    return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC`;
  }
  const h = d.getUTCHours();
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()} at ${h12}:${p2(d.getUTCMinutes())}${h < 12 ? 'am' : 'pm'} (UTC)`;
}

/**
 * The unit pprof prints a report's values in (its selectOutputUnit, "minimum"): that of the
 * smallest shown node, or of a hundred times it when the total is in a larger unit.
 */
export function pprofOutputUnit(
  p: ProfileModel,
  sampleTypeIndex: number,
  nodeCount = 20,
  top?: UnfilteredTop,
): { unit: string; total: number } {
  const sampleUnit = p.sampleTypes[sampleTypeIndex]!.unit.toLowerCase();
  const info = top ? null : computeCallNodeInfo(p, null);
  const total = pprofTotal(p, sampleTypeIndex);
  const { rows } = top ?? computeTopRows(p, sampleTypeIndex, null, info!);
  const nodes = rows.filter((r) => r.flat !== 0 || r.cum !== 0);
  const totalValue = nodes.reduce((a, r) => a + r.flat, 0);
  const cutoff = Math.abs(Math.trunc(totalValue * 0.005));
  const shown = nodes.filter((r) => cutoff <= 0 || Math.abs(r.cum) >= cutoff).slice(0, nodeCount);
  let minValue = 0;
  for (const r of shown) {
    let m = Math.abs(r.flat);
    if (m === 0) m = Math.abs(r.cum);
    if (m > 0 && (minValue === 0 || m < minValue)) minValue = m;
  }
  const maxValue = total;
  if (minValue === 0) minValue = maxValue;
  const minUnit = pprofScale(minValue, sampleUnit, 'minimum')[1];
  const maxUnit = pprofScale(maxValue, sampleUnit, 'minimum')[1];
  let unit = minUnit;
  if (minUnit !== maxUnit && minValue * 100 < maxValue) unit = pprofScale(100 * minValue, sampleUnit, 'minimum')[1];
  return { unit: unit !== '' ? unit : sampleUnit, total };
}

/**
 * The lines go tool pprof prints first for this profile and sample type (ProfileLabels), as
 * data: `File:` (the profiled binary), `Build ID:`, comments, `Type:`, `Time:` (UTC),
 * `Duration: …, Total samples = …` (the ratio for time-valued profiles). `top` is the
 * sample type's unfiltered top rows when the caller has them (else they are computed).
 */
export function pprofHeader(
  p: ProfileModel,
  sampleTypeIndex = p.defaultSampleTypeIndex,
  layout: PprofTimeLayout = 'go1.24',
  top?: UnfilteredTop,
): string[] {
  const lines: string[] = [];
  if (p.mainBinary !== '') lines.push(`File: ${p.mainBinary.slice(p.mainBinary.lastIndexOf('/') + 1)}`);
  if (p.mainBuildId) lines.push(`Build ID: ${p.mainBuildId}`);
  for (const c of p.comments) if (!c.startsWith('#')) lines.push(c);
  const st = p.sampleTypes[sampleTypeIndex];
  if (st) lines.push(`Type: ${st.type}`);
  if (p.timeNanos !== 0n) lines.push(`Time: ${pprofTime(p.timeNanos, layout)}`);
  if (p.durationNs !== 0 && st) {
    const { unit, total } = pprofOutputUnit(p, sampleTypeIndex, 20, top);
    const sampleUnit = st.unit.toLowerCase();
    const duration = pprofScaledLabel(p.durationNs, 'nanoseconds', 'auto');
    const [totalNanos, totalUnit] = pprofScale(total, sampleUnit, 'nanoseconds');
    const ratio = totalUnit === 'ns' && Math.trunc(totalNanos) !== 0 ? `(${pprofPercentage(Math.trunc(totalNanos), p.durationNs)})` : '';
    lines.push(`Duration: ${duration}, Total samples = ${pprofScaledLabel(total, sampleUnit, unit)} ${ratio}`);
  }
  return lines;
}
