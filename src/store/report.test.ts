import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { embeddedWorkerUrl } from '../base/embedded-workers';
import { fillReport, readReportData, REPORT_DATA_ID, REPORT_WORKERS_ID } from '../base/report-page';
import { packFiles, unpackFiles } from '../base/share-codec';
import { classicWorkerSource, reportTemplate } from '../../scripts/report-plugin';
import { readFixture } from '../test-utils/fixtures';
import { formatHash } from './url-hash';
import { reportFileName, startReportPage, templateOfPage } from './report';

// jsdom has no blob: URLs; the report's workers only need distinct addresses here.
let blobs = 0;
URL.createObjectURL = () => `blob:test/${++blobs}`;

// A file name that tries to end the data element and start a script of its own.
const HOSTILE = '</script><script>alert(1)</script><!--.pb.gz';

function template(): string {
  return reportTemplate({
    js: "document.title = '</script> in a string';",
    css: '.x::after { content: "</style>"; }',
    workers: { parse: 'self.onmessage = () => {};', 'trace-decoder': 'self.onmessage = null;' },
    icon: readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../public/icon.svg'), 'utf8'),
  });
}

function filled() {
  const bytes = readFixture('leak/go1.27/heap_after.pb.gz');
  const hash = formatHash([{ id: 'a1', size: bytes.length, hash: '0123456789ab', name: HOSTILE }], { kind: 'file', id: 'a1' }, {});
  const data = packFiles([{ name: HOSTILE, bytes }]);
  return { bytes, hash, data, html: fillReport(template(), { hash, data }) };
}

const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
const sha256 = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

describe('saved report page', () => {
  it('holds the files and the view in one data element no file name can leave', () => {
    const { bytes, hash, html } = filled();
    const doc = parse(html);
    const scripts = [...doc.querySelectorAll('script')];
    expect(scripts.map((s) => s.getAttribute('type'))).toEqual(['application/json', 'application/json', 'module']);
    expect(scripts.map((s) => s.id)).toEqual([REPORT_DATA_ID, REPORT_WORKERS_ID, '']);
    const data = readReportData(doc.getElementById(REPORT_DATA_ID)!.textContent);
    expect(data).not.toBe('corrupt');
    expect(data).not.toBeNull();
    const { hash: h, data: d } = data as { hash: string; data: string };
    expect(h).toBe(hash);
    const [file] = unpackFiles(d);
    expect(file!.name).toBe(HOSTILE);
    expect(Buffer.from(file!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(doc.querySelector('style')!.textContent).toContain('content: "<\\/style>"');
  });

  it('allows its inline script and style by their hashes, and nothing inline else', () => {
    const doc = parse(filled().html);
    const policy = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')!.getAttribute('content')!;
    const js = doc.querySelector('script[type="module"]')!.textContent!;
    expect(js).toBe("document.title = '<\\/script> in a string';");
    expect(policy).toContain(`script-src ${sha256(js)}`);
    expect(policy).toContain(`style-src ${sha256(doc.querySelector('style')!.textContent!)}`);
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain('worker-src blob:');
    expect(policy).not.toMatch(/unsafe-(inline|eval)|https?:|'self'/);
  });

  it('remakes its own template from its page, so a report saves itself again', () => {
    const doc = parse(filled().html);
    expect(templateOfPage(doc, doc.getElementById(REPORT_WORKERS_ID)!)).toBe(template());
  });

  it('starts from its data: workers from its sources, its view in the URL', () => {
    history.replaceState(null, '', '/report.html');
    const { hash, html } = filled();
    const r = startReportPage(parse(html));
    expect(r).toEqual({ data: { hash, data: filled().data }, error: null });
    expect(location.hash).toBe(hash);
    expect(embeddedWorkerUrl('parse')).toMatch(/^blob:test\//);
    expect(embeddedWorkerUrl('trace-decoder')).toMatch(/^blob:test\//);
    // A reload keeps the view the user made since.
    history.replaceState(null, '', '/report.html#s=other');
    startReportPage(parse(html));
    expect(location.hash).toBe('#s=other');
  });

  it('a damaged data element is refused whole; the empty template is not a report', () => {
    expect(readReportData('null')).toBeNull();
    expect(readReportData(null)).toBeNull();
    for (const bad of ['{"v":1,"hash":"#s=x"', '{"v":2,"hash":"","data":""}', '{"v":1,"hash":3,"data":""}', '[]', '"x"']) {
      expect(readReportData(bad)).toBe('corrupt');
    }
    const doc = parse(filled().html.replace('{"v":1,', '{"v":1,,'));
    expect(startReportPage(doc)).toEqual({ data: null, error: { code: 'report.corrupt', args: { part: 'data' } } });
    expect(startReportPage(parse(template()))).toBeNull();
  });

  it('is named after its first file', () => {
    expect(reportFileName([{ name: 'heap_after.pb.gz' }])).toBe('heap_after.golens-report.html');
    expect(reportFileName([{ name: HOSTILE }])).toMatch(/^[\w.-]+\.golens-report\.html$/);
    expect(reportFileName([])).toBe('golens.golens-report.html');
  });
});

describe('report workers', () => {
  it('are classic scripts: import.meta.url replaced, anything else module-only refused', () => {
    expect(classicWorkerSource('parse', 'const u = new URL("x.js", import.meta.url);')).toBe('const u = new URL("x.js", self.location.href);');
    expect(() => classicWorkerSource('parse', 'export const x = 1;')).toThrow(/not a classic script/);
    expect(() => classicWorkerSource('parse', 'import.meta.resolve("x");')).toThrow(/not a classic script/);
  });
});
