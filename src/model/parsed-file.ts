// What parsing one file yields: one variant per family of formats. The worker returns it,
// the store keeps it by reference, the CLI digests it.

import { checkProfileIntegrity, type ProfileModel } from './profile';
import { checkTraceIntegrity, type TraceModel } from './trace';
import {
  checkEscapeIntegrity,
  checkGoroutineDumpIntegrity,
  checkMemStatsIntegrity,
  checkRuntimeLogIntegrity,
  type EscapeModel,
  type GoroutineDumpModel,
  type MemStatsModel,
  type RuntimeLogModel,
} from './runtime-log';

export type ParsedFile = ProfileModel | RuntimeLogModel | MemStatsModel | GoroutineDumpModel | EscapeModel | TraceModel;

export type ParsedKind = ParsedFile['kind'];

/** The integrity check of whichever model a file became: the problems found, none when sound. */
export function checkParsedFileIntegrity(p: ParsedFile): string[] {
  switch (p.kind) {
    case 'profile':
      return checkProfileIntegrity(p);
    case 'trace':
      return checkTraceIntegrity(p);
    case 'runtime-log':
      return checkRuntimeLogIntegrity(p);
    case 'memstats':
      return checkMemStatsIntegrity(p);
    case 'goroutine-dump':
      return checkGoroutineDumpIntegrity(p);
    case 'escape':
      return checkEscapeIntegrity(p);
  }
}
