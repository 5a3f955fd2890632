// npx tsx scripts/trace-events.ts FILE: one line per event, in the format of the oracle's
// `golensoracle -events FILE` (../shared/docs/summary-schema.md), to diff GoLens's reading of a
// trace against Go's event by event.

import { readFileSync } from 'node:fs';
import { packedAt } from '../src/base/packed-column';
import { TRACE_KIND_NAMES, eventArg, eventTime, TraceCode as C, kindOfCode, type TraceModel } from '../src/model/trace';
import { parseGoTrace } from '../src/parse/trace/parse-trace';

const GO_STATES = ['Undetermined', 'NotExist', 'Runnable', 'Running', 'Waiting', 'Syscall'];
const P_STATES = ['Undetermined', 'NotExist', 'Running', 'Idle'];
const q = (s: string) => JSON.stringify(s);

export function eventLines(t: TraceModel, write: (line: string) => void): void {
  const e = t.events;
  const gid = (g: number) => (g < 0 ? '-' : String(t.goroutines.id[g]));
  const task = (id: number) => (id === -1 ? '-' : String(id));
  const str = (i: number) => t.strings[i] ?? '';
  for (let i = 0; i < e.length; i++) {
    const c = e.code[i]!;
    const arg = eventArg(e, i);
    const aux = packedAt(e.aux, i);
    const g = packedAt(e.g, i), p = packedAt(e.p, i);
    let line = `${eventTime(e.time, i)} ${TRACE_KIND_NAMES[kindOfCode[c]!]} g=${gid(g)} p=${p < 0 ? '-' : p}`;
    const tr = (res: string, from: string, to: string, reason = '') => {
      line += ` ${res} ${from}->${to}`;
      if (reason) line += ` reason=${q(reason)}`;
    };
    const G = (from: number, to: number, reason = '') => tr(`G${gid(arg)}`, GO_STATES[from]!, GO_STATES[to]!, reason);
    const P = (from: number, to: number) => tr(`P${arg}`, P_STATES[from]!, P_STATES[to]!);
    switch (c) {
      case C.Sync: line += ` N=${arg}`; break;
      case C.ProcsChange: line += ` /sched/gomaxprocs:threads=${arg}`; break;
      case C.HeapAlloc: line += ` /memory/classes/heap/objects:bytes=${arg}`; break;
      case C.HeapGoal: line += ` /gc/heap/goal:bytes=${arg}`; break;
      case C.GoLabel: line += ` ${q(str(aux))} on=G${gid(g)}`; break;
      case C.CPUSample: {
        const s = packedAt(e.stack, i);
        if (s >= 0) line += ` leaf=${str(t.frames.func[t.stacks.frame[s]!]!)}`;
        break;
      }
      case C.STWBegin: case C.STWEnd: line += ` ${q(`stop-the-world (${str(aux)})`)} scope=G${gid(g)}`; break;
      case C.GCActive: case C.GCBegin: case C.GCEnd: line += ` ${q('GC concurrent mark phase')} scope=none`; break;
      case C.GCSweepActive: case C.GCSweepBegin: case C.GCSweepEnd: line += ` ${q('GC incremental sweep')} scope=P${arg}`; break;
      case C.GCMarkAssistActive: case C.GCMarkAssistBegin: case C.GCMarkAssistEnd: line += ` ${q('GC mark assist')} scope=G${gid(arg)}`; break;
      case C.UserTaskBegin: case C.UserTaskEnd:
        line += ` task=${arg} parent=${task(t.taskEventRows.parent[aux] ?? -1)} type=${q(str(t.taskEventRows.name[aux] ?? 0))}`;
        break;
      case C.UserRegionBegin: case C.UserRegionEnd: line += ` task=${task(arg)} type=${q(str(aux))}`; break;
      case C.UserLog: line += ` task=${task(arg)} category=${q(str(t.logEventRows.key[aux] ?? 0))} message=${q(str(t.logEventRows.message[aux] ?? 0))}`; break;
      case C.ProcStart: P(3, 2); break;
      case C.ProcStop: P(2, 3); break;
      case C.ProcSteal: P(aux, 3); break;
      case C.ProcStatus: P(aux >> 4, aux & 15); break;
      case C.GoCreate: G(1, 2); break;
      case C.GoCreateBlocked: G(1, 4); break;
      case C.GoCreateSyscall: G(1, 5); break;
      case C.GoStart: G(2, 3); break;
      case C.GoDestroy: G(3, 1); break;
      case C.GoDestroySyscall: G(5, 1); break;
      case C.GoStop: G(3, 2, str(aux)); break;
      case C.GoBlock: G(3, 4, str(aux)); break;
      case C.GoUnblock: case C.GoSwitch: case C.GoSwitchDestroy: G(4, 2); break;
      case C.GoSyscallBegin: G(3, 5); break;
      case C.GoSyscallEnd: G(5, 3); break;
      case C.GoSyscallEndBlocked: G(5, 2); break;
      case C.GoStatus: case C.GoStatusStack: G(aux >> 4, aux & 15); break;
    }
    write(line);
  }
}

if (process.argv[1]?.endsWith('trace-events.ts')) {
  const t = parseGoTrace(new Uint8Array(readFileSync(process.argv[2]!)));
  const out: string[] = [];
  eventLines(t, (l) => out.push(l));
  process.stdout.write(out.join('\n') + '\n');
}
