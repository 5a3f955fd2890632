import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { fixturePath, parseDigestJson, readFixture } from '../test-utils/fixtures';
import { withoutTopLevelField } from '../test-utils/pprof-surgery';

const CLI = resolve(import.meta.dirname, 'golens.ts');

function golens(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile('npx', ['tsx', CLI, ...args], { timeout: 60_000, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      done({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('golens summary --json', () => {
  it('prints the digest Go made, timeNanos exact', async () => {
    const rel = 'leak/go1.27/heap_after.pb.gz';
    const r = await golens('summary', '--json', fixturePath(rel));
    expect(r.code).toBe(0);
    expect(parseDigestJson(r.stdout)).toEqual(parseDigestJson(readFileSync(fixturePath(`${rel}.summary.json`), 'utf8')));
    expect(r.stdout).toContain('"timeNanos": 1795696428481853381');
  });

  it('prints the digest Go 1.27 made of a Go 1.19 and a Go 1.21 (v1 format) trace smaller than a read chunk', async () => {
    for (const rel of ['leak/go1.19/trace.out', 'leak/go1.21/trace.out']) {
      const r = await golens('summary', '--json', fixturePath(rel));
      expect(r.stderr, rel).toBe('');
      expect(parseDigestJson(r.stdout), rel).toEqual(parseDigestJson(readFileSync(fixturePath(`${rel}.summary.json`), 'utf8')));
    }
  });

  it('names the file and the problem on bad input, exit code 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'golens-cli-'));
    const real = readFixture('leak/go1.27/heap_after.pb.gz');
    const inputs: [string, Uint8Array, RegExp][] = [
      ['empty.pb.gz', new Uint8Array(0), /empty/],
      ['random.bin', Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 251), /unrecognized format.* at byte \d/],
      // Every error names where (issue 17): the byte a gzip file ends at, the sample that names a lost location.
      ['truncated.pb.gz', real.subarray(0, real.length >> 1), new RegExp(`truncated gzip data: the file ends at byte ${(real.length >> 1).toLocaleString('en')} `)],
      ['no-location.pb.gz', gzipSync(withoutTopLevelField(gunzipSync(real), 4, 0).bytes), /invalid profile: sample has missing location id: \d+ in field 2 \(sample\) starting at byte [\d,]+ of the decompressed data/],
      ['notes.gz', gzipSync('hello, these are not samples\n'), /unrecognized format/],
    ];
    for (const [name, bytes, problem] of inputs) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const r = await golens('summary', '--json', file);
      expect(r.code, name).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(file);
      expect(lines[0]).toMatch(problem);
    }
  });

  it('says so when the file does not exist', async () => {
    const r = await golens('summary', '--json', '/nonexistent/heap.pb.gz');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('/nonexistent/heap.pb.gz');
  });
});

describe('golens diff --json', () => {
  it('prints the digest of the profile pprof -diff_base builds', async () => {
    const dir = 'leak/go1.27';
    const r = await golens('diff', '--json', fixturePath(`${dir}/heap_before.pb.gz`), fixturePath(`${dir}/heap_after.pb.gz`));
    expect(r.code).toBe(0);
    const ref = readFileSync(fixturePath(`${dir}/heap_after.pb.gz.diff_base-heap_before.diff.json`), 'utf8');
    expect(parseDigestJson(r.stdout)).toEqual(parseDigestJson(ref));
  });

  it('says why a pair cannot be compared, exit code 1', async () => {
    const dir = 'leak/go1.19';
    const r = await golens('diff', '--json', fixturePath(`${dir}/heap_before.txt`), fixturePath(`${dir}/heap_after.txt`));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no sample type in common/);
  });
});

describe('golens series --json', () => {
  it('orders the leak snapshots by time and names main.newSession first', async () => {
    const dir = 'leak/go1.27';
    const files = ['heap_after', 'heap_mid', 'heap_before'].map((n) => fixturePath(`${dir}/${n}.pb.gz`));
    const r = await golens('series', '--json', '--sample-index', 'inuse_space', ...files);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { files: string[]; orderedBy: string; suspects: { name: string }[] };
    expect(out.files.map((f) => f.split('/').pop())).toEqual(['heap_before.pb.gz', 'heap_mid.pb.gz', 'heap_after.pb.gz']);
    expect(out.orderedBy).toBe('time');
    expect(out.suspects[0]!.name).toBe('main.newSession');
  });
});

describe('golens analysis --json', () => {
  it("prints go tool trace's analysis of a trace (the reference's keys and values)", async () => {
    const rel = 'tasks/go1.27/trace.out';
    const r = await golens('analysis', '--json', fixturePath(rel));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(fixturePath(`${rel}.analysis.json`), 'utf8')));
  });
});

describe('golens header', () => {
  it('prints the lines go tool pprof prints first, for a diff too', async () => {
    const dir = 'leak/go1.27';
    const ref = readFileSync(fixturePath(`${dir}/heap_after.pb.gz.diff_base-heap_before.top.txt`), 'utf8').split('\n');
    const r = await golens('header', '--diff-base', fixturePath(`${dir}/heap_before.pb.gz`), fixturePath(`${dir}/heap_after.pb.gz`));
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual(ref.slice(0, ref.findIndex((l) => l.startsWith('Showing nodes'))));
  });
});

describe('golens top', () => {
  it('prints go tool pprof -top as it prints it, for one profile and for a -diff_base comparison', async () => {
    const dir = 'leak/go1.27';
    const one = await golens('top', fixturePath('perf/cpu-large.pb.gz'));
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(readFileSync(fixturePath('perf/cpu-large.pb.gz.top.txt'), 'utf8'));
    const diff = await golens(
      'top',
      '--sample-index',
      'alloc_space',
      '--diff-base',
      fixturePath(`${dir}/heap_before.pb.gz`),
      fixturePath(`${dir}/heap_after.pb.gz`),
    );
    expect(diff.code).toBe(0);
    expect(diff.stdout).toBe(readFileSync(fixturePath(`${dir}/heap_after.pb.gz.diff_base-heap_before.alloc_space.top.txt`), 'utf8'));
  });
  it('refuses --diff-base with --base', async () => {
    const f = fixturePath('leak/go1.27/heap_after.pb.gz');
    const r = await golens('top', '--diff-base', f, '--base', f, f);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('one of --diff-base and --base');
  });
});

describe('golens pprof --type', () => {
  it("writes go tool trace -pprof=sync's profile (its digest equals Go's file's)", async () => {
    const rel = 'contention/go1.27/trace.out';
    const out = join(mkdtempSync(join(tmpdir(), 'golens-pprof-')), 'sync.pb.gz');
    const r = await golens('pprof', '--type', 'sync', fixturePath(rel), '-o', out);
    expect(r.code).toBe(0);
    const d = await golens('summary', '--json', out);
    expect(parseDigestJson(d.stdout)).toEqual(parseDigestJson(readFileSync(fixturePath(`${rel}.sync.pprof.summary.json`), 'utf8')));
  });
});

describe('hostile names in the terminal', () => {
  // testdata/hostile: a real Go program's heap profile whose function names hold terminal
  // escapes (OSC, 8-bit CSI, C0), a right-to-left override and HTML.
  const heap = resolve(import.meta.dirname, '../parse/pprof/testdata/hostile/heap.pb.gz');
  const raw = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

  it('golens top prints their controls visible, never raw', async () => {
    const r = await golens('top', heap);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(raw);
    expect(r.stdout).toContain('main.esc␛]0;pwned␇⟨U+009B⟩31m␁␡\n');
    expect(r.stdout).toContain('main.safe⟨U+202E⟩gnp.exe\n');
    expect(r.stdout).toContain('main.evil<img/src=x/onerror=window.__pwned=1>\n');
  });

  it('golens summary --json escapes them: the same values, no raw control in the output', async () => {
    const r = await golens('summary', '--json', heap);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(raw);
    expect(parseDigestJson(r.stdout)).toEqual(parseDigestJson(readFileSync(`${heap}.summary.json`, 'utf8')));
  });
});
