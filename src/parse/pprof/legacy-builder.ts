// Collects the samples of a legacy profile (values + location addresses, leaf first) and
// builds the ProfileModel through ProfileBuilder, so legacy and protobuf models are made one
// way. Frames are named, best first: by the file's own symbols (Go's `#` stack comments,
// Java's location table), else by address "0x…" as pprof prints an unsymbolized location.

import { NO_UNIX_NS } from '../../base/time';
import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { ProfileBuilder, defaultSampleTypeIndex } from '../../model/profile-builder';
import type { MemStats, ProfileModel, ValueType } from '../../model/profile';
import { alignComments, GOEXIT, HIDDEN_LEAF, UNKNOWN, type CommentFrame } from './legacy-go-comments';

/** A symbol for one location (Java's location table). */
export type NamedFrame = { func: string; file: string; line: number };

export type LegacyHeader = {
  formatName: string;
  sampleTypes: ValueType[];
  period: number;
  periodType: ValueType;
  durationNs: number;
  /** Locations as Go's parser counts them (distinct addresses it keeps). */
  locationCount: number;
  mainBinary?: string;
  memStats?: MemStats;
};

export class LegacySamples {
  private readonly values = new GrowableFloat64();
  private readonly addrStart = new GrowableInt32();
  private readonly addrs: string[] = [];
  private readonly commentStart = new GrowableInt32();
  private readonly comments: CommentFrame[] = [];

  constructor(readonly nTypes: number) {}

  get length(): number {
    return this.addrStart.length;
  }

  /** Appends a sample: `addrs` are location keys (addressKey), leaf first. */
  add(values: ArrayLike<number>, addrs: readonly string[]): void {
    for (let t = 0; t < this.nTypes; t++) this.values.push(values[t]!);
    this.addrStart.push(this.addrs.length);
    for (const a of addrs) this.addrs.push(a);
    this.commentStart.push(this.comments.length);
  }

  /** Appends a stack-comment frame to the last sample (Go's `#` lines follow their record). */
  addComment(frame: CommentFrame): void {
    this.comments.push(frame);
  }

  /** Adds `delta` to value `type` of the last sample (pprof's "same as previous thread"). */
  bumpLast(type: number, delta: number): void {
    const i = (this.length - 1) * this.nTypes + type;
    this.values.data[i] = this.values.data[i]! + delta;
  }

  /** All location keys, sample after sample; sample s holds [addrStartOf(s), addrStartOf(s + 1)). */
  get allAddrs(): readonly string[] {
    return this.addrs;
  }

  addrStartOf(s: number): number {
    return s < this.length ? this.addrStart.data[s]! : this.addrs.length;
  }

  /** All comment frames, sample after sample, as addrs. */
  get allComments(): readonly CommentFrame[] {
    return this.comments;
  }

  commentStartOf(s: number): number {
    return s < this.length ? this.commentStart.data[s]! : this.comments.length;
  }

  /** Distinct location keys over all samples: Go's location count for most forms. */
  distinctAddresses(): number {
    return new Set(this.addrs).size;
  }

  valueAt(s: number, type: number): number {
    return this.values.data[s * this.nTypes + type]!;
  }
}

// pprof's addLegacyFrameInfo: the drop_frames / keep_frames regexes by profile kind.
const allocRx = [
  'calloc', 'cfree', 'malloc', 'free', 'memalign', 'do_memalign', '(__)?posix_memalign', 'pvalloc', 'valloc',
  'realloc', 'tcmalloc::.*', 'tc_calloc', 'tc_cfree', 'tc_malloc', 'tc_free', 'tc_memalign', 'tc_posix_memalign',
  'tc_pvalloc', 'tc_valloc', 'tc_realloc', 'tc_new', 'tc_delete', 'tc_newarray', 'tc_deletearray', 'tc_new_nothrow',
  'tc_newarray_nothrow', 'malloc_zone_malloc', 'malloc_zone_calloc', 'malloc_zone_valloc', 'malloc_zone_realloc',
  'malloc_zone_memalign', 'malloc_zone_free', 'runtime\\..*', 'BaseArena::.*', '(::)?do_malloc_no_errno',
  '(::)?do_malloc_pages', '(::)?do_malloc', 'DoSampledAllocation', 'MallocedMemBlock::MallocedMemBlock',
  '_M_allocate', '__builtin_(vec_)?delete', '__builtin_(vec_)?new', '__gnu_cxx::new_allocator::allocate',
  '__libc_malloc', '__malloc_alloc_template::allocate', 'allocate', 'cpp_alloc', 'operator new(\\[\\])?',
  'simple_alloc::allocate',
];
const allocSkipRx = ['runtime\\.panic', 'runtime\\.reflectcall', 'runtime\\.call[0-9]*'];
const cpuProfilerRx = [
  'ProfileData::Add', 'ProfileData::prof_handler', 'CpuProfiler::prof_handler', '__pthread_sighandler', '__restore',
];
const lockRx = [
  'RecordLockProfileData', '(base::)?RecordLockProfileData.*', '(base::)?SubmitMutexProfileData.*',
  '(base::)?SubmitSpinLockProfileData.*', '(base::Mutex::)?AwaitCommon.*', '(base::Mutex::)?Unlock.*',
  '(base::Mutex::)?UnlockSlow.*', '(base::Mutex::)?ReaderUnlock.*', '(base::MutexLock::)?~MutexLock.*',
  '(Mutex::)?AwaitCommon.*', '(Mutex::)?Unlock.*', '(Mutex::)?UnlockSlow.*', '(Mutex::)?ReaderUnlock.*',
  '(MutexLock::)?~MutexLock.*', '(SpinLock::)?Unlock.*', '(SpinLock::)?SlowUnlock.*', '(SpinLockHolder::)?~SpinLockHolder.*',
];
const anchored = (alts: string[]) => new RegExp(`^(${alts.join('|')})$`);
const dropHeap = anchored(allocRx);
const keepHeap = anchored(allocSkipRx);
const dropCpu = anchored(cpuProfilerRx);
const dropLock = anchored(lockRx);
/** The frame-drop patterns built above, for the linearity check (scripts/regex-safety.test.ts). */
export const FRAME_DROP_PATTERNS: readonly RegExp[] = [dropHeap, keepHeap, dropCpu, dropLock];

const heapTypeLists = [
  ['allocations', 'size'],
  ['objects', 'space'],
  ['inuse_objects', 'inuse_space'],
  ['alloc_objects', 'alloc_space'],
  ['alloc_objects', 'alloc_space', 'inuse_objects', 'inuse_space'],
];

function isTypeList(types: ValueType[], lists: string[][]): boolean {
  return lists.some((l) => l.length === types.length && l.every((t, i) => types[i]!.type === t));
}

/** pprof's simplifyFunc: drops a leading "." and an argument list (from the first "("). */
function simplifyFunc(name: string): string {
  let f = name.startsWith('.') ? name.slice(1) : name;
  const re = /\(anonymous namespace\)|operator\(\)|\(/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(f)) !== null) {
    if (m[0] === '(') {
      f = f.slice(0, m.index);
      break;
    }
  }
  return f;
}

export type NamingOptions = {
  /** Go text forms: drop the frames the writer hid at the leaf (heap: runtime allocator frames). */
  dropHiddenLeaf?: boolean;
  /** Java: the symbol of each location key. */
  symbols?: Map<string, NamedFrame>;
};

export function finishLegacyProfile(samples: LegacySamples, header: LegacyHeader, naming: NamingOptions = {}): ProfileModel {
  const b = new ProfileBuilder(header.sampleTypes);
  const st = header.sampleTypes;
  const drop = isTypeList(st, heapTypeLists)
    ? { drop: dropHeap, keep: keepHeap as RegExp | null }
    : isTypeList(st, [['contentions', 'delay']])
      ? { drop: dropLock, keep: null }
      : { drop: dropCpu, keep: null };
  const pruneCache = new Map<string, boolean>();
  const prunable = (name: string): boolean => {
    let r = pruneCache.get(name);
    if (r === undefined) {
      const f = simplifyFunc(name);
      r = drop.drop.test(f) && !(drop.keep && drop.keep.test(f));
      pruneCache.set(name, r);
    }
    return r;
  };

  const n = samples.length;
  const addrs = samples.allAddrs;
  const comments = samples.allComments;

  // Align every record's comments with its addresses (codes per address, as alignComments).
  // Names learned from any record: the same pc names the same frames everywhere in a file,
  // so a frame hidden in one record can be named from another that printed it.
  const pos = new Int32Array(addrs.length).fill(UNKNOWN);
  const learnedStart = new Map<string, number>();
  const learnedEnd = new Map<string, number>();
  for (let s = 0; s < n; s++) {
    const f0 = samples.commentStartOf(s);
    const f1 = samples.commentStartOf(s + 1);
    if (f1 === f0) continue;
    const l0 = samples.addrStartOf(s);
    const l1 = samples.addrStartOf(s + 1);
    if (!alignComments(addrs, l0, l1, comments, f0, f1, pos)) continue;
    for (let i = l0; i < l1; i++) {
      const k = pos[i]!;
      if (k < 0 || learnedStart.has(addrs[i]!)) continue;
      learnedStart.set(addrs[i]!, k);
      learnedEnd.set(addrs[i]!, frameEnd(pos, i, l1, f1));
    }
  }

  // Frames are made once per distinct comment frame (identity: the parsers share equal
  // frames) or address, and only for the frames a stack keeps.
  const namedFuncs = new Set<number>();
  const frameByComment = [new Map<CommentFrame, number>(), new Map<CommentFrame, number>()]; // [outer, inlined]
  const frameByAddr = new Map<string, number>();
  const frameBySymbol = new Map<string, number>();
  let nextKey = 0;
  const namedFrame = (name: string, file: string, line: number, inlined: boolean): number => {
    const func = b.func(name, file);
    namedFuncs.add(func);
    return b.frame(`${nextKey++}`, func, line, inlined);
  };
  const addrFrame = (addr: string): number => {
    let fr = frameByAddr.get(addr);
    if (fr === undefined) {
      fr = b.frame(`${nextKey++}`, b.func(addr, ''), 0, false);
      frameByAddr.set(addr, fr);
    }
    return fr;
  };
  const commentFrame = (cf: CommentFrame, inlined: boolean): number => {
    const cache = frameByComment[inlined ? 1 : 0]!;
    let fr = cache.get(cf);
    if (fr === undefined) {
      fr = cf.func === '' ? addrFrame(cf.pc) : namedFrame(cf.func, cf.file, cf.line, inlined);
      cache.set(cf, fr);
    }
    return fr;
  };
  const symbolFrame = (addr: string, sym: NamedFrame): number => {
    let fr = frameBySymbol.get(addr);
    if (fr === undefined) {
      fr = namedFrame(sym.func, sym.file, sym.line, false);
      frameBySymbol.set(addr, fr);
    }
    return fr;
  };

  // The logical frames of the sample being built, leaf first, before any frame is made:
  // kind + reference (index into comments, or into addrs), and whether pprof would drop it.
  const COMMENT = 0;
  const COMMENT_INLINED = 1;
  const SYMBOL = 2;
  const ADDRESS = 3;
  const slotKind: number[] = [];
  const slotRef: number[] = [];
  const slotDroppable: boolean[] = [];
  const dropHidden = naming.dropHiddenLeaf === true;
  const pushComments = (k0: number, k1: number, hidden: boolean) => {
    for (let k = k0; k < k1; k++) {
      const cf = comments[k]!;
      slotKind.push(k < k1 - 1 ? COMMENT_INLINED : COMMENT);
      slotRef.push(k);
      slotDroppable.push((hidden && dropHidden) || (cf.func !== '' && prunable(cf.func)));
    }
  };
  const values = new Float64Array(samples.nTypes);

  for (let s = 0; s < n; s++) {
    for (let t = 0; t < samples.nTypes; t++) values[t] = samples.valueAt(s, t);
    const l0 = samples.addrStartOf(s);
    const l1 = samples.addrStartOf(s + 1);
    const f1 = samples.commentStartOf(s + 1);
    slotKind.length = 0;
    slotRef.length = 0;
    slotDroppable.length = 0;
    for (let i = l0; i < l1; i++) {
      const addr = addrs[i]!;
      const k = pos[i]!;
      if (k >= 0) {
        pushComments(k, frameEnd(pos, i, l1, f1), false);
      } else if (k === GOEXIT) {
        // runtime.goexit, the one frame the writer never prints: Go's protobuf writer leaves
        // it out too, so the legacy stack matches the protobuf one.
        continue;
      } else if (naming.symbols?.has(addr)) {
        slotKind.push(SYMBOL);
        slotRef.push(i);
        slotDroppable.push(prunable(naming.symbols.get(addr)!.func));
      } else if (learnedStart.has(addr)) {
        pushComments(learnedStart.get(addr)!, learnedEnd.get(addr)!, k === HIDDEN_LEAF);
      } else {
        slotKind.push(ADDRESS);
        slotRef.push(i);
        slotDroppable.push(k === HIDDEN_LEAF && dropHidden);
      }
    }

    // pprof's Prune, as it runs once frames have names: from the root, after the first frame
    // that is not droppable, the first droppable frame is cut with everything leafward of it.
    let leaf = 0;
    let foundUser = false;
    for (let i = slotKind.length - 1; i >= 0; i--) {
      if (!slotDroppable[i]) {
        foundUser = true;
      } else if (foundUser) {
        leaf = i + 1;
        break;
      }
    }

    let stack = -1;
    for (let i = slotKind.length - 1; i >= leaf; i--) {
      const ref = slotRef[i]!;
      let fr: number;
      switch (slotKind[i]) {
        case COMMENT:
          fr = commentFrame(comments[ref]!, false);
          break;
        case COMMENT_INLINED:
          fr = commentFrame(comments[ref]!, true);
          break;
        case SYMBOL:
          fr = symbolFrame(addrs[ref]!, naming.symbols!.get(addrs[ref]!)!);
          break;
        default:
          fr = addrFrame(addrs[ref]!);
      }
      stack = b.stack(stack, fr);
    }
    b.addSample(stack, values);
  }

  const model = b.finish({
    encoding: 'legacy',
    formatName: header.formatName,
    defaultSampleTypeIndex: defaultSampleTypeIndex(st, ''),
    period: header.period,
    periodType: header.periodType,
    durationNs: header.durationNs,
    timeNanos: NO_UNIX_NS,
    recordCounts: { samples: n, locations: header.locationCount, functions: namedFuncs.size },
    mainBinary: header.mainBinary ?? '',
  });
  if (header.memStats) model.memStats = header.memStats;
  // pprof's Merge maps only samples with a non-zero value: their addresses are a comparison's.
  const used = new Set<string>();
  for (let s = 0; s < n; s++) {
    let zero = true;
    for (let t = 0; t < samples.nTypes; t++) if (samples.valueAt(s, t) !== 0) zero = false;
    if (zero) continue;
    for (let i = samples.addrStartOf(s); i < samples.addrStartOf(s + 1); i++) used.add(addrs[i]!);
  }
  model.legacyAddresses = [...used];
  return model;
}

/** End (exclusive) of the comment frames of address position i (aligned codes in `pos`). */
function frameEnd(pos: Int32Array, i: number, l1: number, f1: number): number {
  for (let j = i + 1; j < l1; j++) if (pos[j]! >= 0) return pos[j]!;
  return f1;
}
