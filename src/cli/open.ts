// `golens open FILE…`: as `go tool pprof -http`, serves the built app (dist/) and the named
// files on loopback, under an unguessable token (the first path segment: every request
// without it gets 403, so other local users and web pages cannot read the files), prints the
// app's URL on a line of its own, and opens the default browser unless --no-browser. The app
// lists the files at golens-open/files.json (`?golens-open`, src/store/startup.ts) and loads
// them as if dropped. Ctrl-C stops it.

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OPEN_USAGE = `usage: golens open [--http=HOST:PORT] [--no-browser] [--dist=DIR] FILE...
       golens FILE...

Serves GoLens and the files on 127.0.0.1 (a free port, or --http) with a token in the URL,
prints the URL and opens the browser; Ctrl-C stops.`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The built app: --dist, else dist/ beside the CLI's bundle (dist-cli/golens.mjs) or its sources. */
function defaultDist(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const c of [resolve(here, '../dist'), resolve(here, '../../dist')]) if (existsSync(join(c, 'index.html'))) return c;
  return resolve(here, '../dist');
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'cmd' : 'xdg-open';
  const args = process.platform === 'win32' ? ['/c', 'start', '', url] : [url];
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write(`golens: could not start a browser (${cmd}); open the URL above\n`));
    child.unref();
  } catch {
    process.stderr.write('golens: could not start a browser; open the URL above\n');
  }
}

export async function openCommand(argv: string[]): Promise<number> {
  let host = '127.0.0.1';
  let port = 0;
  let browser = true;
  let dist = '';
  const files: string[] = [];
  for (const a of argv) {
    if (a === '--no-browser') browser = false;
    else if (a.startsWith('--http=')) {
      const m = /^(.*):(\d+)$/.exec(a.slice(7));
      if (!m) {
        process.stderr.write(`golens open: --http wants HOST:PORT, not ${a.slice(7)}\n`);
        return 2;
      }
      host = m[1] || '127.0.0.1';
      port = Number(m[2]);
    } else if (a.startsWith('--dist=')) dist = resolve(a.slice(7));
    else if (a === '-h' || a === '--help') {
      process.stdout.write(OPEN_USAGE + '\n');
      return 0;
    } else if (a.startsWith('--')) {
      process.stderr.write(`golens open: unknown flag ${a}\n${OPEN_USAGE}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length === 0) {
    process.stderr.write(OPEN_USAGE + '\n');
    return 2;
  }
  for (const f of files) {
    if (!existsSync(f) || !statSync(f).isFile()) {
      process.stderr.write(`golens open: ${f}: no such file\n`);
      return 1;
    }
  }
  dist ||= defaultDist();
  if (!existsSync(join(dist, 'index.html'))) {
    process.stderr.write(`golens open: the app is not built (no ${join(dist, 'index.html')}); run \`npm run build\` first\n`);
    return 1;
  }
  const token = randomBytes(24).toString('base64url');
  const list = files.map((f, i) => ({ name: basename(f), url: `golens-open/${i}`, path: resolve(f) }));
  const send = (res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/');
    if (parts[1] !== token) return send(res, 403, 'forbidden: this URL needs the token golens printed\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed\n');
    const rest = decodeURIComponent(parts.slice(2).join('/'));
    if (rest === 'golens-open/files.json') return send(res, 200, JSON.stringify(list.map(({ name, url }) => ({ name, url }))), TYPES['.json']);
    const m = /^golens-open\/(\d+)$/.exec(rest);
    if (m) {
      const f = list[Number(m[1])];
      return f ? send(res, 200, readFileSync(f.path), 'application/octet-stream') : send(res, 404, 'not found\n');
    }
    // The app's files, and nothing outside dist/.
    const path = normalize(join(dist, rest === '' ? 'index.html' : rest));
    if (!path.startsWith(dist + sep) || !existsSync(path) || !statSync(path).isFile()) return send(res, 404, 'not found\n');
    send(res, 200, readFileSync(path), TYPES[extname(path)] ?? 'application/octet-stream');
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  }).catch((e: unknown) => {
    throw new Error(`cannot listen on ${host}:${port} (${e instanceof Error ? e.message : String(e)})`);
  });
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const appUrl = `http://${shown}:${addr.port}/${token}/?golens-open`;
  process.stdout.write(`Serving ${files.length} file${files.length === 1 ? '' : 's'} with GoLens; Ctrl-C stops.\n${appUrl}\n`);
  if (browser) openBrowser(appUrl);
  return new Promise((done) => {
    const stop = () => server.close(() => done(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
