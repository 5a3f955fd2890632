import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/App';
import { isIdle, useGoLens } from './store/store';
import { syncUrlHash } from './store/url-hash';
import { DEMO_URLS, openStartupFiles } from './store/startup';
import { loadFiles, prestartParseWorker } from './store/loader';
import { installLaunchConsumer, type LaunchQueue } from './store/launch-queue';
import { startReportPage } from './store/report';
import { checkForUpdatesPeriodically, watchForUpdates } from './store/app-update';
import './views/styles.css';

// Test hook (kept stable): "true" whenever no file is being read or parsed.
const markIdle = () => {
  document.body.dataset.idle = String(isIdle(useGoLens.getState()));
};
document.body.dataset.idle = 'false';
// The build's version (scripts/app-version.ts), for the update e2e and a bug report.
document.body.dataset.version = __GOLENS_VERSION__;
useGoLens.subscribe(markIdle);

// A saved report (store/report.ts): its workers from its own sources, its view in the URL.
const report = startReportPage();
syncUrlHash();
// Files opened with the installed app from the OS (manifest file_handlers).
installLaunchConsumer((window as { launchQueue?: LaunchQueue }).launchQueue, loadFiles);
// The spare warms up on the demo files, which a report opened from disk cannot fetch.
prestartParseWorker(report ? [] : DEMO_URLS);
void openStartupFiles().finally(() => useGoLens.getState().setStartupDone());

// The browser half of `npm run bench` drives worker parses through these hooks (src/dev/).
if (new URLSearchParams(location.search).has('bench')) void import('./dev/bench-hooks').then((m) => m.installBenchHooks());

// Offline: the built app registers its service worker (relative URL: any sub-path works); a new
// version waits until the user reloads to it (store/app-update.ts).
if (import.meta.env.PROD && !report && 'serviceWorker' in navigator) {
  const container = navigator.serviceWorker;
  window.addEventListener('load', () =>
    void container
      .register('./sw.js')
      .then((registration) => {
        watchForUpdates(registration, container);
        checkForUpdatesPeriodically(registration);
      })
      .catch(() => {}),
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
