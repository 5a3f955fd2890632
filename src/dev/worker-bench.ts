// The parse worker's bench entry (`npm run bench`, browser part; never called by the app): one
// parse timed stage by stage, with a chosen gunzip, then the profile's first view; nothing is
// transferred back.

import { arenaBytesUsed, disarmArena } from '../base/arena';
import type { GunzipImpl } from '../base/gzip';
import { computeInitialProfileView } from '../analysis/profile/top';
import { timedParse } from './timed-parse';

export async function benchTimedParse(file: Blob, gunzip: GunzipImpl) {
  const t = await timedParse(file, gunzip);
  const t0 = performance.now();
  if (t.parsed.kind === 'profile') computeInitialProfileView(t.parsed);
  const initialViewMs = performance.now() - t0;
  const arenaMB = arenaBytesUsed() / (1 << 20);
  disarmArena();
  return { ...t.timings, initialViewMs, arenaMB };
}
