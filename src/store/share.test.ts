import { describe, expect, it } from 'vitest';
import { readSharedRequest } from './share';

// `#url=` addresses the page may fetch: its Content-Security-Policy (scripts/csp-plugin.ts)
// allows connections to https: origins and to its own only.
describe('readSharedRequest: #url= addresses', () => {
  const base = 'http://127.0.0.1:4317/?empty';
  const hash = (...urls: string[]) => '#' + urls.map((u) => `url=${encodeURIComponent(u)}`).join('&');

  it('takes https addresses and http ones on the page own origin, refuses plain http elsewhere with its reason', () => {
    const r = readSharedRequest(
      hash('https://example.org/p/heap.pb.gz', 'http://127.0.0.1:4317/demo/heap.pb.gz', 'demo/cpu.pb.gz', 'http://example.org/heap.pb.gz', 'http://127.0.0.1:9999/heap.pb.gz'),
      base,
    );
    expect(r.urls).toEqual(['https://example.org/p/heap.pb.gz', 'http://127.0.0.1:4317/demo/heap.pb.gz', 'http://127.0.0.1:4317/demo/cpu.pb.gz']);
    expect(r.badUrls).toEqual([
      { code: 'url.not-https', args: { url: 'http://example.org/heap.pb.gz' } },
      { code: 'url.not-https', args: { url: 'http://127.0.0.1:9999/heap.pb.gz' } },
    ]);
  });

  it('refuses other schemes as not http(s)', () => {
    const r = readSharedRequest(hash('javascript:alert(1)', 'data:,x', 'file:///etc/passwd'), base);
    expect(r.urls).toEqual([]);
    expect(r.badUrls.map((m) => m.code)).toEqual(['url.not-http', 'url.not-http', 'url.not-http']);
  });

  it('from a page on https, another https host is taken and its own http is not', () => {
    const r = readSharedRequest(hash('https://files.example.com/a.pb.gz', 'http://golens.example.com/a.pb.gz'), 'https://golens.example.com/');
    expect(r.urls).toEqual(['https://files.example.com/a.pb.gz']);
    expect(r.badUrls.map((m) => m.code)).toEqual(['url.not-https']);
  });
});
