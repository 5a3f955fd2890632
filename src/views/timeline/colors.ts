// Colours of time-based views: a palette for keys (start functions, region names) and the
// fixed meanings (GC, STW by length, goroutine states).

// Distinct, mid-light hues that keep dark labels readable.
const PALETTE = [
  '#7fb3d5', '#f5b971', '#8fd19e', '#e8a0bf', '#c3aed6', '#f7dc6f', '#76d7c4', '#f1948a',
  '#a9cce3', '#d7bde2', '#a3e4d7', '#fad7a0', '#aed6f1', '#d5dbdb', '#f9e79f', '#abebc6',
];

/** A stable colour for a small integer key (e.g. a string index). */
export function colorForKey(key: number): string {
  // Knuth's multiplicative hash spreads neighbouring indexes over the palette.
  const h = Math.imul(key + 1, 2654435761) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}

export const COLORS = {
  gcMark: '#e67e22',
  gcAssist: '#c0392b',
  gcSweep: '#48a999',
  stwShort: '#7cb342', // < 100 µs
  stwMedium: '#f4b400', // < 1 ms
  stwLong: '#d93025', // ≥ 1 ms
  heapInUse: '#4a90d9',
  heapInUseFill: 'rgba(74, 144, 217, 0.25)',
  heapGoal: '#d93025',
  running: '#34a853',
  runnable: '#fbbc04',
  syscall: '#9c27b0',
  waiting: '#c7cdd4',
  syscallSlice: '#b388d9',
  task: '#4db6ac',
  merged: 'rgba(40, 48, 58, 0.35)',
};

export function stwColor(durationNs: number): string {
  return durationNs < 100_000 ? COLORS.stwShort : durationNs < 1_000_000 ? COLORS.stwMedium : COLORS.stwLong;
}
