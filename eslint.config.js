// Lint: typescript-eslint's recommended rules, plus the layering of ../shared/docs/style.md
// as import restrictions: each folder of the data flow imports only the folders before it.
import tseslint from 'typescript-eslint';

// Tests may reach across layers (a parser's test digests what it parsed).
const layer = (files, forbidden, extra = []) => ({
  files,
  ignores: ['**/*.test.ts', '**/*.test.tsx'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((dir) => ({
            group: [`**/${dir}/*`, `**/${dir}`],
            message: `this layer may not import ${dir}/ (see src/README.md)`,
          })),
          ...extra,
        ],
      },
    ],
  },
});

const pkg = (name) => ({ group: [name, `${name}/*`], message: `${name} is not allowed in this layer` });

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
  layer(['src/base/**'], ['model', 'parse', 'analysis', 'store', 'views', 'cli', 'i18n'], [pkg('react'), pkg('zustand'), pkg('d3')]),
  layer(['src/model/**'], ['parse', 'analysis', 'store', 'views', 'cli', 'i18n'], [pkg('react'), pkg('zustand'), pkg('d3')]),
  layer(['src/parse/**'], ['analysis', 'store', 'views', 'cli', 'i18n'], [pkg('react'), pkg('zustand'), pkg('d3'), pkg('comlink')]),
  layer(['src/analysis/**'], ['parse', 'store', 'views', 'cli', 'i18n'], [pkg('react'), pkg('zustand'), pkg('d3'), pkg('comlink')]),
  layer(['src/store/**'], ['views', 'cli', 'i18n'], [pkg('react-dom'), pkg('d3')]),
  layer(['src/views/**'], ['parse', 'cli'], [pkg('zustand'), pkg('comlink'), pkg('protobufjs')]),
  // The edge's sentences (messages are data until a view or the CLI prints them).
  layer(['src/i18n/**'], ['model', 'parse', 'analysis', 'store', 'views', 'cli'], [pkg('react'), pkg('zustand'), pkg('d3')]),
  layer(['src/cli/**'], ['store', 'views'], [pkg('react'), pkg('zustand'), pkg('d3'), pkg('comlink')]),
  // Development hooks (bench): installed by main.tsx on ?bench and by the worker's bench entry only.
  layer(['src/dev/**'], ['views', 'cli', 'i18n'], [pkg('react'), pkg('d3')]),
  // Workers may run analysis too: derivations too heavy for the main thread are made there.
  layer(['workers/**'], ['store', 'views', 'cli', 'i18n'], [pkg('react'), pkg('zustand'), pkg('d3')]),
);
