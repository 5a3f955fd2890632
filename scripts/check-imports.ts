// The lint's whole-graph half (`npm run lint` runs it after eslint): reads every import of the
// house's sources and fails on (1) an import cycle, (2) a layer rule broken through a chain of
// imports (a file that reaches, through other files, a folder its layer may not import:
// scripts/layers.mjs), as Perfetto's tools/check_imports does, and (3) product code that no
// entry point reaches (the app, its workers, the CLI, the scripts): code only tests import is
// dead, and tests are not a way to keep it alive. Tests may reach across layers and are not
// read. Usage: tsx scripts/check-imports.ts [ROOT]

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAYERS } from './layers.mjs';

const SOURCE = /\.(ts|tsx)$/;
// Runtime imports only: `import type` / `export type` vanish from the built code (a store module
// may name the worker API's type; the worker itself is started by URL, in its own thread).
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?!type\b)[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

export type ImportProblem = { kind: 'cycle' | 'layer' | 'unreached'; files: string[]; text: string };

// A worker or another module started by URL (`new URL('./x.ts', import.meta.url)`): reached too.
const URL_REF = /new URL\(\s*['"](\.[^'"]+\.tsx?)['"]\s*,\s*import\.meta\.url\s*\)/g;

/** The entry points: what runs (the page, its workers by URL, the CLI, the scripts). */
const ENTRIES = ['src/main.tsx', 'src/cli/golens.ts'];

function walk(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const abs = join(dir, name);
    if (statSync(abs).isDirectory()) {
      if (name !== 'node_modules' && name !== 'testdata') walk(abs, out);
    } else if (SOURCE.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) {
      out.push(abs);
    }
  }
}

function resolveImport(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    if (existsSync(c) && statSync(c).isFile() && SOURCE.test(c)) return c;
  }
  return null;
}

/** The layer (a key of LAYERS) a file belongs to: its longest matching prefix. */
function layerOf(rel: string): string | null {
  let best: string | null = null;
  for (const l of Object.keys(LAYERS)) {
    if ((rel === l || rel.startsWith(`${l}/`)) && (!best || l.length > best.length)) best = l;
  }
  return best;
}

export function checkImports(root: string): ImportProblem[] {
  const files: string[] = [];
  walk(join(root, 'src'), files);
  walk(join(root, 'workers'), files);
  const scripts: string[] = [];
  walk(join(root, 'scripts'), scripts);
  const rel = (f: string) => relative(root, f).split('\\').join('/');
  const edges = new Map<string, string[]>();
  /** Every reference, types and URLs included: what keeps a file alive. */
  const refs = new Map<string, string[]>();
  const ALL = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const f of [...files, ...scripts]) {
    const text = readFileSync(f, 'utf8');
    const out: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(f, m[1] ?? m[2] ?? m[3]!);
      if (target) out.push(rel(target));
    }
    const all: string[] = [];
    for (const m of text.matchAll(ALL)) {
      const target = resolveImport(f, m[1] ?? m[2]!);
      if (target) all.push(rel(target));
    }
    for (const m of text.matchAll(URL_REF)) {
      const target = resolveImport(f, m[1]!);
      if (target) all.push(rel(target));
    }
    if (!f.startsWith(join(root, 'scripts'))) edges.set(rel(f), out);
    refs.set(rel(f), all);
  }
  const problems: ImportProblem[] = [];

  // (1) Cycles: strongly connected components of more than one file (or a file importing itself).
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const strong = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, idx.get(w)!));
      }
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (edges.get(v) ?? []).includes(v)) {
        scc.sort();
        problems.push({ kind: 'cycle', files: scc, text: `import cycle: ${scc.join(' ↔ ')}` });
      }
    }
  };
  for (const v of [...edges.keys()].sort()) if (!idx.has(v)) strong(v);

  // (2) Layers through chains: every file a file reaches must be in its layer or one it may import.
  for (const from of [...edges.keys()].sort()) {
    const layer = layerOf(from);
    if (!layer) continue;
    const allowed = new Set([layer, ...LAYERS[layer as keyof typeof LAYERS]]);
    // Breadth-first, keeping the path to report it.
    const prev = new Map<string, string>([[from, '']]);
    const queue = [from];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of edges.get(v) ?? []) {
        if (prev.has(w)) continue;
        prev.set(w, v);
        const wl = layerOf(w);
        if (wl && !allowed.has(wl)) {
          const path = [w];
          for (let x = v; x; x = prev.get(x)!) path.unshift(x);
          problems.push({ kind: 'layer', files: path, text: `${layer} may not reach ${wl}: ${path.join(' → ')}` });
          continue; // one report per forbidden file is enough
        }
        queue.push(w);
      }
    }
  }
  // (3) Reached from an entry point (types count: a type-only module is alive if used).
  const reached = new Set<string>();
  const todo = [...ENTRIES.filter((e) => refs.has(e)), ...scripts.map(rel)];
  while (todo.length) {
    const v = todo.pop()!;
    if (reached.has(v)) continue;
    reached.add(v);
    for (const w of refs.get(v) ?? []) if (!reached.has(w)) todo.push(w);
  }
  for (const f of [...edges.keys()].sort()) {
    if (reached.has(f) || f.startsWith('src/test-utils/')) continue;
    problems.push({ kind: 'unreached', files: [f], text: `${f}: no entry point reaches it (only tests, or nothing, import it)` });
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const problems = checkImports(root);
  for (const p of problems) console.error(`check-imports: ${p.text}`);
  if (problems.length) {
    console.error(`check-imports: ${problems.length} problem(s); the layers are in scripts/layers.mjs (src/README.md)`);
    process.exit(1);
  }
}
