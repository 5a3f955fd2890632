// Goroutine profiles (issue 14): a group is named by its innermost frame outside the runtime, in
// the protobuf form as in the debug=1 text (main.backend main.go:58, not runtime.gopark).

import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { fixture, openApp, openFiles, test } from './helpers';

test('the protobuf goroutine profile names the leaked backends main.backend at their line, as the debug=1 text does', async ({ page }) => {
  const dir = 'goroutineleak/go1.27';
  const text = readFileSync(fixture(`${dir}/goroutineleak_debug1.txt`), 'utf8');
  // The debug=1 records of main.backend (the leak detector's, taken beside goroutine.pb.gz): their
  // counts and their # line's site.
  const recs = [...text.matchAll(/\n(\d+) @ [^\n]*\n(?:# labels: [^\n]*\n)?#\t\S+\tmain\.backend\+\S+\t+(\S+)\n/g)];
  const count = recs.reduce((s, m) => s + Number(m[1]), 0);
  const site = recs[0]![2]!;
  expect(count).toBeGreaterThan(0);
  await openApp(page);
  await openFiles(page, [fixture(`${dir}/goroutine.pb.gz`)]);
  const view = page.getByTestId('goroutine-profile-view');
  const groups = view.getByTestId('goroutine-group');
  const backend = groups.filter({ hasText: 'main.backend' });
  await expect(backend).toHaveCount(1);
  await expect(backend).toHaveAttribute('data-count', String(count));
  await expect(backend).toContainText(site);
  for (const name of await groups.locator('td.fn:nth-child(2)').allTextContents()) expect(name).not.toMatch(/^\W*runtime\./);
});
