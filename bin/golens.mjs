#!/usr/bin/env node
// The golens CLI: runs the bundle that `npm run build:cli` (run by `npm install`) makes
// from src/cli/golens.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist-cli/golens.mjs', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('golens: the CLI is not built; run `npm run build:cli` first\n');
  process.exit(1);
}
await import(bundle.href);
