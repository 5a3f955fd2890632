// The spare parse worker's preparation, done while it waits for a file (src/store/loader.ts starts
// it once the page is idle). A parse in a new worker runs cold: the parser's code is not yet
// compiled with type feedback, and every page of every new column is written for the first
// time. So the spare (1) parses the app's small demo profiles a number of times, and then (2)
// writes the pages of the memory a large profile's columns will take (src/base/arena.ts). The
// parser is written so that these small profiles take every path a large one takes (two-byte ids
// and lengths, growing columns, columns from an arena: a practice one here): a path first met by
// the file, without type feedback, throws the optimized code away while the file is parsed
// (src/parse/pprof/decode-profile.ts, the header; docs/performance.md, the spare worker). Each
// step is short, and a file's message is taken between two steps: when one arrives, the
// preparation stops where it is. Between steps the worker rests twice as long as the step took:
// on a machine with few cores a busy worker would take the core the page needs to draw.

import { armArena, prepareArena, withPracticeArena } from '../src/base/arena';
import { fileContents, parseBytes } from '../src/parse/detect';
import { computeInitialProfileView } from '../src/analysis/profile/top';

const WARM_UP_PARSES = 300;
const ARENA_BYTES = 32 << 20;
const ARENA_STEP_BYTES = 256 << 10;

let stopPreparing = false;
let preparing: Promise<{ warmUpMs: number; arenaMs: number } | null> = Promise.resolve(null);
let stepStart = 0;

/** A file arrived: the preparation stops at its next step, and the arena serves this parse. */
export function fileArrived(): void {
  stopPreparing = true;
  armArena();
}

/** Starts preparing (`warmUpUrls`: small real profiles served with the app, its demo files). */
export function startPreparing(warmUpUrls: string[]): void {
  preparing = prepare(warmUpUrls);
}

/** Resolves when the worker is prepared (at once if it was not asked to be). */
export function prepared(): Promise<{ warmUpMs: number; arenaMs: number } | null> {
  return preparing;
}

/** Rests after a step (pending messages, a file, are taken meanwhile); true to go on. */
async function nextStep(): Promise<boolean> {
  const worked = performance.now() - stepStart;
  await new Promise((r) => setTimeout(r, Math.max(4, 2 * worked)));
  stepStart = performance.now();
  return !stopPreparing;
}

async function prepare(urls: string[]): Promise<{ warmUpMs: number; arenaMs: number } | null> {
  const t0 = performance.now();
  stepStart = t0;
  try {
    // Read and decompressed once: what needs compiling is the decoder and the first view.
    const files = await Promise.all(
      urls.map(async (u) => {
        const res = await fetch(u);
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await fileContents(new Uint8Array(await res.arrayBuffer()))).data;
      }),
    );
    for (let i = 0; i < WARM_UP_PARSES && files.length > 0 && (await nextStep()); i++) {
      // With a small arena, as a large profile is parsed with the real one: no macrotask runs
      // inside (the bytes are decompressed), so a file arriving meanwhile waits for the next step.
      await withPracticeArena(async () => {
        const parsed = await parseBytes(files[i % files.length]!);
        if (parsed.kind === 'profile') computeInitialProfileView(parsed);
      });
    }
  } catch {
    // Offline without the demo files, or one of them unreadable: the warm-up is only an aid.
  }
  const t1 = performance.now();
  if (!stopPreparing) await prepareArena(ARENA_BYTES, ARENA_STEP_BYTES, nextStep);
  return stopPreparing ? null : { warmUpMs: t1 - t0, arenaMs: performance.now() - t1 };
}
