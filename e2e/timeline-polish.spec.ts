// Timeline polish on real Go traces: the heap lane's scale follows the zoomed window, thin STW
// pauses are found by a pointer scanning the lane, heap-profile markers at the ends of the axis
// are whole.

import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { dragAcross, fixture, laneBox, openApp, openFiles, waitForIdle, windowOf, test } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { computeTraceTimeline, heapScaleMax, sliceEnd, sliceStart } from '../src/analysis/trace/timeline-tables';
import type { TraceModel } from '../src/model/trace';

const LEAK = 'leak/go1.27/trace.out';
const POOL = 'pool/go1.27/trace.out';

async function traceModel(rel: string): Promise<TraceModel> {
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(rel))));
  if (parsed.kind !== 'trace') throw new Error(`${rel} is not a trace`);
  return parsed;
}

test('zoomed, the heap lane scales to the values in the window', async ({ page }) => {
  const model = await traceModel(LEAK);
  await openApp(page);
  await openFiles(page, [fixture(LEAK)]);
  const heap = page.locator('[data-testid="timeview"][data-lane="heap"]');
  const whole = Number(await heap.getAttribute('data-scale-max'));
  expect(whole).toBe(Math.round(heapScaleMax(model.heapAlloc, model.heapGoal, 0, model.durationNs)));
  // Zoom around the first fifth of the trace, where the heap is a few MiB.
  const b = await laneBox(page, 'heap');
  await page.mouse.move(b.x + b.width * 0.08, b.y + b.height / 2);
  for (let k = 0; k < 6; k++) await page.mouse.wheel(0, -250);
  await expect.poll(async () => (await windowOf(page, 'heap'))[1]).toBeLessThan(model.durationNs / 4);
  await page.mouse.move(5, 5);
  const [t0, t1] = await windowOf(page, 'heap');
  const zoomed = Number(await heap.getAttribute('data-scale-max'));
  // The window's maximum with headroom (data-window is rounded to whole ns: allow a byte of rounding).
  expect(Math.abs(zoomed - heapScaleMax(model.heapAlloc, model.heapGoal, t0, t1))).toBeLessThanOrEqual(1);
  expect(zoomed).toBeLessThan(whole / 2);
  await expect(heap.locator('canvas')).toBeVisible();
});

test('scanning the STW lane in 3 px steps finds every pause that is drawn', async ({ page }) => {
  const model = await traceModel(LEAK);
  const row = computeTraceTimeline(model).stwRow;
  await openApp(page);
  await openFiles(page, [fixture(LEAK)]);
  const b = await laneBox(page, 'stw');
  const tip = page.locator('[data-testid="timeview"][data-lane="stw"] .lane-tip');
  const found = new Set<number>();
  for (let x = 1; x < b.width; x += 3) {
    await page.mouse.move(b.x + x, b.y + b.height / 2);
    if (await tip.count()) for (const i of ((await tip.getAttribute('data-items')) ?? '').split(',')) if (i) found.add(Number(i));
  }
  const drawn: number[] = [];
  for (let i = 0; i < row.length; i++) if (sliceStart(row, i) <= model.durationNs && sliceEnd(row, i) >= 0) drawn.push(row.item ? row.item[i]! : row.itemBase + i);
  expect(drawn.length).toBe(model.stw.length);
  expect([...found].sort((a, b) => a - b)).toEqual(drawn.sort((a, b) => a - b));
});

test('heap-profile markers at the ends of the axis are drawn whole', async ({ page }) => {
  const dir = 'leak/go1.27';
  await openApp(page);
  await openFiles(page, [fixture(`${dir}/trace.out`), fixture(`${dir}/heap_before.pb.gz`), fixture(`${dir}/heap_after.pb.gz`)]);
  await page.locator('.file-name', { hasText: 'trace.out' }).click();
  const markers = page.getByTestId('heap-marker');
  await expect(markers).toHaveCount(2);
  const axis = await laneBox(page, 'axis');
  for (let k = 0; k < 2; k++) {
    const m = (await markers.nth(k).boundingBox())!;
    expect(m.width).toBeGreaterThan(10);
    expect(m.x).toBeGreaterThanOrEqual(axis.x - 0.5);
    expect(m.x + m.width).toBeLessThanOrEqual(axis.x + axis.width + 0.5);
  }
  // And still point at their time: the first near the start, the last near the end.
  expect((await markers.nth(0).boundingBox())!.x).toBeLessThan(axis.x + 20);
  expect((await markers.nth(1).boundingBox())!.x).toBeGreaterThan(axis.x + axis.width - 30);
});

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  /** The part of the range flame graph on screen: its box cut by its scrolling column and the viewport. */
  async function visibleFlame(page: Page): Promise<{ width: number; height: number }> {
    return page.locator('.trace-flame').evaluate((col) => {
      const svg = col.querySelector('.flamegraph svg')!.getBoundingClientRect();
      const c = col.getBoundingClientRect();
      const top = Math.max(svg.top, c.top, 0), bottom = Math.min(svg.bottom, c.bottom, innerHeight);
      const left = Math.max(svg.left, c.left, 0), right = Math.min(svg.right, c.right, innerWidth);
      return { width: Math.max(0, right - left), height: Math.max(0, bottom - top) };
    });
  }

  test('a brushed range shows its flame graph at a usable size; the splitter makes it taller, by pointer and keys, and is kept', async ({ page }) => {
    await openApp(page);
    await openFiles(page, [fixture(POOL)]);
    await dragAcross(page, 'axis', 0.2, 0.6);
    await expect(page.getByTestId('range-summary')).toBeVisible();
    await expect(page.locator('.trace-flame .flamegraph svg')).toBeVisible();
    const before = await visibleFlame(page);
    expect(before.width).toBeGreaterThanOrEqual(300);
    expect(before.height).toBeGreaterThanOrEqual(150);
    // Nothing is cut off: the panel ends inside the page.
    const panel = (await page.locator('.split-panel').boundingBox())!;
    expect(panel.y + panel.height).toBeLessThanOrEqual(720 + 0.5);

    const splitter = page.getByTestId('panel-splitter');
    await expect(splitter).toHaveAttribute('role', 'separator');
    const h0 = Number(await splitter.getAttribute('aria-valuenow'));
    expect(h0).toBeGreaterThan(0);
    const s = (await splitter.boundingBox())!;
    await page.mouse.move(s.x + 300, s.y + s.height / 2);
    await page.mouse.down();
    for (let k = 1; k <= 5; k++) await page.mouse.move(s.x + 300, s.y + s.height / 2 - 12 * k);
    await page.mouse.up();
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBeGreaterThan(h0 + 40);
    const h1 = Number(await splitter.getAttribute('aria-valuenow'));
    expect(Math.abs((await page.locator('.split-panel').boundingBox())!.height - h1)).toBeLessThanOrEqual(1);
    const after = await visibleFlame(page);
    expect(after.height).toBeGreaterThan(before.height + 40);

    // Keys: down shrinks, up grows, by 24 px.
    await splitter.focus();
    await page.keyboard.press('ArrowDown');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(h1 - 24));
    await page.keyboard.press('ArrowUp');
    await expect(splitter).toHaveAttribute('aria-valuenow', String(h1));

    // The size is a view option: it survives a reload.
    await page.waitForTimeout(400); // the URL hash is written at most every 200 ms
    await page.reload();
    await waitForIdle(page);
    await expect(page.getByTestId('panel-splitter')).toHaveAttribute('aria-valuenow', String(h1));
  });
});
