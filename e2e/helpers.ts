// The one page helper for GoLens's end-to-end tests: open the app, open fixtures through the
// file input (the stable hook), wait until no file is being read or parsed.

import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { expect, test as base } from '@playwright/test';

/**
 * Makes every page of a context report its Content-Security-Policy violations into `into`: the
 * page's `securitypolicyviolation` events (documents), and Chromium's "Refused to …" console
 * lines, which also come from workers, where no page script listens.
 */
export async function watchCsp(context: BrowserContext, into: string[]): Promise<void> {
  await context.exposeBinding('__golensCspViolation', (_source, v: string) => {
    into.push(v);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`;
      (window as unknown as { __golensCspViolation(v: string): void }).__golensCspViolation(report);
    });
  });
  const onPage = (page: Page) =>
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) into.push(`console: ${m.text()}`);
    });
  context.pages().forEach(onPage);
  context.on('page', onPage);
}

type CspFixtures = {
  /** Every CSP violation reported in this test's contexts so far (a test may read and empty it). */
  cspViolations: string[];
  /** A browser context watched as the test's own is (for "a teammate's browser"); closed at the end. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
};

/**
 * Every spec's `test`: each page of the test's contexts reports its Content-Security-Policy
 * violations (the built page has a strict policy, scripts/csp-plugin.ts), and a test with any fails.
 */
export const test = base.extend<CspFixtures>({
  cspViolations: async ({}, use) => {
    const violations: string[] = [];
    await use(violations);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
  context: async ({ context, cspViolations }, use) => {
    await watchCsp(context, cspViolations);
    await use(context);
  },
  newContext: async ({ browser, cspViolations }, use) => {
    const made: BrowserContext[] = [];
    await use(async (options) => {
      const c = await (browser as Browser).newContext(options);
      made.push(c);
      await watchCsp(c, cspViolations);
      return c;
    });
    for (const c of made) await c.close().catch(() => {});
  },
});

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

/** The view a link or a report should bring back: the file, its sample type, filter, zoom and total. */
export async function profileViewOf(page: Page) {
  return {
    selected: await page.locator('.file.selected .file-name').textContent(),
    sampleType: await page.getByTestId('sample-type').inputValue(),
    focus: await page.getByTestId('focus').inputValue(),
    zoomed: await page.getByTestId('reset-zoom').isEnabled(),
    total: await flameTotal(page),
  };
}

/** leak go1.27's heap_after.pb.gz opened with a sample type, a focus filter and a zoom, all in the URL. */
export async function openZoomedFilteredHeap(page: Page): Promise<void> {
  await openApp(page);
  await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
  await page.getByTestId('sample-type').selectOption('alloc_space');
  await page.getByTestId('focus').fill('main\\.');
  await page.getByTestId('focus').press('Enter');
  await page.locator('[data-testid="flamegraph"] g', { hasText: /^main\.main$/ }).first().click();
  await expect(page.getByTestId('reset-zoom')).toBeEnabled();
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('zoom=');
}

export async function expectSelected(page: Page, name: string): Promise<void> {
  await expect(page.locator('.file.selected .file-name')).toHaveText(name);
}

/** The plot (canvas area) of a time-based view, by its data-lane id ("heap", "gc", "axis", "p0"…). */
export async function laneBox(page: Page, lane: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const canvas = page.locator(`[data-testid="timeview"][data-lane="${lane}"] canvas`);
  // The lanes scroll in their own pane (above the resizable panel): bring the lane into view first.
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error(`lane ${lane} is not visible`);
  return box;
}

/** Moves the pointer over a time-based view at a fraction of its width (and height). */
export async function hoverAt(page: Page, lane: string, fx: number, fy = 0.5): Promise<void> {
  const b = await laneBox(page, lane);
  await page.mouse.move(b.x + b.width * fx, b.y + b.height * fy);
}

/** `data-window` of a time-based view as numbers [startNs, endNs]. */
export async function windowOf(page: Page, lane = 'heap'): Promise<[number, number]> {
  const w = await page.locator(`[data-testid="timeview"][data-lane="${lane}"]`).getAttribute('data-window');
  const [a, b] = (w ?? '').split(',').map(Number);
  return [a!, b!];
}

/** Drags across a time-based view from one fraction of its width to another (shift: brush on lanes). */
export async function dragAcross(page: Page, lane: string, fromX: number, toX: number, opts: { shift?: boolean } = {}): Promise<void> {
  const b = await laneBox(page, lane);
  const y = b.y + b.height / 2;
  if (opts.shift) await page.keyboard.down('Shift');
  await page.mouse.move(b.x + b.width * fromX, y);
  await page.mouse.down();
  for (let k = 1; k <= 5; k++) await page.mouse.move(b.x + b.width * (fromX + ((toX - fromX) * k) / 5), y);
  await page.mouse.up();
  if (opts.shift) await page.keyboard.up('Shift');
}

/** How many pixels of a time-based view's canvas are painted (not transparent). */
export async function paintedPixels(page: Page, lane: string): Promise<number> {
  return page.locator(`[data-testid="timeview"][data-lane="${lane}"] canvas`).evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
    return n;
  });
}

/** Moves the pointer over a time view's lane (`data-lane`) at time `ns`, read through its `data-window`. */
export async function hoverTimeViewAt(page: Page, ns: number, lane: string, yFraction = 0.5): Promise<void> {
  const [w0, w1] = await windowOf(page, lane);
  const b = await laneBox(page, lane);
  await page.mouse.move(b.x + ((ns - w0) / (w1 - w0)) * b.width, b.y + b.height * yFraction);
}
