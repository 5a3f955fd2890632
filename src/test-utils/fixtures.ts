// Where the real Go fixtures live: ../shared/fixtures beside the repository (CI has it there
// too), or GOLENS_FIXTURES. Tests read them in place; nothing is copied.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const FIXTURES = process.env.GOLENS_FIXTURES ?? resolve(repoRoot, '../shared/fixtures');

export function fixturePath(rel: string): string {
  return join(FIXTURES, rel);
}

export function readFixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(rel)));
}

/** Every file under the fixtures, as paths relative to FIXTURES, sorted. */
export function listFixtures(): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      if (statSync(abs).isDirectory()) walk(abs, r);
      else out.push(r);
    }
  };
  if (existsSync(FIXTURES)) walk(FIXTURES, '');
  return out;
}

/** Inputs with a reference digest, with the digest parsed (timeNanos as bigint, exactly). */
export function fixturesWithDigest(filter: (digest: Record<string, unknown>, rel: string) => boolean) {
  return listFixtures()
    .filter((f) => f.endsWith('.summary.json'))
    .map((f) => {
      const text = readFileSync(fixturePath(f), 'utf8');
      return { input: f.slice(0, -'.summary.json'.length), digest: parseDigestJson(text) };
    })
    .filter(({ input, digest }) => filter(digest, input));
}

/** JSON.parse that keeps integers above 2^53 exact, as bigint. */
export function parseDigestJson(text: string): Record<string, unknown> {
  const marked = text.replace(/("timeNanos"\s*:\s*)(-?\d+)/g, '$1"__bigint:$2"');
  return JSON.parse(marked, (_k, v: unknown) =>
    typeof v === 'string' && v.startsWith('__bigint:') ? BigInt(v.slice(9)) : v,
  ) as Record<string, unknown>;
}

/**
 * Traces Go's reader rejects, as absolute paths: its reader tests expecting FAILURE and the fuzz
 * corpus entries with an `.error.txt` (what Go said).
 */
export function traceFixturesGoRejects(): string[] {
  const tests = fixturePath('go-testdata/tests');
  const fuzz = fixturePath('go-testdata/fuzz');
  return [
    ...readdirSync(tests)
      .filter((f) => f.endsWith('.expect') && readFileSync(join(tests, f), 'utf8').startsWith('FAILURE'))
      .map((f) => join(tests, `${f.slice(0, -'.expect'.length)}.trace`)),
    ...readdirSync(fuzz)
      .filter((f) => f.endsWith('.trace') && existsSync(join(fuzz, `${f}.error.txt`)))
      .map((f) => join(fuzz, f)),
  ];
}

/** The message `f` throws ('' when it returns): what a test expects another reader to throw too. */
export function thrownMessage(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}
