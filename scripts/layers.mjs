// The house's layers, in data-flow order: which folder may import which (src/README.md has the
// map). Both the lint (eslint.config.js, edge by edge) and scripts/check-imports.ts (chains of
// imports and cycles) read this one table.

/**
 * Folder → the project folders it may import (besides itself). src/main.tsx, the composition
 * root, may import any of them; tests may reach across layers.
 */
export const LAYERS = {
  'src/base': [],
  'src/model': ['src/base'],
  'src/parse': ['src/base', 'src/model'],
  'src/analysis': ['src/base', 'src/model'],
  'src/i18n': ['src/base'],
  'src/store': ['src/base', 'src/model', 'src/analysis'],
  'src/views': ['src/base', 'src/model', 'src/analysis', 'src/store', 'src/i18n'],
  'src/cli': ['src/base', 'src/model', 'src/parse', 'src/analysis', 'src/i18n'],
  'src/dev': ['src/base', 'src/model', 'src/parse', 'src/analysis', 'src/store', 'workers'],
  workers: ['src/base', 'src/model', 'src/parse', 'src/analysis', 'src/dev'],
  'src/test-utils': ['src/base', 'src/model', 'src/parse'],
};

/** Packages a folder may not import. */
export const FORBIDDEN_PACKAGES = {
  'src/base': ['react', 'zustand', 'd3', 'comlink'],
  'src/model': ['react', 'zustand', 'd3', 'comlink'],
  'src/parse': ['react', 'zustand', 'd3', 'comlink'],
  'src/analysis': ['react', 'zustand', 'd3', 'comlink'],
  'src/i18n': ['react', 'zustand', 'd3', 'comlink'],
  'src/store': ['react-dom', 'd3'],
  'src/views': ['zustand', 'comlink', 'protobufjs'],
  'src/cli': ['react', 'zustand', 'd3', 'comlink'],
  'src/dev': ['react', 'd3'],
  workers: ['react', 'zustand', 'd3'],
};
