// go tool trace's analyses in the trace view, end to end: who woke a blocked goroutine (against
// the model's wakes, themselves equal to Go's reader), the MMU page (contention, leak: its curve
// and worst windows equal go tool trace's analysis.json, a worst window jumps the timeline),
// the tasks and regions page (tasks: its types' counts are the reference's).

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { fixture, hoverAt, openApp, openFiles, windowOf, test } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { pRunEnd, pRunStart, type TraceModel } from '../src/model/trace';
import { wakeBefore } from '../src/analysis/trace/wake';

const LEAK = 'leak/go1.27/trace.out';
const TASKS = 'tasks/go1.27/trace.out';

type Analysis = {
  mmu: { spanNs: number; windows: { windowNs: number; mmu: number; worst: { offsetNs: number; util: number }[] }[] };
  tasks: { type: string; count: number; complete: number }[];
  regions: { type: string; count: number }[];
};
const analysisOf = (rel: string): Analysis => JSON.parse(readFileSync(fixture(`${rel}.analysis.json`), 'utf8'));

const CONTENTION = 'contention/go1.27/trace.out';

async function traceModel(rel: string): Promise<TraceModel> {
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(rel))));
  if (parsed.kind !== 'trace') throw new Error(`${rel} is not a trace`);
  return parsed;
}

test('a blocked goroutine’s details name the goroutine that woke it, and link to it', async ({ page }) => {
  const model = await traceModel(CONTENTION);
  await openApp(page);
  await openFiles(page, [fixture(CONTENTION)]);
  // The widest run on P0 that followed a wake by another goroutine.
  let best = -1, bestSpan = 0;
  for (let i = model.pRunOffsets[0]!; i < model.pRunOffsets[1]!; i++) {
    const w = wakeBefore(model, model.pRuns.g[i]!, pRunStart(model, i));
    const span = pRunEnd(model, i) - pRunStart(model, i);
    if (w && w.waker >= 0 && span > bestSpan) [best, bestSpan] = [i, span];
  }
  expect(best).toBeGreaterThanOrEqual(0);
  const wake = wakeBefore(model, model.pRuns.g[best]!, pRunStart(model, best))!;
  const [w0, w1] = await windowOf(page, 'p0');
  await hoverAt(page, 'p0', ((pRunStart(model, best) + pRunEnd(model, best)) / 2 - w0) / (w1 - w0));
  await page.mouse.down();
  await page.mouse.up();
  await expect(page.getByTestId('detail-goroutine-id')).toHaveText(String(model.goroutines.id[model.pRuns.g[best]!]));
  const wokenBy = page.getByTestId('woken-by');
  await expect(wokenBy).toHaveAttribute('data-waker-id', String(model.goroutines.id[wake.waker]));
  await expect(wokenBy).toContainText(`G${model.goroutines.id[wake.waker]}`);
  await expect(page.getByTestId('waker-stack').locator('li').first()).toBeVisible();
  // An arrow on the lanes from the waker's event to the woken goroutine's next run, and the chain's.
  const arrows = page.getByTestId('wake-arrows');
  await expect(arrows).toHaveAttribute('data-drawn', /^[1-9]/);
  expect(Number(await arrows.getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
  // The link selects the waker's slice.
  await wokenBy.click();
  await expect(page.getByTestId('detail-goroutine-id')).toHaveText(String(model.goroutines.id[wake.waker]));
});

for (const rel of [CONTENTION, LEAK]) {
  test(`MMU page (${rel}): the curve is drawn, the worst 1 ms windows are go tool trace's, one jumps the timeline`, async ({ page }) => {
    const ref = analysisOf(rel);
    await openApp(page);
    await openFiles(page, [fixture(rel)]);
    const before = await windowOf(page, 'p0');
    await page.locator('[data-testid="trace-pages"] [data-page="mmu"]').click();
    const curve = page.getByTestId('mmu-curve');
    await expect(curve).toHaveAttribute('data-points', '100');
    await expect(curve).toHaveAttribute('data-span-ns', String(ref.mmu.spanNs));
    await expect(curve.locator('path.curve')).toHaveAttribute('d', /^M.*L/);
    // Hover readout.
    const b = (await curve.boundingBox())!;
    await page.mouse.move(b.x + b.width * 0.5, b.y + b.height / 2);
    await expect(page.getByTestId('mmu-readout')).toContainText('MMU');
    // The default width is 1 ms: its worst windows are the reference's, in its order.
    const w1ms = ref.mmu.windows.find((w) => w.windowNs === 1e6)!;
    // Found in the trace's analysis worker, after the curve.
    await expect(page.getByTestId('mmu-worst')).toHaveAttribute('data-ready', 'true');
    const worst = page.getByTestId('mmu-worst-window');
    const starts = await worst.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ns'))));
    expect(starts.slice(0, w1ms.worst.length)).toEqual(w1ms.worst.map((u) => u.offsetNs));
    await worst.first().click();
    await expect(page.getByTestId('trace-pages').locator('[data-page="timeline"]')).toHaveAttribute('aria-selected', 'true');
    const after = await windowOf(page, 'p0');
    expect(after).not.toEqual(before);
    expect(after).toEqual([w1ms.worst[0]!.offsetNs, w1ms.worst[0]!.offsetNs + 1e6]);
  });
}

test('MMU options are go tool trace’s and go to the URL; per-P draws its own curve', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(LEAK)]);
  await page.locator('[data-testid="trace-pages"] [data-page="mmu"]').click();
  const curve = page.getByTestId('mmu-curve');
  await expect(curve).toHaveAttribute('data-flags', 'stw|background|assist');
  const system = await curve.locator('path.curve').getAttribute('d');
  await page.getByTestId('mmu-options').locator('[data-flag="perProc"]').check();
  await expect(curve).toHaveAttribute('data-flags', 'perProc|stw|background|assist');
  expect(await curve.locator('path.curve').getAttribute('d')).not.toEqual(system);
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('perProc');
});

test('tasks and regions page: go tool trace’s counts, a slowest task jumps the timeline, a task’s logs', async ({ page }) => {
  const ref = analysisOf(TASKS);
  await openApp(page);
  await openFiles(page, [fixture(TASKS)]);
  const before = await windowOf(page, 'p0');
  await page.locator('[data-testid="trace-pages"] [data-page="tasks"]').click();
  const rows = page.getByTestId('task-types').locator('tbody tr');
  await expect(rows).toHaveCount(ref.tasks.length);
  for (const tt of ref.tasks) {
    const row = page.getByTestId('task-types').locator(`tr[data-type="${tt.type}"]`);
    await expect(row.locator('td').nth(1)).toHaveText(String(tt.count));
    await expect(row.locator('td').nth(2)).toHaveText(String(tt.complete));
  }
  await expect(page.getByTestId('region-types').locator('tbody tr')).toHaveCount(ref.regions.length);
  await page.getByTestId('task-types').locator('tr[data-type="order"] button').click();
  const slowest = page.getByTestId('task-slowest').locator('li');
  await expect(slowest).toHaveCount(10);
  await slowest.first().getByTestId('instance-details').click();
  await expect(page.getByTestId('task-logs').locator('tbody tr').first()).toBeVisible();
  await expect(page.getByTestId('task-regions').locator('tbody tr').first()).toBeVisible();
  const jump = slowest.first().getByTestId('instance-jump');
  const s0 = Number(await jump.getAttribute('data-start-ns')), e0 = Number(await jump.getAttribute('data-end-ns'));
  await jump.click();
  const after = await windowOf(page, 'p0');
  expect(after).not.toEqual(before);
  expect(after[0]).toBeLessThanOrEqual(s0);
  expect(after[1]).toBeGreaterThanOrEqual(e0);
});

test('a trace without tasks or regions says so', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(CONTENTION)]);
  await page.locator('[data-testid="trace-pages"] [data-page="tasks"]').click();
  await expect(page.getByTestId('tasks-none')).toContainText('no user tasks or regions');
});
