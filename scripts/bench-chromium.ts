// The browser half of the bench: serve the build (`vite preview`) and drive Debian's Chromium,
// headless, with the flags that keep it off the network. One place for both browser benches.

import { spawn } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';

export async function withBuiltApp<T>(port: number, fn: (browser: Browser, origin: string) => Promise<T>): Promise<T> {
  const dist = process.env.GOLENS_DIST ?? 'dist';
  const server = spawn(
    'npx',
    ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', dist],
    { detached: true, stdio: 'ignore' },
  );
  let browser: Browser | null = null;
  try {
    await new Promise((r) => setTimeout(r, 2500));
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'] });
    return await fn(browser, `http://127.0.0.1:${port}`);
  } finally {
    await browser?.close();
    try {
      process.kill(-server.pid!);
    } catch {
      /* already gone */
    }
  }
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
