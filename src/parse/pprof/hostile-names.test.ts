import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../analysis/digest/summary';
import { checkProfileIntegrity } from '../../model/profile';
import { parseDigestJson } from '../../test-utils/fixtures';
import { parseBytes } from '../detect';

// testdata/hostile (its Go 1.23 program beside it): function names that are HTML, a javascript:
// address, a right-to-left override, terminal escapes and 1 MiB long, a //line file name of
// HTML, labels with NUL (in the goroutine profiles). The parsers keep every name exactly as Go wrote it (neutralising is the
// display's job: base/display-name.ts), and the digests equal Go's.
const dir = new URL('./testdata/hostile/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));

describe('hostile names', () => {
  for (const name of ['heap.pb.gz', 'goroutine.pb.gz']) {
    it(`${name} equals Go's digest`, async () => {
      const parsed = await parseBytes(read(name));
      expect(parsed.kind).toBe('profile');
      if (parsed.kind !== 'profile') return;
      expect(checkProfileIntegrity(parsed)).toEqual([]);
      expect(summarize(parsed)).toEqual(parseDigestJson(readFileSync(new URL(`${name}.summary.json`, dir), 'utf8')));
    });
  }

  it('keeps the names as Go wrote them', async () => {
    const parsed = await parseBytes(read('heap.pb.gz'));
    if (parsed.kind !== 'profile') throw new Error(parsed.kind);
    expect(parsed.strings).toContain('main.evil<img/src=x/onerror=window.__pwned=1>');
    expect(parsed.strings).toContain('javascript:window.__pwned=1//main.go');
    expect(parsed.strings).toContain('main.safe\u202egnp.exe');
    expect(parsed.strings).toContain('main.esc\x1b]0;pwned\x07\u009b31m\x01\x7f');
    expect(parsed.strings).toContain('<svg/onload=window.__pwned=1>.go');
    expect(parsed.strings.some((s) => s.length === 5 + (1 << 20) && s.startsWith('main.AAAA'))).toBe(true);
    // The debug=1 text names its frames from the # lines, hostile ones included.
    const text = await parseBytes(read('goroutine_debug1.txt'));
    if (text.kind !== 'profile') throw new Error(text.kind);
    expect(checkProfileIntegrity(text)).toEqual([]);
    expect(text.strings).toContain('main.evil<img/src=x/onerror=window.__pwned=1>');
    expect(text.strings).toContain('main.safe\u202egnp.exe');
  });

  it('reads the dump of the same goroutines', async () => {
    const parsed = await parseBytes(read('goroutine_debug2.txt'));
    expect(parsed.kind).toBe('goroutine-dump');
  });
});
