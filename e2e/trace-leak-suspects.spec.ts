// The Goroutines page's leak suspects: the flight recorder's Go 1.27 snapshot ends while 3
// main.main.func1 workers wait on a channel receive (the first group, as the unit test of
// analysis/trace/leak-suspects.ts has it), and each opens its timeline; the leak scenario's
// trace leaks memory, not goroutines: no suspect, and what was left out is counted.

import { expect } from '@playwright/test';
import { dropFiles, fixture, openApp, test } from './helpers';

async function goroutinesPage(page: import('@playwright/test').Page, rel: string) {
  await openApp(page);
  await dropFiles(page, [fixture(rel)]);
  await expect(page.getByTestId('trace-digest')).toBeVisible();
  await page.getByTestId('trace-pages').getByRole('tab', { name: 'Goroutines' }).click();
  await expect(page.getByTestId('goroutine-page')).toBeVisible();
  await expect(page.locator('table[data-testid="goroutine-analysis"]')).toBeVisible();
  const section = page.getByTestId('trace-leak-suspects');
  await expect(section).toHaveAttribute('data-groups', /\d+/);
  return section;
}

test('flightrec/go1.27/flight.trace: the first leak suspect is 3 × main.main.func1 on chan receive, a goroutine opens its timeline', async ({ page }) => {
  const section = await goroutinesPage(page, 'flightrec/go1.27/flight.trace');
  const first = section.locator('ol > li').first();
  await expect(first).toHaveAttribute('data-count', '3');
  await expect(first).toHaveAttribute('data-reason', 'chan receive');
  await expect(first).toHaveAttribute('data-name', 'main.main.func1');
  await expect(first.locator('summary')).toContainText('3 goroutines waiting on chan receive in main.main.func1');
  // The stacks on expand.
  // The stacks on expand: the snapshot began after the workers were created (no creation
  // stack, said so with their start function); where they wait is in main.main.func1.
  await expect(first.getByTestId('leak-wait-stack')).toBeHidden();
  await first.locator('summary').click();
  await expect(first.getByTestId('leak-wait-stack')).toBeVisible();
  await expect(first.getByTestId('leak-wait-stack')).toContainText('main.main.func1');
  await expect(first.getByTestId('leak-no-create-stack')).toContainText('main.main.func1');
  // main sleeps: left out and counted.
  await expect(section.getByTestId('trace-leak-suspects-left-out')).toHaveAttribute('data-sleep', '1');
  const gs = first.locator('.leak-goroutines button');
  await expect(gs).toHaveCount(3);
  const goid = await gs.nth(1).getAttribute('data-goid');
  await gs.nth(1).click();
  await expect(page.getByTestId('highlighted-goroutine')).toHaveAttribute('data-goid', goid!);
  await expect(page.getByTestId('trace-pages').getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
});

test('leak/go1.27/trace.out: no goroutine was left blocked, and what was left out is said', async ({ page }) => {
  const section = await goroutinesPage(page, 'leak/go1.27/trace.out');
  await expect(section).toHaveAttribute('data-groups', '0');
  await expect(section.getByTestId('trace-leak-suspects-none')).toHaveText('No goroutine was left blocked at the end of the trace.');
  const left = section.getByTestId('trace-leak-suspects-left-out');
  await expect(left).toContainText(/of the runtime’s own/);
  expect(Number(await left.getAttribute('data-runtime'))).toBeGreaterThan(0);
});
