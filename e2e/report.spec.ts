// Save report (issue 16): one .html file with the app and the open files, opened from disk
// (file://) in a fresh browser, offline too, on the same view; a damaged one says so.

import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expect, type Browser, type Page } from '@playwright/test';
import { digestOf, fixture, openApp, openFiles, openZoomedFilteredHeap, profileViewOf, test, waitForIdle } from './helpers';
import { formatInteger } from '../src/base/number-format';

/** Saves the report of the page's workspace; its path on disk and what the panel said. */
async function saveReport(page: Page, path: string): Promise<{ path: string; panel: Record<string, number> }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-report').click()]);
  await download.saveAs(path);
  const size = page.getByTestId('report-size');
  await expect(size).toBeVisible();
  const panel = {
    bytes: Number(await size.getAttribute('data-bytes')),
    app: Number(await size.getAttribute('data-app-bytes')),
    data: Number(await size.getAttribute('data-data-bytes')),
  };
  expect(download.suggestedFilename()).toMatch(/\.golens-report\.html$/);
  return { path, panel };
}

/** Opens a file:// page in a fresh context (no service worker, no session), collecting CSP violations. */
async function openFromDisk(browser: Browser, path: string, opts: { offline?: boolean } = {}) {
  const context = await browser.newContext();
  if (opts.offline) await context.setOffline(true);
  const page = await context.newPage();
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
  await page.goto(pathToFileURL(path).href);
  await waitForIdle(page);
  return { context, page, violations };
}

test('save report: the .html opens from file://, offline, on the same view, under its own CSP', async ({ page, browser }, info) => {
  await openZoomedFilteredHeap(page);
  const view = await profileViewOf(page);
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  expect(view.total).toBeLessThan(d.totals[d.sampleTypes.indexOf('alloc_space/bytes')]!);

  const { path, panel } = await saveReport(page, info.outputPath('heap.golens-report.html'));
  const html = readFileSync(path);
  // The dialog's figures are the file's: the app (the template) plus the compressed files.
  expect(panel.bytes).toBe(html.length);
  expect(panel.data).toBeGreaterThan(0);
  expect(panel.data).toBeLessThan(readFileSync(fixture('leak/go1.27/heap_after.pb.gz')).length * 1.5);
  // The rest is the view (a link's fragment) and the data element around them.
  expect(panel.app + panel.data).toBeLessThan(panel.bytes);
  expect(panel.app + panel.data).toBeGreaterThan(panel.bytes - 2048);
  await expect(page.getByTestId('report-panel')).toContainText('compressed');

  for (const offline of [false, true]) {
    const { context, page: p2, violations } = await openFromDisk(browser, path, { offline });
    await expect(p2.getByTestId('file-entry')).toHaveCount(1);
    await expect.poll(() => profileViewOf(p2)).toEqual(view);
    await expect(p2.getByTestId('flamegraph').locator('svg')).toBeVisible();
    await expect(p2.getByRole('alert')).toHaveCount(0);
    expect(violations).toEqual([]);
    await context.close();
  }
});

test('a report of a trace parses it in the report\'s own workers; a report saves itself again', async ({ page, browser }, info) => {
  await openApp(page);
  // 1.6 MB: over a MiB, the parse worker starts its trace decoder worker (decode-ahead), nested.
  const rel = 'netblock/go1.27/trace.out';
  const d = JSON.parse(readFileSync(fixture(`${rel}.summary.json`), 'utf8'));
  await openFiles(page, [fixture(rel)]);
  await expect(page.getByTestId('timeview').first()).toBeVisible();
  const { path } = await saveReport(page, info.outputPath('trace.golens-report.html'));

  const { context, page: p2, violations } = await openFromDisk(browser, path, { offline: true });
  await expect(p2.getByTestId('file-entry')).toHaveCount(1);
  await expect(p2.locator('.file.selected .file-name')).toHaveText('trace.out');
  await expect(p2.getByTestId('timeview').first()).toBeVisible();
  await expect(p2.locator('[data-key="gcCount"] dd')).toHaveText(formatInteger(d.gcCount));
  await expect(p2.locator('[data-key="goroutines"] dd')).toHaveText(formatInteger(d.goroutines));
  await expect(p2.locator('[data-key="cpuSamples"] dd')).toHaveText(formatInteger(d.cpuSamples));
  await expect(p2.getByRole('alert')).toHaveCount(0);
  // From the report itself: its page is its template.
  const again = await saveReport(p2, info.outputPath('again.golens-report.html'));
  // The same page and files; only the files' ids in the view differ (a report gives its files new ones).
  const withoutView = (p: string) => readFileSync(p, 'utf8').replace(/"hash":"[^"]*"/, '"hash":""');
  expect(withoutView(again.path)).toBe(withoutView(path));
  expect(violations).toEqual([]);
  await context.close();
});

test('a damaged report says so and loads nothing', async ({ page, browser }, info) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  const { path } = await saveReport(page, info.outputPath('good.golens-report.html'));
  const html = readFileSync(path, 'utf8');
  // Cut the packed files short, as a truncated copy would.
  const cut = html.replace(/("data":")([A-Za-z0-9_-]+)"/, (_m, a: string, d: string) => `${a}${d.slice(0, Math.floor(d.length / 2))}"`);
  expect(cut).not.toBe(html);
  const bad = info.outputPath('cut.golens-report.html');
  writeFileSync(bad, cut);
  const { context, page: p2 } = await openFromDisk(browser, bad);
  await expect(p2.getByRole('alert')).toContainText("this report's files cannot be read");
  await expect(p2.getByTestId('file-entry')).toHaveCount(0);
  await context.close();
});
