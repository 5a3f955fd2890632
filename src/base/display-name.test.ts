import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBytes } from '../parse/detect';
import { displayName, jsonText, NAME_MAX, terminalText, titleName, TITLE_MAX, visibleControls } from './display-name';

// The names of testdata/hostile (a real Go program's heap profile, src/parse/pprof/testdata).
async function hostileNames(): Promise<string[]> {
  const parsed = await parseBytes(new Uint8Array(readFileSync(new URL('../parse/pprof/testdata/hostile/heap.pb.gz', import.meta.url))));
  if (parsed.kind !== 'profile') throw new Error(parsed.kind);
  return parsed.strings;
}

describe('displayName', () => {
  it('makes bidi controls visible', async () => {
    const names = await hostileNames();
    expect(names.map((n) => displayName(n))).toContain('main.safe⟨U+202E⟩gnp.exe');
    expect(names.map((n) => displayName(n))).toContain('main.⟨U+2067⟩rtl⟨U+2069⟩⟨U+200F⟩⟨U+061C⟩marks');
    for (const c of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
      const s = `a${String.fromCharCode(c)}b`;
      expect(displayName(s)).toBe(`a⟨U+${c.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
    }
  });

  it('makes C0 and C1 controls visible (terminal escapes, NUL)', async () => {
    const names = await hostileNames();
    expect(names.map((n) => displayName(n))).toContain('main.esc␛]0;pwned␇⟨U+009B⟩31m␁␡');
    expect(displayName('nul\u0000byte')).toBe('nul␀byte');
    expect(displayName('a\nb\tc\r')).toBe('a␊b␉c␍');
    for (const n of names) expect(displayName(n)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  });

  it('leaves ordinary names alone, Unicode letters and HTML text included', async () => {
    expect(displayName('main.計算')).toBe('main.計算');
    expect(displayName('runtime/pprof.(*Profile).WriteTo')).toBe('runtime/pprof.(*Profile).WriteTo');
    // HTML is text: it is never parsed (views use React text and textContent), so it stays.
    const names = await hostileNames();
    expect(names.map((n) => displayName(n))).toContain('main.evil<img/src=x/onerror=window.__pwned=1>');
  });

  it('cuts a 1 MiB name, saying its length', async () => {
    const long = (await hostileNames()).find((n) => n.length > 1e6)!;
    const shown = displayName(long);
    expect(shown.startsWith(long.slice(0, NAME_MAX))).toBe(true);
    expect(shown.endsWith('… (1,048,581 characters)')).toBe(true);
    expect(titleName(long).length).toBeLessThan(TITLE_MAX + 30);
    expect(visibleControls(long)).toBe(long);
  });

  it('never cuts a surrogate pair in two', () => {
    const s = 'a'.repeat(NAME_MAX - 1) + '😀' + 'b';
    expect(displayName(s)).toBe('a'.repeat(NAME_MAX - 1) + `… (${s.length} characters)`);
  });
});

describe('terminal and JSON text', () => {
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('terminalText keeps line breaks and tabs, shows the rest', async () => {
    const names = await hostileNames();
    const text = names.map((n, i) => `${i}\t${n}`).join('\n') + '\n';
    const shown = terminalText(text);
    expect(shown).not.toMatch(raw);
    expect(shown.split('\n')).toHaveLength(names.length + 1);
    expect(shown).toContain('\tmain.esc␛]0;pwned␇⟨U+009B⟩31m␁␡\n');
  });

  it('jsonText escapes what JSON.stringify leaves raw, keeping every value', async () => {
    const names = await hostileNames();
    const json = jsonText(JSON.stringify({ names }, null, 2));
    expect(json).not.toMatch(raw);
    expect(json).toContain('"main.safe\\u202egnp.exe"');
    expect(JSON.parse(json)).toEqual({ names });
  });
});
