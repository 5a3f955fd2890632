// Builds real profile.proto bytes from a compact text, for edge cases a fixture lacks:
//
//   pprofFromText(`
//     samples/count cpu/nanoseconds
//     1 10: main.main;main.work      (root first, ";"-separated)
//   `)
//
// The bytes go through the same decoder as any dropped file.

import { Writer } from 'protobufjs/minimal.js';

export function pprofFromText(text: string): Uint8Array {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const strings = [''];
  const intern = (s: string) => {
    let i = strings.indexOf(s);
    if (i < 0) {
      i = strings.length;
      strings.push(s);
    }
    return i;
  };
  const types = lines[0]!.split(/\s+/).map((t) => t.split('/') as [string, string]);
  const funcIds = new Map<string, number>();
  const w = Writer.create();
  for (const [type, unit] of types) {
    w.uint32((1 << 3) | 2).fork().uint32(8).int64(intern(type)).uint32(16).int64(intern(unit)).ldelim();
  }
  for (const line of lines.slice(1)) {
    const [valuesPart, stackPart] = line.split(':') as [string, string];
    const values = valuesPart.trim().split(/\s+/).map(Number);
    const frames = stackPart.trim().split(';').reverse(); // leaf first on the wire
    const locIds = frames.map((name) => {
      let id = funcIds.get(name);
      if (id === undefined) {
        id = funcIds.size + 1;
        funcIds.set(name, id);
      }
      return id;
    });
    const sample = w.uint32((2 << 3) | 2).fork();
    for (const id of locIds) sample.uint32(8).uint64(id);
    for (const v of values) sample.uint32(16).int64(v);
    sample.ldelim();
  }
  for (const [name, id] of funcIds) {
    // Location id = function id; one line each.
    w.uint32((4 << 3) | 2).fork().uint32(8).uint64(id).uint32(34).fork().uint32(8).uint64(id).uint32(16).int64(1).ldelim().ldelim();
    w.uint32((5 << 3) | 2).fork().uint32(8).uint64(id).uint32(16).int64(intern(name)).uint32(32).int64(intern('main.go')).ldelim();
  }
  for (const s of strings) w.uint32((6 << 3) | 2).string(s);
  return w.finish();
}
