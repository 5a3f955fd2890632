// The version a build names itself by: GOLENS_VERSION when set (a release, or the update e2e's
// second build), else package.json's version and the commit it was built from.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function appVersion(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GOLENS_VERSION) return env.GOLENS_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return commit ? `${pkg.version}+${commit}` : pkg.version;
  } catch {
    return pkg.version;
  }
}
