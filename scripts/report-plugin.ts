// Vite plugin (build only): writes report.html, the template of a saved report (issue 16,
// src/base/report-page.ts). It is made of this very build's files — the entry chunk inline as a
// module script, the stylesheet inline, the workers' chunks as JSON sources — so a report runs
// the same parsers and views as the site, and needs no second build. Its own
// Content-Security-Policy allows the inline script and style by their sha256 ('unsafe-inline'
// never), workers from blob: only, and no network at all (a report is opened from disk, offline).
// The service worker precaches it with the rest, so a report can be saved offline too.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { jsonForHtml, reportTemplateHtml, scriptForHtml, styleForHtml } from '../src/base/report-page.ts';

export const REPORT_FILE = 'report.html';

const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** The report's policy: the inline script and style by hash, workers from blob:, nothing else. */
export function reportPolicy(scriptHash: string, styleHash: string): string {
  return [
    ['default-src', "'none'"],
    ['script-src', scriptHash],
    ['worker-src', 'blob:'],
    ['style-src', styleHash],
    ['img-src', 'data: blob:'],
    ['object-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
  ]
    .map(([k, v]) => `${k} ${v}`)
    .join('; ');
}

export function reportTemplate(parts: { js: string; css: string; workers: Record<string, string>; icon: string }): string {
  const js = scriptForHtml(parts.js);
  const css = styleForHtml(parts.css);
  return reportTemplateHtml({
    policy: reportPolicy(sha256(js), sha256(css)),
    icon: `data:image/svg+xml,${encodeURIComponent(parts.icon)}`,
    css,
    workersJson: jsonForHtml(parts.workers),
    js,
  });
}

/**
 * A worker chunk as a classic script. Chromium will not start a module worker from a blob: URL
 * of a file:// page (its origin is opaque and module scripts are fetched with CORS), so the
 * report starts classic workers. The chunks have no imports or exports (each worker is one
 * chunk); their one module-only expression, `import.meta.url`, only resolves the sibling
 * worker's file, which a report never loads (base/embedded-workers gives its blob: URL).
 * Compiling the result as a classic script proves nothing module-only is left.
 */
export function classicWorkerSource(name: string, source: string): string {
  const out = source.replaceAll('import.meta.url', 'self.location.href');
  try {
    new Script(out, { filename: `${name}-worker.js` });
  } catch (e) {
    throw new Error(`report: the ${name} worker is not a classic script once import.meta.url is replaced: ${e instanceof Error ? e.message : String(e)}`);
  }
  return out;
}

export function reportPage(): Plugin {
  let publicDir = 'public';
  return {
    name: 'golens-report',
    apply: 'build',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    generateBundle(_options, bundle) {
      const text = (f: { type: 'asset'; source: string | Uint8Array }) =>
        typeof f.source === 'string' ? f.source : new TextDecoder().decode(f.source);
      let js: string | null = null;
      let css = '';
      const workers: Record<string, string> = {};
      for (const f of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
        if (f.type === 'chunk' && f.isEntry) {
          if (js !== null) this.error('report: more than one entry chunk');
          js = f.code;
        } else if (f.type === 'asset' && f.fileName.endsWith('.css')) {
          css += text(f);
        } else if (f.type === 'asset' || f.type === 'chunk') {
          const m = /^assets\/(.+)-worker-[\w-]+\.js$/.exec(f.fileName);
          if (m) workers[m[1]!] = classicWorkerSource(m[1]!, f.type === 'chunk' ? f.code : text(f));
        }
      }
      if (js === null) return this.error('report: no entry chunk');
      if (!workers['parse']) return this.error('report: no parse worker chunk');
      const icon = readFileSync(join(publicDir, 'icon.svg'), 'utf8');
      this.emitFile({ type: 'asset', fileName: REPORT_FILE, source: reportTemplate({ js, css, workers, icon }) });
    },
  };
}
