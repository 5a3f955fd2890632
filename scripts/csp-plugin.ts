// Vite plugin (build only): a strict Content-Security-Policy for the built page, as a <meta>
// tag (every static host serves it) and as a `_headers` file (hosts that read one — Netlify,
// Cloudflare Pages — send it as a header, where frame-ancestors also works; a <meta> cannot
// carry it). The dev server injects inline scripts (React refresh), so it gets none.
//
// What each source is for:
// - script-src / worker-src 'self': the app's modules, the parse and decoder workers and the
//   service worker come from the site itself; no inline script, no eval.
// - style-src 'self': the one stylesheet; styles set from script (React's style props, d3's
//   .style()) go through the CSSOM, which the policy does not restrict.
// - img-src data: blob: — icons and images made in the page.
// - connect-src https: — `#url=` links load profiles from any HTTPS host that allows it (CORS),
//   on the user's click; 'self' for the demo files and `golens open`'s files.

import type { Plugin } from 'vite';

export const CSP_DIRECTIVES: [string, string][] = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['worker-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['font-src', "'self'"],
  ['connect-src', "'self' https:"],
  ['manifest-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

export function cspPolicy(extra: [string, string][] = []): string {
  return [...CSP_DIRECTIVES, ...extra].map(([k, v]) => `${k} ${v}`).join('; ');
}

export function contentSecurityPolicy(): Plugin {
  return {
    name: 'golens-csp',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      // Right after <meta charset> (which must come first), before any script or stylesheet.
      handler: (html) => {
        const charset = /<meta charset="[^"]*"\s*\/?>/i.exec(html);
        if (!charset) throw new Error('index.html has no <meta charset>: the CSP <meta> goes right after it');
        const at = charset.index + charset[0].length;
        const meta = `\n    <meta http-equiv="Content-Security-Policy" content="${cspPolicy().replace(/"/g, '&quot;')}" />`;
        return html.slice(0, at) + meta + html.slice(at);
      },
    },
    generateBundle() {
      const headers = `/*\n  Content-Security-Policy: ${cspPolicy([['frame-ancestors', "'none'"]])}\n  X-Content-Type-Options: nosniff\n`;
      this.emitFile({ type: 'asset', fileName: '_headers', source: headers });
    },
  };
}
