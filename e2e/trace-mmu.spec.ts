// go tool trace's analyses in the trace view, end to end on the contention trace (Go 1.27):
// who woke a blocked goroutine (against the model's wakes, themselves equal to Go's reader).

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { fixture, hoverAt, openApp, openFiles, windowOf } from './helpers';
import { parseBytes } from '../src/parse/detect';
import { pRunEnd, pRunStart, type TraceModel } from '../src/model/trace';
import { wakeBefore } from '../src/analysis/trace/wake';

const CONTENTION = 'contention/go1.27/trace.out';

async function traceModel(rel: string): Promise<TraceModel> {
  const parsed = await parseBytes(new Uint8Array(readFileSync(fixture(rel))));
  if (parsed.kind !== 'trace') throw new Error(`${rel} is not a trace`);
  return parsed;
}

test('a blocked goroutine’s details name the goroutine that woke it, and link to it', async ({ page }) => {
  const model = await traceModel(CONTENTION);
  await openApp(page);
  await openFiles(page, [fixture(CONTENTION)]);
  // The widest run on P0 that followed a wake by another goroutine.
  let best = -1, bestSpan = 0;
  for (let i = model.pRunOffsets[0]!; i < model.pRunOffsets[1]!; i++) {
    const w = wakeBefore(model, model.pRuns.g[i]!, pRunStart(model, i));
    const span = pRunEnd(model, i) - pRunStart(model, i);
    if (w && w.waker >= 0 && span > bestSpan) [best, bestSpan] = [i, span];
  }
  expect(best).toBeGreaterThanOrEqual(0);
  const wake = wakeBefore(model, model.pRuns.g[best]!, pRunStart(model, best))!;
  const [w0, w1] = await windowOf(page, 'p0');
  await hoverAt(page, 'p0', ((pRunStart(model, best) + pRunEnd(model, best)) / 2 - w0) / (w1 - w0));
  await page.mouse.down();
  await page.mouse.up();
  await expect(page.getByTestId('detail-goroutine-id')).toHaveText(String(model.goroutines.id[model.pRuns.g[best]!]));
  const wokenBy = page.getByTestId('woken-by');
  await expect(wokenBy).toHaveAttribute('data-waker-id', String(model.goroutines.id[wake.waker]));
  await expect(wokenBy).toContainText(`G${model.goroutines.id[wake.waker]}`);
  await expect(page.getByTestId('waker-stack').locator('li').first()).toBeVisible();
  // The link selects the waker's slice.
  await wokenBy.click();
  await expect(page.getByTestId('detail-goroutine-id')).toHaveText(String(model.goroutines.id[wake.waker]));
});
