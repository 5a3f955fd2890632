import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './views/App';
import { isIdle, useGoLens } from './store/store';
import { syncUrlHash } from './store/url-hash';
import { openStartupFiles } from './store/startup';
import { benchParseInSpareWorker, benchParseInWorker, benchParseWarm, benchSpareReady, prestartParseWorker } from './store/loader';
import './views/styles.css';

// Test hook (kept stable): "true" whenever no file is being read or parsed.
const markIdle = () => {
  document.body.dataset.idle = String(isIdle(useGoLens.getState()) && startupDone);
};
let startupDone = false;
document.body.dataset.idle = 'false';
useGoLens.subscribe(markIdle);

syncUrlHash();
prestartParseWorker();
openStartupFiles().finally(() => {
  startupDone = true;
  markIdle();
});

// The browser half of `npm run bench` drives worker parses through this hook.
if (new URLSearchParams(location.search).has('bench')) {
  (window as unknown as { golensBench: unknown }).golensBench = {
    parseInWorker: benchParseInWorker,
    parseInSpareWorker: benchParseInSpareWorker,
    parseWarm: benchParseWarm,
    spareReady: benchSpareReady,
  };
}

// Offline: the built app registers its service worker (relative URL: any sub-path works).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('./sw.js').catch(() => {}));
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
