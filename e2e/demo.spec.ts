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
