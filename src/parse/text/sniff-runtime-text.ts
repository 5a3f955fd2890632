// Which Go runtime text output a file is, told by its content (never its name). Called by
// parse/detect.ts after gzip and the legacy-profile sniff, before the protobuf decoder.

import type { EscapeModel, GoroutineDumpModel, MemStatsModel, RuntimeLogModel } from '../../model/runtime-log';
import { parseEscape, sniffEscape } from './escape';
import { parseGoroutineDump, sniffGoroutineDump } from './goroutine-dump';
import { parseMemStats, sniffMemStats } from './memstats';
import { parseRuntimeLog, sniffRuntimeLog } from './runtime-log';
import { looksLikeText } from '../../base/text-lines';

export type RuntimeTextKind = 'goroutine-dump' | 'memstats' | 'escape' | 'runtime-log';

const utf8 = new TextDecoder('utf-8');
/** A GODEBUG log may start with pages of program output: look this far for a runtime line. */
const RUNTIME_LOG_SNIFF_BYTES = 1 << 20;

export function sniffRuntimeText(bytes: Uint8Array): RuntimeTextKind | null {
  if (!looksLikeText(bytes)) return null;
  const head = utf8.decode(bytes.subarray(0, Math.min(bytes.length, 4096)));
  if (sniffGoroutineDump(head)) return 'goroutine-dump';
  if (sniffEscape(head)) return 'escape';
  const big = bytes.length <= 4096 ? head : utf8.decode(bytes.subarray(0, Math.min(bytes.length, RUNTIME_LOG_SNIFF_BYTES)));
  // expvar sorts its keys: user variables before "cmdline"/"memstats" may push them past the head.
  if (sniffMemStats(big)) return 'memstats';
  if (sniffRuntimeLog(big)) return 'runtime-log';
  return null;
}

export function parseRuntimeText(
  bytes: Uint8Array,
  kind: RuntimeTextKind,
): RuntimeLogModel | MemStatsModel | GoroutineDumpModel | EscapeModel {
  switch (kind) {
    case 'goroutine-dump':
      return parseGoroutineDump(bytes);
    case 'memstats':
      return parseMemStats(bytes);
    case 'escape':
      return parseEscape(bytes);
    case 'runtime-log':
      return parseRuntimeLog(bytes);
  }
}
