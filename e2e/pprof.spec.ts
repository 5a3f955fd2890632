import { readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { expect } from '@playwright/test';
import { pprofFromText } from '../src/test-utils/pprof-from-text';
import { withoutTopLevelField } from '../src/test-utils/pprof-surgery';
import { formatShare } from '../src/base/number-format';
import {
  digestOf,
  dropFiles,
  expectSelected,
  fixture,
  flameTotal,
  openApp,
  openBuffers,
  openFiles,
  waitForIdle,
  test,
} from './helpers';

test('the demo opens on the leak heap profile', async ({ page }) => {
  await openApp(page, { demo: true });
  await expect(page.getByTestId('file-item')).toHaveCount(3);
  await expectSelected(page, 'leak-heap.pb.gz');
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  const idx = d.sampleTypes.findIndex((t) => t.startsWith(`${d.defaultSampleType}/`));
  expect(await flameTotal(page)).toBe(d.totals[idx]);
  await expect(page.getByTestId('top-table').locator('tbody tr').first().locator('td.fn')).toContainText(
    d.topFlat[0]!.name,
  );
});

test('a dropped CPU profile shows its total and top function; sample types switch', async ({ page }) => {
  await openApp(page);
  const rel = 'pool/go1.25/cpu.pb.gz';
  await dropFiles(page, [fixture(rel)]);
  await expectSelected(page, 'cpu.pb.gz');
  const d = digestOf(rel);
  // Default: cpu/nanoseconds, the last sample type.
  await expect(page.getByTestId('sample-type')).toHaveValue('cpu');
  expect(await flameTotal(page)).toBe(d.totals[1]);
  const firstRow = page.getByTestId('top-table').locator('tbody tr').first();
  await expect(firstRow.locator('td.fn')).toContainText(d.topFlat[0]!.name);
  // The root frame of the flame graph spans the whole total.
  await expect(page.getByTestId('flamegraph').locator('svg g').first()).toBeVisible();

  await page.getByTestId('sample-type').selectOption('samples');
  await expect.poll(() => flameTotal(page)).toBe(d.totals[0]);
});

test('several files at once; switching and removing keeps the others', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_before.pb.gz'), fixture('contention/go1.27/mutex.pb.gz')]);
  await expect(page.getByTestId('file-item')).toHaveCount(2);
  await expectSelected(page, 'heap_before.pb.gz');
  await page.getByRole('button', { name: 'mutex.pb.gz', exact: true }).click();
  await expectSelected(page, 'mutex.pb.gz');
  const d = digestOf('contention/go1.27/mutex.pb.gz');
  expect(await flameTotal(page)).toBe(d.totals[1]);
  await page.getByRole('button', { name: 'Remove mutex.pb.gz' }).click();
  await expect(page.getByTestId('file-item')).toHaveCount(1);
  await expectSelected(page, 'heap_before.pb.gz');
});

test('search highlights matching frames and says their share', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await page.getByTestId('search').fill('newSession');
  const share = page.getByTestId('search-share');
  await expect(share).toContainText('1 functions match');
  // main.newSession's cum, as Go's pprof computes it (digest), over the total.
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  const cum = d.topFlat.find((t) => t.name === 'main.newSession')!.cum;
  await expect(share).toHaveAttribute('data-matched', String(cum));
  await expect(share).toContainText(`${formatShare(cum, d.totals[3]!)} of total`);
  const highlighted = page.locator('[data-testid="flamegraph"] rect[fill="#d633ff"]');
  await expect(highlighted.first()).toBeVisible();
});

test('clicking a top row focuses the function in both views', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  await page.getByTestId('top-table').locator('tbody tr', { hasText: 'main.audit' }).first().click();
  await expect(page.getByTestId('focus')).toHaveValue('^main\\.audit$');
  const audit = d.topFlat.find((t) => t.name === 'main.audit')!;
  await expect.poll(() => flameTotal(page)).toBe(audit.cum);
  await expect(page.getByTestId('top-table').locator('tbody tr').first()).toContainText('main.audit');
  // ignore= drops those samples instead.
  await page.getByTestId('focus').fill('');
  await page.getByTestId('focus').press('Enter');
  await page.getByTestId('ignore').fill('main\\.audit');
  await page.getByTestId('ignore').press('Enter');
  await expect.poll(() => flameTotal(page)).toBe(d.totals[3]! - audit.cum);
});

test('click zooms, the URL keeps the view, and a reload restores it', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await page.getByTestId('sample-type').selectOption('alloc_space');
  await page.getByTestId('search').fill('audit');
  const frame = page.locator('[data-testid="flamegraph"] g', { hasText: /^main\.main$/ }).first();
  await frame.click();
  await expect(page.getByTestId('reset-zoom')).toBeEnabled();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('zoom=');
  const hash = await page.evaluate(() => location.hash);
  // Each file's own view, under its id; the file named by id, size, content hash and name.
  expect(hash).toMatch(/\.si=alloc_space/);
  expect(hash).toMatch(/\.search=audit/);
  expect(hash).toMatch(/f=\w+~\d+~[0-9a-f]{12}~heap_after\.pb\.gz/);

  await page.reload();
  await waitForIdle(page);
  await expectSelected(page, 'heap_after.pb.gz');
  await expect(page.getByTestId('sample-type')).toHaveValue('alloc_space');
  await expect(page.getByTestId('search')).toHaveValue('audit');
  await expect(page.getByTestId('reset-zoom')).toBeEnabled();
  // Zoomed on main.main: the faded ancestors are drawn, siblings of main.main are hidden.
  await expect(page.locator('[data-testid="flamegraph"] g.fade').first()).toBeAttached();
  await page.getByTestId('reset-zoom').click();
  await expect.poll(() => page.evaluate(() => location.hash)).not.toContain('zoom=');
});

test('bottom-up shows leaf functions at the root level', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await page.getByTestId('bottom-up').check();
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  // Depth 1 of the bottom-up tree: leaf functions; the widest is the top flat function.
  const widest = () =>
    page.locator('[data-testid="flamegraph"] g').evaluateAll((gs) => {
      const frames = gs
        .map((g) => ({ name: g.getAttribute('name') ?? '', w: Number(g.querySelector('rect')?.getAttribute('width')) }))
        .filter((x) => x.name && !x.name.startsWith('root'));
      frames.sort((a, b) => b.w - a.w);
      return frames[0]?.name;
    });
  await expect.poll(widest).toBe(d.topFlat[0]!.name);
});

test('broken files get a clear error naming them; loaded profiles keep working', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  const good = await flameTotal(page);
  const real = readFileSync(fixture('leak/go1.27/heap_after.pb.gz'));
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
  await openBuffers(page, [
    { name: 'empty.pb.gz', buffer: Buffer.alloc(0) },
    { name: 'random.bin', buffer: random },
    { name: 'truncated.pb.gz', buffer: real.subarray(0, real.length >> 1) },
    { name: 'notes.txt.gz', buffer: gzipSync(Buffer.from('hello, these are not samples\n')) },
    { name: 'no-location.pb.gz', buffer: gzipSync(withoutTopLevelField(gunzipSync(real), 4, 0).bytes) },
  ]);
  const alerts = page.getByRole('alert');
  await expect(alerts).toHaveCount(5);
  await expect(alerts.filter({ hasText: 'empty.pb.gz' })).toContainText('empty');
  await expect(alerts.filter({ hasText: 'random.bin' })).toContainText('unrecognized format');
  // Where each broke (issue 17): the byte the cut gzip file ends at, the sample naming a lost location.
  await expect(alerts.filter({ hasText: 'truncated.pb.gz' })).toContainText(
    `truncated gzip data: the file ends at byte ${(real.length >> 1).toLocaleString('en')} `,
  );
  await expect(alerts.filter({ hasText: 'no-location.pb.gz' })).toContainText(
    /invalid profile: sample has missing location id: \d+ in field 2 \(sample\) starting at byte [\d,]+ of the decompressed data/,
  );
  await expect(alerts.filter({ hasText: 'notes.txt.gz' })).toContainText('unrecognized format');
  // The profile that was open is still open and still answers.
  await expectSelected(page, 'heap_after.pb.gz');
  expect(await flameTotal(page)).toBe(good);
  await page.getByTestId('sample-type').selectOption('inuse_objects');
  await expect.poll(() => flameTotal(page)).toBe(digestOf('leak/go1.27/heap_after.pb.gz').totals[2]);
});

test('a profile with no samples says so', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('contention/go1.27/trace.out.net.pprof')]);
  await expect(page.getByTestId('no-samples')).toContainText('no samples');
});

test('names from files are text, never HTML', async ({ page }) => {
  await openApp(page);
  const evil = '<img src=x onerror="window.__pwned=1">';
  const bytes = pprofFromText(`
    samples/count cpu/nanoseconds
    3 30: main.main;${evil}
    1 10: main.main;main.ok
  `);
  await openBuffers(page, [{ name: '<b>evil</b>.pb', buffer: Buffer.from(bytes) }]);
  await expect(page.getByTestId('top-table')).toContainText(evil);
  await page.locator('[data-testid="flamegraph"] g', { hasText: evil }).first().hover();
  await expect(page.locator('.d3-flame-graph-tip')).toContainText(evil);
  await expect(page.locator('.file-name')).toHaveText('<b>evil</b>.pb');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
});

test('a long parse shows progress and can be cancelled; the app stays usable', async ({ page }) => {
  test.setTimeout(120_000);
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  // Sixteen copies of the large CPU profile at once: one worker each on two cores, so each parse
  // lasts seconds and the last one can be cancelled while it runs.
  const big = readFileSync(fixture('perf/cpu-large.pb.gz'));
  const copies = Array.from({ length: 16 }, (_, i) => ({
    name: `cpu-large-${i}.pb.gz`,
    mimeType: 'application/octet-stream',
    buffer: big,
  }));
  await page.getByTestId('file-input').setInputFiles(copies);
  const last = page.getByTestId('file-item').filter({ hasText: 'cpu-large-15.pb.gz' });
  await expect(last.getByTestId('load-progress')).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-idle', 'false');
  // Other files finish meanwhile and the list's rows change height under the pointer: dispatch
  // the click on the button itself rather than aiming at a spot that may have moved.
  await last.getByTestId('cancel-load').dispatchEvent('click');
  await expect(last).toHaveCount(0);
  await waitForIdle(page);
  // The cancelled file is gone; the others loaded; the first profile still answers.
  await expect(page.getByTestId('file-item')).toHaveCount(16);
  await expect(page.getByTestId('file-item').filter({ hasText: 'cpu-large-0.pb.gz' })).toHaveAttribute(
    'data-status',
    'ready',
  );
  await page.getByRole('button', { name: 'heap_after.pb.gz', exact: true }).click();
  await expectSelected(page, 'heap_after.pb.gz');
  expect(await flameTotal(page)).toBe(digestOf('leak/go1.27/heap_after.pb.gz').totals[3]);
});

test('legacy heap text profiles are drawn with function names from their # lines', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.txt')]);
  const d = digestOf('leak/go1.27/heap_after.txt');
  expect(await flameTotal(page)).toBe(d.totals[3]);
  await expect(page.getByTestId('top-table').locator('tbody tr').first().locator('td.fn')).toContainText(
    'main.newSession',
  );
});
