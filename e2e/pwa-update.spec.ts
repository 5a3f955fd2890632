// A new version of the app offers to reload (issue 16): the suite's build (A) is served on a port
// of this test's own, opened, its service worker controls the page; then A's server stops and a
// second build of the same sources with another version (B, GOLENS_VERSION) is served on the same
// port (the same origin). The page finds B, offers it (update-ready, role=status) and does not
// reload by itself; Reload makes B take over and reloads once: the page is B's, the opened file
// is back (the session), and B works offline.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect } from '@playwright/test';
import { expectSelected, fixture, openFiles, test, waitForIdle } from './helpers';

const DIST_A = resolve(process.env.GOLENS_DIST ?? 'dist');
const VERSION_B = 'e2e-update-b';
const VITE = resolve('node_modules/vite/bin/vite.js');

let distB = '';

test.beforeAll(async () => {
  test.setTimeout(240_000);
  distB = mkdtempSync(join(tmpdir(), 'golens-update-b-'));
  execFileSync(process.execPath, [VITE, 'build', '--outDir', distB, '--emptyOutDir', '--logLevel', 'warn'], {
    env: { ...process.env, GOLENS_VERSION: VERSION_B },
    stdio: 'pipe', // its output only when it fails (in the error)
  });
});

test.afterAll(() => {
  if (distB) rmSync(distB, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** `vite preview` of a build on the port, as the suite serves dist; resolves once it answers. */
async function serve(dir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VITE, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dir], {
    stdio: 'ignore',
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite preview of ${dir} exited (${child.exitCode})`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/sw.js`)).ok) return child;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`vite preview of ${dir} did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((ok) => {
    if (child.exitCode !== null) return ok();
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

test('a new version offers to reload, and reloads on the click only', async ({ page, context }) => {
  test.setTimeout(120_000);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}/`;
  let server = await serve(DIST_A, port);
  try {
    await page.goto(`${origin}?empty`);
    await waitForIdle(page);
    const versionA = await page.evaluate(() => document.body.dataset.version);
    expect(versionA).toBeTruthy();
    expect(versionA).not.toBe(VERSION_B);
    await openFiles(page, [fixture('leak/go1.27/heap_after.pb.gz')]);
    await expectSelected(page, 'heap_after.pb.gz');
    // A's worker controls the page (a first install: nothing to offer).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);

    // The server now has B, on the same origin.
    await stop(server);
    server = await serve(distB, port);
    await page.evaluate(() => {
      (window as { stillA?: boolean }).stillA = true;
    });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
    const prompt = page.getByTestId('update-ready');
    await expect(prompt).toBeVisible();
    await expect(prompt).toHaveAttribute('role', 'status');
    await expect(prompt).toContainText('A new version of GoLens is ready');
    await expect(prompt).toContainText('Your open files come back after the reload.');
    // B is installed and waiting; this page stays A's until the click.
    expect(await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.waiting?.state)).toBe('installed');
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => [(window as { stillA?: boolean }).stillA, document.body.dataset.version])).toEqual([true, versionA]);

    let loads = 0;
    page.on('load', () => loads++);
    const loaded = page.waitForEvent('load');
    await page.getByTestId('update-reload').click();
    await loaded;
    await waitForIdle(page);
    await page.waitForTimeout(1000);
    expect(loads).toBe(1);
    expect(await page.evaluate(() => [(window as { stillA?: boolean }).stillA ?? null, document.body.dataset.version])).toEqual([null, VERSION_B]);
    await expect(page.getByTestId('update-ready')).toHaveCount(0);
    await expectSelected(page, 'heap_after.pb.gz');
    await expect(page.getByTestId('flamegraph').locator('svg')).toBeVisible();

    // B's worker has B's files: offline, a reload is still B.
    await context.setOffline(true);
    await page.reload();
    await waitForIdle(page);
    expect(await page.evaluate(() => document.body.dataset.version)).toBe(VERSION_B);
    await expectSelected(page, 'heap_after.pb.gz');
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    await context.setOffline(false);
    await stop(server);
  }
});
