// Conformance: for every trace fixture with a `.analysis.json` (Go 1.27's own Summarizer,
// MutatorUtilizationV2 and MMUCurve), the analysis of the model equals it: goroutine groups,
// task and region types exactly, MMU values within 1e-9. The old-format traces (Go 1.11–1.21, read by parse/trace/v1)
// are among them: their analyses are Go 1.27's of its own conversion.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBytes } from '../../parse/detect';
import { fixturePath, listFixtures, readFixture } from '../../test-utils/fixtures';
import type { TraceModel } from '../../model/trace';
import { analysisDigest } from './trace-analysis';

const refs = listFixtures().filter((f) => f.endsWith('.analysis.json'));

/** Deep equality where floats (utilizations) may differ by 1e-9. */
function close(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual)) expect(actual, path).toBe(expected);
    else expect(Math.abs(actual - expected), `${path}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-9);
    return;
  }
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => close((actual as unknown[])[i], e, `${path}[${i}]`));
    return;
  }
  if (expected && typeof expected === 'object') {
    const a = actual as Record<string, unknown>;
    expect(Object.keys(a).sort(), `${path} keys`).toEqual(Object.keys(expected).sort());
    for (const [k, v] of Object.entries(expected)) close(a[k], v, `${path}.${k}`);
    return;
  }
  expect(actual, path).toEqual(expected);
}

describe('trace analysis equals go tool trace (Go 1.27) on every fixture', () => {
  it('has the references', () => {
    expect(refs.length).toBeGreaterThanOrEqual(55);
  });
  for (const ref of refs) {
    it(ref, async () => {
      const t = (await parseBytes(readFixture(ref.slice(0, -'.analysis.json'.length)))) as TraceModel;
      expect(t.kind).toBe('trace');
      const expected = JSON.parse(readFileSync(fixturePath(ref), 'utf8')) as Record<string, unknown>;
      close(analysisDigest(t), expected, '');
    });
  }
});
