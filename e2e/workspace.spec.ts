// The workspace: many files at once, each with its own view state, named in the URL by id and
// content; links naming files that are not open say so; every selection kind survives a reload;
// a view that throws is contained; storage that cannot keep the files says so.

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { digestOf, fixture, openApp, openBuffers, openFiles, waitForIdle, test } from './helpers';

const entry = (page: import('@playwright/test').Page, i: number) => page.getByTestId('file-entry').nth(i);

test('two files of the same name keep their own state across a reload', async ({ page }) => {
  await openApp(page);
  // Two different heap profiles, both named heap.pb.gz.
  await openBuffers(page, [
    { name: 'heap.pb.gz', buffer: readFileSync(fixture('leak/go1.27/heap_before.pb.gz')) },
    { name: 'heap.pb.gz', buffer: readFileSync(fixture('leak/go1.27/heap_after.pb.gz')) },
  ]);
  await expect(page.getByTestId('file-entry')).toHaveCount(2);
  // Each entry shows its name and size.
  const sizes = ['heap_before', 'heap_after'].map((n) => readFileSync(fixture(`leak/go1.27/${n}.pb.gz`)).length);
  await expect(entry(page, 0)).toContainText('heap.pb.gz');
  await expect(entry(page, 0)).toContainText(/\d+(\.\d+)? KiB/);

  await entry(page, 0).locator('.file-name').click();
  await page.getByTestId('sample-type').selectOption('alloc_objects');
  await page.getByTestId('search').fill('newSession');
  await entry(page, 1).locator('.file-name').click();
  await expect(page.getByTestId('sample-type')).toHaveValue('inuse_space'); // its own default, not the first file's
  await expect(page.getByTestId('search')).toHaveValue('');
  await page.getByTestId('sample-type').selectOption('alloc_space');
  const after = digestOf('leak/go1.27/heap_after.pb.gz');
  await expect.poll(async () => Number(await page.getByTestId('flame-total').getAttribute('data-total'))).toBe(
    after.totals[after.sampleTypes.indexOf('alloc_space/bytes')]!,
  );

  await page.reload();
  await waitForIdle(page);
  // The second file is shown again, with its state; the first keeps its own.
  await expect(page.locator('.file.selected')).toHaveCount(1);
  await expect(page.locator('.file.selected')).toHaveAttribute('data-file-id', (await page.getByTestId('file-item').nth(1).getAttribute('data-file-id'))!);
  await expect(page.getByTestId('sample-type')).toHaveValue('alloc_space');
  await expect.poll(async () => Number(await page.getByTestId('flame-total').getAttribute('data-total'))).toBe(
    after.totals[after.sampleTypes.indexOf('alloc_space/bytes')]!,
  );
  await entry(page, 0).locator('.file-name').click();
  await expect(page.getByTestId('sample-type')).toHaveValue('alloc_objects');
  await expect(page.getByTestId('search')).toHaveValue('newSession');
  const before = digestOf('leak/go1.27/heap_before.pb.gz');
  await expect.poll(async () => Number(await page.getByTestId('flame-total').getAttribute('data-total'))).toBe(
    before.totals[before.sampleTypes.indexOf('alloc_objects/count')]!,
  );
  expect(sizes[0]).not.toBe(sizes[1]);
});

test('a link to a file that is not open says so, and shows its view once the file is opened', async ({ page, newContext }) => {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await page.getByTestId('sample-type').selectOption('alloc_space');
  await page.getByTestId('focus').fill('main\\.');
  await page.getByTestId('focus').press('Enter');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('focus=');
  const hash = await page.evaluate(() => location.hash);

  // A teammate's browser: nothing open.
  const other = await newContext();
  const p2 = await other.newPage();
  await openApp(p2, { hash });
  const notice = p2.getByTestId('missing-files');
  await expect(notice).toBeVisible();
  const kib = readFileSync(fixture('leak/go1.27/heap_after.pb.gz')).length / 1024;
  await expect(notice.getByTestId('missing-file')).toHaveText(`heap_after.pb.gz (${Number(kib.toFixed(2))} KiB)`);
  await expect(notice).toContainText('not open here');
  // Opening the same file (same content) applies the link's view.
  await openFiles(p2, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await expect(notice).toBeHidden();
  await expect(p2.getByTestId('sample-type')).toHaveValue('alloc_space');
  await expect(p2.getByTestId('focus')).toHaveValue('main\\.');
  await other.close();
});

test('every selection kind round-trips through the URL', async ({ page }) => {
  await openApp(page);
  await openFiles(page, ['heap_before', 'heap_mid', 'heap_after'].map((n) => fixture(`leak/go1.27/${n}.pb.gz`)));
  await expect(page.getByTestId('file-entry')).toHaveCount(3);
  await entry(page, 0).locator('.file-name').click();
  await entry(page, 2).locator('.file-name').click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('file-actions')).toContainText('3 files checked');
  for (const [button, kind] of [
    ['make-series', 'series'],
    ['make-run', 'run'],
  ] as const) {
    if (!(await page.getByTestId(button).isVisible())) {
      await entry(page, 0).locator('.file-name').click();
      await entry(page, 2).locator('.file-name').click({ modifiers: ['Shift'] });
    }
    await page.getByTestId(button).click();
    await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain(`s=${kind}:`);
    await expect(page.locator('.file.selected')).toHaveCount(3);
    await page.reload();
    await waitForIdle(page);
    await expect(page.locator('.file.selected')).toHaveCount(3);
    expect(decodeURIComponent(await page.evaluate(() => location.hash))).toContain(`s=${kind}:`);
  }
  // One file again.
  await entry(page, 1).locator('.file-name').click();
  await expect(page.locator('.file.selected')).toHaveCount(1);
  await page.reload();
  await waitForIdle(page);
  await expect(page.locator('.file.selected .file-name')).toHaveText('heap_mid.pb.gz');
});

test('storage that cannot keep the files says so, with no page error', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // As in a sandboxed frame or a browser that refuses storage: opening IndexedDB throws.
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await expect(page.getByTestId('storage-notice')).toContainText('Files will not survive a reload');
  await expect(page.getByTestId('storage-notice')).toContainText('SecurityError');
  await expect(page.getByTestId('flame-total')).toBeVisible();
  expect(errors).toEqual([]);
});

test('quota exceeded: the notice says files will not survive a reload', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if ((args[0] as { blob?: Blob }).blob) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
  });
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await expect(page.getByTestId('storage-notice')).toContainText('QuotaExceededError');
  expect(errors).toEqual([]);
});

test('the probe\'s MemStats file (NumGC 1e400) is refused naming the line and the field; the other files stay', async ({ page }) => {
  // It once passed the parser and made the MemStats view throw (a white page before the error
  // boundary; the boundary itself is tested in views/workspace/view-error-boundary.test.tsx).
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  const lines = readFileSync(fixture('memstats/go1.27/memstats.jsonl'), 'utf8').split('\n').filter(Boolean);
  const hostile = lines.map((l) => l.replace(/"NumGC":\d+/, '"NumGC":1e400')).join('\n') + '\n';
  await openBuffers(page, [{ name: 'memstats-numgc.jsonl', buffer: Buffer.from(hostile) }]);
  const failed = page.getByTestId('file-item').filter({ hasText: 'memstats-numgc.jsonl' });
  await expect(failed).toHaveAttribute('data-status', 'error');
  await expect(failed.getByRole('alert')).toContainText('line 1: NumGC is');
  await expect(page.getByTestId('view-error')).toHaveCount(0);
  // The other file is untouched.
  await page.getByTestId('file-item').filter({ hasText: 'heap_after.pb.gz' }).locator('.file-name').click();
  await expect(page.getByTestId('flame-total')).toBeVisible();
  expect(errors).toEqual([]);
});
