// golens diff / golens top: pprof's comparison and its -top table from the command line
// (`go tool pprof -diff_base` / `-base` / `-top`), on the same analysis the app uses.

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorToMessage } from '../base/errors';
import { formatFileMessage, formatMessage } from '../i18n/en';
import { digestToJson } from '../analysis/digest/summary';
import { summarizeProfile } from '../analysis/digest/profile-summary';
import { compareProblem, diffProfiles, type DiffMode } from '../analysis/profile/diff';
import { leakSuspects, orderSeries, seriesTotals } from '../analysis/profile/series';
import { pprofHeader } from '../analysis/profile/pprof-header';
import { pprofTopText } from '../analysis/profile/pprof-top';
import { parseBytes } from '../parse/detect';
import type { ProfileModel } from '../model/profile';
import { jsonText, terminalText } from '../base/display-name';

export const DIFF_USAGE = `usage: golens diff [--json] BASE TARGET

Prints the digest of the profile \`go tool pprof -diff_base=BASE TARGET\` builds: TARGET's
samples and BASE's with their values negated, over the sample types both have.`;

export const SERIES_USAGE = `usage: golens series [--json] [--sample-index NAME] FILE...

Orders snapshots of one program (heap or goroutine profiles) by capture time and prints, as
JSON, their totals, top functions and the leak suspects (what grew in every interval).`;

export const TOP_USAGE = `usage: golens top [--sample-index NAME] [--diff-base BASE | --base BASE] FILE

Prints the table \`go tool pprof -top -nodecount=20\` prints, its header lines included (times in
UTC). For legacy text forms the functions are named from their # lines, where pprof prints
<unknown>.`;

export const HEADER_USAGE = `usage: golens header [--sample-index NAME] [--diff-base BASE | --base BASE] FILE

Prints the lines go tool pprof prints before its reports (File, Build ID, Type, Time in UTC,
Duration and Total samples).`;

type Out = { out: (s: string) => void; err: (s: string) => void };

const stdio: Out = {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
};

/** Names from files reach the terminal with their control and bidi characters made visible. */
function safe(io: Out): Out {
  return { out: io.out, err: (s) => io.err(terminalText(s)) };
}

/** A profile from a file, or a line on stderr naming the file and the problem. */
async function readProfile(file: string, io: Out): Promise<ProfileModel | null> {
  try {
    const buf = await readFile(file);
    const p = await parseBytes(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
    if (p.kind !== 'profile') {
      io.err(`golens: ${file}: not a pprof profile (a ${p.kind})\n`);
      return null;
    }
    return p;
  } catch (e) {
    io.err(`golens: ${formatFileMessage(file, errorToMessage(e))}\n`);
    return null;
  }
}

export async function diffCommand(args: string[], raw: Out = stdio): Promise<number> {
  const io = safe(raw);
  const files = args.filter((a) => a !== '--json');
  const unknown = files.find((a) => a.startsWith('-'));
  if (unknown !== undefined || files.length !== 2) {
    io.err(`${unknown !== undefined ? `golens: unknown option ${unknown}\n` : ''}${DIFF_USAGE}\n`);
    return 2;
  }
  const [baseFile, targetFile] = files as [string, string];
  const base = await readProfile(baseFile, io);
  const target = await readProfile(targetFile, io);
  if (!base || !target) return 1;
  const problem = compareProblem(base, target);
  if (problem) {
    io.err(`golens: cannot compare ${targetFile} with ${baseFile}: ${formatMessage(problem)}\n`);
    return 1;
  }
  const digest = { ...summarizeProfile(diffProfiles(base, target, 'diff_base')), diffBase: basename(baseFile) };
  io.out(jsonText(digestToJson(digest)) + '\n');
  return 0;
}

export async function seriesCommand(args: string[], raw: Out = stdio): Promise<number> {
  const io = safe(raw);
  const files: string[] = [];
  let sampleIndex = '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--json') continue;
    if (a === '--sample-index' || a.startsWith('--sample-index=')) {
      sampleIndex = a.includes('=') ? a.slice(a.indexOf('=') + 1) : (args[++i] ?? '');
      continue;
    }
    if (a.startsWith('-')) {
      io.err(`golens: unknown option ${a}\n${SERIES_USAGE}\n`);
      return 2;
    }
    files.push(a);
  }
  if (files.length === 0) {
    io.err(SERIES_USAGE + '\n');
    return 2;
  }
  const profiles: ProfileModel[] = [];
  for (const f of files) {
    const p = await readProfile(f, io);
    if (!p) return 1;
    profiles.push(p);
  }
  const order = orderSeries(profiles);
  const first = profiles[order.order[0]!]!;
  const type = sampleIndex || first.sampleTypes[first.defaultSampleTypeIndex]!.type;
  const totals = seriesTotals(profiles, order, type);
  const { suspects, stacks } = leakSuspects(profiles, order, type);
  const out = {
    files: order.order.map((i) => files[i]!),
    orderedBy: order.by,
    note: formatMessage(order.note),
    sampleType: type,
    seconds: totals.seconds,
    totals: totals.totals,
    functions: totals.functions,
    suspects,
    stacks,
  };
  io.out(jsonText(JSON.stringify(out, null, 2)) + '\n');
  return 0;
}

export async function headerCommand(args: string[], io: Out = stdio): Promise<number> {
  return profileReport(args, HEADER_USAGE, io, (p, idx) => pprofHeader(p, idx).join('\n') + '\n');
}

export async function topCommand(args: string[], io: Out = stdio): Promise<number> {
  return profileReport(args, TOP_USAGE, io, (p, idx) => pprofTopText(p, idx));
}

/**
 * A report of one profile, or of its comparison with a base (--diff-base, --base), for the
 * sample type --sample-index names (else the default): the arguments read, the files parsed,
 * the problems said on stderr.
 */
async function profileReport(
  args: string[],
  usage: string,
  raw: Out,
  print: (p: ProfileModel, sampleTypeIndex: number) => string,
): Promise<number> {
  const io = safe(raw);
  let sampleIndex = '';
  let baseFile = '';
  let mode: DiffMode = 'diff_base';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--sample-index') sampleIndex = args[++i] ?? '';
    else if (a === '--diff-base' || a === '--base') {
      if (baseFile) {
        io.err(`golens: one of --diff-base and --base\n${usage}\n`);
        return 2;
      }
      baseFile = args[++i] ?? '';
      mode = a === '--base' ? 'base' : 'diff_base';
    } else if (a.startsWith('-')) {
      io.err(`golens: unknown option ${a}\n${usage}\n`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    io.err(usage + '\n');
    return 2;
  }
  let p = await readProfile(files[0]!, io);
  if (!p) return 1;
  if (baseFile) {
    const base = await readProfile(baseFile, io);
    if (!base) return 1;
    const problem = compareProblem(base, p);
    if (problem) {
      io.err(`golens: cannot compare ${files[0]} with ${baseFile}: ${formatMessage(problem)}\n`);
      return 1;
    }
    p = diffProfiles(base, p, mode);
  }
  const idx = sampleIndex ? p.sampleTypes.findIndex((t) => t.type === sampleIndex) : p.defaultSampleTypeIndex;
  if (idx < 0) {
    io.err(`golens: ${files[0]}: no sample type ${sampleIndex} (it has ${p.sampleTypes.map((t) => t.type).join(', ')})\n`);
    return 1;
  }
  io.out(terminalText(print(p, idx)));
  return 0;
}
