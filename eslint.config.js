// Lint: typescript-eslint's recommended rules, plus the layering of src/README.md as import
// restrictions, edge by edge: each folder of the data flow imports only the folders before it
// (scripts/layers.mjs is the one table; scripts/check-imports.ts checks chains and cycles).
import tseslint from 'typescript-eslint';
import { FORBIDDEN_PACKAGES, LAYERS } from './scripts/layers.mjs';

const FOLDERS = ['base', 'model', 'parse', 'analysis', 'i18n', 'store', 'views', 'cli', 'dev'];

// Tests may reach across layers (a parser's test digests what it parsed).
const layer = (dir) => {
  const allowed = new Set(LAYERS[dir]);
  const forbidden = FOLDERS.filter((f) => `src/${f}` !== dir && !allowed.has(`src/${f}`));
  if (dir !== 'workers' && !allowed.has('workers')) forbidden.push('workers');
  return {
    files: [`${dir}/**`],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...forbidden.map((f) => ({
              group: [`**/${f}/*`, `**/${f}`],
              message: `this layer may not import ${f}/ (src/README.md, scripts/layers.mjs)`,
              // A worker's API type is named by the store that starts it.
              ...(f === 'workers' ? { allowTypeImports: true } : {}),
            })),
            ...(FORBIDDEN_PACKAGES[dir] ?? []).map((name) => ({
              group: [name, `${name}/*`],
              message: `${name} is not allowed in this layer`,
            })),
          ],
        },
      ],
    },
  };
};

export default tseslint.config(
  { ignores: ['dist/', 'dist-*/', 'node_modules/', 'test-results/', 'playwright-report/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Untrusted names from profiles: never as HTML.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'never put file-derived text in innerHTML; use textContent' },
        { property: 'outerHTML', message: 'never put file-derived text in outerHTML' },
        { property: 'insertAdjacentHTML', message: 'never build HTML from strings' },
      ],
    },
  },
  {
    // Every e2e spec fails on a Content-Security-Policy violation: it takes `test` from helpers.ts.
    files: ['e2e/**'],
    ignores: ['e2e/helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@playwright/test', importNames: ['test'], message: "import test from './helpers' (it fails a test on any CSP violation)" }] },
      ],
    },
  },
  ...Object.keys(LAYERS)
    .filter((d) => d !== 'src/test-utils')
    .map(layer),
);
