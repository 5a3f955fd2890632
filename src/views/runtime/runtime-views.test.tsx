// The runtime views in jsdom: what a user reads, from real fixtures (canvas drawing is not
// checked here — jsdom has no canvas; the e2e spec looks at the browser).

import { readFileSync } from 'node:fs';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { fixturePath, readFixture } from '../../test-utils/fixtures';
import { useGoLens } from '../../store/store';
import { EscapeView } from './EscapeView';
import { GoroutineDumpView } from './GoroutineDumpView';
import { ProfileMemStats } from './MemStatsPanel';
import { RuntimeLogView } from './RuntimeLogView';
import { ViewKeyProvider } from '../view-state';

beforeAll(() => {
  // jsdom lacks these; the views only need them to exist.
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  globalThis.matchMedia ??= (() => ({ addEventListener() {}, removeEventListener() {} })) as unknown as typeof matchMedia;
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
});
afterEach(() => {
  cleanup();
  useGoLens.setState({ cursorNs: null, views: {} });
});

describe('RuntimeLogView', () => {
  it('reads the cycle under the shared cursor, as the log line prints it', async () => {
    const rel = 'leak/go1.27/gctrace.log';
    const line = readFileSync(fixturePath(rel), 'utf8').split('\n')[3]!; // gc 4
    const m = /^gc (\d+) @([\d.]+)s .*?: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock.*?(\d+)->(\d+)->(\d+) MB, (\d+) MB goal/.exec(line)!;
    const log = await parseBytes(readFixture(rel));
    if (log.kind !== 'runtime-log') throw new Error(log.kind);
    render(
      <ViewKeyProvider value="log">
        <RuntimeLogView log={log} />
      </ViewKeyProvider>,
    );
    expect(screen.getByTestId('cursor-readout').textContent).toMatch(/Hover the lanes/);
    act(() => useGoLens.getState().setCursor(Number(m[2]) * 1e9 + 1e6));
    const r = screen.getByTestId('gc-readout');
    expect(r.getAttribute('data-cycle')).toBe(m[1]);
    expect(r.textContent).toContain(`STW sweep termination ${Number(m[3])} ms + mark ${Number(m[4])} ms + STW mark termination ${Number(m[5])} ms`);
    expect(r.textContent).toContain(`heap ${m[6]} → ${m[7]} → ${m[8]} MB, goal ${m[9]} MB`);
    expect(screen.getAllByTestId('timeview').map((e) => e.getAttribute('data-lane'))).toEqual(['axis', 'gc', 'heap']);
  });
});

describe('MemStats footer panel', () => {
  it('lists every footer field with its exact value', async () => {
    const rel = 'leak/go1.27/heap_after.txt';
    const text = readFileSync(fixturePath(rel), 'utf8');
    const p = await parseBytes(readFixture(rel));
    if (p.kind !== 'profile' || !p.memStats) throw new Error('no footer');
    render(<ProfileMemStats memStats={p.memStats} />);
    for (const name of ['HeapAlloc', 'HeapSys', 'NextGC', 'NumGC', 'LastGC', 'MaxRSS']) {
      const raw = new RegExp(`^# ${name} = (\\d+)$`, 'm').exec(text)![1]!;
      expect(document.querySelector(`tr[data-field="${name}"]`)!.getAttribute('data-value')).toBe(raw);
    }
  });
});

describe('GoroutineDumpView', () => {
  it('groups, and flags the pile-up when the threshold reaches the group', async () => {
    const d = await parseBytes(readFixture('leak/go1.27/goroutine_debug2.txt'));
    if (d.kind !== 'goroutine-dump') throw new Error(d.kind);
    render(
      <ViewKeyProvider value="dump">
        <GoroutineDumpView dump={d} />
      </ViewKeyProvider>,
    );
    const first = screen.getAllByTestId('goroutine-group')[0]!;
    const count = first.getAttribute('data-count')!;
    expect(first.getAttribute('data-leak')).toBe('');
    fireEvent.change(screen.getByTestId('leak-pileup'), { target: { value: count } });
    expect(screen.getAllByTestId('goroutine-group')[0]!.getAttribute('data-leak')).toBe('pile-up');
  });
});

describe('EscapeView', () => {
  it('filters by kind and text', async () => {
    const rel = 'escape/go1.27/escape_m.txt';
    const lines = readFileSync(fixturePath(rel), 'utf8').split('\n');
    const model = await parseBytes(readFixture(rel));
    if (model.kind !== 'escape') throw new Error(model.kind);
    render(<EscapeView model={model} />);
    fireEvent.click(screen.getByRole('button', { name: /^moved to heap/ }));
    const rows = within(screen.getByTestId('escape-table')).getAllByTestId('escape-row');
    expect(rows).toHaveLength(lines.filter((l) => / moved to heap: /.test(l)).length);
    fireEvent.change(screen.getByTestId('escape-filter'), { target: { value: 'main.go:32:' } });
    expect(within(screen.getByTestId('escape-table')).getAllByTestId('escape-row')).toHaveLength(1);
  });
});
