// Comparing profiles (issue 12): "Compare with…" on a file, the diff table against the delta
// `go tool pprof -top -diff_base` prints for the same pair, a refused pair, and a reload.

import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { fixture, openApp, openFiles, waitForIdle, test } from './helpers';

const DIR = 'leak/go1.27';

function entry(page: Page, name: string) {
  return page.getByTestId('file-entry').filter({ has: page.locator('.file-name', { hasText: name }) });
}

/** The first row of pprof's -top -diff_base text for the pair, as printed ("36.89MB", "1524.15%"). */
function referenceFirstRow(path: string): { flat: string; flatPct: string; sumPct: string; cumPct: string; name: string } {
  const lines = readFileSync(path, 'utf8').split('\n');
  const head = lines.findIndex((l) => /^\s+flat\s+flat%/.test(l));
  const cols = lines[head + 1]!.trim().split(/\s+/);
  return { flat: cols[0]!, flatPct: cols[1]!, sumPct: cols[2]!, cumPct: cols[4]!, name: cols.slice(5).join(' ') };
}

/** The first row's flat%, sum% and cum% as the diff table shows them. */
async function firstRowPercents(page: Page): Promise<string[]> {
  const cells = page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td');
  return [await cells.nth(1).innerText(), await cells.nth(2).innerText(), await cells.nth(4).innerText()];
}

/** A byte count as pprof prints it in MB (2 decimals of 2^20). */
function asPprofMB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)}MB`;
}

test('compare with… leads the diff table with main.newSession and the delta pprof prints; a reload keeps it', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(`${DIR}/heap_before.txt`), fixture(`${DIR}/heap_after.txt`)]);
  await entry(page, 'heap_after.txt').getByTestId('compare-with').click();
  const items = page.getByRole('menuitem');
  await expect(items).toHaveCount(1);
  await expect(items).toHaveText('heap_before.txt');
  await items.click();

  const table = page.getByTestId('diff-top-table');
  await expect(table).toBeVisible();
  // The reference: pprof's -diff_base of the protobuf forms taken at the same moments (its text
  // forms name frames by address only; GoLens names them from the # lines, as the protobuf does).
  const ref = referenceFirstRow(fixture(`${DIR}/heap_after.pb.gz.diff_base-heap_before.top.txt`));
  expect(ref.name).toBe('main.newSession');
  const first = table.locator('tbody tr').first();
  await expect(first.locator('td.fn')).toHaveText('main.newSession');
  expect(asPprofMB(Number(await first.getAttribute('data-flat')))).toBe(ref.flat);
  expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain('s=cmp:');

  await page.reload();
  await waitForIdle(page);
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText('main.newSession');
  await expect(page.locator('.file.selected')).toHaveCount(2);
});

test('a pair that cannot be compared is refused with the reason, and nothing else changes', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(`${DIR}/heap_after.pb.gz`), fixture('pool/go1.27/cpu.pb.gz')]);
  await entry(page, 'heap_after.pb.gz').locator('.file-name').click();
  await expect(page.getByTestId('flame-total')).toBeVisible();
  const before = await page.evaluate(() => location.hash);
  await entry(page, 'heap_after.pb.gz').getByTestId('compare-with').click();
  await page.getByRole('menuitem', { name: 'cpu.pb.gz' }).click();
  const alert = page.getByTestId('compare-refused');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText('heap_after.pb.gz');
  await expect(alert).toContainText('cpu.pb.gz');
  await expect(page.getByTestId('diff-top-table')).toHaveCount(0);
  await expect(page.getByTestId('flame-total')).toBeVisible();
  expect(await page.evaluate(() => location.hash)).toBe(before);
});

test('dragging one entry onto another compares them, the dragged one as the base', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture(`${DIR}/heap_before.pb.gz`), fixture(`${DIR}/heap_after.pb.gz`)]);
  await entry(page, 'heap_before.pb.gz').dragTo(entry(page, 'heap_after.pb.gz'));
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText('main.newSession');
  await expect(page.locator('.compare-title')).toHaveAttribute('title', 'heap_before.pb.gz → heap_after.pb.gz');
  // The percentages pprof prints for the pair: of the base's total.
  const ref = referenceFirstRow(fixture(`${DIR}/heap_after.pb.gz.diff_base-heap_before.top.txt`));
  expect(await firstRowPercents(page)).toEqual([ref.flatPct, ref.sumPct, ref.cumPct]);
  // -base: the same deltas, now as a profile of their own (percentages of the difference).
  await page.getByTestId('diff-mode').selectOption('base');
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('.o.mode=base');
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText('main.newSession');
});

test('before/mid/after as a series: the chart and the leak suspects with main.newSession first; two clicks compare', async ({ page }) => {
  await openApp(page);
  await openFiles(page, ['heap_before', 'heap_mid', 'heap_after'].map((n) => fixture(`${DIR}/${n}.txt`)));
  const entries = page.getByTestId('file-entry');
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(2).locator('.file-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-series').click();
  const chart = page.getByTestId('series-chart');
  await expect(chart).toHaveAttribute('data-points', '3');
  // Text forms have no time_nanos: the series says it is ordered by their MemStats footers' LastGC.
  await expect(page.getByTestId('series-order')).toHaveAttribute('data-by', 'time');
  await expect(page.getByTestId('series-order')).toHaveText("ordered by capture time (the MemStats footers' LastGC)");
  const first = page.getByTestId('leak-suspects').locator('li').first();
  await expect(first.locator('.fn')).toHaveText('main.newSession');
  // Two snapshots picked on the chart open their comparison (the earlier as the base).
  const box = (await chart.locator('svg').boundingBox())!;
  await page.mouse.click(box.x + 80, box.y + 100);
  await page.mouse.click(box.x + box.width - 20, box.y + 100);
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText('main.newSession');
});

test("a base with a sample of no frames: the diff table's percentages are of every base sample, as pprof's", async ({ page }) => {
  // pprof-testdata/gobench.heap has one sample with an empty stack; Go 1.27's pprof counts it in
  // the -diff_base total (src/analysis/profile/testdata/README.md).
  await openApp(page);
  await openFiles(page, [fixture('pprof-testdata/gobench.heap'), fixture(`${DIR}/heap_after.pb.gz`)]);
  await entry(page, 'heap_after.pb.gz').getByTestId('compare-with').click();
  await page.getByRole('menuitem', { name: 'gobench.heap' }).click();
  const ref = referenceFirstRow(new URL('../src/analysis/profile/testdata/leak_go1.27.heap_after.pb.gz.diff_base-gobench.heap.top.txt', import.meta.url).pathname);
  expect(ref.name).toBe('main.newSession');
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText(ref.name);
  expect(await firstRowPercents(page)).toEqual([ref.flatPct, ref.sumPct, ref.cumPct]);
  // A focus keeps pprof's total (taken before filters).
  await page.getByTestId('diff-top-table').locator('tbody tr').first().click();
  await expect(page.getByTestId('diff-top-table').locator('tbody tr').first().locator('td.fn')).toHaveText(ref.name);
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('newSession');
  expect((await firstRowPercents(page))[0]).toBe(ref.flatPct);
});

test('four goroutine profiles as a series: the leaking creation site leads the suspects, the fluctuating one is not listed', async ({ page }) => {
  // src/parse/pprof/testdata/goroutine-series: a real Go 1.23 run (see its README.md).
  const dir = new URL('../src/parse/pprof/testdata/goroutine-series/', import.meta.url).pathname;
  await openApp(page);
  await openFiles(page, [3, 1, 4, 2].map((k) => `${dir}goroutine_${k}.pb.gz`));
  const entries = page.getByTestId('file-entry');
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(3).locator('.file-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-series').click();
  await expect(page.getByTestId('series-chart')).toHaveAttribute('data-points', '4');
  await expect(page.getByTestId('series-order')).toHaveText("ordered by capture time (the profiles' time_nanos)");
  const suspects = page.getByTestId('leak-suspects').locator('li');
  await expect(suspects.first().locator('.fn')).toHaveText('main.leakyHandler');
  await expect(suspects.filter({ hasText: 'main.poolWorker' })).toHaveCount(0);
});

test('a series of profiles with no capture time says it keeps the order the files were given', async ({ page }) => {
  // go tool trace's -pprof profiles carry no time_nanos and no MemStats footer.
  await openApp(page);
  await openFiles(page, ['sync', 'sched'].map((k) => fixture(`contention/go1.25/trace.out.${k}.pprof`)));
  const entries = page.getByTestId('file-entry');
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(1).locator('.file-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-series').click();
  await expect(page.getByTestId('series-chart')).toHaveAttribute('data-points', '2');
  await expect(page.getByTestId('series-order')).toHaveAttribute('data-by', 'file-order');
  await expect(page.getByTestId('series-order')).toHaveText('in the order the files were given: 2 of them have no capture time');
});
