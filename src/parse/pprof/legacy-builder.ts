// Collects the samples of a legacy profile (values + location addresses, leaf first) and
// builds the ProfileModel through ProfileBuilder, so legacy and protobuf models are made one
// way. Frames are named, best first: by the file's own symbols (Go's `#` stack comments,
// Java's location table), else by address "0x…" as pprof prints an unsymbolized location.

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
  add(values: ArrayLike<number>, addrs: readonly string[], comments?: readonly CommentFrame[]): void {
    for (let t = 0; t < this.nTypes; t++) this.values.push(values[t]!);
    this.addrStart.push(this.addrs.length);
    for (const a of addrs) this.addrs.push(a);
    this.commentStart.push(this.comments.length);
    if (comments) for (const c of comments) this.comments.push(c);
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

  addrsOf(s: number): string[] {
    const end = s + 1 < this.length ? this.addrStart.data[s + 1]! : this.addrs.length;
    return this.addrs.slice(this.addrStart.data[s]!, end);
  }

  commentsOf(s: number): CommentFrame[] {
    const end = s + 1 < this.length ? this.commentStart.data[s + 1]! : this.comments.length;
    return this.comments.slice(this.commentStart.data[s]!, end);
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

// One logical frame of a sample while its stack is assembled (leaf first).
type Slot = { addr: string; func: string; file: string; line: number; inlined: boolean; hidden: boolean };

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

  // Names learned from any record: the same pc names the same frames everywhere in a file,
  // so a frame hidden in one record can be named from another that printed it.
  const n = samples.length;
  const aligned: (Int32Array | null)[] = new Array(n).fill(null);
  const learned = new Map<string, CommentFrame[]>();
  for (let s = 0; s < n; s++) {
    const comments = samples.commentsOf(s);
    if (comments.length === 0) continue;
    const locs = samples.addrsOf(s);
    const pos = new Int32Array(locs.length);
    if (!alignComments(locs, comments, pos)) continue;
    aligned[s] = pos;
    for (let i = 0; i < locs.length; i++) {
      const k = pos[i]!;
      if (k < 0 || learned.has(locs[i]!)) continue;
      learned.set(locs[i]!, comments.slice(k, frameEnd(pos, i, comments.length)));
    }
  }

  const namedFuncs = new Set<number>();
  const values = new Float64Array(samples.nTypes);
  const slots: Slot[] = [];
  const pushFrames = (addr: string, frames: readonly CommentFrame[] | undefined, hidden: boolean) => {
    if (!frames || frames.length === 0) {
      slots.push({ addr, func: '', file: '', line: 0, inlined: false, hidden });
      return;
    }
    for (let j = 0; j < frames.length; j++) {
      const f = frames[j]!;
      slots.push({ addr, func: f.func, file: f.file, line: f.line, inlined: j < frames.length - 1, hidden });
    }
  };

  for (let s = 0; s < n; s++) {
    for (let t = 0; t < samples.nTypes; t++) values[t] = samples.valueAt(s, t);
    const locs = samples.addrsOf(s);
    const pos = aligned[s];
    const comments = pos ? samples.commentsOf(s) : null;
    slots.length = 0;
    for (let i = 0; i < locs.length; i++) {
      const addr = locs[i]!;
      const k = pos ? pos[i]! : UNKNOWN;
      if (k >= 0) {
        pushFrames(addr, comments!.slice(k, frameEnd(pos!, i, comments!.length)), false);
      } else if (k === GOEXIT) {
        // runtime.goexit, the one frame the writer never prints: Go's protobuf writer leaves
        // it out too, so the legacy stack matches the protobuf one.
        continue;
      } else if (naming.symbols?.has(addr)) {
        const sym = naming.symbols.get(addr)!;
        slots.push({ addr, func: sym.func, file: sym.file, line: sym.line, inlined: false, hidden: false });
      } else {
        pushFrames(addr, learned.get(addr), k === HIDDEN_LEAF);
      }
    }

    // pprof's Prune, as it runs once frames have names: from the root, after the first frame
    // that is not droppable, the first droppable frame is cut with everything leafward of it.
    let leaf = 0;
    let foundUser = false;
    for (let i = slots.length - 1; i >= 0; i--) {
      const sl = slots[i]!;
      const droppable = (sl.hidden && naming.dropHiddenLeaf === true) || (sl.func !== '' && prunable(sl.func));
      if (!droppable) {
        foundUser = true;
        continue;
      }
      if (foundUser) {
        leaf = i + 1;
        break;
      }
    }

    let stack = -1;
    for (let i = slots.length - 1; i >= leaf; i--) {
      const sl = slots[i]!;
      const named = sl.func !== '';
      const func = b.func(named ? sl.func : sl.addr, named ? sl.file : '');
      if (named) namedFuncs.add(func);
      const key = `${sl.addr}\u0000${sl.func}\u0000${sl.line}\u0000${sl.inlined ? 1 : 0}`;
      stack = b.stack(stack, b.frame(key, func, sl.line, sl.inlined));
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
    timeNanos: '0',
    recordCounts: { samples: n, locations: header.locationCount, functions: namedFuncs.size },
    mainBinary: header.mainBinary ?? '',
  });
  if (header.memStats) model.memStats = header.memStats;
  return model;
}

/** End (exclusive) of the frames of position i in an alignment. */
function frameEnd(pos: Int32Array, i: number, total: number): number {
  for (let j = i + 1; j < pos.length; j++) if (pos[j]! >= 0) return pos[j]!;
  return total;
}
