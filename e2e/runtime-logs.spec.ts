// The Go runtime's text outputs end to end: every expected figure is read from the fixture's
// own text in the test (a gctrace line, the heap profile's `# runtime.MemStats` footer, the
// goroutine headers, the escape lines), never copied from the app.

import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { formatBytes, formatNanoseconds } from '../src/base/units';
import { formatShare } from '../src/base/number-format';
import { dragAcross, dropFiles, expectSelected, fixture, flameTotal, hoverTimeViewAt, openApp, openBuffers, test } from './helpers';

const GC_LINE =
  /^gc (\d+) @([\d.]+)s (\d+)%.*?: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock, .*? ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal.*?(\(forced\))?$/;

type GcLine = { n: number; startNs: number; t1: string; t2: string; t3: string; h: [string, string, string]; goal: string; forced: boolean };

function gcLines(text: string): GcLine[] {
  return text
    .split('\n')
    .map((l) => GC_LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      n: Number(m[1]),
      startNs: Math.round(Number(m[2]) * 1e9),
      t1: m[4]!,
      t2: m[5]!,
      t3: m[6]!,
      h: [m[7]!, m[8]!, m[9]!],
      goal: m[10]!,
      forced: m[11] !== undefined,
    }));
}

/** The ms text as the app prints it (the number, without trailing zeros). */
const ms = (s: string) => String(Number(s));
const msToNs = (s: string) => Math.round(Number(s) * 1e6);

/** Nearest rank: the smallest value with at least p% of the values ≤ it. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
}

async function statOf(page: Page, row: string, stat: string): Promise<{ ns: number; text: string }> {
  const cell = page.getByTestId(`pause-stats-${row}`).locator(`[data-stat="${stat}"]`);
  return { ns: Number(await cell.getAttribute('data-ns')), text: (await cell.textContent()) ?? '' };
}

test('a gctrace log: hovering each cycle reads its figures from the log line; pause statistics', async ({ page }) => {
  await openApp(page);
  const rel = 'leak/go1.27/gctrace.log';
  const lines = gcLines(readFileSync(fixture(rel), 'utf8'));
  expect(lines.length).toBeGreaterThan(3);
  await dropFiles(page, [fixture(rel)]);
  await expectSelected(page, 'gctrace.log');
  await expect(page.getByTestId('runtime-log-view')).toContainText(`${lines.length} GC cycles (${lines.filter((l) => l.forced).length} forced)`);
  await expect(page.locator('[data-testid="timeview"][data-lane="gc"]')).toBeVisible();
  await expect(page.locator('[data-testid="timeview"][data-lane="heap"]')).toBeVisible();

  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    // Midway to the next cycle (or a little after the last one): this cycle is in effect.
    const next = i + 1 < lines.length ? lines[i + 1]!.startNs : l.startNs + 40e6;
    const at = (l.startNs + next) / 2;
    await hoverTimeViewAt(page, at, 'heap');
    const readout = page.getByTestId('cursor-readout').getByTestId('gc-readout');
    await expect(readout).toHaveAttribute('data-cycle', String(l.n));
    const cursor = Number(await page.locator('[data-testid="timeview"][data-lane="heap"]').getAttribute('data-cursor-ns'));
    expect(Math.abs(cursor - at)).toBeLessThan((next - l.startNs) / 2);
    const text = (await readout.textContent()) ?? '';
    expect(text).toContain(`gc ${l.n} @${(l.startNs / 1e9).toFixed(3)}s`);
    expect(text).toContain(`STW sweep termination ${ms(l.t1)} ms`);
    expect(text).toContain(`mark ${ms(l.t2)} ms`);
    expect(text).toContain(`STW mark termination ${ms(l.t3)} ms`);
    expect(text).toContain(`heap ${l.h[0]} → ${l.h[1]} → ${l.h[2]} MB`);
    expect(text).toContain(`goal ${l.goal} MB`);
    expect(text.includes('forced')).toBe(l.forced);
    await expect(readout).toHaveAttribute('data-heap-live', String(Number(l.h[2]) * 1048576));
    await expect(readout).toHaveAttribute('data-heap-goal', String(Number(l.goal) * 1048576));
  }

  // Pause statistics: one pause per STW phase (T1 and T3 of each line), and per cycle (T1 + T3).
  const phases = lines.flatMap((l) => [msToNs(l.t1), msToNs(l.t3)]).sort((a, b) => a - b);
  const cycles = lines.map((l) => msToNs(l.t1) + msToNs(l.t3)).sort((a, b) => a - b);
  for (const [row, values] of [
    ['phase', phases],
    ['cycle', cycles],
  ] as const) {
    expect((await statOf(page, row, 'count')).ns).toBe(values.length);
    const total = values.reduce((a, b) => a + b, 0);
    const expected: Record<string, number> = {
      total,
      max: values[values.length - 1]!,
      p50: percentile(values, 50),
      p90: percentile(values, 90),
      p99: percentile(values, 99),
    };
    for (const [stat, ns] of Object.entries(expected)) {
      const got = await statOf(page, row, stat);
      expect(got.ns, `${row} ${stat}`).toBe(ns);
      // GoLens's statistics read as every duration of the app (3 significant digits, the unit by magnitude).
      expect(got.text).toBe(formatNanoseconds(ns));
    }
  }
  // The cycle table: a click puts the cursor on a cycle; ordered by longest STW, the worst comes first.
  await page.mouse.move(0, 0);
  await page.getByTestId('gc-cycle-table').locator(`tr[data-cycle="${lines[2]!.n}"]`).click();
  await expect(page.getByTestId('gc-readout')).toHaveAttribute('data-cycle', String(lines[2]!.n));
  await page.getByTestId('gc-order').selectOption('stw');
  const worst = lines.reduce((a, l) => (msToNs(l.t1) + msToNs(l.t3) > msToNs(a.t1) + msToNs(a.t3) ? l : a));
  await expect(page.getByTestId('gc-cycle-row').first()).toHaveAttribute('data-cycle', String(worst.n));
  // Shift+drag on the lanes brushes a range: the pauses of the cycles starting in it get their own row.
  await dragAcross(page, 'heap', 0.1, 0.6, { shift: true });
  const range = (await page.getByTestId('pause-stats').getAttribute('data-range'))!.split(',').map(Number);
  const inRange = lines.filter((l) => l.startNs >= range[0]! && l.startNs <= range[1]!);
  expect(inRange.length).toBeGreaterThan(0);
  await expect(page.getByTestId('pause-stats-range').locator('[data-stat="count"]')).toHaveText(String(2 * inRange.length));
  const rangeMax = Math.max(...inRange.flatMap((l) => [msToNs(l.t1), msToNs(l.t3)]));
  expect((await statOf(page, 'range', 'max')).ns).toBe(rangeMax);
  // The largest STW phase of the log is the table's max: the log's figure, in the app's units.
  const maxText = lines.flatMap((l) => [l.t1, l.t3]).sort((a, b) => Number(b) - Number(a))[0]!;
  expect((await statOf(page, 'phase', 'max')).text).toBe(formatNanoseconds(msToNs(maxText)));
});

test('a gctrace log with program output and a broken gc line: lines skipped are reported, cycles still drawn', async ({ page }) => {
  await openApp(page);
  const real = readFileSync(fixture('leak/go1.27/gctrace.log'), 'utf8').split('\n');
  const good = gcLines(real.join('\n')).length;
  // Program output interleaved on stderr, as it is in real logs, and a truncated gc line.
  const mixed = [real[0], 'server listening on :8080', real[1], 'gc 99 @1.5s 0%: garbled', ...real.slice(2)].join('\n');
  await openBuffers(page, [{ name: 'mixed-gctrace.log', buffer: Buffer.from(mixed) }]);
  await expectSelected(page, 'mixed-gctrace.log');
  const notice = page.getByTestId('runtime-log-view').getByTestId('skipped-lines');
  await expect(notice).toHaveAttribute('data-count', '2');
  await expect(notice).toContainText('2 lines skipped; first (line 2): server listening on :8080');
  await expect(page.getByTestId('malformed-lines')).toContainText('gc 99 @1.5s 0%: garbled');
  await expect(page.getByTestId('runtime-log-view')).toContainText(`${good} GC cycles`);
  await expect(page.getByTestId('pause-stats-phase').locator('[data-stat="count"]')).toHaveText(String(2 * good));
});

test('a schedtrace log: the scheduler lanes and their readout', async ({ page }) => {
  await openApp(page);
  const rel = 'memstats/go1.27/gctrace_schedtrace.log';
  const sched = readFileSync(fixture(rel), 'utf8')
    .split('\n')
    .map((l) => /^SCHED (\d+)ms: gomaxprocs=(\d+) idleprocs=(\d+) threads=(\d+) spinningthreads=(\d+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  expect(sched.length).toBeGreaterThan(3);
  await dropFiles(page, [fixture(rel)]);
  await expect(page.locator('[data-testid="timeview"][data-lane="sched-procs"]')).toBeVisible();
  await expect(page.locator('[data-testid="timeview"][data-lane="sched-runq"]')).toBeVisible();
  const m = sched[2]!;
  const t = Number(m[1]) * 1e6;
  const next = Number(sched[3]![1]) * 1e6;
  await hoverTimeViewAt(page, (t + next) / 2, 'sched-procs');
  const readout = page.getByTestId('sched-readout');
  await expect(readout).toContainText(`SCHED ${m[1]}ms gomaxprocs=${m[2]} idleprocs=${m[3]} threads=${m[4]} spinningthreads=${m[5]}`);
});

/** `# Name = value` lines of a heap text profile's footer. */
function footerOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.slice(text.indexOf('# runtime.MemStats')).split('\n')) {
    const m = /^# (\w+) = (.*)$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

test('a heap text profile: the MemStats panel shows the footer, field by field, with its ratios and pauses', async ({ page }) => {
  await openApp(page);
  const rel = 'leak/go1.27/heap_after.txt';
  const footer = footerOf(readFileSync(fixture(rel), 'utf8'));
  expect(footer.size).toBeGreaterThan(20);
  await dropFiles(page, [fixture(rel)]);
  await expectSelected(page, 'heap_after.txt');
  const panel = page.getByTestId('memstats-panel');
  await expect(panel).toBeVisible();
  const BYTES = ['Alloc', 'TotalAlloc', 'Sys', 'HeapAlloc', 'HeapSys', 'HeapIdle', 'HeapInuse', 'HeapReleased', 'BuckHashSys', 'GCSys', 'OtherSys', 'NextGC', 'MaxRSS'];
  const expected = new Map<string, string>();
  for (const [name, raw] of footer) {
    if (name === 'PauseNs' || name === 'PauseEnd') continue;
    if (name === 'Stack' || name === 'MSpan' || name === 'MCache') {
      const [inuse, sys] = raw.split(' / ');
      expected.set(`${name}Inuse`, inuse!);
      expected.set(`${name}Sys`, sys!);
    } else expected.set(name, raw);
  }
  for (const [name, raw] of expected) {
    const row = panel.locator(`tr[data-field="${name}"]`);
    if (name === 'GCCPUFraction') {
      expect(Number(await row.getAttribute('data-value'))).toBe(Number(raw));
      continue;
    }
    await expect(row, name).toHaveAttribute('data-value', raw);
    if (BYTES.includes(name) || /(Inuse|Sys)$/.test(name)) {
      await expect(row.locator('td.shown')).toHaveText(formatBytes(Number(raw)));
    }
    if (/^\d+$/.test(raw)) await expect(row.locator('td.exact')).toHaveText(BigInt(raw).toLocaleString('en-US'));
  }
  // LastGC is a date with every nanosecond of the footer's Unix-ns value.
  const lastGc = footer.get('LastGC')!;
  const iso = new Date(Number(BigInt(lastGc) / 1_000_000n)).toISOString().slice(0, -1) + lastGc.slice(-6) + 'Z';
  await expect(panel.locator('tr[data-field="LastGC"] td.shown')).toHaveText(iso);

  const n = (k: string) => Number(expected.get(k));
  const ratio = async (k: string) => Number(await panel.locator(`[data-ratio="${k}"]`).getAttribute('data-value'));
  expect(await ratio('heapInuseRatio')).toBe(n('HeapInuse') / n('HeapSys'));
  await expect(panel.locator('[data-ratio="heapInuseRatio"] dd')).toHaveText(formatShare(n('HeapInuse'), n('HeapSys')));
  expect(await ratio('fragmentation')).toBe(n('HeapInuse') - n('HeapAlloc'));
  expect(await ratio('released')).toBe(n('HeapReleased'));
  expect(await ratio('idleRetained')).toBe(n('HeapIdle') - n('HeapReleased'));
  expect(await ratio('gcCpuFraction')).toBe(Number(expected.get('GCCPUFraction')));

  // Recent pauses: NumGC entries; the newest is PauseNs[(NumGC + 255) % 256].
  const numGc = n('NumGC');
  const ring = footer.get('PauseNs')!.slice(1, -1).trim().split(/ +/);
  await expect(panel.getByTestId('pause-chart')).toHaveAttribute('data-count', String(Math.min(256, numGc)));
  const pr = panel.getByTestId('pause-readout');
  await expect(pr).toHaveAttribute('data-cycle', String(numGc));
  await expect(pr).toHaveAttribute('data-pause-ns', ring[(numGc + 255) % 256]!);
  // Hover the first bar: cycle 1's pause.
  await panel.getByTestId('pause-chart').locator('rect.bar').first().hover();
  await expect(pr).toHaveAttribute('data-cycle', '1');
  await expect(pr).toHaveAttribute('data-pause-ns', ring[0]!);
});

test('MemStats JSON lines: heap over the samples and the panel of the chosen sample', async ({ page }) => {
  await openApp(page);
  const rel = 'memstats/go1.27/memstats.jsonl';
  const rows = readFileSync(fixture(rel), 'utf8').split('\n').filter((l) => l.trim().startsWith('{'));
  await dropFiles(page, [fixture(rel)]);
  await expect(page.getByTestId('heap-samples-chart')).toHaveAttribute('data-samples', String(rows.length));
  const panel = page.getByTestId('memstats-panel');
  const last = rows[rows.length - 1]!;
  await expect(panel.locator('tr[data-field="HeapAlloc"]')).toHaveAttribute('data-value', /"HeapAlloc":(\d+)/.exec(last)![1]!);
  await expect(panel.locator('tr[data-field="LastGC"]')).toHaveAttribute('data-value', /"LastGC":(\d+)/.exec(last)![1]!);
  // On the GC clock (ns since cycle 1 ended: PauseEnd[0] of a sample that has seen 1 to 256 cycles), each sample sits at its LastGC.
  const early = rows.find((r) => {
    const n = Number(/"NumGC":(\d+)/.exec(r)![1]);
    return n >= 1 && n <= 256;
  })!;
  const origin = BigInt(/"PauseEnd":\[(\d+),/.exec(early)![1]!);
  const lb = rows.map((r) => Number(BigInt(/"LastGC":(\d+)/.exec(r)![1]!) - origin));
  const i = 10;
  const j = lb.findIndex((v, k) => k > i && v > lb[i]!);
  await hoverTimeViewAt(page, (lb[i]! + lb[j]!) / 2, 'heap');
  const sr = page.getByTestId('memstats-sample-readout');
  await expect(sr).toHaveAttribute('data-sample', String(j));
  await expect(sr).toContainText(`HeapAlloc ${formatBytes(Number(/"HeapAlloc":(\d+)/.exec(rows[j - 1]!)![1]))}`);
  await page.mouse.move(0, 0);
  await page.getByTestId('memstats-sample').fill('5');
  await expect(panel.locator('tr[data-field="NumGC"]')).toHaveAttribute('data-value', /"NumGC":(\d+)/.exec(rows[4]!)![1]!);
  await expect(panel.locator('tr[data-field="PauseTotalNs"]')).toHaveAttribute('data-value', /"PauseTotalNs":(\d+)/.exec(rows[4]!)![1]!);
});

test('an expvar /debug/vars snapshot: the MemStats panel and the command line', async ({ page }) => {
  await openApp(page);
  const rel = 'memstats/go1.27/vars.json';
  const text = readFileSync(fixture(rel), 'utf8');
  const doc = JSON.parse(text) as { cmdline: string[] };
  await dropFiles(page, [fixture(rel)]);
  const view = page.getByTestId('memstats-view');
  await expect(view).toContainText('expvar /debug/vars');
  await expect(view.locator('.cmdline')).toHaveText(doc.cmdline.join(' '));
  const panel = page.getByTestId('memstats-panel');
  for (const name of ['HeapAlloc', 'Sys', 'NumGC', 'LastGC', 'PauseTotalNs']) {
    // Digits as written (LastGC exceeds 2^53: JSON.parse would round it).
    await expect(panel.locator(`tr[data-field="${name}"]`)).toHaveAttribute('data-value', new RegExp(`"${name}":\\s*(\\d+)`).exec(text)![1]!);
  }
  await expect(panel.locator('tr[data-field="PauseTotalNs"] td.shown')).toHaveText(formatNanoseconds(Number(/"PauseTotalNs":\s*(\d+)/.exec(text)![1])));
});

test('a goroutine dump: groups by stack with counts, a leak flagged by the pile-up rule, the stacks as a flame graph', async ({ page }) => {
  await openApp(page);
  const rel = 'leak/go1.27/goroutine_debug2.txt';
  const text = readFileSync(fixture(rel), 'utf8');
  const blocks = text.split(/\n\n+/).filter((b) => b.startsWith('goroutine '));
  const idle = blocks.filter((b) => b.split('\n')[1]!.startsWith('main.idleWorker('));
  expect(idle.length).toBeGreaterThan(1);
  const idleSite = /\n\t(\S+:\d+) /.exec(idle[0]!)![1]!;
  await dropFiles(page, [fixture(rel)]);
  await expectSelected(page, 'goroutine_debug2.txt');
  const view = page.getByTestId('goroutine-dump-view');
  await expect(view).toContainText(`${blocks.length} goroutines`);
  const first = view.getByTestId('goroutine-group').first();
  await expect(first).toHaveAttribute('data-count', String(idle.length));
  await expect(first).toContainText('main.idleWorker');
  await expect(first).toContainText('chan receive');
  await expect(first).toContainText(idleSite);
  await expect(first).toContainText('main.main in goroutine 1');
  // The default rule wants 100 goroutines blocked at one site: this small dump has no leak.
  await expect(view.getByTestId('leak-count')).toHaveAttribute('data-count', '0');
  // With the pile-up threshold at the group's size, its receive is flagged.
  await view.getByTestId('leak-pileup').fill(String(idle.length));
  await expect(first).toHaveAttribute('data-leak', 'pile-up');
  await expect(first.locator('.leak-flag')).toHaveText(`⚠ ${idle.length} goroutines blocked on channel/select/sync at ${idleSite}`);
  await expect(view.getByTestId('leak-count')).toHaveAttribute('data-count', '1');
  // Expanding a group lists its frames.
  await first.click();
  await expect(view.locator('.stack-frames').first()).toContainText(idleSite);
  // Flame graph of the stacks: one unit per goroutine.
  expect(await flameTotal(page)).toBe(blocks.length);
});

test('a goroutine profile (debug=1): groups with counts from its records, and the flame graph', async ({ page }) => {
  await openApp(page);
  const rel = 'leak/go1.27/goroutine_debug1.txt';
  const text = readFileSync(fixture(rel), 'utf8');
  const total = Number(/^goroutine profile: total (\d+)/.exec(text)![1]);
  const rec = /\n(\d+) @ [^\n]*\n#\t\S+\tmain\.idleWorker\+\S+\t+(\S+)\n/.exec(text)!;
  await dropFiles(page, [fixture(rel)]);
  const view = page.getByTestId('goroutine-profile-view');
  await expect(view).toContainText(`${total} goroutines`);
  const first = view.getByTestId('goroutine-group').first();
  await expect(first).toHaveAttribute('data-count', rec[1]!);
  await expect(first).toContainText('main.idleWorker');
  await expect(first).toContainText(rec[2]!);
  await view.getByTestId('leak-pileup').fill(rec[1]!);
  await expect(first).toHaveAttribute('data-leak', 'pile-up');
  expect(await flameTotal(page)).toBe(total);
});

test('escape analysis -m -m: the decisions table, the kind filter and an explanation chain', async ({ page }) => {
  await openApp(page);
  const rel = 'escape/go1.27/escape_mm.txt';
  const lines = readFileSync(fixture(rel), 'utf8').split('\n');
  const moved = lines.filter((l) => /^\S+:\d+:\d+: moved to heap: /.test(l));
  expect(moved.length).toBeGreaterThan(0);
  await dropFiles(page, [fixture(rel)]);
  const view = page.getByTestId('escape-view');
  await expect(view.getByTestId('escape-table')).toBeVisible();
  await view.locator('.chip[data-kind="moved-to-heap"]').click();
  await expect(view.getByTestId('escape-row')).toHaveCount(moved.length);
  // The first one: its explanation is the lines before it at the same position.
  const at = lines.indexOf(moved[0]!);
  const pos = /^(\S+:\d+:\d+): /.exec(moved[0]!)![1]!;
  const chain: string[] = [];
  for (let i = at - 1; i >= 0 && lines[i]!.startsWith(`${pos}: `) && !/: moved to heap: |escapes to heap$/.test(lines[i]!.slice(pos.length)); i--) {
    chain.unshift(lines[i]!.slice(pos.length + 2));
  }
  const row = view.getByTestId('escape-row').first();
  await expect(row.locator('td.pos')).toHaveText(pos);
  await row.getByTestId('escape-explain').click();
  await expect(view.getByTestId('escape-explanation').first().locator('pre')).toHaveText(chain.join('\n'));
  // Text filter: by file:line.
  await view.locator('.chip[data-kind="moved-to-heap"]').click();
  const fileLine = pos.split(':').slice(0, 2).join(':');
  await view.getByTestId('escape-filter').fill(`${fileLine}:`);
  const shown = view.getByTestId('escape-row');
  await expect(view.getByTestId('escape-shown')).toHaveAttribute('data-count', String(await shown.count()));
  expect(await shown.count()).toBeGreaterThan(0);
  for (const p of await shown.locator('td.pos').allTextContents()) expect(p.startsWith(`${fileLine}:`)).toBe(true);
});

test('an allocs profile with its escape analysis: the top table says why each site is on the heap', async ({ page }) => {
  await openApp(page);
  const src = readFileSync(fixture('../fixtures-src/escape/main.go'), 'utf8').split('\n');
  const fnLine = src.findIndex((l) => l.startsWith('func MakeHuge('));
  const makeLine = src.findIndex((l, i) => i > fnLine && l.includes('make([]byte')) + 1;
  const esc = readFileSync(fixture('escape/go1.27/escape_m.txt'), 'utf8').split('\n');
  const decision = esc.find((l) => l.startsWith(`./main.go:${makeLine}:`) && l.endsWith('escapes to heap'))!;
  expect(decision).toBeDefined();
  const message = decision.replace(/^\S+:\d+:\d+: /, '');
  await dropFiles(page, [fixture('escape/go1.27/escape_m.txt')]);
  await dropFiles(page, [fixture('escape/go1.27/allocs.pb.gz')]);
  await expectSelected(page, 'allocs.pb.gz');
  await page.getByTestId('sample-type').selectOption('alloc_space');
  const row = page.getByTestId('top-table').locator('tbody tr', { hasText: 'main.MakeHuge' });
  await expect(row.getByTestId('top-extra')).toHaveText(`main.go:${makeLine} ${message}`);
});
