// The build is a static site with relative paths: it works from any sub-path of any static
// host, workers included. This serves dist/ (or GOLENS_DIST) under a deep path with a bare
// Node file server, as a team's static host would.

import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { expect } from '@playwright/test';
import { digestOf, expectSelected, waitForIdle, test } from './helpers';

const DIST = resolve(process.env.GOLENS_DIST ?? 'dist');
const PREFIX = '/team/tools/golens/';
const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

let server: Server;
let origin = '';

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(PREFIX)) {
      res.writeHead(404).end();
      return;
    }
    let file = normalize(join(DIST, path.slice(PREFIX.length)));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const addr = server.address();
  origin = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

test.afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

test('the static build works from a sub-path, workers included', async ({ page }) => {
  await page.goto(`${origin}${PREFIX}`);
  await waitForIdle(page);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectSelected(page, 'leak-heap.pb.gz');
  const d = digestOf('leak/go1.27/heap_after.pb.gz');
  await expect(page.getByTestId('flame-total')).toHaveAttribute('data-total', String(d.totals[3]));
});
