// Rendering bench of the trace timeline: frames per second and the worst frame while a scripted
// zoom and pan runs over a large trace in headless Debian Chromium, against a built app.
//
//   npx tsx scripts/bench-render.ts [TRACE]      (GOLENS_DIST=dir of a `vite build`, default dist)
//
// Without TRACE: the largest Go trace under /tmp/trace-helper/ (a ~100 MB one made for
// benchmarks), else the largest trace fixture. Each animation frame gets one wheel event (the
// input a user's trackpad gives); a frame's time is the gap between animation frames, so it
// includes the store update, React and every lane's canvas redraw.

import { existsSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { withBuiltApp } from './bench-chromium';

const PORT = Number(process.env.GOLENS_BENCH_RENDER_PORT ?? 4393);
const FIXTURES = process.env.GOLENS_FIXTURES ?? resolve(import.meta.dirname, '../../shared/fixtures');

function isGoTrace(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.toString('latin1').startsWith('go 1.');
  } finally {
    closeSync(fd);
  }
}

function largestTrace(dir: string, depth = 4): { file: string; size: number } | null {
  if (!existsSync(dir) || depth < 0) return null;
  let best: { file: string; size: number } | null = null;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = resolve(dir, e.name);
    let cand: { file: string; size: number } | null = null;
    if (e.isDirectory()) cand = largestTrace(p, depth - 1);
    else if (e.isFile() && statSync(p).size > 1000 && isGoTrace(p)) cand = { file: p, size: statSync(p).size };
    if (cand && (!best || cand.size > best.size)) best = cand;
  }
  return best;
}

export function defaultRenderTrace(): string | null {
  return (largestTrace('/tmp/trace-helper') ?? largestTrace(FIXTURES))?.file ?? null;
}

type Phase = { name: string; frames: number; deltaX: number; deltaY: number };

const SCRIPT: Phase[] = [
  { name: 'zoom in', frames: 90, deltaX: 0, deltaY: -60 }, // ×0.89 per frame: about 50 000× in all
  { name: 'pan', frames: 90, deltaX: 120, deltaY: 0 },
  { name: 'zoom out', frames: 90, deltaX: 0, deltaY: 60 },
  { name: 'zoom in to 1/4', frames: 12, deltaX: 0, deltaY: -60 },
  { name: 'pan (wide window)', frames: 40, deltaX: -150, deltaY: 0 },
];

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const total = ms.reduce((a, b) => a + b, 0);
  return {
    fps: (ms.length / total) * 1000,
    median: s[s.length >> 1]!,
    p95: s[Math.floor(s.length * 0.95)]!,
    worst: s[s.length - 1]!,
  };
}

export async function benchRender(file: string): Promise<void> {
  await withBuiltApp(PORT, async (browser, origin) => {
    const context = await browser.newContext({ serviceWorkers: 'block', viewport: { width: 1600, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${origin}/?empty`);
    await page.waitForFunction(() => document.body.dataset.idle === 'true');
    const t0 = Date.now();
    await page.getByTestId('file-input').setInputFiles(file);
    await page.waitForSelector('[data-testid="timeview"][data-lane="p0"]', { timeout: 600_000 });
    const openMs = Date.now() - t0;
    const lanes = await page.getByTestId('timeview').count();
    // Main-thread busy time (CDP TaskDuration) tells the work per frame apart from waiting for
    // a CPU on a shared machine.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const busy = async () =>
      ((await cdp.send('Performance.getMetrics')).metrics.find((m: { name: string }) => m.name === 'TaskDuration')?.value ?? 0) * 1000;
    await page.waitForTimeout(1000);
    const busy0 = await busy();
    // A string, not a function: tsx's name-keeping helpers do not exist in the page.
    const results = (await page.evaluate(`(async (script) => {
      const viewport = document.querySelector('.timeviewport');
      const plot = document.querySelector('[data-lane="heap"] canvas');
      const r = plot.getBoundingClientRect();
      const x = r.left + r.width * 0.37, y = r.top + r.height / 2;
      const out = [];
      await new Promise((res) => requestAnimationFrame(res));
      for (const phase of script) {
        const frames = [];
        let last = await new Promise((res) => requestAnimationFrame(res));
        for (let i = 0; i < phase.frames; i++) {
          viewport.dispatchEvent(new WheelEvent('wheel', { clientX: x, clientY: y, deltaX: phase.deltaX, deltaY: phase.deltaY, bubbles: true, cancelable: true }));
          const now = await new Promise((res) => requestAnimationFrame(res));
          frames.push(now - last);
          last = now;
        }
        out.push({ name: phase.name, frames, window: document.querySelector('[data-lane="heap"]').getAttribute('data-window') });
      }
      return out;
    })(${JSON.stringify(SCRIPT)})`)) as { name: string; frames: number[]; window: string }[];
    const busyMs = (await busy()) - busy0;
    console.log(
      `\n## render (Chromium ${browser.version()}, 1600×1000, ${lanes} time views): ${basename(file)} (${(statSync(file).size / 1e6).toFixed(1)} MB)`,
    );
    console.log(`open → lanes drawn: ${(openMs / 1000).toFixed(1)} s`);
    const all: number[] = [];
    for (const p of results) {
      const s = stats(p.frames);
      all.push(...p.frames);
      console.log(
        `${p.name.padEnd(18)} ${String(p.frames.length).padStart(3)} frames: ${s.fps.toFixed(1)} fps · median ${s.median.toFixed(1)} ms · p95 ${s.p95.toFixed(1)} ms · worst ${s.worst.toFixed(1)} ms · window ${p.window}`,
      );
    }
    const s = stats(all);
    console.log(`all ${all.length} frames: ${s.fps.toFixed(1)} fps · worst frame ${s.worst.toFixed(1)} ms`);
    console.log(`main-thread work: ${(busyMs / all.length).toFixed(1)} ms per frame on average (CDP TaskDuration; the rest is waiting)`);
  });
}

if (process.argv[1]?.endsWith('bench-render.ts')) {
  const file = process.argv[2] ?? defaultRenderTrace();
  if (!file) {
    console.error('bench-render: no trace found');
    process.exitCode = 1;
  } else {
    await benchRender(file);
  }
}
