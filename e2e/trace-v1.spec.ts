// Old-format traces (Go 1.11–1.21) end to end: a Go 1.21 scenario trace shows the figures of
// its digest (made by Go 1.27's reader, which converts the old format) and draws its lanes.

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { dropFiles, fixture, openApp, paintedPixels, test } from './helpers';
import { formatBytes, formatNanoseconds } from '../src/base/units';
import { formatInteger } from '../src/base/number-format';

for (const rel of ['pool/go1.21/trace.out', 'leak/go1.19/trace.out']) {
  test(`${rel}: the digest's figures and every lane`, async ({ page }) => {
    const d = JSON.parse(readFileSync(fixture(`${rel}.summary.json`), 'utf8'));
    await openApp(page);
    await dropFiles(page, [fixture(rel)]);
    await expect(page.getByTestId('trace-digest')).toBeVisible();
    await expect(page.getByTestId('trace-digest')).toContainText(`format go ${d.goVersion}`);
    await expect(page.locator('[data-key="gcCount"] dd')).toHaveText(formatInteger(d.gcCount));
    await expect(page.locator('[data-key="goroutines"] dd')).toHaveText(formatInteger(d.goroutines));
    await expect(page.locator('[data-key="cpuSamples"] dd')).toHaveText(formatInteger(d.cpuSamples));
    await expect(page.locator('[data-key="stw"] dd')).toHaveText(
      `${formatInteger(d.stw.count)} · total ${formatNanoseconds(d.stw.totalNs)} · max ${formatNanoseconds(d.stw.maxNs)}`,
    );
    await expect(page.locator('[data-key="heapPeak"] dd')).toHaveText(formatBytes(d.heapAlloc.maxBytes));
    await expect(page.getByRole('alert')).toHaveCount(0);
    for (const w of await page.getByTestId('timeview').evaluateAll((els) => els.map((e) => e.getAttribute('data-window')))) {
      expect(w).toBe(`0,${d.durationNs}`);
    }
    for (const lane of ['axis', 'gc', 'stw', 'heap', 'goroutines', 'p0']) {
      expect(await paintedPixels(page, lane), lane).toBeGreaterThan(200);
    }
  });
}
