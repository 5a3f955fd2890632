// Share and open: links that carry their files, `#url=` links to hosted files, the one-file
// report, `golens open`, files opened from the OS (launchQueue).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { digestOf, expectSelected, fixture, flameTotal, openApp, openFiles, openZoomedFilteredHeap, profileViewOf, waitForIdle, test } from './helpers';

const PORT = Number(process.env.GOLENS_E2E_PORT ?? 4317);
const HOST = `http://127.0.0.1:${PORT}`;


test('copy link: a fresh browser with no files shows the same view, offline too', async ({ page, newContext }) => {
  await openZoomedFilteredHeap(page);
  const view = await profileViewOf(page);
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  expect(view.total).toBeLessThan(d.totals[d.sampleTypes.indexOf('alloc_space/bytes')]!);
  await page.getByTestId('copy-link').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/#f=.*&d=[A-Za-z0-9_-]+$/);
  expect(link.startsWith(`${HOST}/`)).toBe(true);

  const other = await newContext();
  const p2 = await other.newPage();
  await p2.goto(link);
  await waitForIdle(p2);
  await expect(p2.getByTestId('file-entry')).toHaveCount(1);
  await expect.poll(() => profileViewOf(p2)).toEqual(view);
  await expect(p2.getByRole('alert')).toHaveCount(0);

  // Offline: the app is cached by its service worker; the link needs nothing else.
  await p2.evaluate(() => navigator.serviceWorker.ready);
  await other.setOffline(true);
  const p3 = await other.newPage();
  await p3.goto('about:blank');
  await p3.goto(link);
  await waitForIdle(p3);
  await expect.poll(() => profileViewOf(p3)).toEqual(view);
  await other.close();
});

test('a link cut short says so and loads nothing', async ({ page, newContext }) => {
  await openZoomedFilteredHeap(page);
  await page.getByTestId('copy-link').click();
  const link = await page.getByTestId('share-link').inputValue();
  const other = await newContext();
  const p2 = await other.newPage();
  await p2.goto(link.slice(0, link.length - 200));
  await waitForIdle(p2);
  await expect(p2.getByTestId('share-errors')).toContainText('cut short');
  await expect(p2.getByRole('alert')).toHaveCount(1);
  await expect(p2.getByTestId('file-entry')).toHaveCount(0);
  // The view state names the file, which is not open here.
  await expect(p2.getByTestId('missing-files')).toContainText('heap_after.pb.gz');
  await other.close();
});

/**
 * A host of files on another origin, over https (the page's policy connects to no other plain-http
 * origin) with a certificate made now: CORS on /cors/…, none on /nocors/…, 404 for the rest.
 */
async function fileHost(): Promise<{ url: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'golens-e2e-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  const tls = { key: readFileSync(key), cert: readFileSync(cert) };
  rmSync(dir, { recursive: true, force: true });
  const files: Record<string, string> = { 'heap_after.pb.gz': fixture('leak/go1.27/heap_after.pb.gz'), 'gctrace.log.summary.json': fixture('leak/go1.27/heap_after.pb.gz.summary.json') };
  const server = createServer(tls, (req, res) => {
    const [, mode, name] = (req.url ?? '').split('/');
    const path = files[name ?? ''];
    if (mode === 'cors') res.setHeader('Access-Control-Allow-Origin', '*');
    if (!path || (mode !== 'cors' && mode !== 'nocors')) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test.describe(() => {
  // The host's certificate is its own (made for this test), not one the browser trusts.
  test.use({ ignoreHTTPSErrors: true });

  test('#url= loads hosted files on the click only; 404, no CORS and not a profile name their address', async ({ page }) => {
    const host = await fileHost();
    const ok = `${host.url}/cors/heap_after.pb.gz`;
    const missing = `${host.url}/cors/no-such-profile.pb.gz`;
    const noCors = `${host.url}/nocors/heap_after.pb.gz`;
    const notProfile = `${host.url}/cors/gctrace.log.summary.json`;
    const asked: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(host.url)) asked.push(r.url());
    });
    const links = [ok, missing, noCors, notProfile].map((u) => `url=${encodeURIComponent(u)}`).join('&');
    await page.goto(`./?empty#${links}`);
    await waitForIdle(page);
    await expect(page.getByTestId('linked-origin')).toHaveText([host.url]);
    await expect(page.getByTestId('file-entry')).toHaveCount(0);
    expect(asked).toEqual([]);
    await page.getByTestId('load-linked').click();
    const errors = page.getByTestId('share-errors');
    await expect(errors).toContainText(`${missing}: the server answered HTTP 404`);
    await expect(errors).toContainText(`${noCors}: no answer`);
    await expect(errors).toContainText(`${notProfile}: unrecognized format`);
    await waitForIdle(page);
    await expect(page.getByTestId('linked-urls')).toHaveCount(0);
    await expectSelected(page, 'heap_after.pb.gz');
    const d = digestOf('leak/go1.27/heap_after.pb.gz');
    await expect.poll(() => flameTotal(page)).toBe(d.totals[d.sampleTypes.indexOf('inuse_space/bytes')]!);
    await host.close();
  });
});

test('#url= on plain http to another site is refused before any request, saying why', async ({ page }) => {
  const other = `http://127.0.0.1:${PORT + 1}/cors/heap_after.pb.gz`;
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url() === other) asked.push(r.url());
  });
  await page.goto(`./?empty#url=${encodeURIComponent(other)}`);
  await waitForIdle(page);
  await expect(page.getByTestId('share-errors')).toContainText(`${other}: only https addresses can be opened from another site`);
  await expect(page.getByTestId('load-linked')).toHaveCount(0);
  await expect(page.getByTestId('file-entry')).toHaveCount(0);
  expect(asked).toEqual([]);
});

test('files too large for a link: the button says why', async ({ page }) => {
  await openApp(page);
  await openFiles(page, [fixture('perf/cpu-large.pb.gz')]);
  await page.getByTestId('copy-link').click();
  await expect(page.getByTestId('share-refused')).toContainText('too large to embed in a link');
  await expect(page.getByTestId('share-link')).toHaveCount(0);
});

test('installed app: files the OS opens with GoLens (launchQueue) are loaded', async ({ page }) => {
  const data = [...readFileSync(fixture('leak/go1.27/heap_after.pb.gz'))];
  // What Chromium does for an installed app opened on a file: a launch queue with its handle.
  await page.addInitScript((bytes) => {
    // Chromium has a launch queue of its own (read-only): this one replaces it.
    Object.defineProperty(window, 'launchQueue', {
      configurable: true,
      value: {
        setConsumer(consumer: (p: unknown) => void) {
          const file = new File([new Uint8Array(bytes)], 'heap_after.pb.gz');
          setTimeout(() => consumer({ files: [{ kind: 'file', getFile: async () => file }] }), 0);
        },
      },
    });
  }, data);
  await page.goto('./?empty');
  await expect(page.getByTestId('file-entry')).toHaveCount(1);
  await waitForIdle(page);
  await expectSelected(page, 'heap_after.pb.gz');
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  await expect.poll(() => flameTotal(page)).toBe(d.totals[d.sampleTypes.indexOf('inuse_space/bytes')]!);
});

/** Starts `golens open --no-browser FILE…` on the built app; resolves with the URL it prints. */
function golensOpen(files: string[]): { url: Promise<string>; stop(): void } {
  const dist = process.env.GOLENS_DIST ?? 'dist';
  const cli = spawn(process.execPath, ['bin/golens.mjs', 'open', '--no-browser', `--dist=${dist}`, ...files], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = new Promise<string>((resolve, reject) => {
    let out = '';
    cli.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('http://127.0.0.1:'));
      if (line) resolve(line.trim());
    });
    cli.once('exit', (code) => reject(new Error(`golens open exited with ${code}: ${out}`)));
  });
  return { url, stop: () => cli.kill('SIGINT') };
}

test('golens open: the printed URL shows both files; without the token, 403', async ({ page }) => {
  const cli = golensOpen([fixture('leak/go1.27/heap_after.pb.gz'), fixture('pool/go1.27/cpu.pb.gz')]);
  try {
    const url = await cli.url;
    const u = new URL(url);
    expect((await fetch(`${u.origin}/`)).status).toBe(403);
    expect((await fetch(`${u.origin}/golens-open/files.json`)).status).toBe(403);
    expect((await fetch(`${u.origin}/not-the-token/golens-open/0`)).status).toBe(403);
    expect((await fetch(new URL('golens-open/0', url))).status).toBe(200);
    await page.goto(url);
    await waitForIdle(page);
    await expect(page.getByTestId('file-entry')).toHaveCount(2);
    await expect(page.locator('.file-name')).toHaveText(['heap_after.pb.gz', 'cpu.pb.gz']);
    await expectSelected(page, 'heap_after.pb.gz');
    const d = digestOf('leak/go1.27/heap_after.pb.gz');
    await expect.poll(() => flameTotal(page)).toBe(d.totals[d.sampleTypes.indexOf('inuse_space/bytes')]!);
  } finally {
    cli.stop();
  }
});

test('golens open on a run’s files (trace, gctrace log, CPU and allocs profiles): the run view, each file placed', async ({ page }) => {
  const files = ['trace.out', 'gctrace.log', 'cpu.pb.gz', 'allocs.pb.gz'];
  const cli = golensOpen(files.map((f) => fixture(`pool/go1.27/${f}`)));
  try {
    await page.goto(await cli.url);
    await waitForIdle(page);
    await expect(page.getByTestId('file-entry')).toHaveCount(4);
    await expect(page.getByTestId('run-view')).toBeVisible();
    const rows = page.getByTestId('run-placement').getByTestId('run-file');
    await expect(rows).toHaveCount(4);
    const row = (name: string) => rows.filter({ hasText: name });
    await expect(row('trace.out')).toHaveAttribute('data-method', 'axis');
    await expect(row('gctrace.log')).toHaveAttribute('data-method', 'gc-cycles');
    await expect(row('gctrace.log')).toHaveAttribute('data-matched', '7');
    await expect(row('cpu.pb.gz')).toHaveAttribute('data-method', 'wall-clock');
    await expect(row('allocs.pb.gz')).toHaveAttribute('data-method', 'wall-clock');
    for (const lane of ['gc', 'heap', 'profiles', 'rates']) await expect(page.locator(`[data-testid="timeview"][data-lane="${lane}"]`)).toBeVisible();
    await expect(page.locator('[data-testid="timeview"][data-lane^="gclog-"]')).toHaveCount(1);
  } finally {
    cli.stop();
  }
});
