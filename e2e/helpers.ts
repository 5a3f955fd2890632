// The one page helper for GoLens's end-to-end tests: open the app, open fixtures through the
// file input (the stable hook), wait until no file is being read or parsed.

import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export const FIXTURES = process.env.GOLENS_FIXTURES ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../shared/fixtures');

export function fixture(rel: string): string {
  return join(FIXTURES, rel);
}

/** The reference digest beside a fixture, parsed (timeNanos is not needed here). */
export function digestOf(rel: string): {
  totals: number[];
  sampleTypes: string[];
  defaultSampleType: string;
  topFlat: { name: string; flat: number; cum: number }[];
} {
  return JSON.parse(readFileSync(fixture(`${rel}.summary.json`), 'utf8'));
}

export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => document.body.dataset.idle === 'true', null, { timeout: 30_000 });
}

/** Opens the app with no files (`?empty`), or with its demo. */
export async function openApp(page: Page, opts: { demo?: boolean; hash?: string } = {}): Promise<void> {
  await page.goto(`${opts.demo ? './' : './?empty'}${opts.hash ?? ''}`);
  await waitForIdle(page);
}

/** Opens files through the file picker. */
export async function openFiles(page: Page, paths: string[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(paths);
  // The store flips idle to false synchronously on the change event; wait for it to return.
  await waitForIdle(page);
}

/** Opens in-memory files through the file picker. */
export async function openBuffers(page: Page, files: { name: string; buffer: Buffer }[]): Promise<void> {
  await page.getByTestId('file-input').setInputFiles(
    files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: f.buffer })),
  );
  await waitForIdle(page);
}

/** Drops files on the page as a user's drag and drop does (a real `drop` event with a DataTransfer). */
export async function dropFiles(page: Page, paths: string[]): Promise<void> {
  const files = paths.map((p) => ({ name: basename(p), data: [...readFileSync(p)] }));
  await page.evaluate((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([new Uint8Array(f.data)], f.name));
    const target = document.querySelector('main') ?? document.body;
    target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true }));
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
  await waitForIdle(page);
}

/** The flame graph's total as the app computed it (raw units). */
export async function flameTotal(page: Page): Promise<number> {
  return Number(await page.getByTestId('flame-total').getAttribute('data-total'));
}

export async function expectSelected(page: Page, name: string): Promise<void> {
  await expect(page.locator('.file.selected .file-name')).toHaveText(name);
}
