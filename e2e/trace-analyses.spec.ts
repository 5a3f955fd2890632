// The trace view's analysis pages on the contention scenario's Go 1.27 trace: the Goroutines page
// lists go tool trace's groups (trace.out.analysis.json), a group opens its goroutines, a
// goroutine opens the timeline with its slices highlighted; a brushed range's page is the range's.

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { dragAcross, dropFiles, fixture, openApp, paintedPixels, waitForIdle, test } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { goroutineAnalysis } from '../src/analysis/trace/trace-analysis';

const REL = 'contention/go1.27/trace.out';

test(`${REL}: the Goroutines page's groups equal go tool trace's, a group opens its goroutines, one its timeline`, async ({ page }) => {
  const ref = JSON.parse(readFileSync(fixture(`${REL}.analysis.json`), 'utf8')) as {
    goroutines: { name: string; count: number; execNs: number; totalNs: number }[];
  };
  await openApp(page);
  await dropFiles(page, [fixture(REL)]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await page.getByTestId('trace-pages').getByRole('tab', { name: 'Goroutines' }).click();
  const table = page.locator('table[data-testid="goroutine-analysis"]');
  await expect(table).toBeVisible();
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ name: tr.getAttribute('data-group'), count: Number(tr.getAttribute('data-count')), execNs: Number(tr.getAttribute('data-exec-ns')) })),
  );
  // Go's page order: execution time, largest first.
  expect(rows).toEqual(ref.goroutines.map((g) => ({ name: g.name, count: g.count, execNs: g.execNs })));
  await expect(page).toHaveURL(/page/);

  const big = ref.goroutines[0]!;
  await table.locator(`tbody tr[data-group="${big.name}"]`).click();
  const list = page.getByTestId('goroutine-list');
  await expect(list).toHaveAttribute('data-group', big.name);
  await expect(list.locator('tbody tr')).toHaveCount(big.count);

  const first = list.locator('tbody tr').first();
  const goid = await first.getAttribute('data-goid');
  await first.click();
  await expect(page.getByTestId('highlighted-goroutine')).toHaveAttribute('data-goid', goid!);
  await expect(page.getByTestId('trace-pages').getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
  expect(await paintedPixels(page, 'p0')).toBeGreaterThan(50);
  // Back to the group from the timeline.
  await page.getByTestId('highlighted-goroutine').getByRole('button', { name: '← Goroutines' }).click();
  await expect(page.getByTestId('goroutine-list')).toHaveAttribute('data-group', big.name);
});

test(`${REL}: a brushed range's Goroutines page is that range's (its times inside it), and the whole trace is a click away`, async ({ page }) => {
  const ref = JSON.parse(readFileSync(fixture(`${REL}.analysis.json`), 'utf8')) as { goroutines: { name: string; count: number; execNs: number }[] };
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(REL))));
  if (parsed.kind !== 'trace') throw new Error('not a trace');
  await openApp(page);
  await dropFiles(page, [fixture(REL)]);
  await dragAcross(page, 'heap', 0.2, 0.5, { shift: true });
  await page.getByTestId('trace-pages').getByRole('tab', { name: 'Goroutines' }).click();
  await waitForIdle(page);
  const scope = page.getByTestId('page-scope');
  await expect(scope).toHaveAttribute('data-scope', 'range');
  await expect(scope).toContainText('range');
  const range: [number, number] = [Number(await scope.getAttribute('data-start-ns')), Number(await scope.getAttribute('data-end-ns'))];
  expect(range[1]).toBeGreaterThan(range[0]);
  const table = page.locator('table[data-testid="goroutine-analysis"]');
  const rowsOf = () =>
    table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({ name: tr.getAttribute('data-group'), count: Number(tr.getAttribute('data-count')), execNs: Number(tr.getAttribute('data-exec-ns')) })),
    );
  // The range's groups: the analysis of that range, and not the whole trace's.
  const expected = goroutineAnalysis(parsed, range).groups.map((g) => ({ name: g.name, count: g.count, execNs: g.execNs }));
  await expect(page.getByTestId('goroutine-page')).toHaveAttribute('data-range', `${range[0]}-${range[1]}`);
  const inRange = await rowsOf();
  expect(inRange).toEqual(expected);
  const whole = ref.goroutines.map((g) => ({ name: g.name, count: g.count, execNs: g.execNs }));
  expect(inRange).not.toEqual(whole);
  const execSum = (rows: { execNs: number }[]) => rows.reduce((s, r) => s + r.execNs, 0);
  expect(execSum(inRange)).toBeLessThan(execSum(whole));
  // Back to the whole trace (the range stays brushed), and to the range again.
  await page.getByTestId('page-scope-whole').click();
  await expect(page.getByTestId('goroutine-page')).toHaveAttribute('data-range', '');
  expect(await rowsOf()).toEqual(whole);
  await page.getByTestId('page-scope-range').click();
  await expect(page.getByTestId('goroutine-page')).toHaveAttribute('data-range', `${range[0]}-${range[1]}`);
  expect(await rowsOf()).toEqual(expected);
});
