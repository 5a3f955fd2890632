import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './scripts/service-worker-plugin.ts';
import { contentSecurityPolicy } from './scripts/csp-plugin.ts';
import { reportPage } from './scripts/report-plugin.ts';
import { appVersion } from './scripts/app-version.ts';

// base './': the built site works from any sub-path of any static host, workers included.
export default defineConfig({
  base: './',
  // reportPage before serviceWorker: the service worker precaches report.html too.
  plugins: [react(), contentSecurityPolicy(), reportPage(), serviceWorker()],
  // The build's version (body data-version, the header's title): GOLENS_VERSION, or package.json's
  // version and the commit.
  define: { __GOLENS_VERSION__: JSON.stringify(appVersion()) },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173, strictPort: false },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['src/{base,model,parse,analysis,cli}/**/*.test.ts', 'scripts/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['src/{store,views}/**/*.test.{ts,tsx}'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
