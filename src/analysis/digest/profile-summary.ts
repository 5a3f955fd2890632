// The digest of a pprof profile (../shared/docs/summary-schema.md, "pprof profile").

import type { ProfileModel } from '../../model/profile';
import { computeFlatCum } from '../profile/top';

export type TopEntry = { name: string; flat: number; cum: number };

export type ProfileDigest = {
  format: 'pprof';
  sampleTypes: string[];
  defaultSampleType: string;
  period: number;
  periodType: string;
  durationNs: number;
  /** Unix ns; above 2^53, so the CLI prints it from the exact decimal string. */
  timeNanos: bigint;
  samples: number;
  locations: number;
  functions: number;
  totals: number[];
  topFlat: TopEntry[];
  encoding: string;
};

export function summarizeProfile(p: ProfileModel): ProfileDigest {
  const idx = p.defaultSampleTypeIndex;
  const totals = p.samples.values.map((col) => {
    let t = 0;
    for (let i = 0; i < col.length; i++) t += col[i]!;
    return t;
  });
  let topFlat: TopEntry[] = [];
  if (idx >= 0) {
    const { flat, cum, present } = computeFlatCum(p, idx, null);
    const entries: TopEntry[] = [];
    for (let f = 0; f < p.funcs.length; f++) {
      if (present[f]) entries.push({ name: p.strings[p.funcs.name[f]!]!, flat: flat[f]!, cum: cum[f]! });
    }
    entries.sort((a, b) => (a.flat !== b.flat ? b.flat - a.flat : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    topFlat = entries.slice(0, 10);
  }
  return {
    format: 'pprof',
    sampleTypes: p.sampleTypes.map((t) => `${t.type}/${t.unit}`),
    defaultSampleType: idx >= 0 ? p.sampleTypes[idx]!.type : '',
    period: p.period,
    periodType: p.periodType ? `${p.periodType.type}/${p.periodType.unit}` : '',
    durationNs: p.durationNs,
    timeNanos: p.timeNanos,
    samples: p.recordCounts.samples,
    locations: p.recordCounts.locations,
    functions: p.recordCounts.functions,
    totals,
    topFlat,
    encoding: p.encoding,
  };
}
