// A large profile opened once the spare parse worker has prepared itself (src/store/loader.ts,
// workers/parse-worker.ts): its columns are carved from the worker's arena (src/base/arena.ts)
// and cross to the page inside that one buffer. The views must show the same profile as Go's
// reader sees, and keep working when they recompute on the page (another sample type, a focus).
import { expect } from '@playwright/test';
import { digestOf, fixture, flameTotal, openFiles, waitForIdle, test } from './helpers';

test('a large profile opened into the prepared spare worker shows its totals and top functions', async ({ page }) => {
  await page.goto('./?empty&bench');
  await waitForIdle(page);
  await page.waitForFunction(() => 'golensBench' in window); // installed by a module loaded on ?bench
  const prepared = await page.evaluate(() =>
    (window as unknown as { golensBench: { spareReady(): Promise<{ warmUpMs: number; arenaMs: number } | null> } }).golensBench.spareReady(),
  );
  // Prepared to the end: the warm-up parses ran and the arena was written.
  expect(prepared).not.toBeNull();

  const rel = 'perf/cpu-large.pb.gz';
  const d = digestOf(rel);
  await openFiles(page, [fixture(rel)]);
  await expect(page.getByTestId('sample-type')).toHaveValue(d.defaultSampleType);
  expect(await flameTotal(page)).toBe(d.totals[1]);
  const rows = page.getByTestId('top-table').locator('tbody tr');
  for (let i = 0; i < 3; i++) await expect(rows.nth(i).locator('td.fn')).toContainText(d.topFlat[i]!.name);

  // Recomputed on the page, over the arrays that came in the arena.
  await page.getByTestId('sample-type').selectOption('samples');
  await expect.poll(() => flameTotal(page)).toBe(d.totals[0]);
  await page.getByTestId('sample-type').selectOption('cpu');
  await expect.poll(() => flameTotal(page)).toBe(d.totals[1]);
  await rows.first().click();
  await expect.poll(() => flameTotal(page)).toBe(d.topFlat[0]!.cum);
});
