// What parsing one file yields: one variant per family of formats. The worker returns it,
// the store keeps it by reference, the CLI digests it.

import type { ProfileModel } from './profile';

export type ParsedFile = ProfileModel;

export type ParsedKind = ParsedFile['kind'];
