import { expect } from '@playwright/test';
import { expectSelected, waitForIdle, test } from './helpers';

test('installable and works offline once opened', async ({ page, context }) => {
  await page.goto('./');
  await waitForIdle(page);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel=manifest]')!.getAttribute('href')!;
    return (await fetch(href)).json();
  });
  expect(manifest.name).toBe('GoLens');
  expect(manifest.icons.some((i: { sizes: string }) => i.sizes === '512x512')).toBe(true);
  // The service worker caches the whole build; then the network goes away.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await context.setOffline(true);
  await page.reload();
  await waitForIdle(page);
  await expectSelected(page, 'leak-heap.pb.gz');
  await expect(page.getByTestId('flamegraph').locator('svg')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});
