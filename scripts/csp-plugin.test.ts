import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, cspPolicy } from './csp-plugin';

describe('the CSP plugin', () => {
  it('puts the policy in index.html right after <meta charset>, before any script or stylesheet', () => {
    const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');
    const hook = contentSecurityPolicy().transformIndexHtml as { handler: (html: string) => string };
    const out = hook.handler(html);
    const meta = out.indexOf('<meta http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(out.indexOf('<meta charset='));
    expect(meta).toBeLessThan(out.indexOf('<script'));
    expect(meta).toBeLessThan(out.indexOf('<link'));
    expect(out.replace(/\n\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '')).toBe(html);
  });

  it('allows no inline script, no eval, no plugins, no <base>; connections to the site and https only', () => {
    const p = cspPolicy();
    expect(p).not.toMatch(/unsafe-|\*/);
    expect(p).toContain("script-src 'self'");
    expect(p).toContain("object-src 'none'");
    expect(p).toContain("base-uri 'none'");
    expect(p).toContain("connect-src 'self' https:");
  });
});
