import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkImports } from './check-imports';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = mkdtempSync(join(tmpdir(), 'golens-imports-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A small tree of sources under a fresh root. */
function tree(name: string, files: Record<string, string>): string {
  const root = join(tmp, name);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

describe('check-imports (the lint of the whole import graph)', () => {
  it('finds nothing in the house as it is', () => {
    expect(checkImports(repo)).toEqual([]);
  });

  it('fails on a cycle added on purpose', () => {
    const root = tree('cycle', {
      'src/store/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/store/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
      'src/store/c.ts': "import type { a } from './a';\nexport type C = typeof a;\n",
    });
    const problems = checkImports(root).filter((p) => p.kind !== 'unreached');
    expect(problems.map((p) => p.kind)).toEqual(['cycle']);
    expect(problems[0]!.files).toEqual(['src/store/a.ts', 'src/store/b.ts']);
  });

  it('fails on a layer rule broken through a chain of imports', () => {
    // analysis → a folder with no rule of its own → the store: no single import is forbidden
    // by the edge-by-edge lint, the chain is.
    const root = tree('chain', {
      'src/analysis/x.ts': "import { y } from '../extra/y';\nexport const x = y;\n",
      'src/extra/y.ts': "import { z } from '../store/z';\nexport const y = z;\n",
      'src/store/z.ts': 'export const z = 1;\n',
    });
    const problems = checkImports(root).filter((p) => p.kind !== 'unreached');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'layer', files: ['src/analysis/x.ts', 'src/extra/y.ts', 'src/store/z.ts'] });
  });

  it('fails on product code only tests import', () => {
    const root = tree('dead', {
      'src/main.tsx': "import { used } from './analysis/used';\nimport { w } from './views/w';\nused(w);\n",
      'src/analysis/used.ts': 'export const used = () => 1;\n',
      'src/analysis/dead.ts': 'export const dead = () => 2;\n',
      'src/analysis/dead.test.ts': "import { dead } from './dead';\ndead();\n",
      'src/analysis/worker-started.ts': 'export {};\n',
      'src/views/w.ts': "export const w = new URL('../analysis/worker-started.ts', import.meta.url);\n",
    });
    // A module started by URL (a worker) is reached; one only a test imports is not.
    expect(checkImports(root).map((p) => p.text)).toEqual([
      'src/analysis/dead.ts: no entry point reaches it (only tests, or nothing, import it)',
    ]);
  });

  it('type-only imports are not runtime edges', () => {
    const root = tree('types', {
      'src/store/l.ts': "import type { Api } from '../../workers/w';\nexport type L = Api;\n",
      'workers/w.ts': "import { s } from '../src/store/s';\nexport type Api = typeof s;\n",
      'src/store/s.ts': 'export const s = 1;\n',
    });
    expect(checkImports(root).filter((p) => p.kind === 'cycle')).toEqual([]);
  });
});
