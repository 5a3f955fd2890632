// The columnar model of a pprof profile (protobuf or legacy text), as Firefox Profiler's
// processed profile: tables of typed arrays with integer indexes into each other.
// Built by parse/pprof/, read by analysis/; crosses the worker boundary by transfer.


import type { UnixNs } from '../base/time';
export type IndexIntoStringTable = number;
export type IndexIntoFuncTable = number;
export type IndexIntoFrameTable = number;
/** -1 means the empty stack. */
export type IndexIntoStackTable = number;

export type ValueType = { type: string; unit: string };

/** Functions, merged by name (pprof's default `functions` granularity). */
export type FuncTable = {
  name: Int32Array; // IndexIntoStringTable; unsymbolized frames are named "0x<address>"
  file: Int32Array; // IndexIntoStringTable; 0 ("") when unknown
  length: number;
};

/** One frame per (location, line): a location with inlined calls gives several frames. */
export type FrameTable = {
  func: Int32Array; // IndexIntoFuncTable
  line: Int32Array; // source line, 0 when unknown
  /** 1 when this frame is an inlined call (not the last line of its location). */
  inlined: Uint8Array;
  length: number;
};

/** A prefix tree of frames: stack i is frame[i] called from stack prefix[i]. */
export type StackTable = {
  frame: Int32Array; // IndexIntoFrameTable
  prefix: Int32Array; // IndexIntoStackTable of the caller, -1 for a root; a prefix precedes its children
  length: number;
};

export type SampleTable = {
  stack: Int32Array; // IndexIntoStackTable of the leaf frame, -1 for an empty stack
  /** One column per sample type, in sampleTypes order; exact integers (|v| < 2^53). */
  values: Float64Array[];
  /**
   * Protobuf profiles: per sample a hash of its labels' bytes, 0 for none. Samples of one stack
   * with different labels are different samples to pprof (Merge keeps them apart).
   */
  labelHash?: Int32Array;
  length: number;
};

export type ProfileEncoding = 'gzip-protobuf' | 'protobuf' | 'legacy';

/**
 * The `# runtime.MemStats` footer of a Go debug=1 heap text profile (pprof-format.md §7.1),
 * field by field with Go's names. Byte and count fields are exact numbers (a footer with a
 * value beyond 2^53, or a missing field, is left out whole). Unix-ns times exceed 2^53, so they are
 * decimal strings (exact, structured-clone safe; BigInt(s) when arithmetic is needed).
 * `Stack`, `MSpan` and `MCache` lines ("inuse / sys") give the *Inuse and *Sys pairs.
 */
export type MemStats = {
  Alloc: number;
  TotalAlloc: number;
  Sys: number;
  Lookups: number;
  Mallocs: number;
  Frees: number;
  HeapAlloc: number;
  HeapSys: number;
  HeapIdle: number;
  HeapInuse: number;
  HeapReleased: number;
  HeapObjects: number;
  StackInuse: number;
  StackSys: number;
  MSpanInuse: number;
  MSpanSys: number;
  MCacheInuse: number;
  MCacheSys: number;
  BuckHashSys: number;
  GCSys: number;
  OtherSys: number;
  NextGC: number;
  /** Unix ns of the last GC end, decimal; "0" before the first GC. */
  LastGC: string;
  /** Circular buffer of the last 256 GC pause lengths (ns); the latest is at (NumGC+255)%256. */
  PauseNs: number[];
  /** Circular buffer of the last 256 GC pause end times, Unix ns as decimal strings. */
  PauseEnd: string[];
  NumGC: number;
  NumForcedGC: number;
  GCCPUFraction: number;
  DebugGC: boolean;
  /** Peak resident set size in bytes; null where Go does not print it (not Unix or Windows). */
  MaxRSS: number | null;
};

export type ProfileModel = {
  kind: 'profile';
  encoding: ProfileEncoding;
  /** What the bytes were, for the sidebar: "pprof", "legacy heap", "legacy contention"… */
  formatName: string;
  strings: string[];
  sampleTypes: ValueType[];
  /** As `go tool pprof` picks it: default_sample_type if it names a type, else the last. */
  defaultSampleTypeIndex: number;
  period: number;
  periodType: ValueType | null;
  durationNs: number;
  /** pprof time_nanos: when the profile was taken; 0n when absent. */
  timeNanos: UnixNs;
  /** Record counts as stored in the file (for the digest). */
  recordCounts: { samples: number; locations: number; functions: number };
  comments: string[];
  /** Name of the profiled binary (mapping[0].filename), "" when absent. */
  mainBinary: string;
  /** Build ID of the profiled binary (mapping[0].build_id), when the file has one. */
  mainBuildId?: string;
  funcs: FuncTable;
  frames: FrameTable;
  stacks: StackTable;
  samples: SampleTable;
  /** Legacy heap text profiles only: the runtime.MemStats footer. */
  memStats?: MemStats;
  /**
   * Legacy text profiles only: the distinct stack addresses of samples with a non-zero value, as
   * pprof's parser makes them its locations (a comparison's location count is the union of both
   * sides').
   */
  legacyAddresses?: string[];
  /** A comparison's profile (analysis/profile/diff.ts): which samples came from the base. */
  diff?: ProfileDiffInfo;
};

/**
 * What pprof's -diff_base / -base made this profile of: the target's samples, then from
 * `baseFrom` on the base's samples with their values multiplied by −1. With `diff_base` those
 * carry pprof's label `pprof::base=true` (they never merge with the target's, and only they count
 * in the total); with `base` a stack's samples of both sides are one (the total is Σ|net|).
 */
export type ProfileDiffInfo = {
  mode: 'diff_base' | 'base';
  baseFrom: number;
};

/** Every ArrayBuffer of the model, for Comlink.transfer. */
export function profileBuffers(p: ProfileModel): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    p.funcs.name,
    p.funcs.file,
    p.frames.func,
    p.frames.line,
    p.frames.inlined,
    p.stacks.frame,
    p.stacks.prefix,
    p.samples.stack,
    ...p.samples.values,
    ...(p.samples.labelHash ? [p.samples.labelHash] : []),
  ];
  return uniqueBuffers(arrays);
}

export function uniqueBuffers(arrays: ArrayBufferView[]): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>();
  for (const a of arrays) seen.add(a.buffer as ArrayBuffer);
  return [...seen];
}

export function funcName(p: ProfileModel, func: IndexIntoFuncTable): string {
  return p.strings[p.funcs.name[func]!]!;
}

/** Checks every index of the model is in range and prefixes precede children. */
export function checkProfileIntegrity(p: ProfileModel): string[] {
  const problems: string[] = [];
  const ns = p.strings.length;
  for (let i = 0; i < p.funcs.length; i++) {
    if (!(p.funcs.name[i]! >= 0 && p.funcs.name[i]! < ns)) problems.push(`func ${i}: name out of range`);
    if (!(p.funcs.file[i]! >= 0 && p.funcs.file[i]! < ns)) problems.push(`func ${i}: file out of range`);
  }
  for (let i = 0; i < p.frames.length; i++) {
    const f = p.frames.func[i]!;
    if (!(f >= 0 && f < p.funcs.length)) problems.push(`frame ${i}: func out of range`);
  }
  for (let i = 0; i < p.stacks.length; i++) {
    const fr = p.stacks.frame[i]!;
    if (!(fr >= 0 && fr < p.frames.length)) problems.push(`stack ${i}: frame out of range`);
    const pre = p.stacks.prefix[i]!;
    if (!(pre >= -1 && pre < i)) problems.push(`stack ${i}: prefix ${pre} does not precede it`);
  }
  for (let i = 0; i < p.samples.length; i++) {
    const s = p.samples.stack[i]!;
    if (!(s >= -1 && s < p.stacks.length)) problems.push(`sample ${i}: stack out of range`);
  }
  if (p.samples.values.length !== p.sampleTypes.length) problems.push('value columns ≠ sample types');
  return problems.slice(0, 20);
}
