// Typed arrays for a large parse's columns, taken from memory made ready ahead of time.
//
// In a browser the first write to each page of a new typed array costs more than the work
// done on it (docs/performance.md has the figures), and a 2.4 MB profile's model and first view
// write ≈ 25 MB. A parse worker
// that waits for a file writes the pages of one buffer beforehand (`prepareArena`, while idle);
// the parse then takes its large columns from that buffer (`armArena` … `disarmArena`), and they
// cross to the page inside it, by transfer. A large decompressed input is written into it too
// (`inputBytes`).
//
// The whole buffer goes to the page with the first column taken from it, and stays while the
// file is open: a parse takes from it only when its first large column is at least an eighth of
// it (a parse that large fills most of it). Smaller parses, and every parse without a prepared
// arena (the CLI, tests, a worker started for a second file), get plain `new Int32Array(n)`.

let prepared: ArrayBuffer | null = null;
/** Bytes of `prepared` whose pages are written. */
let preparedBytes = 0;

/** Armed: the next large column may start the arena. Active: columns are taken from `active`. */
let armed = false;
let active: ArrayBuffer | null = null;
let used = 0;
let limit = 0;
/**
 * Only columns of at least this many bytes are worth a look at the arena (and small ones would
 * not start it): 1/512 of it once armed (64 KB of 32 MB); never without an arena.
 */
let minBytes = Infinity;

const PAGE = 4096;

/**
 * Allocates `bytes` and writes one byte per page, so the pages exist before a parse needs them.
 * Works in steps of `stepBytes`, awaiting `next()` between them: when it answers false (a file
 * has arrived) the preparation stops and the part written so far is used.
 */
export async function prepareArena(bytes: number, stepBytes: number, next: () => Promise<boolean>): Promise<void> {
  const buffer = new ArrayBuffer(bytes);
  const view = new Uint8Array(buffer);
  prepared = buffer;
  preparedBytes = 0;
  while (preparedBytes < bytes) {
    const end = Math.min(bytes, preparedBytes + stepBytes);
    for (let i = preparedBytes; i < end; i += PAGE) view[i] = 0;
    preparedBytes = end;
    if (preparedBytes < bytes && !(await next())) return;
  }
}

/** Large columns made from now on may come from the prepared arena (once per arena). */
export function armArena(): void {
  armed = prepared !== null && preparedBytes > 0;
  minBytes = armed ? preparedBytes / 512 : Infinity;
}

/** Columns are plain arrays again; those taken from the arena stay valid. */
export function disarmArena(): void {
  armed = false;
  active = null;
  minBytes = Infinity;
}

/**
 * Runs `parse` with a small arena of its own (then puts back the prepared one, unused): the
 * spare worker's warm-up parses the small demo profiles so, and the code that takes columns from
 * an arena is then compiled with the rest, instead of being met first, with no type feedback,
 * by the large profile the real arena is for (which then runs interpreted while it is compiled
 * again). Scaled as the real one: a column of an eighth of it starts it, 1/512 is "large".
 */
export async function withPracticeArena<T>(parse: () => Promise<T>): Promise<T> {
  const saved = prepared;
  const savedBytes = preparedBytes;
  // New each time: columns taken from an arena are expected zeroed.
  prepared = new ArrayBuffer(PRACTICE_BYTES);
  preparedBytes = PRACTICE_BYTES;
  armArena();
  try {
    return await parse();
  } finally {
    disarmArena();
    prepared = saved;
    preparedBytes = savedBytes;
  }
}

const PRACTICE_BYTES = 16 << 10;

/** Bytes taken from the arena by this parse (0 when it did not use one). */
export function arenaBytesUsed(): number {
  return active ? used : 0;
}

/**
 * The offset of `bytes` in the active arena, or -1 for a plain allocation. An armed arena
 * becomes active for a request of at least `startsFrom` bytes.
 */
function carve(bytes: number, startsFrom: number): number {
  if (!active) {
    if (!armed || bytes < startsFrom) return -1;
    active = prepared;
    prepared = null;
    armed = false;
    used = 0;
    limit = preparedBytes;
  }
  const at = used;
  const end = at + ((bytes + 7) & ~7);
  if (end > limit) return -1;
  used = end;
  return at;
}

export function int32(n: number): Int32Array {
  const at = n * 4 >= minBytes ? carve(n * 4, preparedBytes / 8) : -1;
  return at < 0 ? new Int32Array(n) : new Int32Array(active!, at, n);
}

export function float64(n: number): Float64Array {
  const at = n * 8 >= minBytes ? carve(n * 8, preparedBytes / 8) : -1;
  return at < 0 ? new Float64Array(n) : new Float64Array(active!, at, n);
}

export function uint8(n: number): Uint8Array {
  const at = n >= minBytes ? carve(n, preparedBytes / 8) : -1;
  return at < 0 ? new Uint8Array(n) : new Uint8Array(active!, at, n);
}

/**
 * Room for a parse's decompressed input (`n` bytes, gunzip writes it): from the armed arena when
 * it is 1/16 to 1/8 of it (2–4 MB of 32 MB). An input that large makes columns that take the
 * arena anyway (the 2.4 MB large CPU profile's take 24 MB of it), and writing it into fresh
 * memory is a visible part of gunzip's time (docs/performance.md). Smaller inputs, and larger
 * ones (which would crowd out the columns), get a plain array. A gzipped trace of that size
 * takes the arena too, unused then: the trace model keeps no view of its input, so the buffer
 * does not go to the page (checked with netblock/go1.25 and a 16 MB arena), and it goes with the
 * worker.
 */
export function inputBytes(n: number): Uint8Array {
  const at = n >= minBytes && n <= preparedBytes / 8 ? carve(n, preparedBytes / 16) : -1;
  return at < 0 ? new Uint8Array(n) : new Uint8Array(active!, at, n);
}
