// Early rejection (issue 17): a large file that matches no format is refused from its first
// bytes, at once whatever its size, with an alert naming the file; it is never read whole.

import { closeSync, ftruncateSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { openApp, test } from './helpers';

test('a 300 MB file of zeros is rejected within a second, naming the file', async ({ page }, testInfo) => {
  mkdirSync(testInfo.outputDir, { recursive: true });
  const path = join(testInfo.outputDir, 'zeros.bin');
  // A sparse file: 300 MB of zeros without writing them.
  const fd = openSync(path, 'w');
  ftruncateSync(fd, 300 << 20);
  closeSync(fd);

  await openApp(page);
  const input = page.getByTestId('file-input');
  const t0 = Date.now();
  await input.setInputFiles(path);
  const alert = page.getByRole('alert').filter({ hasText: 'zeros.bin' });
  await expect(alert).toContainText('unrecognized format', { timeout: 5000 });
  const elapsed = Date.now() - t0;
  await expect(alert).toContainText('zeros.bin: unrecognized format: not a profile, trace or Go runtime log');
  await expect(alert).toContainText('illegal field number 0 at byte 0');
  expect(elapsed).toBeLessThan(1000);
  await page.waitForFunction(() => document.body.dataset.idle === 'true');
});
