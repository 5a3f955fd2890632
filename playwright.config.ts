import { defineConfig } from '@playwright/test';

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
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1400, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort --outDir ${DIST}`,
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
