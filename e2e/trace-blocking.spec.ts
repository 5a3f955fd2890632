// The trace view's Blocking profiles page on the contention scenario's Go 1.27 trace: the sync
// profile's totals equal go tool trace -pprof=sync's (trace.out.sync.pprof's digest), its
// download is a profile that reads back with the same totals (the same bytes as the CLI's), an empty type says there is none.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { digestOf, dropFiles, fixture, flameTotal, openApp, openBuffers, test } from './helpers';

const REL = 'contention/go1.27/trace.out';

test(`${REL}: the sync blocking profile equals go tool trace -pprof=sync, downloads as a .pb.gz, net says none`, async ({ page }) => {
  const ref = digestOf(`${REL}.sync.pprof`);
  await openApp(page);
  await dropFiles(page, [fixture(REL)]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await page.getByTestId('trace-pages').getByRole('tab', { name: 'Blocking profiles' }).click();
  const pageEl = page.getByTestId('blocking-profile');
  await expect(pageEl).toBeVisible();
  await pageEl.getByRole('radio', { name: /^sync/ }).click();
  await expect(pageEl).toHaveAttribute('data-type', 'sync');
  // Totals: contentions and delay, as Go's file has them; the flame graph starts on delay.
  await expect(pageEl).toHaveAttribute('data-count', String(ref.totals[0]));
  await expect(pageEl).toHaveAttribute('data-total-ns', String(ref.totals[1]));
  expect(await flameTotal(page)).toBe(ref.totals[1]);
  await expect(page.getByTestId('sample-type')).toHaveValue('delay');
  await expect(pageEl.getByTestId('pprof-header')).toContainText('Type: delay');
  await expect(page.locator('.top-table tbody tr').first()).toContainText(ref.topFlat[0]!.name);
  await expect(page).toHaveURL(/btype=sync/);

  // The download: gzipped protobuf that the app (and go tool pprof) reads back with Go's totals.
  const [download] = await Promise.all([page.waitForEvent('download'), pageEl.getByTestId('blocking-download').click()]);
  expect(download.suggestedFilename()).toBe('trace.out.sync.pb.gz');
  const bytes = readFileSync((await download.path())!);
  expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
  // The same bytes as `golens pprof --type sync` (the CLI's bundle: npm run build:cli).
  const cli = execFileSync(process.execPath, ['bin/golens.mjs', 'pprof', '--type', 'sync', fixture(REL)], { maxBuffer: 64 << 20 });
  expect(Buffer.compare(bytes, cli)).toBe(0);

  // An empty type says so instead of drawing an empty chart.
  await pageEl.getByRole('radio', { name: /^net/ }).click();
  await expect(pageEl).toHaveAttribute('data-type', 'net');
  await expect(page.getByTestId('blocking-none')).toHaveText(/No net blocking in this trace/);
  await expect(pageEl.locator('.flame-graph, [data-testid="flame-total"]')).toHaveCount(0);
  await expect(pageEl.getByTestId('blocking-download')).toHaveCount(0);

  await openBuffers(page, [{ name: 'sync.pb.gz', buffer: bytes }]);
  await expect(page.getByTestId('pprof-header')).toContainText('Type: delay');
  expect(await flameTotal(page)).toBe(ref.totals[1]);
  await page.getByTestId('sample-type').selectOption('contentions');
  expect(await flameTotal(page)).toBe(ref.totals[0]);
});
