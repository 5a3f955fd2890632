// Every regular expression the parsers and analyses run on file text is linear (regex-safety.ts):
// the literals are found in the source, the patterns built at run time are checked through the
// modules that build them, and each `new RegExp` on other input is listed with its reason.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { regexHazards } from './regex-safety';
import { MEMORY_MAP_PATTERNS } from '../src/parse/pprof/legacy-text';
import { FRAME_DROP_PATTERNS } from '../src/parse/pprof/legacy-builder';

const ROOT = join(import.meta.dirname, '..');
const DIRS = ['src/base', 'src/model', 'src/parse', 'src/analysis', 'src/cli', 'workers'];

/** `new RegExp(x)` calls whose pattern is not file text (or is checked below): file → reason. */
const DYNAMIC: Record<string, string> = {
  'src/parse/pprof/legacy-text.ts': 'memory-map patterns, checked as MEMORY_MAP_PATTERNS',
  'src/parse/pprof/legacy-builder.ts': 'frame-drop patterns, checked as FRAME_DROP_PATTERNS',
  'src/analysis/profile/search.ts': "the user's own search term, typed in the page",
  'src/analysis/profile/call-tree.ts': "the user's own focus/ignore/hide/show filters",
};

function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
    }
  };
  for (const d of DIRS) walk(join(ROOT, d));
  return out;
}

function scan(file: string): { literals: { re: RegExp; line: number }[]; dynamic: number[] } {
  const text = readFileSync(file, 'utf8');
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const literals: { re: RegExp; line: number }[] = [];
  const dynamic: number[] = [];
  const visit = (n: ts.Node) => {
    const line = sf.getLineAndCharacterOfPosition(n.getStart()).line + 1;
    if (n.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      const t = n.getText();
      const slash = t.lastIndexOf('/');
      literals.push({ re: new RegExp(t.slice(1, slash), t.slice(slash + 1)), line });
    } else if (
      (ts.isNewExpression(n) || ts.isCallExpression(n)) &&
      ts.isIdentifier(n.expression) &&
      n.expression.text === 'RegExp'
    ) {
      const a = n.arguments?.[0];
      if (a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a))) literals.push({ re: new RegExp(a.text), line });
      else dynamic.push(line);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { literals, dynamic };
}

describe('regular expressions on untrusted text', () => {
  const files = sources();

  it('finds the patterns (the scan works)', () => {
    const n = files.reduce((k, f) => k + scan(f).literals.length, 0);
    expect(n).toBeGreaterThan(40);
  });

  it('has no nested or adjacent unbounded quantifiers and no unguarded unanchored loop', () => {
    const found: string[] = [];
    for (const f of files) {
      for (const { re, line } of scan(f).literals) {
        for (const h of regexHazards(re)) found.push(`${relative(ROOT, f)}:${line} /${re.source}/ ${h.kind}: ${h.detail}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('checks the patterns built at run time', () => {
    const found: string[] = [];
    for (const re of [...MEMORY_MAP_PATTERNS, ...FRAME_DROP_PATTERNS]) {
      for (const h of regexHazards(re)) found.push(`/${re.source}/ ${h.kind}: ${h.detail}`);
    }
    expect(found).toEqual([]);
  });

  it('lists every other RegExp built from a variable, with its reason', () => {
    const unlisted: string[] = [];
    for (const f of files) {
      const rel = relative(ROOT, f);
      for (const line of scan(f).dynamic) if (!(rel in DYNAMIC)) unlisted.push(`${rel}:${line}`);
    }
    expect(unlisted).toEqual([]);
  });

  it('recognises the hazards (the schedtrace hang, a quadratic split, an unguarded search)', () => {
    expect(regexHazards(/^ \[ ?((?:\d+ ?)*)\]$/).map((h) => h.kind)).toContain('nested');
    expect(regexHazards(/^(\d+) ?(\d+)x$/).map((h) => h.kind)).toEqual(['adjacent']);
    expect(regexHazards(/\d+ms/).map((h) => h.kind)).toEqual(['unanchored']);
    expect(regexHazards(/(?<![0-9])\d+ms/)).toEqual([]);
    expect(regexHazards(/^(\d+) (\d+)$/)).toEqual([]);
    expect(regexHazards(/^ \[ ?([\d ]*)\]$/)).toEqual([]);
  });
});
