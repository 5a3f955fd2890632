// Saved reports (issue 16): one .html file with the app and the open files, which opens from
// disk (file://), offline, on the same view. The site's build writes the template, report.html
// (scripts/report-plugin.ts, served and precached beside the app); saving fills it with the
// files, packed and compressed as a link's (base/share-codec), and the view as a link's
// fragment (url-hash.ts). A report saves itself again from its own page, which is its template.
// On load the data is an untrusted file like any other: the same parsers, limits and messages.

import { embeddedWorkerUrl, installEmbeddedWorkers } from '../base/embedded-workers';
import { message, type Message } from '../base/messages';
import { fillReport, readReportData, REPORT_DATA_EMPTY, REPORT_DATA_ID, REPORT_WORKERS_ID, reportTemplateHtml, type ReportData } from '../base/report-page';
import { packFiles, type PackedFile } from '../base/share-codec';
import { fileSource } from './loader';
import type { GoLensState } from './store';
import { formatHash, linkStateOf, type LinkFile } from './url-hash';

/** The template's file, beside the app's index.html. */
export const REPORT_TEMPLATE = 'report.html';

/** What this page is: the site (null), or a report with its data, or a report whose data is corrupt. */
export type PageReport = { data: ReportData; error: null } | { data: null; error: Message };

let pageReport: PageReport | null = null;
/** A report's own template (its page as loaded, data element emptied), to save it again. */
let ownTemplate: string | null = null;

/** A report's template, remade from its page's elements as the build made them (base/report-page). */
export function templateOfPage(doc: Document, workersEl: HTMLElement): string | null {
  const policy = doc.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content');
  const icon = doc.querySelector('link[rel="icon"]')?.getAttribute('href');
  const css = doc.querySelector('head > style')?.textContent;
  const js = doc.querySelector('script[type="module"]')?.textContent;
  if (!policy || !icon || css == null || js == null) return null;
  return reportTemplateHtml({ policy, icon, css, workersJson: workersEl.textContent ?? '', js });
}

/**
 * Called first at startup (main.tsx). In a report: starts its workers from the sources it carries,
 * keeps its template, and gives the URL the report's view unless the URL has one (a reload keeps
 * the view the user made).
 */
export function startReportPage(doc: Document = document): PageReport | null {
  const dataEl = doc.getElementById(REPORT_DATA_ID);
  const workersEl = doc.getElementById(REPORT_WORKERS_ID);
  if (!dataEl || !workersEl) return null;
  ownTemplate = templateOfPage(doc, workersEl);
  try {
    installEmbeddedWorkers(JSON.parse(workersEl.textContent ?? '') as Record<string, string>);
  } catch {
    pageReport = { data: null, error: message('report.corrupt', { part: 'workers' }) };
    return pageReport;
  }
  const data = readReportData(dataEl.textContent);
  if (data === null) return null; // the template itself, opened as it is
  if (data === 'corrupt') pageReport = { data: null, error: message('report.corrupt', { part: 'data' }) };
  else pageReport = { data, error: null };
  if (pageReport.data && (location.hash === '' || location.hash === '#')) history.replaceState(null, '', location.pathname + location.search + pageReport.data.hash);
  return pageReport;
}

/** This page's report, once startReportPage has run (null on the site). */
export function currentReport(): PageReport | null {
  return pageReport;
}

/** Whether this page is a report (its workers come from its own sources). */
export function isReportPage(): boolean {
  return embeddedWorkerUrl('parse') !== null;
}

/** The files a report holds: every open file of the user's, and any other the view names (a demo file shown). */
export function reportFiles(s: GoLensState): { files: LinkFile[]; hash: string } {
  const link = linkStateOf(s);
  const named = new Set(link.files.map((f) => f.id));
  const files = s.files
    .filter((f) => f.status === 'ready' && f.hash !== null && (f.origin === 'user' || named.has(f.id)))
    .map((f) => ({ id: f.id, size: f.size, hash: f.hash!, name: f.name }));
  return { files, hash: formatHash(files, link.selection, link.views) };
}

export type SavedReport =
  | { ok: true; html: string; fileName: string; files: number; appBytes: number; dataBytes: number; bytes: number }
  | { ok: false; reason: Message };

const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** The name a report is saved under: its first file's, without the extension. */
export function reportFileName(files: readonly { name: string }[]): string {
  const first = (files[0]?.name ?? 'golens').replace(/\.(pb\.gz|pprof|prof|out|trace|gz|txt|log|jsonl?)$/i, '');
  const safe = first.replace(/[^\w.-]+/g, '_').slice(0, 80) || 'golens';
  return `${safe}.golens-report.html`;
}

async function templateText(fetcher: typeof fetch): Promise<string | Message> {
  if (ownTemplate !== null) return ownTemplate;
  let res: Response;
  try {
    res = await fetcher(REPORT_TEMPLATE);
  } catch (e) {
    return message('report.no-template', { detail: e instanceof Error ? e.message : String(e) });
  }
  const text = res.ok ? await res.text() : '';
  if (!res.ok || !text.includes(REPORT_DATA_EMPTY)) return message('report.no-template', { detail: res.ok ? 'not a report template' : `HTTP ${res.status}` });
  return text;
}

/** The report of the workspace (its files and view), or why there is none. */
export async function makeReport(s: GoLensState, fetcher: typeof fetch = fetch): Promise<SavedReport> {
  const { files, hash } = reportFiles(s);
  const packed: PackedFile[] = [];
  for (const f of files) {
    const blob = fileSource(f.id);
    if (blob) packed.push({ name: f.name, bytes: new Uint8Array(await blob.arrayBuffer()) });
  }
  if (packed.length === 0 || hash === '') return { ok: false, reason: message('share.nothing') };
  const template = await templateText(fetcher);
  if (typeof template !== 'string') return { ok: false, reason: template };
  const data = packFiles(packed);
  const html = fillReport(template, { hash, data });
  return { ok: true, html, fileName: reportFileName(files), files: packed.length, appBytes: utf8Length(template), dataBytes: data.length, bytes: utf8Length(html) };
}
