// The English sentences of the app's messages (base/messages.ts): one function per code, from
// its arguments. Only the edge (views, CLI) turns messages into text, through formatMessage.
// A new code gets its sentence here; `messages.test.ts` checks that every code the sources use
// has one. Another language is another file of this shape.

import type { Message, MessageArg } from '../base/messages';
import { formatBytes, formatCount, formatNanoseconds } from '../base/units';
import { formatInteger } from '../base/number-format';
import { displayName } from '../base/display-name';

type Args = Record<string, MessageArg>;
type Sentence = (a: Args, f: Formatter) => string;

/** What a sentence uses to print its arguments. */
export type Formatter = {
  msg(m: MessageArg | undefined): string;
  int(v: MessageArg | undefined): string;
  bytes(v: MessageArg | undefined): string;
  ns(v: MessageArg | undefined): string;
  /** " at byte N" / " at line L, column C" / "" from the offset/line/column arguments. */
  where(a: Args): string;
};

export const EN: Record<string, Sentence> = {
  internal: (a) => `GoLens failed on this file (a bug in GoLens, not in the file): ${a.detail}`,
  cancelled: () => 'cancelled',
  'file.empty': () => 'the file is empty (0 bytes)',
  'file.read-failed': (a) => `could not be read (${a.detail})`,
  'parser.crashed': (a) => `the parser stopped (${a.detail}): the file may be too large for this browser's memory`,
  'view.failed': (a) => `the ${a.view} failed on this file: ${a.detail}`,
  'storage.failed': (a) => `this browser's storage cannot be used (${a.detail})`,
  'gzip.empty': () => 'the gzip stream is empty',
  'gzip.invalid': (a, f) =>
    `invalid gzip data (${a.detail})${f.where(a)}${typeof a.decompressed === 'number' ? `, after ${f.int(a.decompressed)} bytes of decompressed data` : ''}`,
  'gzip.truncated': (a, f) =>
    `truncated gzip data: the file ends at byte ${f.int(a.offset)} before its gzip stream does (${f.int(a.decompressed)} bytes decompressed until then; ${a.detail})`,
  'format.unrecognized-text': (a, f) =>
    `unrecognized format: ${a.inGzip ? 'gzip data that is ' : ''}not a profile, trace or Go runtime log (starts with "${a.firstLine}")` +
    (typeof a.line === 'number' ? `; line ${f.int(a.line)}, column ${f.int(a.column)} holds byte 0x${Number(a.byte).toString(16).padStart(2, '0')}, not text` : ''),
  'text.skipped-lines': (a, f) => `${f.int(a.count)} line${a.count === 1 ? '' : 's'} skipped; first (line ${f.int(a.line)}): ${a.first}`,
  'leak.runtime-detected': (a, f) => `${f.int(a.count)} goroutine${a.count === 1 ? '' : 's'} marked (leaked) by the runtime`,
  'leak.long-wait': (a, f) => `${f.int(a.count)} goroutines waiting ≥ ${a.minutes} minutes (up to ${a.maxMinutes})`,
  'leak.pile-up': (a, f) => `${f.int(a.count)} goroutines blocked on channel/select/sync at ${a.site}`,
  'leak.profile-pile-up': (a, f) => `${f.int(a.count)} goroutines with one stack at ${a.site} (a profile has no wait state: check they are blocked)`,
  // trace v1 (Go 1.11–1.21 traces)
  'trace.v1-too-old': (a) =>
    `this trace has the format of Go ${a.version} (header "go ${a.version} trace"): traces of Go 1.5 to 1.10 are not supported (Go's own tools read them only up to Go 1.22); GoLens reads traces of Go 1.11 and later`,
  'trace.no-wall-clock': (a) =>
    `this trace (format go ${a.version}) has no wall-clock snapshot (Go 1.25 and later write one), so heap profiles cannot be placed on its time axis`,
  // run placement (analysis/run/)
  'run.two-traces': (a) => `a run has one trace as its time axis: ${a.first} and ${a.second} are both traces; open them as separate runs`,
  'run.no-axis': () => 'a run needs a trace or a GODEBUG=gctrace=1 log for its time axis',
  'run.log-without-gc': () => 'this log has no gc lines (GODEBUG=gctrace=1), so it cannot be placed on the run\'s axis',
  'run.log-matches-nothing': (a, f) =>
    `none of this log's ${f.int(a.cycles)} GC cycles match the ${f.int(a.axisCycles)} of the run's axis (spacing and pauses): it is shown on its own clock`,
  'run.match-ambiguous': () => 'another alignment of the cycles fits as well: the offset may be wrong',
  'run.memstats-without-gc': () => 'these MemStats were taken before any GC cycle, so they cannot be placed',
  'run.memstats-matches-nothing': (a, f) =>
    `the ${f.int(a.cycles)} GC cycles in these MemStats' pause rings match none of the ${f.int(a.axisCycles)} of the run's axis`,
  'run.profile-without-time': () => 'this profile has no time_nanos (when it was taken), so it cannot be placed; set its time',
  'run.no-wall-clock': () =>
    'cannot be placed: the run has no wall clock (a Go 1.25+ trace or MemStats matched to its GC cycles give one); set its time',
  'run.kind-has-no-time': (a) => `a ${a.kind} carries no time, so it is not on the run's axis`,
  'run.demo-left-out': (a) => `the demo's files (${a.files}) are profiles of other programs, not of your program's run: they are left out of it`,
  // run leftovers (issue 13): the demo out of a series too, an own-clock log, files that cannot be placed
  'series.demo-left-out': (a) => `the demo's files (${a.files}) are profiles of other programs, not snapshots of yours: they are left out of the series`,
  'workspace.demo-left-out': (a) =>
    `the demo's files (${a.files}) are profiles of other programs, not of yours: Series and Same run leave them out`,
  'run.range-own-clock': () => "left out: on its own clock, not the run's (its cycles match none of the run's)",
  // share and open (issue 16): shared links, reports, #url=, golens open
  'share.truncated': () => 'the shared data is cut short (the link was truncated: copy it whole)',
  'share.bad-character': (a, f) => `the shared data is not base64url (a character that does not belong${f.where(a)})`,
  'share.version': (a) => `the shared data was made by a newer GoLens (format version ${a.version})`,
  'share.corrupt': (a) => `the shared data is corrupt (${a.detail})`,
  'share.in-link': (a, f) => `the link's embedded files cannot be read: ${f.msg(a.cause)}. Nothing was loaded from it.`,
  'share.too-large': (a, f) =>
    `the open files are too large to embed in a link: ${f.bytes(a.size)} compressed, more than the ${f.bytes(a.limit)} a link can safely carry. Save a report instead`,
  'share.nothing': () => 'no file is shown: open a file to share its view',
  'url.http-status': (a) => `${a.url}: the server answered HTTP ${a.status}${a.statusText ? ` ${a.statusText}` : ''}`,
  'url.fetch-failed': (a) =>
    `${a.url}: no answer (the host is unreachable, or it does not allow other sites to read the file: no CORS header)`,
  'open.list-failed': (a) => `the files \`golens open\` serves could not be listed (${a.detail}): is it still running?`,
  'url.not-readable': (a, f) => `${a.url}: ${f.msg(a.cause)}`,
  'url.not-http': (a) => `${a.url}: only http and https addresses can be opened`,
  // strict CSP (issue 17): connect-src 'self' https:
  'url.not-https': (a) => `${a.url}: only https addresses can be opened from another site (the page's security policy allows no plain-http connection to one)`,
  // saved reports (issue 16, store/report.ts)
  'report.no-template': (a) =>
    `a report cannot be made here: the app's report template (report.html) is missing (${a.detail}); reports are made by the built app (npm run build), not the development server`,
  'report.corrupt': (a) => `this report is damaged (its ${a.part} cannot be read as JSON): nothing was loaded from it`,
  'report.data': (a, f) => `this report's files cannot be read: ${f.msg(a.cause)}. Nothing was loaded from it.`,
  // compare UI (views/workspace/start-compare.ts, views/compare/)
  'compare.not-ready': () => 'both files must be read first',
  'compare.refused': (a, f) => `Cannot compare ${a.target} with ${a.base} as its base: ${f.msg(a.cause)}`,
  // hostile and broken input (issue 17)
  'memstats.bad-value': (a, f) =>
    `line ${f.int(a.line)}: ${a.field} is ${a.value}, not ${a.expected} as Go writes it; the sample is not used`,
  'format.unrecognized-binary': (a, f) =>
    `unrecognized format: ${a.inGzip ? 'gzip data that is ' : ''}not a profile, trace or Go runtime log (read as a pprof protobuf: ${f.msg(a.cause)})`,
  // the full fuzz run (issue 17, scripts/fuzz.ts): what it found
  'trace.time-beyond-range': (a, f) =>
    `event ${f.int(a.event)} is at ${f.int(a.ns)} ns after the trace's first event, beyond 2^53 ns (104 days): a corrupt timestamp (GoLens keeps times exact to the nanosecond only up to 2^53)`,
  // parser side of issue 17 (early rejection, plain messages, checked numbers)
  'memstats.bad-json': (a, f) =>
    `no runtime.MemStats object could be read: the JSON value starting at line ${f.int(a.line)} is not valid (${f.msg(a.detail)})`,
  'pprof.malformed': (a, f) =>
    `${f.msg(a.detail)}${a.field ? ` in field ${a.field}${PROFILE_FIELDS[Number(a.field)] ? ` (${PROFILE_FIELDS[Number(a.field)]})` : ''} starting` : ''}${f.where(a)}`,
  // every error names where (issue 17, src/parse/**): whole-file ones say how much was read
  'text.no-runtime-lines': (a, f) =>
    `no gctrace, schedtrace or scavtrace line found in the ${f.int(a.lines)} line${a.lines === 1 ? '' : 's'} read (GODEBUG=gctrace=1 writes "gc N @…s …%: …" lines to stderr)`,
  'text.runtime-line-malformed': (a, f) =>
    `no gctrace, schedtrace or scavtrace line could be read: line ${f.int(a.line)} starts like one but does not parse (${a.first})` +
    (Number(a.count) > 1 ? `, and ${f.int(Number(a.count) - 1)} more like it` : '') + ` in ${f.int(a.lines)} lines`,
  'text.no-memstats': (a, f) =>
    `no runtime.MemStats object found in the ${f.int(a.lines)} line${a.lines === 1 ? '' : 's'} read` +
    (typeof a.line === 'number' ? `: the first JSON value, at line ${f.int(a.line)}, is not one (${a.first})` : ''),
  'text.no-goroutine-header': (a, f) =>
    `no goroutine header (\`goroutine N [status]:\`) found in the ${f.int(a.lines)} line${a.lines === 1 ? '' : 's'} read`,
  'text.no-escape-lines': (a, f) =>
    `no escape-analysis or inlining diagnostic (\`file.go:L:C: …\`, as go build -gcflags=-m writes) found in the ${f.int(a.lines)} line${a.lines === 1 ? '' : 's'} read`,
  'pprof.invalid': (a, f) =>
    `invalid profile: ${f.msg(a.detail)}${a.field ? ` in field ${a.field}${PROFILE_FIELDS[Number(a.field)] ? ` (${PROFILE_FIELDS[Number(a.field)]})` : ''} starting` : ''}${f.where(a)}`,
  'legacy.not-its-form': (a, f) =>
    `unrecognized profile format: the header looks like a legacy ${a.kind} profile, but its reader gave up at line ${f.int(a.line)}`,
  // Comparing profiles and series of snapshots (analysis/profile/diff.ts, series.ts).
  'compare.not-profiles': (a) => `only two profiles can be compared (the base is a ${a.base}, the target a ${a.target})`,
  'compare.different-kinds': (a) => `these are different kinds of profile (the base samples ${a.base}, the target ${a.target})`,
  'compare.no-common-sample-type': (a) => `the profiles have no sample type in common (base: ${a.base}; target: ${a.target})`,
  'compare.different-units': (a) => `${a.type} is counted in ${a.base} in the base and in ${a.target} in the target`,
  'series.one-file': (a) => `a series of ${a.count} file${a.count === 1 ? '' : 's'}: add snapshots of the same program to see what grows`,
  'series.ordered-by-time': (a) =>
    `ordered by capture time (${a.source === 'time_nanos' ? "the profiles' time_nanos" : a.source === 'last-gc' ? "the MemStats footers' LastGC" : "time_nanos, or the MemStats footer's LastGC for text forms"})`,
  'series.ordered-by-num-gc': () => "ordered by the MemStats footers' NumGC (no capture times)",
  'series.ordered-as-given': (a, f) => `in the order the files were given: ${f.int(a.without)} of them ha${a.without === 1 ? 's' : 've'} no capture time`,
};

/** profile.proto's top-level fields, by number (pprof-format.md §2). */
const PROFILE_FIELDS: Record<number, string> = {
  1: 'sample_type', 2: 'sample', 3: 'mapping', 4: 'location', 5: 'function', 6: 'string_table', 7: 'drop_frames',
  8: 'keep_frames', 9: 'time_nanos', 10: 'duration_nanos', 11: 'period_type', 12: 'period', 13: 'comment',
  14: 'default_sample_type',
};

function argNumber(v: MessageArg | undefined): number {
  return typeof v === 'number' ? v : Number(v);
}

const formatter: Formatter = {
  msg: (m) => (m === undefined ? '' : typeof m === 'object' ? formatMessage(m) : String(m)),
  int: (v) => formatInteger(argNumber(v)),
  bytes: (v) => formatBytes(argNumber(v)),
  ns: (v) => formatNanoseconds(argNumber(v)),
  where: (a) => {
    if (typeof a.line === 'number') return ` at line ${formatInteger(a.line)}${typeof a.column === 'number' ? `, column ${a.column}` : ''}`;
    if (typeof a.offset === 'number') return ` at byte ${formatInteger(a.offset)}${a.inGzip ? ' of the decompressed data' : ''}`;
    return '';
  },
};

/** String arguments come from files (names, lines): controls made visible, cut to a screen. */
function shownArgs(args: Args): Args {
  let out: Args | null = null;
  for (const k in args) {
    const v = args[k];
    if (typeof v !== 'string') continue;
    const shown = displayName(v, 1000);
    if (shown !== v) (out ??= { ...args })[k] = shown;
  }
  return out ?? args;
}

/** The English sentence of a message. */
export function formatMessage(m: Message): string {
  const sentence = EN[m.code];
  if (sentence) return sentence(shownArgs(m.args), formatter);
  // A message whose code is still an English sentence (older call sites): it says itself.
  // A location its caller added (base/errors.ts locatedError) is appended, unless it says one.
  if (/\s/.test(m.code)) return /\b(byte|offset|line)s? \d/.test(m.code) ? m.code : m.code + formatter.where(m.args);
  const args = Object.entries(shownArgs(m.args))
    .map(([k, v]) => `${k}=${formatter.msg(v)}`)
    .join(', ');
  return args ? `${m.code} (${args})` : m.code;
}

/** "FILE: sentence", as the sidebar and the CLI print a file's error. */
export function formatFileMessage(fileName: string, m: Message): string {
  return `${displayName(fileName)}: ${formatMessage(m)}`;
}

export { formatCount };
