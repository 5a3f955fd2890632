// npm run bench, browser part: in headless Debian Chromium against the built app (dist/):
// gunzip with pako vs DecompressionStream and the parse, timed inside a real worker: cold (a
// new worker each run), in the worker a dropped file goes to (the app's spare worker, once it
// has prepared itself while the page was idle), and warm (the same file parsed again in one
// worker: compiled for this very file, but its columns in new memory each time, as the spare's
// arena serves one parse only); and the time from opening a file to a drawn flame graph.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { median, withBuiltApp } from './bench-chromium';
import { loadLine } from './bench-pprof';

const PORT = Number(process.env.GOLENS_BENCH_PORT ?? 4391);

/** The page's bench hooks (src/main.tsx, `?bench`). */
type Bench = {
  parseInWorker(b: Blob, gunzip: string): Promise<Record<string, number>>;
  parseInSpareWorker(b: Blob): Promise<Record<string, number>>;
  parseWarm(b: Blob, runs: number): Promise<Record<string, number>[]>;
  spareReady(): Promise<unknown>;
};


export async function benchBrowser(file: string, runs = 5): Promise<void> {
  await withBuiltApp(PORT, async (browser, origin) => {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${origin}/?empty&bench`);
    await page.waitForFunction(() => document.body.dataset.idle === 'true' && 'golensBench' in window);
    const bytes = [...readFileSync(file)];
    const stages = await page.evaluate(
      async ({ data, runs }) => {
        const blob = new Blob([new Uint8Array(data)]);
        const bench = (window as unknown as { golensBench: Bench }).golensBench;
        const out: Record<string, Record<string, number>[]> = { pako: [], stream: [], spare: [], warm: [] };
        for (const impl of ['pako', 'stream'] as const) {
          await bench.parseInWorker(blob, impl); // warm-up: the worker script is cached after this
          for (let i = 0; i < runs; i++) out[impl]!.push(await bench.parseInWorker(blob, impl));
        }
        // Alternated: a new spare worker each run (as after each file in the app), then a warm one.
        for (let i = 0; i < runs; i++) {
          out.spare!.push(await bench.parseInSpareWorker(blob));
          out.warm!.push((await bench.parseWarm(blob, 4))[3]!);
        }
        return out;
      },
      { data: bytes, runs },
    );
    console.log(`\n## browser (Chromium ${browser.version()}, a new worker per run): ${basename(file)}`);
    for (const impl of ['pako', 'stream'] as const) {
      const rs = stages[impl]!;
      const m = (k: string) => median(rs.map((r) => r[k]!)).toFixed(1);
      console.log(
        `worker, gunzip by ${impl === 'pako' ? 'pako               ' : 'DecompressionStream'}: read ${m('readMs')} ms · gunzip ${m('gunzipMs')} ms · decode ${m('parseMs')} ms · total ${m('totalMs')} ms · then the first view (call tree, top) ${m('initialViewMs')} ms`,
      );
    }
    // Goal 1 of the pprof bar: what a worker does before the page can draw, against Go.
    const firstView = (rs: Record<string, number>[]) => rs.map((r) => r.gunzipMs! + r.parseMs! + r.initialViewMs!);
    const line = (what: string, rs: Record<string, number>[]) => {
      const m = (k: string) => median(rs.map((r) => r[k]!)).toFixed(0);
      const fv = firstView(rs);
      return (
        `${what}: gunzip + decode + first view (call tree, flame nodes, top) ${median(fv).toFixed(0)} ms ` +
        `(min ${Math.min(...fv).toFixed(0)}; ${m('gunzipMs')} + ${m('parseMs')} + ${m('initialViewMs')})`
      );
    };
    console.log(`${line('worker, cold (a new worker)', stages.stream!)}  (Go profile.Parse + call tree: ~180 ms)`);
    const spare = stages.spare!;
    console.log(
      `${line("worker a dropped file goes to (the app's spare worker, prepared while idle)", spare)}  (Go: ~180 ms)\n` +
        `  its preparation: ${median(spare.map((r) => r.warmUpMs!)).toFixed(0)} ms parsing the demo profiles, ` +
        `${median(spare.map((r) => r.arenaMs!)).toFixed(0)} ms writing the arena (paced, wall time); ` +
        `${median(spare.map((r) => r.arenaMB!)).toFixed(1)} MB of the arena used`,
    );
    console.log(line('worker, warm (4th parse of the file in one worker; no arena: new memory each time)', stages.warm!));
    console.log(loadLine());

    // Time to the first drawn flame graph: a new browser context each run (an empty session:
    // the app would otherwise reopen the previous run's file from IndexedDB). The file is opened
    // once the spare worker has prepared itself (a user opening a file a few seconds after the
    // page), and, alternately, at once (during its preparation).
    const drawn: number[] = [];
    const drawnAtOnce: number[] = [];
    let heapMB = 0;
    for (let i = 0; i < 2 * runs; i++) {
      const atOnce = i % 2 === 1;
      const runContext = await browser.newContext({ serviceWorkers: 'block' });
      const p = await runContext.newPage();
      await p.goto(`${origin}/?empty&bench`);
      // The hooks are installed on ?bench by a module loaded after the page (src/dev/).
      await p.waitForFunction(() => document.body.dataset.idle === 'true' && 'golensBench' in window);
      if (!atOnce) await p.evaluate(() => (window as unknown as { golensBench: Bench }).golensBench.spareReady());
      // Timed inside the page, from the input's change event (the file handed to the app; the
      // test driver's own upload of the bytes is not counted) to the frame that shows the graph.
      await p.evaluate(() => {
        document.querySelector('[data-testid="file-input"]')!.addEventListener(
          'change',
          () => ((window as unknown as { __t0: number }).__t0 = performance.now()),
          { capture: true, once: true },
        );
      });
      await p.getByTestId('file-input').setInputFiles(file);
      await p.waitForFunction(() => document.querySelectorAll('[data-testid="flamegraph"] svg g').length > 10, null, {
        timeout: 60_000,
        polling: 'raf',
      });
      (atOnce ? drawnAtOnce : drawn).push(
        Math.round(await p.evaluate(() => performance.now() - (window as unknown as { __t0: number }).__t0)),
      );
      const cdp = await runContext.newCDPSession(p);
      await cdp.send('HeapProfiler.collectGarbage');
      await cdp.send('Performance.enable');
      const { metrics } = await cdp.send('Performance.getMetrics');
      heapMB = (metrics.find((x: { name: string }) => x.name === 'JSHeapUsedSize')?.value ?? 0) / 1e6;
      await runContext.close();
    }
    console.log(
      `open file → flame graph drawn: median ${median(drawn)} ms (min ${Math.min(...drawn)}, max ${Math.max(...drawn)}) ` +
        `once the spare worker is prepared, ${median(drawnAtOnce)} ms (min ${Math.min(...drawnAtOnce)}) when opened at once; ` +
        `page JS heap after drawing ${heapMB.toFixed(0)} MB  (speedscope: 2.35 s, 787 MB)`,
    );
    console.log(loadLine());
  });
}
