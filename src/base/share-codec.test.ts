import { describe, expect, it } from 'vitest';
import { FormatError } from './errors';
import { fromBase64Url, packFiles, toBase64Url, unpackFiles } from './share-codec';
import { readFixture } from '../test-utils/fixtures';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof FormatError) return e.msg.code;
    throw e;
  }
  return 'no error';
}

describe('share codec', () => {
  const files = [
    { name: 'heap_after.pb.gz', bytes: readFixture('leak/go1.27/heap_after.pb.gz') },
    { name: 'gctrace.log', bytes: readFixture('leak/go1.27/gctrace.log') },
    { name: 'trace.out', bytes: readFixture('leak/go1.27/trace.out') },
    { name: 'nom «é».txt', bytes: readFixture('leak/go1.27/goroutine_debug2.txt') },
  ];

  it('gives back the files byte for byte, names included', () => {
    const text = packFiles(files);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    const back = unpackFiles(text);
    expect(back.map((f) => f.name)).toEqual(files.map((f) => f.name));
    back.forEach((f, i) => expect(Buffer.from(f.bytes).equals(Buffer.from(files[i]!.bytes))).toBe(true));
  });

  it('base64url matches Node', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 1000, 1001]) {
      const b = files[2]!.bytes.subarray(0, n);
      expect(toBase64Url(b)).toBe(Buffer.from(b).toString('base64url'));
      expect(Buffer.from(fromBase64Url(toBase64Url(b))).equals(Buffer.from(b))).toBe(true);
    }
  });

  it('refuses a link cut short, wherever it is cut', () => {
    const text = packFiles(files.slice(0, 2));
    for (const cut of [1, 2, 7, Math.floor(text.length / 2), text.length - 3]) {
      expect(codeOf(() => unpackFiles(text.slice(0, cut)))).toBe('share.truncated');
    }
    expect(codeOf(() => unpackFiles(''))).toBe('share.truncated');
  });

  it('refuses characters that are not base64url, and other data', () => {
    const text = packFiles(files.slice(0, 1));
    expect(codeOf(() => unpackFiles(text.slice(0, 10) + '%' + text.slice(11)))).toBe('share.bad-character');
    expect(codeOf(() => unpackFiles(toBase64Url(readFixture('leak/go1.27/heap_after.pb.gz'))))).toBe('share.version');
    const bytes = fromBase64Url(text);
    bytes[20] = bytes[20]! ^ 0xff;
    expect(['share.truncated', 'share.corrupt']).toContain(codeOf(() => unpackFiles(toBase64Url(bytes))));
  });
});
