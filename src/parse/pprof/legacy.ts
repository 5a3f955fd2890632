// Legacy (pre-protobuf) pprof forms: text and binary (../shared/docs/pprof-format.md §7).
// Placeholder dispatch: filled by the legacy importers.

import { FormatError } from '../../base/errors';
import type { ProfileModel } from '../../model/profile';

export type LegacyKind = 'heap' | 'count' | 'contention' | 'thread' | 'cpu-binary' | 'java';

export function sniffLegacyProfile(_bytes: Uint8Array, _head: string): LegacyKind | null {
  return null;
}

export function parseLegacyProfile(_bytes: Uint8Array, kind: LegacyKind): ProfileModel {
  throw new FormatError(`legacy ${kind} profiles are not supported yet`);
}
