// The trace view end to end on real Go traces: lanes drawn, one cursor across the views with
// the model's heap value, a brushed range whose CPU samples equal what `golens summary
// --from/--to` counts, WASD, slice details, heap profiles on the axis.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { dragAcross, dropFiles, fixture, hoverAt, openApp, openFiles, paintedPixels, windowOf, test } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { seriesValueAt } from '../src/analysis/trace/timeline-tables';
import { formatBytes, formatCount } from '../src/base/units';
import { formatInteger } from '../src/base/number-format';
import { pRunEnd, pRunStart, type TraceModel } from '../src/model/trace';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const POOL = 'pool/go1.27/trace.out';
const LEAK = 'leak/go1.27/trace.out';

async function traceModel(rel: string): Promise<TraceModel> {
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(rel))));
  if (parsed.kind !== 'trace') throw new Error(`${rel} is not a trace`);
  return parsed;
}

function cliSummary(rel: string, from: number, to: number): { cpuSamples: number; gcCount: number } {
  const out = execFileSync('npx', ['tsx', 'src/cli/golens.ts', 'summary', '--json', '--from', String(from), '--to', String(to), fixture(rel)], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return JSON.parse(out);
}

test('a dropped trace shows its digest and draws every lane', async ({ page }) => {
  const digest = JSON.parse(readFileSync(fixture(`${POOL}.summary.json`), 'utf8'));
  await openApp(page);
  await dropFiles(page, [fixture(POOL)]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await expect(page.locator('[data-key="cpuSamples"] dd')).toHaveText(formatInteger(digest.cpuSamples));
  await expect(page.locator('[data-key="gcCount"] dd')).toHaveText(formatInteger(digest.gcCount));
  const views = page.getByTestId('timeview');
  expect(await views.count()).toBeGreaterThanOrEqual(8);
  // Every view shows the whole trace at first.
  for (const w of await views.evaluateAll((els) => els.map((e) => e.getAttribute('data-window')))) {
    expect(w).toBe(`0,${digest.durationNs}`);
  }
  // Pixels, not just canvases: each lane painted something.
  for (const lane of ['axis', 'gc', 'stw', 'heap', 'goroutines', 'p0', 'p1', 'p2', 'p3', 'regions', 'tasks']) {
    expect(await paintedPixels(page, lane), lane).toBeGreaterThan(200);
  }
  await expect(page.getByTestId('flame-total')).toHaveAttribute('data-total', String(digest.cpuSamples));
});

test('hover: one cursor across the heap chart and the GC lane, readout = the model heap value', async ({ page }) => {
  const model = await traceModel(LEAK);
  await openApp(page);
  await openFiles(page, [fixture(LEAK)]);
  for (const fx of [0.23, 0.61]) {
    await hoverAt(page, 'heap', fx);
    const readout = page.getByTestId('cursor-readout');
    await expect(readout).not.toHaveAttribute('data-ns', '');
    const ns = Number(await readout.getAttribute('data-ns'));
    expect(ns).toBeGreaterThan(0);
    await expect(page.locator('[data-lane="heap"]')).toHaveAttribute('data-cursor-ns', String(ns));
    await expect(page.locator('[data-lane="gc"]')).toHaveAttribute('data-cursor-ns', String(ns));
    const expected = seriesValueAt(model.heapAlloc, ns);
    expect(expected).toBeGreaterThan(0);
    await expect(readout).toHaveAttribute('data-heap-bytes', String(expected));
    await expect(page.getByTestId('readout-heap')).toHaveText(formatBytes(expected));
    await expect(page.getByTestId('readout-goal')).toHaveText(formatBytes(seriesValueAt(model.heapGoal, ns)));
  }
  await page.mouse.move(5, 5);
  await expect(page.locator('[data-lane="heap"]')).toHaveAttribute('data-cursor-ns', '');
});

test('brushing a range: range summary and flame graph count the CPU samples the CLI counts', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(POOL)]);
  await dragAcross(page, 'axis', 0.15, 0.55);
  const summary = page.getByTestId('range-summary');
  await expect(summary).toBeVisible();
  const from = Number(await summary.getAttribute('data-from'));
  const to = Number(await summary.getAttribute('data-to'));
  expect(to).toBeGreaterThan(from);
  const cli = cliSummary(POOL, from, to);
  expect(cli.cpuSamples).toBeGreaterThan(0);
  await expect(page.getByTestId('range-cpu-samples')).toHaveText(formatInteger(cli.cpuSamples));
  await expect(page.getByTestId('range-gc')).toHaveText(formatInteger(cli.gcCount));
  await expect(page.getByTestId('flame-total')).toHaveAttribute('data-total', String(cli.cpuSamples));
  await expect(page).toHaveURL(new RegExp(`range=${from}%2C${to}|range=${from},${to}`));

  // Shift+drag on a lane brushes too, and replaces the range.
  await dragAcross(page, 'p1', 0.6, 0.9, { shift: true });
  const from2 = Number(await summary.getAttribute('data-from'));
  expect(from2).toBeGreaterThan(to);
});

test('W/S zoom and A/D pan change the visible window of every view', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(POOL)]);
  const [s0, e0] = await windowOf(page);
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  const [s1, e1] = await windowOf(page);
  expect(e1 - s1).toBeLessThan((e0 - s0) * 0.7);
  await page.keyboard.press('d');
  const [s2, e2] = await windowOf(page);
  expect(s2).toBeGreaterThan(s1);
  expect(Math.abs(e2 - s2 - (e1 - s1))).toBeLessThanOrEqual(1); // integer ns in data-window
  await page.keyboard.press('a');
  await page.keyboard.press('a');
  const [s3] = await windowOf(page);
  expect(s3).toBeLessThan(s2);
  await page.keyboard.press('s');
  const [s4, e4] = await windowOf(page);
  expect(e4 - s4).toBeGreaterThan(e2 - s2);
  // All views agree.
  const windows = await page.getByTestId('timeview').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-window')))]);
  expect(windows).toEqual([`${s4},${e4}`]);
  await page.getByTestId('reset-window').click();
  expect(await windowOf(page)).toEqual([s0, e0]);
});

test('clicking a P slice opens the goroutine details', async ({ page }) => {
  const model = await traceModel(POOL);
  await openApp(page);
  await openFiles(page, [fixture(POOL)]);
  // Find a run on P0 wide enough to click, from the model.
  const w = (await windowOf(page))[1];
  let best = -1;
  const span = (i: number) => pRunEnd(model, i) - pRunStart(model, i);
  for (let i = model.pRunOffsets[0]!; i < model.pRunOffsets[1]!; i++) {
    if (best < 0 || span(i) > span(best)) best = i;
  }
  const mid = (pRunStart(model, best) + pRunEnd(model, best)) / 2;
  await hoverAt(page, 'p0', mid / w);
  await page.mouse.down();
  await page.mouse.up();
  const panel = page.getByTestId('details-panel');
  await expect(panel).toBeVisible();
  const g = model.pRuns.g[best]!;
  await expect(page.getByTestId('detail-goroutine-id')).toHaveText(String(model.goroutines.id[g]));
  await expect(page.getByTestId('detail-start-function')).toHaveText(model.strings[model.goroutines.name[g]!]!);
});

test('heap profiles of the same run sit on the axis (Go 1.25+), or are said not to align', async ({ page }) => {
  await openApp(page);
  const dir = 'leak/go1.27';
  await openFiles(page, [fixture(`${dir}/trace.out`), fixture(`${dir}/heap_before.pb.gz`), fixture(`${dir}/heap_mid.pb.gz`), fixture(`${dir}/heap_after.pb.gz`)]);
  // Opened together they make a run; the trace's own page shows them too.
  await expect(page.getByTestId('run-view')).toBeVisible();
  await page.getByTestId('file-entry').first().locator('.file-name').click();
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  const markers = page.getByTestId('heap-marker');
  await expect(markers).toHaveCount(3);
  await markers.nth(1).click();
  await expect(page.locator('.view-title')).toContainText('heap_mid.pb.gz');

  await openFiles(page, [fixture('leak/go1.22/trace.out'), fixture('leak/go1.22/heap_mid.pb.gz')]);
  await expect(page.getByTestId('heap-align-note')).toContainText('cannot be aligned');
  await expect(page.getByTestId('heap-marker')).toHaveCount(0);
});

test('the brushed range survives a reload (URL hash + session)', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(POOL)]);
  await dragAcross(page, 'axis', 0.3, 0.45);
  const summary = page.getByTestId('range-summary');
  await expect(summary).toBeVisible();
  const from = await summary.getAttribute('data-from');
  const to = await summary.getAttribute('data-to');
  const samples = await page.getByTestId('range-cpu-samples').textContent();
  await page.reload();
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-from', from!);
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-to', to!);
  await expect(page.getByTestId('range-cpu-samples')).toHaveText(samples!);
  await expect(page.locator('[data-lane="heap"] .range-shade')).toBeVisible();
});

test('a trace over 1 MB is decoded in a second worker while the parse worker orders it: Go\'s digest', async ({ page }) => {
  const rel = 'netblock/go1.27/trace.out';
  const digest = JSON.parse(readFileSync(fixture(`${rel}.summary.json`), 'utf8'));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await openApp(page);
  await openFiles(page, [fixture(rel)]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await expect(page.locator('[data-key="events"] dd')).toHaveText(formatCount(digest.events));
  await expect(page.locator('[data-key="gcCount"] dd')).toHaveText(formatInteger(digest.gcCount));
  await expect(page.locator('[data-key="goroutines"] dd')).toHaveText(formatInteger(digest.goroutines));
  await expect(page.locator('[data-key="cpuSamples"] dd')).toHaveText(formatInteger(digest.cpuSamples));
  expect(workers.some((u) => u.includes('trace-decoder-worker'))).toBe(true);
});
