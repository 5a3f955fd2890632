// One run, one axis: the pool program's trace, gctrace log, CPU and allocs profiles (Go 1.27,
// whose trace has the wall-clock snapshot) made a run with "Same run".
import { expect, type Page } from '@playwright/test';
import { digestOf, dragAcross, dropFiles, fixture, hoverAt, openApp, openFiles, waitForIdle, test } from './helpers';

const FILES = ['trace.out', 'gctrace.log', 'cpu.pb.gz', 'allocs.pb.gz'];

async function openPoolRun(page: Page) {
  await openApp(page);
  await openFiles(page, FILES.map((f) => fixture(`pool/go1.27/${f}`)));
  const entries = page.getByTestId('file-entry');
  await expect(entries).toHaveCount(4);
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(3).locator('.file-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-run').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
}

test('the pool run: one axis, lanes from each file, one cursor naming the log cycle and the trace heap', async ({ page }) => {
  await openPoolRun(page);
  const report = page.getByTestId('run-placement');
  const row = (name: string) => report.locator('[data-testid="run-file"]', { hasText: name });
  await expect(row('trace.out')).toHaveAttribute('data-method', 'axis');
  await expect(row('gctrace.log')).toHaveAttribute('data-method', 'gc-cycles');
  // Every one of the trace's 7 GC cycles matched a line of the log.
  await expect(row('gctrace.log')).toHaveAttribute('data-matched', '7');
  await expect(row('gctrace.log')).toContainText('7 of 7');
  await expect(row('cpu.pb.gz')).toHaveAttribute('data-method', 'wall-clock');
  await expect(row('allocs.pb.gz')).toHaveAttribute('data-method', 'wall-clock');

  // Lanes of each file on one axis: the same window on all of them.
  const lanes = page.locator('[data-testid="timeview"]');
  for (const lane of ['gc', 'stw', 'heap', 'profiles', 'rates']) await expect(page.locator(`[data-testid="timeview"][data-lane="${lane}"]`)).toBeVisible();
  await expect(page.locator('[data-testid="timeview"][data-lane^="gclog-"]')).toHaveCount(1);
  const windows = await lanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-window')));
  expect(new Set(windows).size).toBe(1);

  // One cursor: every lane draws it at the same ns, and the readout names the log's cycle and the trace's heap.
  await hoverAt(page, 'heap', 0.35);
  const readout = page.getByTestId('cursor-readout');
  await expect(readout).not.toHaveAttribute('data-ns', '');
  const ns = await readout.getAttribute('data-ns');
  const cursors = await lanes.evaluateAll((els) => els.map((e) => e.getAttribute('data-cursor-ns')));
  expect(new Set(cursors)).toEqual(new Set([ns]));
  await expect(readout.getByTestId('readout-heap')).toHaveText(/\d+(\.\d+)? MiB/);
  const log = readout.getByTestId('readout-log');
  await expect(log).toContainText(/gc \d+ @/);
  expect(Number(await log.getAttribute('data-cycle'))).toBeGreaterThan(4);
});

test('brushing a range of the pool run: allocation rate, GC frequency, both sources’ cycles and the range flame graph at a readable size', async ({ page }) => {
  await openPoolRun(page);
  await dragAcross(page, 'heap', 0.05, 0.55, { shift: true });
  await waitForIdle(page);
  const summary = page.getByTestId('range-summary');
  await expect(summary).toBeVisible();
  expect(Number(await summary.getByTestId('range-alloc-rate').getAttribute('data-bytes-per-sec'))).toBeGreaterThan(1e8);
  await expect(summary.getByTestId('range-alloc-rate')).toContainText('/s');
  expect(Number(await summary.getByTestId('range-gc-frequency').getAttribute('data-per-sec'))).toBeGreaterThan(1);
  await expect(summary.getByTestId('range-trace-gc')).toContainText('cycles');
  await expect(summary.getByTestId('range-log-gc')).toContainText('cycles');
  const flame = page.locator('.run-flame svg').first();
  await expect(flame).toBeVisible();
  const box = (await flame.boundingBox())!;
  expect(box.width).toBeGreaterThan(560);
  expect(box.height).toBeGreaterThan(240);
});

test('the pool run’s files dropped at once are shown as the run directly; two heap profiles dropped alone stay files', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, FILES.map((f) => fixture(`pool/go1.27/${f}`)));
  await expect(page.getByTestId('run-view')).toBeVisible();
  await expect(page.getByTestId('run-file')).toHaveCount(4);
  await expect(page.locator('.file.selected')).toHaveCount(4);
  await expect(page.locator('[data-testid="run-file"][data-method="gc-cycles"]')).toHaveAttribute('data-matched', '7');

  await dropFiles(page, ['heap_before', 'heap_after'].map((n) => fixture(`leak/go1.27/${n}.pb.gz`)));
  await expect(page.getByTestId('run-view')).toHaveCount(0);
  await expect(page.locator('.file.selected .file-name')).toHaveText('heap_before.pb.gz');
});

test('a gctrace log and its MemStats dropped at once: the log is the axis, MemStats lanes and readout on it', async ({ page }) => {
  await openApp(page);
  const dir = 'memstats/go1.27';
  await dropFiles(page, [fixture(`${dir}/gctrace_schedtrace.log`), fixture(`${dir}/memstats.jsonl`)]);
  await expect(page.getByTestId('run-view')).toBeVisible();
  const report = page.getByTestId('run-placement');
  await expect(report.locator('[data-testid="run-file"]', { hasText: 'gctrace_schedtrace.log' })).toHaveAttribute('data-method', 'axis');
  const ms = report.locator('[data-testid="run-file"]', { hasText: 'memstats.jsonl' });
  await expect(ms).toHaveAttribute('data-method', 'memstats-gc');
  // Every sample's pause ring counts: the 258 cycles the file saw (the last sample's ring holds
  // only 256 of them), all matched to the log's.
  await expect(ms).toHaveAttribute('data-matched', '258');

  const lane = page.locator('[data-testid="timeview"][data-lane^="memstats-"]');
  await expect(lane).toHaveCount(1);
  await expect(lane).toHaveAttribute('data-samples', '31');
  const windows = await page.locator('[data-testid="timeview"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-window')));
  expect(new Set(windows).size).toBe(1);

  // The cursor names the MemStats sample and the log's cycle at once; the sample's cycle has begun by then in the log.
  const laneId = (await lane.getAttribute('data-lane'))!;
  await hoverAt(page, laneId, 0.6);
  const readout = page.getByTestId('cursor-readout');
  const sample = readout.getByTestId('readout-memstats');
  await expect(sample).toContainText(/sample \d+ .*HeapAlloc \d+(\.\d+)? MiB/);
  const numGc = Number(await sample.getAttribute('data-numgc'));
  expect(numGc).toBeGreaterThan(0);
  const logCycle = Number(await readout.getByTestId('readout-log').getAttribute('data-cycle'));
  expect(logCycle).toBeGreaterThanOrEqual(numGc);

  await dragAcross(page, laneId, 0.2, 0.5, { shift: true });
  const row = page.getByTestId('range-memstats');
  await expect(row).toContainText('cycles ended');
  expect(Number(await row.getAttribute('data-samples'))).toBeGreaterThan(0);
});

test('the trace’s goroutine and P lanes join the run on demand, under the same window', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, FILES.map((f) => fixture(`pool/go1.27/${f}`)));
  await expect(page.locator('[data-testid="timeview"][data-lane="p0"]')).toHaveCount(0);
  await page.getByTestId('run-trace-lanes').click();
  await expect(page.locator('[data-testid="timeview"][data-lane="goroutines"]')).toBeVisible();
  await expect(page.locator('[data-testid="timeview"][data-lane="p0"]')).toBeVisible();
  const windows = await page.locator('[data-testid="timeview"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-window')));
  expect(new Set(windows).size).toBe(1);
});

test('switching from the run to one of its files and back keeps the run’s time window and range', async ({ page }) => {
  await openApp(page);
  await dropFiles(page, FILES.map((f) => fixture(`pool/go1.27/${f}`)));
  await expect(page.getByTestId('run-view')).toBeVisible();
  // Zoom in (W) and brush a range.
  const whole = await page.locator('[data-testid="timeview"][data-lane="heap"]').getAttribute('data-window');
  await hoverAt(page, 'heap', 0.4);
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  await dragAcross(page, 'heap', 0.2, 0.6, { shift: true });
  await waitForIdle(page);
  const window = await page.locator('[data-testid="timeview"][data-lane="heap"]').getAttribute('data-window');
  const summary = page.getByTestId('range-summary');
  const from = await summary.getAttribute('data-from');
  const to = await summary.getAttribute('data-to');
  expect(window).not.toBe(whole);

  // To the trace's own page, then back to the run with Same run.
  const entries = page.getByTestId('file-entry');
  await entries.nth(1).locator('.file-name').click();
  await expect(page.getByTestId('run-view')).toHaveCount(0);
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(3).locator('.file-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('make-run').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
  await expect(page.locator('[data-testid="timeview"][data-lane="heap"]')).toHaveAttribute('data-window', window!);
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-from', from!);
  await expect(page.getByTestId('range-summary')).toHaveAttribute('data-to', to!);
});

test('a range between two heap profiles of the leak run shows their comparison, which opens as the main view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  const dir = 'leak/go1.27';
  await dropFiles(page, ['trace.out', 'heap_before.pb.gz', 'heap_mid.pb.gz', 'heap_after.pb.gz'].map((f) => fixture(`${dir}/${f}`)));
  await expect(page.getByTestId('run-view')).toBeVisible();
  // heap_before is taken at the trace's start, heap_mid at its middle: a range in the first half lies between them.
  await dragAcross(page, 'heap', 0.1, 0.4, { shift: true });
  await waitForIdle(page);
  const cmp = page.getByTestId('range-heap-compare');
  await expect(cmp).toBeVisible();
  // At 1280×720 the comparison lies below the range's summary: the summary names the pair and
  // its link brings the comparison into view, its flame graph whole, root row included (the panel
  // grows as far as the lanes let it and scrolls; its heading stays; the page cuts nothing).
  await expect(page.getByTestId('range-heap-link')).toBeInViewport();
  await expect(cmp.getByTestId('flamegraph')).not.toBeInViewport();
  const before = Number(await page.getByTestId('panel-splitter').getAttribute('aria-valuenow'));
  await page.getByTestId('range-heap-link').click();
  await expect(cmp.getByTestId('flamegraph')).toBeInViewport({ ratio: 0.95 });
  await expect(cmp.getByTestId('flamegraph').locator('g', { hasText: /^root$/ }).first()).toBeInViewport();
  await expect(cmp.locator('h3')).toBeInViewport();
  await expect(cmp.getByTestId('diff-totals')).toBeInViewport();
  expect(Number(await page.getByTestId('panel-splitter').getAttribute('aria-valuenow'))).toBeGreaterThan(before);
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= innerHeight)).toBe(true);
  await expect(cmp.locator('h3')).toContainText('heap_before.pb.gz');
  await expect(cmp.locator('h3')).toContainText('heap_mid.pb.gz');
  const base = digestOf(`${dir}/heap_before.pb.gz`), mid = digestOf(`${dir}/heap_mid.pb.gz`);
  const totals = cmp.getByTestId('diff-totals');
  await expect(totals).toHaveAttribute('data-base', String(base.totals[base.sampleTypes.indexOf('inuse_space/bytes')]));
  await expect(totals).toHaveAttribute('data-target', String(mid.totals[mid.sampleTypes.indexOf('inuse_space/bytes')]));
  await cmp.getByTestId('open-heap-compare').click();
  await expect(page.getByTestId('run-view')).toHaveCount(0);
  await expect(page.locator('.compare-title')).toContainText('heap_mid.pb.gz');
});

test('bad runs: two traces are refused with a message; a log of another run says it matches nothing and is shown on its own clock', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('pool/go1.27/trace.out')]);
  await openFiles(page, [fixture('leak/go1.27/trace.out')]);
  await openFiles(page, [fixture('leak/go1.27/gctrace.log')]);
  const entries = page.getByTestId('file-entry');
  await expect(entries).toHaveCount(3);
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(1).locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('make-run').click();
  await expect(page.getByTestId('run-refused')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('run-refused')).toContainText('are both traces');

  await entries.nth(0).locator('.file-name').click();
  await entries.nth(2).locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('make-run').click();
  const row = page.getByTestId('run-placement').locator('[data-testid="run-file"]', { hasText: 'gctrace.log' });
  await expect(row).toHaveAttribute('data-method', 'own-clock');
  await expect(row.getByRole('alert')).toContainText('shown on its own clock');
  await expect(row).toContainText('none (own clock)');
  const lane = page.locator('[data-testid="timeview"][data-lane^="gclog-"]');
  await expect(lane).toHaveCount(1);
  // Its lane says it is on its own clock, not placed (no "placed at +0").
  await expect(lane.locator('.timelane-label')).toContainText('own clock');
  await expect(lane.locator('.timelane-label')).toHaveAttribute('title', /on its own clock.*not placed on the run's axis/);
  await expect(lane.locator('.timelane-label')).not.toHaveAttribute('title', /placed at/);
  await expect(lane.locator('canvas')).toHaveAttribute('aria-label', /on its own clock/);
  // A range of the run leaves its cycles out (they are not the run's), and says so; the trace's are counted.
  await dragAcross(page, 'heap', 0.05, 0.95, { shift: true });
  await waitForIdle(page);
  const summary = page.getByTestId('range-summary');
  await expect(summary).toBeVisible();
  await expect(summary.getByTestId('range-log-own-clock')).toContainText("left out: on its own clock, not the run's");
  await expect(summary.getByTestId('range-log-gc')).toHaveCount(0);
  await expect(summary.getByTestId('range-disagree')).toHaveCount(0);
  await expect(summary.getByTestId('range-trace-gc')).toContainText('cycles');
  await hoverAt(page, 'heap', 0.5);
  await expect(page.getByTestId('readout-log')).toContainText('(its own clock)');
});

test('files that cannot be placed say why and take a time set by hand: a profile beside a Go 1.22 trace (no wall clock), a text heap profile (no time_nanos)', async ({ page }) => {
  await openApp(page);
  // Opened one by one, so that they are not made a run at once (they cannot be placed).
  await openFiles(page, [fixture('pool/go1.22/trace.out')]);
  await openFiles(page, [fixture('pool/go1.22/allocs.pb.gz')]);
  const entries = page.getByTestId('file-entry');
  await expect(entries).toHaveCount(2);
  await entries.nth(0).locator('.file-name').click();
  await entries.nth(1).locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('make-run').click();
  await expect(page.getByTestId('run-view')).toBeVisible();
  const row = page.getByTestId('run-placement').locator('[data-testid="run-file"]', { hasText: 'allocs.pb.gz' });
  await expect(row).toHaveAttribute('data-method', 'unplaced');
  await expect(row).toHaveAttribute('data-offset-ns', '');
  await expect(row.getByRole('alert')).toContainText('cannot be placed: the run has no wall clock');
  await expect(page.getByTestId('heap-marker')).toHaveCount(0);
  // Its time set by hand (ms on the run's axis): placed there, marked on the axis, kept in the URL.
  await row.getByTestId('manual-offset').fill('500');
  await expect(row).toHaveAttribute('data-method', 'manual');
  await expect(row).toHaveAttribute('data-offset-ns', '500000000');
  await expect(row.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('heap-marker')).toHaveAttribute('data-ns', '500000000');
  await expect.poll(() => page.evaluate(() => decodeURIComponent(location.hash))).toContain('.o.offsets=');
  await page.reload();
  await waitForIdle(page);
  await expect(page.getByTestId('run-placement').locator('[data-testid="run-file"]', { hasText: 'allocs.pb.gz' })).toHaveAttribute('data-method', 'manual');
  await expect(page.getByTestId('heap-marker')).toHaveAttribute('data-ns', '500000000');
  // Cleared: it cannot be placed again.
  await page.getByTestId('run-placement').getByTestId('manual-offset').fill('');
  await expect(page.getByTestId('run-placement').locator('[data-testid="run-file"]', { hasText: 'allocs.pb.gz' })).toHaveAttribute('data-method', 'unplaced');
  await expect(page.getByTestId('heap-marker')).toHaveCount(0);

  // A Go 1.27 trace has a wall clock, but the legacy text heap profile has no time_nanos.
  await openFiles(page, [fixture('leak/go1.27/trace.out')]);
  await openFiles(page, [fixture('leak/go1.27/heap_before.txt')]);
  await expect(entries).toHaveCount(4);
  await entries.nth(2).locator('.file-name').click();
  await entries.nth(3).locator('.file-name').click({ modifiers: ['ControlOrMeta'] });
  await page.getByTestId('make-run').click();
  const text = page.getByTestId('run-placement').locator('[data-testid="run-file"]', { hasText: 'heap_before.txt' });
  await expect(text).toHaveAttribute('data-method', 'unplaced');
  await expect(text.getByRole('alert')).toContainText('has no time_nanos');
  await expect(text.getByTestId('manual-offset')).toBeVisible();
});
