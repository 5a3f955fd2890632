// The `# runtime.MemStats` footer of Go's debug=1 heap profile (pprof-format.md §7.1):
// `# Name = value` lines in a fixed order, which pprof skips as comments. GoLens keeps them
// for the MemStats panel. Shape and units: MemStats in model/profile.ts.

import type { MemStats } from '../../model/profile';
import { trimSpace } from './legacy-text';

export const MEMSTATS_HEADER = '# runtime.MemStats';

const COUNT_FIELDS = [
  'Alloc', 'TotalAlloc', 'Sys', 'Lookups', 'Mallocs', 'Frees', 'HeapAlloc', 'HeapSys', 'HeapIdle', 'HeapInuse',
  'HeapReleased', 'HeapObjects', 'BuckHashSys', 'GCSys', 'OtherSys', 'NextGC', 'NumGC', 'NumForcedGC',
] as const;
const PAIR_FIELDS = { Stack: ['StackInuse', 'StackSys'], MSpan: ['MSpanInuse', 'MSpanSys'], MCache: ['MCacheInuse', 'MCacheSys'] } as const;

const UINT = /^[0-9]+$/;

function exactUint(s: string): number | null {
  if (!UINT.test(s)) return null;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : null;
}

/** A Go uint64 in decimal, kept as its canonical decimal string (no leading zeros). */
function uintString(s: string): string | null {
  if (!UINT.test(s) || s.length > 20) return null;
  const v = BigInt(s);
  return v < 1n << 64n ? v.toString() : null;
}

/** `[a b c …]` as Go's %d prints a [256]uint64. */
function uintArray(s: string): string[] | null {
  if (!s.startsWith('[') || !s.endsWith(']')) return null;
  const inner = s.slice(1, -1).trim();
  return inner === '' ? [] : inner.split(/ +/);
}

/**
 * Reads the footer from `lines[start]` (the `# runtime.MemStats` line) on. Returns null when a
 * field is missing or malformed (Go's parser accepts such a file; only the panel goes).
 */
export function parseMemStats(lines: readonly string[], start: number): MemStats | null {
  const raw = new Map<string, string>();
  for (let i = start + 1; i < lines.length; i++) {
    const t = trimSpace(lines[i]!);
    if (t === '') continue;
    if (!t.startsWith('# ')) break;
    const eq = t.indexOf(' = ');
    if (eq < 0) continue;
    raw.set(t.slice(2, eq), t.slice(eq + 3));
  }
  const out: Record<string, unknown> = {};
  for (const f of COUNT_FIELDS) {
    const v = exactUint(raw.get(f) ?? '');
    if (v === null) return null;
    out[f] = v;
  }
  for (const [line, [inuse, sys]] of Object.entries(PAIR_FIELDS)) {
    const parts = (raw.get(line) ?? '').split(' / ');
    if (parts.length !== 2) return null;
    const a = exactUint(parts[0]!);
    const b = exactUint(parts[1]!);
    if (a === null || b === null) return null;
    out[inuse] = a;
    out[sys] = b;
  }
  const lastGC = uintString(raw.get('LastGC') ?? '');
  const pauseNs = uintArray(raw.get('PauseNs') ?? '');
  const pauseEnd = uintArray(raw.get('PauseEnd') ?? '');
  if (lastGC === null || pauseNs === null || pauseEnd === null) return null;
  if (pauseNs.length !== 256 || pauseEnd.length !== 256) return null;
  const pauseNsValues: number[] = [];
  for (const p of pauseNs) {
    const v = exactUint(p);
    if (v === null) return null;
    pauseNsValues.push(v);
  }
  const pauseEndValues: string[] = [];
  for (const p of pauseEnd) {
    const v = uintString(p);
    if (v === null) return null;
    pauseEndValues.push(v);
  }
  const frac = raw.get('GCCPUFraction') ?? '';
  // Go's %v of a float64: decimal or exponent form (e.g. 1e-05), NaN/Inf impossible here.
  if (!/^-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?$/.test(frac) || !Number.isFinite(Number(frac))) return null;
  const debugGC = raw.get('DebugGC');
  if (debugGC !== 'true' && debugGC !== 'false') return null;
  let maxRSS: number | null = null;
  if (raw.has('MaxRSS')) {
    maxRSS = exactUint(raw.get('MaxRSS')!);
    if (maxRSS === null) return null;
  }
  return {
    ...(out as Omit<MemStats, 'LastGC' | 'PauseNs' | 'PauseEnd' | 'GCCPUFraction' | 'DebugGC' | 'MaxRSS'>),
    LastGC: lastGC,
    PauseNs: pauseNsValues,
    PauseEnd: pauseEndValues,
    GCCPUFraction: Number(frac),
    DebugGC: debugGC === 'true',
    MaxRSS: maxRSS,
  };
}
