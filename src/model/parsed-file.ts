// What parsing one file yields: one variant per family of formats. The worker returns it,
// the store keeps it by reference, the CLI digests it.

import type { ProfileModel } from './profile';
import type { TraceModel } from './trace';
import type { EscapeModel, GoroutineDumpModel, MemStatsModel, RuntimeLogModel } from './runtime-log';

export type ParsedFile = ProfileModel | RuntimeLogModel | MemStatsModel | GoroutineDumpModel | EscapeModel | TraceModel;

export type ParsedKind = ParsedFile['kind'];
