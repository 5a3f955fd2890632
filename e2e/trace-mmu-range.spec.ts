// The MMU page of a brushed range (the windows inside it: the analysis's own curve for that
// range, computed here in Node from the same file), the whole trace a click away; and the
// truncated-trace note on the Goroutines, MMU and Tasks pages of a real trace cut short (and
// none on the whole file).

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { dragAcross, dropFiles, fixture, openApp, openBuffers, waitForIdle, test } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { parseGoTrace } from '../src/parse/trace/parse-trace';
import { mmuPlot, mmuWorstWindows } from '../src/analysis/trace/mmu-plot';
import { DEFAULT_UTIL_FLAGS } from '../src/analysis/trace/mmu';

const LEAK = 'leak/go1.27/trace.out';

test(`${LEAK}: a brushed range's MMU is of the windows inside it, and the whole trace is a click away`, async ({ page }) => {
  const ref = JSON.parse(readFileSync(fixture(`${LEAK}.analysis.json`), 'utf8')) as { mmu: { spanNs: number } };
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(LEAK))));
  if (parsed.kind !== 'trace') throw new Error('not a trace');
  await openApp(page);
  await dropFiles(page, [fixture(LEAK)]);
  await dragAcross(page, 'heap', 0.3, 0.6, { shift: true });
  await page.getByTestId('trace-pages').getByRole('tab', { name: 'MMU' }).click();
  await waitForIdle(page);
  const scope = page.getByTestId('page-scope');
  await expect(scope).toHaveAttribute('data-scope', 'range');
  await expect(scope).toContainText('MMU: range');
  // The whole file is not truncated: no note.
  await expect(page.getByTestId('truncated-note')).toHaveCount(0);
  const range: [number, number] = [Number(await scope.getAttribute('data-start-ns')), Number(await scope.getAttribute('data-end-ns'))];
  const expected = mmuPlot(parsed, DEFAULT_UTIL_FLAGS, range);
  expect(expected.spanNs).toBeGreaterThan(1e6);
  expect(expected.spanNs).toBeLessThan(ref.mmu.spanNs);
  const curve = page.getByTestId('mmu-curve');
  await expect(curve).toHaveAttribute('data-range', `${range[0]}-${range[1]}`);
  await expect(curve).toHaveAttribute('data-span-ns', String(expected.spanNs));
  await expect(curve).toHaveAttribute('data-points', String(expected.windows.length));
  // The worst 1 ms windows of the range: the analysis's, all inside the range.
  await expect(page.getByTestId('mmu-worst')).toHaveAttribute('data-ready', 'true');
  const starts = await page.getByTestId('mmu-worst-window').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ns'))));
  const worst = mmuWorstWindows(expected, 1e6);
  expect(starts).toEqual(worst.map((u) => u.time));
  for (const s of starts) {
    expect(s).toBeGreaterThanOrEqual(range[0]);
    expect(s + 1e6).toBeLessThanOrEqual(range[1]);
  }
  // The whole trace (the range stays brushed): go tool trace's span; and back.
  await page.getByTestId('page-scope-whole').click();
  await expect(curve).toHaveAttribute('data-range', '');
  await expect(curve).toHaveAttribute('data-span-ns', String(ref.mmu.spanNs));
  await page.getByTestId('page-scope-range').click();
  await expect(curve).toHaveAttribute('data-range', `${range[0]}-${range[1]}`);
});

test(`${LEAK} cut at three quarters: the Goroutines, MMU and Tasks pages say the trace is truncated`, async ({ page }) => {
  const full = readFileSync(fixture(LEAK));
  const cut = full.subarray(0, Math.floor(full.length * 0.75));
  const kept = parseGoTrace(new Uint8Array(cut));
  expect(kept.warnings[0]).toMatch(/^trace truncated/);
  await openApp(page);
  await openBuffers(page, [{ name: 'cut.trace.out', buffer: Buffer.from(cut) }]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  const gens = kept.generations.length;
  for (const tab of ['Goroutines', 'MMU', 'Tasks & regions']) {
    await page.getByTestId('trace-pages').getByRole('tab', { name: tab }).click();
    const note = page.getByTestId('truncated-note');
    await expect(note).toBeVisible();
    await expect(note).toContainText(`${gens} complete generation`);
  }
});
