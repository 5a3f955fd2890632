// The gc lines of a log as a table: sortable by longest stop-the-world or largest heap, the
// cycle under the shared cursor highlighted, a click puts the cursor on a cycle (and brings it
// into the visible window).

import { useMemo, useState } from 'react';
import { gcCycleAt, gcMbText, gcMsText } from '../../analysis/runtime/gctrace-view';
import { GC_FLAG_FORCED, GC_FLAG_LEAK_CHECK, GC_FLAG_PERIODIC, type GcCycleTable as GcTable } from '../../model/runtime-log';
import { useGoLens } from '../../store/store';
import { useTimeWindow } from '../view-state';

type Order = 'file' | 'stw' | 'heap';
const MAX_ROWS = 1000;

export function GcCycleTable({ gc }: { gc: GcTable }) {
  const [order, setOrder] = useState<Order>('file');
  const cursorNs = useGoLens((s) => s.cursorNs);
  const [windowNs, setWindow] = useTimeWindow();
  const rows = useMemo(() => {
    const idx = Array.from({ length: gc.length }, (_, i) => i);
    if (order === 'stw') idx.sort((a, b) => gc.sweepTermNs[b]! + gc.markTermNs[b]! - (gc.sweepTermNs[a]! + gc.markTermNs[a]!) || a - b);
    if (order === 'heap') idx.sort((a, b) => gc.heapMarkTermBytes[b]! - gc.heapMarkTermBytes[a]! || a - b);
    return idx;
  }, [gc, order]);
  const current = cursorNs === null ? -1 : gcCycleAt(gc, cursorNs);
  const select = (i: number) => {
    const s = useGoLens.getState();
    const t = gc.startNs[i]!;
    if (windowNs && (t < windowNs[0] || t > windowNs[1])) {
      const w = windowNs[1] - windowNs[0];
      setWindow([Math.max(0, t - w / 2), Math.max(0, t - w / 2) + w]);
    }
    s.setCursor(t);
  };
  return (
    <section className="gc-cycles" data-testid="gc-cycle-table">
      <div className="toolbar">
        <strong>GC cycles</strong>
        <label>
          Order
          <select value={order} data-testid="gc-order" onChange={(e) => setOrder(e.target.value as Order)}>
            <option value="file">as logged</option>
            <option value="stw">longest stop-the-world first</option>
            <option value="heap">largest heap first</option>
          </select>
        </label>
        <span className="muted small">click a row to put the cursor on it</span>
      </div>
      <div className="groups-scroll">
        <table className="groups-table gc-table">
          <thead>
            <tr>
              <th scope="col">gc</th>
              <th scope="col">@</th>
              <th scope="col">CPU</th>
              <th scope="col">STW sweep term.</th>
              <th scope="col">mark</th>
              <th scope="col">STW mark term.</th>
              <th scope="col">heap H0 → H1 → live</th>
              <th scope="col">goal</th>
              <th scope="col">P</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_ROWS).map((i) => {
              const f = gc.flags[i]!;
              return (
                <tr
                  key={i}
                  className={i === current ? 'group current' : 'group'}
                  data-testid="gc-cycle-row"
                  data-cycle={gc.cycle[i]}
                  onClick={() => select(i)}
                >
                  <td className="num">{gc.cycle[i]}</td>
                  <td className="num">{(gc.startNs[i]! / 1e9).toFixed(3)}s</td>
                  <td className="num">{gc.cpuPercent[i]}%</td>
                  <td className="num">{gcMsText(gc.sweepTermNs[i]!)} ms</td>
                  <td className="num">{gcMsText(gc.markNs[i]!)} ms</td>
                  <td className="num">{gcMsText(gc.markTermNs[i]!)} ms</td>
                  <td className="num">
                    {gcMbText(gc.heapStartBytes[i]!)} → {gcMbText(gc.heapMarkTermBytes[i]!)} → {gcMbText(gc.heapLiveBytes[i]!)} MB
                  </td>
                  <td className="num">{gcMbText(gc.heapGoalBytes[i]!)} MB</td>
                  <td className="num">{gc.procs[i]}</td>
                  <td>
                    {f & GC_FLAG_FORCED ? <span className="tag">forced</span> : null}
                    {f & GC_FLAG_PERIODIC ? <span className="tag">periodic</span> : null}
                    {f & GC_FLAG_LEAK_CHECK ? <span className="tag">leak check</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {rows.length > MAX_ROWS ? <p className="muted">{rows.length - MAX_ROWS} more cycles (zoom the timeline to read them).</p> : null}
      </div>
    </section>
  );
}
