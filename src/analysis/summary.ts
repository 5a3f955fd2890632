// summary --json: one digest per parsed file (../shared/docs/summary-schema.md).

import type { ParsedFile } from '../model/parsed-file';
import { summarizeProfile } from './profile-summary';

export type Digest = Record<string, unknown>;

export function summarize(file: ParsedFile): Digest {
  switch (file.kind) {
    case 'profile':
      return summarizeProfile(file);
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
