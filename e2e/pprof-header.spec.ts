// pprof's header (issue 12): every profile view starts with the lines go tool pprof prints
// first — File, Build ID, Type, Time, "Duration: …, Total samples = …" — as the .top.txt
// beside the fixture has them; a comparison shows both sides.

import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { fixture, openApp, openFiles, test } from './helpers';

/** The lines before "Showing nodes…" of a .top.txt (go tool pprof -top). */
function headerOf(rel: string): string[] {
  const lines = readFileSync(fixture(`${rel}.top.txt`), 'utf8').split('\n');
  return lines.slice(0, lines.findIndex((l) => l.startsWith('Showing nodes')));
}

function entry(page: Page, name: string) {
  return page.getByTestId('file-entry').filter({ has: page.locator('.file-name', { hasText: name }) });
}

test('a CPU profile starts with the header pprof prints, "Total samples = …" included', async ({ page }) => {
  const rel = 'pool/go1.27/cpu.pb.gz';
  const ref = headerOf(rel);
  const total = ref.find((l) => l.startsWith('Duration: '))!;
  expect(total).toContain('Total samples = ');
  await openApp(page);
  await openFiles(page, [fixture(rel)]);
  const header = page.getByTestId('pprof-header');
  await expect(header).toBeVisible();
  await expect(header.locator('.pprof-header-line')).toHaveText(ref);
  await expect(header.locator('.pprof-header-line', { hasText: 'Total samples' })).toHaveText(total);
});

test('a comparison shows the header of its base and of its target', async ({ page }) => {
  const dir = 'leak/go1.27';
  await openApp(page);
  await openFiles(page, [fixture(`${dir}/heap_before.pb.gz`), fixture(`${dir}/heap_after.pb.gz`)]);
  await entry(page, 'heap_after.pb.gz').getByTestId('compare-with').click();
  await page.getByRole('menuitem', { name: 'heap_before.pb.gz' }).click();
  await expect(page.getByTestId('diff-top-table')).toBeVisible();
  const header = page.getByTestId('pprof-header');
  const base = header.locator('[data-side="base"]');
  const target = header.locator('[data-side="target"]');
  await expect(base.locator('.pprof-header-name')).toHaveText('heap_before.pb.gz');
  await expect(target.locator('.pprof-header-name')).toHaveText('heap_after.pb.gz');
  await expect(base.locator('.pprof-header-line')).toHaveText(headerOf(`${dir}/heap_before.pb.gz`));
  await expect(target.locator('.pprof-header-line')).toHaveText(headerOf(`${dir}/heap_after.pb.gz`));
});

test("the top table's percentages are of pprof's total, frameless samples included (gobench.heap: 93.21%)", async ({ page }) => {
  const rel = 'pprof-testdata/gobench.heap';
  const lines = readFileSync(fixture(`${rel}.top.txt`), 'utf8').split('\n');
  const first = lines[lines.findIndex((l) => /^\s+flat\s+flat%/.test(l)) + 1]!.trim().split(/\s+/);
  await openApp(page);
  await openFiles(page, [fixture(rel)]);
  const row = page.getByTestId('top-table').locator('tbody tr').first();
  // flat, flat%, sum%, cum, cum% as pprof prints them (GoLens names the legacy frame by address).
  await expect(row.locator('td').nth(1)).toHaveText(first[1]!);
  await expect(row.locator('td').nth(2)).toHaveText(first[2]!);
  await expect(row.locator('td').nth(4)).toHaveText(first[4]!);
});
