// runtime.MemStats as a panel: the ratios a Go developer reads first, every field with its
// unit, and the recent pauses. Used for a heap text profile's footer, an expvar snapshot and
// each sample of MemStats JSON lines (analysis/runtime/memstats-view.ts makes them alike).

import { useMemo } from 'react';
import { memStatsSnapshotFromFooter, type MemStatsSnapshot } from '../../analysis/runtime/memstats-view';
import type { MemStats } from '../../model/profile';
import { formatBytes } from '../../base/units';
import { formatExactInteger, formatMemStatsValue, formatRatio } from './format';
import { PauseChart } from './PauseChart';

/** go-runtime-logs.md §5.1, shortened. */
const MEANING: Record<string, string> = {
  Alloc: 'heap objects allocated (= HeapAlloc)',
  TotalAlloc: 'cumulative bytes allocated',
  Sys: 'virtual memory from the OS (Σ …Sys)',
  Lookups: 'pointer lookups (always 0)',
  Mallocs: 'cumulative objects allocated',
  Frees: 'cumulative objects freed',
  HeapAlloc: 'live + unswept heap objects',
  HeapSys: 'heap address space from the OS',
  HeapIdle: 'idle spans (no objects)',
  HeapInuse: 'spans holding ≥ 1 object',
  HeapReleased: 'idle spans returned to the OS',
  HeapObjects: 'allocated objects (Mallocs − Frees)',
  StackInuse: 'goroutine stack spans',
  StackSys: 'stack memory from the OS',
  MSpanInuse: 'span metadata in use',
  MSpanSys: 'span metadata reserved',
  MCacheInuse: 'per-P caches in use',
  MCacheSys: 'per-P caches reserved',
  BuckHashSys: 'profiling bucket hash tables',
  GCSys: 'GC metadata',
  OtherSys: 'other runtime allocations',
  NextGC: 'heap goal of the next cycle',
  LastGC: 'end of the last GC',
  PauseTotalNs: 'cumulative STW pause',
  NumGC: 'completed GC cycles',
  NumForcedGC: 'cycles forced by the program',
  GCCPUFraction: 'CPU share used by the GC since start',
  EnableGC: 'always true',
  DebugGC: 'unused',
  MaxRSS: 'peak resident set size',
};

export function MemStatsPanel({ snapshot, title = 'runtime.MemStats' }: { snapshot: MemStatsSnapshot; title?: string }) {
  const r = snapshot.ratios;
  const ratios: { key: string; label: string; value: string; raw: number; hint: string }[] = [
    { key: 'heapInuseRatio', label: 'Heap in use / heap sys', value: formatRatio(r.heapInuseRatio), raw: r.heapInuseRatio, hint: 'HeapInuse / HeapSys' },
    {
      key: 'fragmentation',
      label: 'Fragmentation',
      value: `${formatBytes(r.fragmentationBytes)} (${formatRatio(r.fragmentation)})`,
      raw: r.fragmentationBytes,
      hint: 'HeapInuse − HeapAlloc: in-use spans not holding live objects (upper bound)',
    },
    { key: 'released', label: 'Released to the OS', value: formatBytes(r.releasedBytes), raw: r.releasedBytes, hint: 'HeapReleased' },
    { key: 'idleRetained', label: 'Idle, kept for reuse', value: formatBytes(r.idleRetainedBytes), raw: r.idleRetainedBytes, hint: 'HeapIdle − HeapReleased (still resident)' },
    { key: 'residentHeap', label: 'Resident heap', value: formatBytes(r.residentHeapBytes), raw: r.residentHeapBytes, hint: 'HeapSys − HeapReleased' },
    { key: 'liveObjects', label: 'Live objects', value: formatExactInteger(String(r.liveObjects)), raw: r.liveObjects, hint: 'Mallocs − Frees' },
    { key: 'gcCpuFraction', label: 'GC CPU fraction', value: formatRatio(r.gcCpuFraction), raw: r.gcCpuFraction, hint: 'GCCPUFraction' },
  ];
  return (
    <section className="memstats-panel" data-testid="memstats-panel">
      <h2>{title}</h2>
      <dl className="memstats-ratios" data-testid="memstats-ratios">
        {ratios.map((x) => (
          <div key={x.key} className="ratio" data-ratio={x.key} data-value={x.raw} title={x.hint}>
            <dt>{x.label}</dt>
            <dd>{x.value}</dd>
          </div>
        ))}
      </dl>
      <div className="memstats-columns">
        <table className="memstats-fields" data-testid="memstats-fields">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Value</th>
              <th scope="col">Exact</th>
              <th scope="col">Meaning</th>
            </tr>
          </thead>
          <tbody>
            {snapshot.fields.map((f) => (
              <tr key={f.name} data-field={f.name} data-value={f.exact}>
                <th scope="row">{f.name}</th>
                <td className="num shown">{formatMemStatsValue(f.unit, f.value, f.exact)}</td>
                <td className="num exact">{f.unit === 'fraction' || f.unit === 'bool' ? f.exact : formatExactInteger(f.exact)}</td>
                <td className="muted">{MEANING[f.name] ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="memstats-side">
          <h3>Recent pauses (PauseNs)</h3>
          <PauseChart pauses={snapshot.pauses} />
          {snapshot.missing.length > 0 ? (
            <p className="muted small">Not in this source: {snapshot.missing.join(', ')}.</p>
          ) : null}
        </div>
      </div>
    </section>
  );
}

/** The footer of a debug=1 heap text profile, below its flame graph. */
export function ProfileMemStats({ memStats }: { memStats: MemStats }) {
  const snapshot = useMemo(() => memStatsSnapshotFromFooter(memStats), [memStats]);
  return <MemStatsPanel snapshot={snapshot} title="runtime.MemStats (profile footer)" />;
}
