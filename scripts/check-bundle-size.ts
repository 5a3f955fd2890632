// The bundle-size budget, checked after `vite build`: the app's entry chunk and the parse
// worker's chunk (gzip sizes, what users download), and the saved report's template (the same
// chunks inline, precached by the service worker). Fails when one grows past its budget.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.env.GOLENS_DIST ?? 'dist';
const BUDGET_KB: { pattern: RegExp; name: string; kb: number; dir?: string }[] = [
  { pattern: /^index-.*\.js$/, name: 'app', kb: 220 },
  { pattern: /^parse-worker-.*\.js$/, name: 'parse worker', kb: 90 },
  { pattern: /^trace-decoder-worker-.*\.js$/, name: 'trace decoder', kb: 20 },
  // The three above with the stylesheet, in one page: their budgets' sum plus the CSS.
  { pattern: /^report\.html$/, name: 'report page', kb: 340, dir: '.' },
];

let failed = false;
for (const b of BUDGET_KB) {
  const dir = join(DIST, b.dir ?? 'assets');
  const files = readdirSync(dir).filter((f) => b.pattern.test(f));
  if (files.length === 0) {
    failed = true;
    console.log(`MISSING ${b.name}`);
    continue;
  }
  const kb = files.reduce((s, f) => s + gzipSync(readFileSync(join(dir, f))).length, 0) / 1024;
  const ok = kb <= b.kb;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${b.name.padEnd(13)} ${kb.toFixed(1).padStart(6)} KiB gzip (budget ${b.kb} KiB)`);
}
process.exitCode = failed ? 1 : 0;
