// The bundle-size budget, checked after `vite build`: the app's entry chunk and the parse
// worker's chunk (gzip sizes, what users download). Fails when one grows past its budget.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = process.env.GOLENS_DIST ?? 'dist';
const BUDGET_KB: { pattern: RegExp; name: string; kb: number }[] = [
  { pattern: /^index-.*\.js$/, name: 'app', kb: 220 },
  { pattern: /^parse-worker-.*\.js$/, name: 'parse worker', kb: 90 },
  { pattern: /^trace-decoder-worker-.*\.js$/, name: 'trace decoder', kb: 20 },
];

const assets = readdirSync(join(DIST, 'assets'));
let failed = false;
for (const b of BUDGET_KB) {
  const files = assets.filter((f) => b.pattern.test(f));
  const kb = files.reduce((s, f) => s + gzipSync(readFileSync(join(DIST, 'assets', f))).length, 0) / 1024;
  const ok = kb <= b.kb;
  if (!ok) failed = true;
  console.log(`${ok ? 'ok  ' : 'OVER'} ${b.name.padEnd(13)} ${kb.toFixed(1).padStart(6)} KiB gzip (budget ${b.kb} KiB)`);
}
process.exitCode = failed ? 1 : 0;
