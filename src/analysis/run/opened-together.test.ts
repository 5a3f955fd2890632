import { describe, expect, it } from 'vitest';
import { parseBytes } from '../../parse/detect';
import { readFixture } from '../../test-utils/fixtures';
import type { RunFile } from './placement';
import { runOfOpenedTogether } from './opened-together';

async function files(rels: string[]): Promise<RunFile[]> {
  return Promise.all(rels.map(async (rel) => ({ id: rel, name: rel.split('/').pop()!, parsed: await parseBytes(readFixture(rel)) })));
}

describe('files opened together make a run', () => {
  it('the pool run (trace, gctrace log, CPU and allocs profiles, Go 1.27): all four', async () => {
    const rels = ['trace.out', 'gctrace.log', 'cpu.pb.gz', 'allocs.pb.gz'].map((f) => `pool/go1.27/${f}`);
    expect(runOfOpenedTogether(await files(rels))).toEqual(rels);
  });

  it('a trace with heap profiles of its run (leak, Go 1.27): the trace and the profiles; a text profile without time_nanos stays out', async () => {
    const rels = ['trace.out', 'heap_before.pb.gz', 'heap_after.txt', 'heap_after.pb.gz'].map((f) => `leak/go1.27/${f}`);
    expect(runOfOpenedTogether(await files(rels))).toEqual([rels[0], rels[1], rels[3]]);
  });

  it('a gctrace log and its MemStats (memstats, Go 1.27): the log is the axis, the MemStats placed by their pause rings', async () => {
    const rels = ['memstats.jsonl', 'gctrace_schedtrace.log'].map((f) => `memstats/go1.27/${f}`);
    expect(runOfOpenedTogether(await files(rels))).toEqual(rels);
  });

  it('two heap profiles alone stay separate files (a series or a comparison, not a run)', async () => {
    expect(runOfOpenedTogether(await files(['leak/go1.27/heap_before.pb.gz', 'leak/go1.27/heap_after.pb.gz']))).toBeNull();
  });

  it('a Go 1.22 trace and a heap profile: the trace has no wall clock, nothing is placed, no run', async () => {
    expect(runOfOpenedTogether(await files(['leak/go1.22/trace.out', 'leak/go1.22/heap_mid.pb.gz']))).toBeNull();
  });

  it('two traces: placement refuses them, no run', async () => {
    expect(runOfOpenedTogether(await files(['leak/go1.27/trace.out', 'pool/go1.27/trace.out']))).toBeNull();
  });

  it('one file alone: no run', async () => {
    expect(runOfOpenedTogether(await files(['pool/go1.27/trace.out']))).toBeNull();
  });
});
