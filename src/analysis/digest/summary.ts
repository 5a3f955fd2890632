// summary --json: one digest per parsed file (../shared/docs/summary-schema.md).

import type { ParsedFile } from '../../model/parsed-file';
import { summarizeProfile } from './profile-summary';
import { summarizeTrace } from './trace-summary';
import { summarizeEscape } from './escape-summary';
import { summarizeRuntimeLog } from './gctrace-summary';
import { summarizeGoroutineDump } from './goroutine-dump-summary';
import { summarizeMemStats } from './memstats-summary';

export type Digest = Record<string, unknown>;

export function summarize(file: ParsedFile): Digest {
  switch (file.kind) {
    case 'profile':
      return summarizeProfile(file);
    case 'trace':
      return summarizeTrace(file);
    case 'runtime-log':
      return summarizeRuntimeLog(file);
    case 'memstats':
      return summarizeMemStats(file);
    case 'goroutine-dump':
      return summarizeGoroutineDump(file);
    case 'escape':
      return summarizeEscape(file);
  }
}

/** JSON with bigint values printed exactly (timeNanos exceeds 2^53). */
export function digestToJson(d: Digest): string {
  const marks: string[] = [];
  const json = JSON.stringify(
    d,
    (_k, v: unknown) => {
      if (typeof v === 'bigint') {
        marks.push(v.toString());
        return `\u0000bigint${marks.length - 1}\u0000`;
      }
      return v;
    },
    2,
  );
  return json.replace(/"\\u0000bigint(\d+)\\u0000"/g, (_m, i: string) => marks[Number(i)]!);
}
