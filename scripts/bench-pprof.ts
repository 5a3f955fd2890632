// npm run bench, pprof part: parse time, MB/s, heap, time to a flame-graph-ready model,
// next to protobufjs decoding the same bytes in the same run.
//
// Node, cold-ish: each figure is the median of several runs after one warm-up.

import { readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { Reader } from 'protobufjs/minimal.js';
import { compileFilter, computeCallNodeInfo, computeCallNodeSelf, computeCallNodeTotal } from '../src/analysis/profile/call-tree';
import { computeInitialProfileView, computeTopRows } from '../src/analysis/profile/top';
import { deriveComparison } from '../workers/derive-for-views';
import { gunzipWithPako } from '../src/base/gzip';
import { parseBytes } from '../src/parse/detect';
import type { ProfileModel } from '../src/model/profile';

const PROFILE_PROTO = {
  nested: {
    Profile: {
      fields: {
        sampleType: { rule: 'repeated', type: 'ValueType', id: 1 },
        sample: { rule: 'repeated', type: 'Sample', id: 2 },
        mapping: { rule: 'repeated', type: 'Mapping', id: 3 },
        location: { rule: 'repeated', type: 'Location', id: 4 },
        function: { rule: 'repeated', type: 'Function', id: 5 },
        stringTable: { rule: 'repeated', type: 'string', id: 6 },
        dropFrames: { type: 'int64', id: 7 },
        keepFrames: { type: 'int64', id: 8 },
        timeNanos: { type: 'int64', id: 9 },
        durationNanos: { type: 'int64', id: 10 },
        periodType: { type: 'ValueType', id: 11 },
        period: { type: 'int64', id: 12 },
        comment: { rule: 'repeated', type: 'int64', id: 13 },
        defaultSampleType: { type: 'int64', id: 14 },
      },
    },
    ValueType: { fields: { type: { type: 'int64', id: 1 }, unit: { type: 'int64', id: 2 } } },
    Sample: {
      fields: {
        locationId: { rule: 'repeated', type: 'uint64', id: 1 },
        value: { rule: 'repeated', type: 'int64', id: 2 },
        label: { rule: 'repeated', type: 'Label', id: 3 },
      },
    },
    Label: {
      fields: {
        key: { type: 'int64', id: 1 },
        str: { type: 'int64', id: 2 },
        num: { type: 'int64', id: 3 },
        numUnit: { type: 'int64', id: 4 },
      },
    },
    Mapping: {
      fields: {
        id: { type: 'uint64', id: 1 },
        memoryStart: { type: 'uint64', id: 2 },
        memoryLimit: { type: 'uint64', id: 3 },
        fileOffset: { type: 'uint64', id: 4 },
        filename: { type: 'int64', id: 5 },
        buildId: { type: 'int64', id: 6 },
        hasFunctions: { type: 'bool', id: 7 },
        hasFilenames: { type: 'bool', id: 8 },
        hasLineNumbers: { type: 'bool', id: 9 },
        hasInlineFrames: { type: 'bool', id: 10 },
      },
    },
    Location: {
      fields: {
        id: { type: 'uint64', id: 1 },
        mappingId: { type: 'uint64', id: 2 },
        address: { type: 'uint64', id: 3 },
        line: { rule: 'repeated', type: 'Line', id: 4 },
        isFolded: { type: 'bool', id: 5 },
      },
    },
    Line: { fields: { functionId: { type: 'uint64', id: 1 }, line: { type: 'int64', id: 2 } } },
    Function: {
      fields: {
        id: { type: 'uint64', id: 1 },
        name: { type: 'int64', id: 2 },
        systemName: { type: 'int64', id: 3 },
        filename: { type: 'int64', id: 4 },
        startLine: { type: 'int64', id: 5 },
      },
    },
  },
};

const ProfileType = protobuf.Root.fromJSON(PROFILE_PROTO).lookupType('Profile');

/** The decoding floor: visit every field of every message, decode nothing into columns. */
function bareWalk(bytes: Uint8Array): number {
  let fields = 0;
  const walk = (r: Reader, end: number, depth: number) => {
    while (r.pos < end) {
      const tag = r.uint32();
      fields++;
      const wire = tag & 7;
      const field = tag >>> 3;
      // Messages nest: Profile 1-5,11; Sample none deeper than Label (3); Location Line (4).
      const isMessage =
        wire === 2 &&
        ((depth === 0 && (field <= 5 || field === 11)) || (depth === 1 && (field === 3 || field === 4)));
      if (isMessage) {
        const len = r.uint32();
        walk(r, r.pos + len, depth + 1);
      } else r.skipType(wire);
    }
  };
  const r = Reader.create(bytes);
  walk(r, r.len, 0);
  return fields;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * The median of `runs` runs after a warm-up. Each run starts after a full collection (node
 * --expose-gc, as `npm run bench` starts it): the app does each of these once, in a worker of its
 * own (a comparison's is started for it), so the garbage of the runs before is the bench's own.
 */
async function time<T>(runs: number, fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

/** The machine is shared: every figure is printed beside the load it was measured under. */
export function loadLine(): string {
  const [l1, l5] = loadavg();
  return `(load average ${l1!.toFixed(2)} over 1 min, ${l5!.toFixed(2)} over 5 min, ${cpus().length} CPUs)`;
}

function heapMB(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

export async function benchPprof(file: string, runs = 7): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const mb = statSync(file).size / 1e6;
  const raw = bytes[0] === 0x1f ? new Uint8Array(gunzipSync(bytes)) : bytes;
  console.log(`\n## pprof: ${file}  (${mb.toFixed(2)} MB as stored, ${(raw.length / 1e6).toFixed(2)} MB decompressed)`);
  console.log(loadLine());

  const gzNode = await time(runs, () => gunzipSync(bytes));
  const gzPako = await time(runs, () => (bytes[0] === 0x1f ? gunzipWithPako(bytes) : bytes));
  const heap0 = heapMB();
  const parse = await time(runs, () => parseBytes(bytes));
  const p = parse.result as ProfileModel;
  const heapModel = heapMB() - heap0;
  const tree = await time(runs, () => {
    const info = computeCallNodeInfo(p, compileFilter({}).filter);
    const { self } = computeCallNodeSelf(p, info, p.defaultSampleTypeIndex);
    return computeCallNodeTotal(info.nodes, self);
  });
  const top = await time(runs, () => computeTopRows(p, p.defaultSampleTypeIndex, null));
  const reflect = await time(runs, () => ProfileType.decode(raw));
  const reflectNumbers = await time(runs, () =>
    ProfileType.toObject(ProfileType.decode(raw), { longs: Number }),
  );
  const walk = await time(runs, () => bareWalk(raw));
  // A comparison of two copies of the file, as the comparison worker makes it for the app
  // (workers/parse-worker.ts diffForView: the -diff_base profile and its first view, given each
  // side's call tree from its own first view, made when the file was opened), against one
  // profile's first view (issue: within 1.5×). Also without the sides' call trees (the worker
  // then makes the comparison's call tree from its stacks).
  const firstView = await time(runs, () => computeInitialProfileView(p));
  const copy = (await parseBytes(bytes)) as ProfileModel;
  const sides = { base: firstView.result, target: computeInitialProfileView(copy) };
  const comparison = await time(runs, () => deriveComparison(p, copy, 'diff_base', sides));
  const comparisonAlone = await time(runs, () => deriveComparison(p, copy, 'diff_base'));

  const row = (label: string, ms: number, extra = '') =>
    console.log(`${label.padEnd(46)} ${ms.toFixed(1).padStart(8)} ms ${extra}`);
  row('gunzip (node zlib)', gzNode.ms);
  row('gunzip (pako)', gzPako.ms);
  row('GoLens parse: gunzip + decode into columns', parse.ms, `${(mb / (parse.ms / 1000)).toFixed(1)} MB/s stored`);
  row('call tree (flame-graph-ready)', tree.ms);
  row('GoLens parse + call tree', parse.ms + tree.ms, '(Go profile.Parse + call tree: ~180 ms)');
  row('top table (flat/cum per function)', top.ms);
  row('protobufjs reflection decode (Long objects)', reflect.ms);
  row('protobufjs reflection decode + toObject(Number)', reflectNumbers.ms);
  row('bare Reader walk over every field (floor)', walk.ms, `${walk.result} fields`);
  row("first view (the worker's initialView)", firstView.ms);
  row('comparison of two copies (diff + its first view)', comparison.ms, `${(comparison.ms / firstView.ms).toFixed(2)}× one first view (goal ≤ 1.5×)`);
  row('  the same without the sides\' call trees', comparisonAlone.ms, `${(comparisonAlone.ms / firstView.ms).toFixed(2)}×`);
  const decodeOnly = parse.ms - gzNode.ms;
  console.log(
    `ratios: GoLens decode ÷ protobufjs reflection = ${(decodeOnly / reflect.ms).toFixed(2)}; ` +
      `GoLens decode ÷ bare walk = ${(decodeOnly / walk.ms).toFixed(2)}`,
  );
  console.log(
    `model: ${p.samples.length} samples, ${p.stacks.length} stacks, ${p.frames.length} frames, ${p.funcs.length} functions; ` +
      `heap held by the model ≈ ${heapModel.toFixed(1)} MB; process peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
}
