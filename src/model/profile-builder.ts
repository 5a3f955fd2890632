// Builds a ProfileModel from stacks given as frames: used by every pprof importer
// (protobuf and legacy text) so the tables are made one way.

import type { UnixNs } from '../base/time';
import { GrowableFloat64, GrowableInt32 } from '../base/growable';
import { PrefixTreeBuilder } from '../base/prefix-tree';
import { StringTableBuilder } from '../base/string-table';
import type { ProfileModel, ValueType, ProfileEncoding } from './profile';

export class ProfileBuilder {
  readonly strings = new StringTableBuilder();
  private readonly funcByName = new Map<number, number>();
  private readonly funcName: GrowableInt32;
  private readonly funcFile: GrowableInt32;
  private readonly frameByKey = new Map<string, number>();
  private readonly frameFunc: GrowableInt32;
  private readonly frameLine: GrowableInt32;
  private readonly frameInlined: number[] = [];
  private readonly stackTree: PrefixTreeBuilder;
  private readonly sampleStack = new GrowableInt32();
  private readonly values: GrowableFloat64[];
  /** Set instead of sampleStack/values by importers that decode all samples in one pass. */
  private sampleColumns: { stack: Int32Array; values: Float64Array[]; labelHash?: Int32Array } | null = null;
  /** Set instead of the stack tree by makers that have the stack table whole (a comparison's two sides). */
  private stackColumns: { frame: Int32Array; prefix: Int32Array } | null = null;

  /**
   * `expectedStacks`: an estimate (e.g. the number of location references) to size tables once.
   * `firstCapacity`: the function and frame columns' first size (they grow by doubling).
   */
  constructor(
    readonly sampleTypes: ValueType[],
    expectedStacks = 1024,
    firstCapacity = 1024,
  ) {
    this.funcName = new GrowableInt32(firstCapacity);
    this.funcFile = new GrowableInt32(firstCapacity);
    this.frameFunc = new GrowableInt32(firstCapacity);
    this.frameLine = new GrowableInt32(firstCapacity);
    this.stackTree = new PrefixTreeBuilder(expectedStacks);
    this.strings.intern('');
    this.values = sampleTypes.map(() => new GrowableFloat64());
  }

  /** The function named `name` (merged by name, as pprof's function granularity). */
  func(name: string, file: string): number {
    const nameIndex = this.strings.intern(name);
    let f = this.funcByName.get(nameIndex);
    if (f === undefined) {
      f = this.funcName.length;
      this.funcName.push(nameIndex);
      this.funcFile.push(this.strings.intern(file));
      this.funcByName.set(nameIndex, f);
    }
    return f;
  }

  /** A frame; `key` identifies it (e.g. location index and line index) so it is made once. */
  frame(key: string, func: number, line: number, inlined: boolean): number {
    let fr = this.frameByKey.get(key);
    if (fr === undefined) {
      fr = this.frameFunc.length;
      this.frameFunc.push(func);
      this.frameLine.push(line);
      this.frameInlined.push(inlined ? 1 : 0);
      this.frameByKey.set(key, fr);
    }
    return fr;
  }

  /** A new frame, for callers whose frames are distinct by construction (no key lookup). */
  newFrame(func: number, line: number, inlined: boolean): number {
    const fr = this.frameFunc.length;
    this.frameFunc.push(func);
    this.frameLine.push(line);
    this.frameInlined.push(inlined ? 1 : 0);
    return fr;
  }

  /** The stack tree itself, for importers that insert whole samples in one tight loop. */
  get stacks(): PrefixTreeBuilder {
    return this.stackTree;
  }

  /** Appends one frame to a stack; `prefix` is -1 for a root. */
  stack(prefix: number, frame: number): number {
    return this.stackTree.child(prefix, frame);
  }

  addSample(stack: number, values: ArrayLike<number>): void {
    this.sampleStack.push(stack);
    for (let i = 0; i < this.values.length; i++) this.values[i]!.push(values[i]!);
  }

  /**
   * All samples at once, as finished columns (instead of addSample): `stack` per sample and one
   * value column per sample type.
   */
  setSamples(stack: Int32Array, values: Float64Array[], labelHash?: Int32Array): void {
    if (values.length !== this.values.length || this.sampleStack.length > 0) throw new Error('setSamples: bad columns');
    this.sampleColumns = labelHash ? { stack, values, labelHash } : { stack, values };
  }
  /**
   * The stack table whole (instead of `stack`): `prefix[i]` < i for every stack i, frames of this
   * builder.
   */
  setStacks(frame: Int32Array, prefix: Int32Array): void {
    if (frame.length !== prefix.length || this.stackTree.length > 0) throw new Error('setStacks: bad columns');
    this.stackColumns = { frame, prefix };
  }
  get funcCount(): number {
    return this.funcName.length;
  }
  get frameCount(): number {
    return this.frameFunc.length;
  }
  get sampleCount(): number {
    return this.sampleColumns ? this.sampleColumns.stack.length : this.sampleStack.length;
  }

  finish(header: {
    encoding: ProfileEncoding;
    formatName: string;
    defaultSampleTypeIndex: number;
    period: number;
    periodType: ValueType | null;
    durationNs: number;
    timeNanos: UnixNs;
    recordCounts: { samples: number; locations: number; functions: number };
    comments?: string[];
    mainBinary?: string;
  }): ProfileModel {
    return {
      kind: 'profile',
      encoding: header.encoding,
      formatName: header.formatName,
      strings: this.strings.strings,
      sampleTypes: this.sampleTypes,
      defaultSampleTypeIndex: header.defaultSampleTypeIndex,
      period: header.period,
      periodType: header.periodType,
      durationNs: header.durationNs,
      timeNanos: header.timeNanos,
      recordCounts: header.recordCounts,
      comments: header.comments ?? [],
      mainBinary: header.mainBinary ?? '',
      funcs: { name: this.funcName.finish(), file: this.funcFile.finish(), length: this.funcName.length },
      frames: {
        func: this.frameFunc.finish(),
        line: this.frameLine.finish(),
        inlined: Uint8Array.from(this.frameInlined),
        length: this.frameFunc.length,
      },
      stacks: this.stackColumns
        ? { ...this.stackColumns, length: this.stackColumns.frame.length }
        : (({ label, parent, length }) => ({ frame: label, prefix: parent, length }))(this.stackTree.finish()),
      samples: this.sampleColumns
        ? { ...this.sampleColumns, length: this.sampleColumns.stack.length }
        : {
            stack: this.sampleStack.finish(),
            values: this.values.map((v) => v.finish()),
            length: this.sampleStack.length,
          },
    };
  }
}

/** pprof's rule (profile.proto): the first type named default_sample_type, else the last. */
export function defaultSampleTypeIndex(sampleTypes: ValueType[], defaultType: string): number {
  if (defaultType !== '') {
    const i = sampleTypes.findIndex((t) => t.type === defaultType);
    if (i >= 0) return i;
  }
  return sampleTypes.length - 1;
}
