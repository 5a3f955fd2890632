import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './scripts/chromium.ts';

// Debian's Chromium (never a downloaded browser), headless, with the flags that keep it from
// reaching for the network. The tests run against the built site (`vite preview`), as users get it.
// Several people may test at once on one machine: GOLENS_E2E_PORT and GOLENS_DIST (a build made
// with `vite build --outDir DIR`) keep their servers apart.
const PORT = Number(process.env.GOLENS_E2E_PORT ?? 4317);
const DIST = process.env.GOLENS_DIST ?? 'dist';

export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
