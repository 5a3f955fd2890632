// The demo's files (real profiles of the leak and pool programs, Go 1.27) beside the user's own:
// labelled as the demo, never counted against or placed on a user's trace, left out of a run
// made with "Same run", and cleared at once (for good: a reload does not bring them back).
import { expect } from '@playwright/test';
import { fixture, openApp, openFiles, waitForIdle, test } from './helpers';

test('the demo is labelled, kept out of the user’s trace and run, and cleared at once', async ({ page }) => {
  await openApp(page, { demo: true });
  const items = page.getByTestId('file-item');
  await expect(items).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(items.nth(i).locator('.demo-tag')).toHaveText('demo');

  // The user's pool trace (Go 1.27, with a wall clock): the demo's heap profile, taken in
  // another program's run, is neither a marker on it nor counted as taken outside it.
  await openFiles(page, [fixture('pool/go1.27/trace.out')]);
  const item = (name: string) => items.filter({ hasText: name });
  await expect(item('trace.out').locator('.demo-tag')).toHaveCount(0);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await expect(page.getByTestId('heap-marker')).toHaveCount(0);
  await expect(page.getByTestId('heap-align-note')).toHaveCount(0);

  // "Same run" on a demo file and the user's trace and log: the demo's file is left out, and said so.
  await openFiles(page, [fixture('pool/go1.27/gctrace.log')]);
  await item('pool-cpu.pb.gz').locator('.file-name').click();
  await item('trace.out').locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('run-demo-note')).toContainText('pool-cpu.pb.gz');
  await expect(page.getByTestId('make-run')).toBeDisabled();
  await item('gctrace.log').locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('make-run')).toBeEnabled();
  await page.getByTestId('make-run').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
  const rows = page.getByTestId('run-placement').getByTestId('run-file');
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: 'trace.out' })).toHaveAttribute('data-method', 'axis');
  await expect(rows.filter({ hasText: 'gctrace.log' })).toHaveAttribute('data-method', 'gc-cycles');

  // Clearing the demo removes its three files at once; the user's run stays.
  await page.getByTestId('clear-demo').click();
  await expect(items).toHaveCount(2, { timeout: 1000 });
  await expect(page.locator('.demo-tag')).toHaveCount(0);
  await expect(page.getByTestId('clear-demo')).toHaveCount(0);
  await expect(page.getByTestId('run-view')).toBeVisible();
  await page.reload();
  await waitForIdle(page);
  await expect(items).toHaveCount(2);
  await expect(page.locator('.demo-tag')).toHaveCount(0);
});

test('the demo never joins a series: Series leaves it out and says so, and so does a series a link names', async ({ page }) => {
  await openApp(page, { demo: true });
  const items = page.getByTestId('file-item');
  await expect(items).toHaveCount(3);
  const item = (name: string) => items.filter({ hasText: name });
  // The user's own heap snapshots of the leak program (Go 1.27) beside the demo's leak-heap.pb.gz.
  await openFiles(page, ['heap_before', 'heap_mid', 'heap_after'].map((n) => fixture(`leak/go1.27/${n}.pb.gz`)));
  await expect(items).toHaveCount(6);

  // The demo's heap profile and one of the user's: nothing to make a series of.
  await item('leak-heap.pb.gz').locator('.file-name').click();
  await item('heap_before.pb.gz').locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('run-demo-note')).toContainText('leak-heap.pb.gz');
  await expect(page.getByTestId('run-demo-note')).toContainText('Series and Same run leave them out');
  await expect(page.getByTestId('make-series')).toBeDisabled();
  // With the user's three: a series of those three, the demo's file not among them.
  await item('heap_mid.pb.gz').locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await item('heap_after.pb.gz').locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('make-series')).toBeEnabled();
  await page.getByTestId('make-series').click();
  await expect(page.getByTestId('series-chart')).toHaveAttribute('data-points', '3');
  await expect(page.locator('.view-title')).toHaveText('Series of 3 snapshots');
  await expect(page.getByTestId('leak-suspects').locator('li').first().locator('.fn')).toHaveText('main.newSession');
  await expect(page.getByTestId('series-demo-left-out')).toHaveCount(0);

  // A link made before Series left the demo out may still name its file: the series leaves it out and says so.
  const demoId = (await item('leak-heap.pb.gz').getAttribute('data-file-id'))!;
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toMatch(/s=series:/);
  const hash = await page.evaluate(() => location.hash);
  const withDemo = hash.replace(/(s=series(?::|%3A))/, `$1${encodeURIComponent(demoId)},`);
  expect(withDemo).not.toBe(hash);
  await page.evaluate((h) => history.replaceState(null, '', h), withDemo);
  await page.reload();
  await waitForIdle(page);
  await expect(page.getByTestId('series-demo-left-out')).toContainText('leak-heap.pb.gz');
  await expect(page.getByTestId('series-chart')).toHaveAttribute('data-points', '3');
});
