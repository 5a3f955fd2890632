// v1 events as columns (struct of arrays): one typed array per field of Go's tracev1.Event, one
// row an event, so reading a trace allocates no object per event. Used for a P's decoded batch,
// for the rings of events between the merge and the conversion, and for the per-goroutine and
// per-P state of the ordering, indexed by dense ids.

/** Rows of v1 events. As a ring, row = absolute position & (cap − 1) (cap a power of two). */
export class V1Events {
  readonly mask: number;
  /** Ticks until the final order, then nanoseconds since the first event. */
  readonly ts: Float64Array;
  /** The time it sorts by (its real time for a syscall exit that has one), in ticks. */
  readonly key: Float64Array;
  /** Position in the merged stream (the stable sort's tie-break). */
  readonly idx: Float64Array;
  readonly g: Float64Array;
  readonly a0: Float64Array;
  readonly a1: Float64Array;
  readonly a2: Float64Array;
  /** A UserLog's a3 is its message's index among the inline strings. */
  readonly a3: Float64Array;
  readonly stk: Float64Array;
  readonly p: Int32Array;
  /** Event type (v1). */
  readonly type: Uint8Array;

  constructor(readonly cap: number) {
    this.mask = cap - 1;
    this.ts = new Float64Array(cap);
    this.key = new Float64Array(cap);
    this.idx = new Float64Array(cap);
    this.g = new Float64Array(cap);
    this.a0 = new Float64Array(cap);
    this.a1 = new Float64Array(cap);
    this.a2 = new Float64Array(cap);
    this.a3 = new Float64Array(cap);
    this.stk = new Float64Array(cap);
    this.p = new Int32Array(cap);
    this.type = new Uint8Array(cap);
  }

  /** Copies row `i` of `from` into row `j`. */
  copy(j: number, from: V1Events, i: number): void {
    this.ts[j] = from.ts[i]!;
    this.key[j] = from.key[i]!;
    this.idx[j] = from.idx[i]!;
    this.g[j] = from.g[i]!;
    this.a0[j] = from.a0[i]!;
    this.a1[j] = from.a1[i]!;
    this.a2[j] = from.a2[i]!;
    this.a3[j] = from.a3[i]!;
    this.stk[j] = from.stk[i]!;
    this.p[j] = from.p[i]!;
    this.type[j] = from.type[i]!;
  }

  /** Twice the rows; as a ring, the rows at absolute positions [lo, hi) keep their positions. */
  grown(lo: number, hi: number): V1Events {
    const r = new V1Events(this.cap * 2);
    for (let pos = lo; pos < hi; pos++) r.copy(pos & r.mask, this, pos & this.mask);
    return r;
  }
}

/** Ids below this are kept in a typed array (Go numbers goroutines from 1), the others in a Map. */
const DENSE_LIMIT = 1 << 22;

/** A number per id (goroutine or P), `dflt` for an id never set. */
export class IdTable {
  private a: Float64Array;
  private readonly sparse = new Map<number, number>();

  constructor(private readonly dflt: number) {
    this.a = new Float64Array(1024).fill(dflt);
  }

  get(id: number): number {
    if (id >= 0 && id < this.a.length) return this.a[id]!;
    if (id >= 0 && id < DENSE_LIMIT) return this.dflt;
    return this.sparse.get(id) ?? this.dflt;
  }

  set(id: number, v: number): void {
    if (id >= 0 && id < this.a.length) {
      this.a[id] = v;
      return;
    }
    if (id >= 0 && id < DENSE_LIMIT) {
      let n = this.a.length;
      while (n <= id) n *= 2;
      const a = new Float64Array(n).fill(this.dflt);
      a.set(this.a);
      this.a = a;
      this.a[id] = v;
      return;
    }
    this.sparse.set(id, v);
  }
}
