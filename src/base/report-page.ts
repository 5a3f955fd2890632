// A saved report: one .html file holding the app and the open files (issue 16). The build makes
// its template, `report.html` (scripts/report-plugin.ts): the app's own script and stylesheet
// inline, its workers' sources as JSON, and a Content-Security-Policy allowing exactly those
// inline elements by their sha256. Saving fills the template's one data element with the files
// (base/share-codec's packed string) and the view state (a link's fragment). Data elements are
// `<script type="application/json">`: the browser never runs them, so the policy needs no hash
// of the data, and their text is JSON with every `<` escaped, so no data can end the element.

/** The element of the template the files go in, as the build writes it (empty). */
export const REPORT_DATA_ID = 'golens-report';
export const REPORT_DATA_EMPTY = `<script type="application/json" id="${REPORT_DATA_ID}">null</script>`;
/** The element holding the workers' sources ({ name: source }). */
export const REPORT_WORKERS_ID = 'golens-workers';

/** What a report carries: the view as a link's fragment (`#f=…&s=…`) and the packed files. */
export type ReportData = { hash: string; data: string };

/** JSON safe inside an HTML element: `<` (so `</script>` and `<!--`) and the JS line separators escaped. */
export function jsonForHtml(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** JavaScript safe inside an inline <script>: `</script` can only occur in its strings, where `<\/` means the same. */
export function scriptForHtml(js: string): string {
  const out = js.replace(/<\/(script)/gi, '<\\/$1');
  if (out.includes('<!--')) throw new Error('an inline script may not contain "<!--" (the HTML parser would read it as a comment)');
  return out;
}

/** The parts of a template, each already safe inside its element (scriptForHtml, styleForHtml, jsonForHtml). */
export type TemplateParts = { policy: string; icon: string; css: string; workersJson: string; js: string };

export function styleForHtml(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/**
 * The template's page. The build makes it (scripts/report-plugin.ts); a report remakes it from
 * its own elements to be saved again, so both go through this one function.
 */
export function reportTemplateHtml(p: TemplateParts): string {
  const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(p.policy)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="generator" content="GoLens">
<title>GoLens report</title>
<link rel="icon" href="${attr(p.icon)}" type="image/svg+xml">
<style>${p.css}</style>
${REPORT_DATA_EMPTY}
<script type="application/json" id="${REPORT_WORKERS_ID}">${p.workersJson}</script>
<script type="module">${p.js}</script>
</head>
<body>
<div id="root"></div>
</body>
</html>
`;
}

/** The report: the template with its data element filled. */
export function fillReport(template: string, report: ReportData): string {
  const at = template.indexOf(REPORT_DATA_EMPTY);
  if (at < 0) throw new Error('not a GoLens report template: no empty data element');
  const element = `<script type="application/json" id="${REPORT_DATA_ID}">${jsonForHtml({ v: 1, hash: report.hash, data: report.data })}</script>`;
  return template.slice(0, at) + element + template.slice(at + REPORT_DATA_EMPTY.length);
}

/**
 * The data of a report page from its data element's text: null for the template itself (no
 * data: not a report), a ReportData, or 'corrupt' for text that is not one.
 */
export function readReportData(text: string | null): ReportData | null | 'corrupt' {
  if (text === null) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'corrupt';
  }
  if (v === null) return null;
  const o = v as { v?: unknown; hash?: unknown; data?: unknown };
  if (typeof o !== 'object' || o.v !== 1 || typeof o.hash !== 'string' || typeof o.data !== 'string') return 'corrupt';
  return { hash: o.hash, data: o.data };
}
