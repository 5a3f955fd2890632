// The tables the timeline views read, derived once from the ordered event columns (in the
// worker, right after the parse): goroutine state intervals, what ran on each P, GC cycles,
// stop-the-world pauses, mark assists, sweeps, heap series, tasks/regions/logs, CPU samples,
// goroutine creation. Rules follow ../shared/docs/go-trace-format.md §6.

import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { GState, GoState, TraceCode as C, type TraceModel } from '../../model/trace';
import type { EventSink } from './event-sink';

/** GoState (reader) → GState (interval), -1 = no interval (NotExist / Undetermined). */
const GOSTATE_TO_INTERVAL = [-1, -1, GState.Runnable, GState.Running, GState.Waiting, GState.Syscall];

class RangeBuilder {
  start = new GrowableFloat64();
  end = new GrowableFloat64();
  owner = new GrowableInt32();
  label = new GrowableInt32();
  open(start: number, owner: number, label: number): number {
    this.start.push(start);
    this.end.push(NaN);
    this.owner.push(owner);
    this.label.push(label);
    return this.start.length - 1;
  }
  close(row: number, end: number): void {
    this.end.data[row] = end;
  }
  finish() {
    return { start: this.start.finish(), end: this.end.finish(), owner: this.owner.finish(), label: this.label.finish(), length: this.start.length };
  }
}

export function deriveTables(t: TraceModel, sink: EventSink): void {
  const ev = t.events;
  const n = ev.length;
  const ng = t.goroutines.length;
  const gor = t.goroutines;
  const endTime = n > 0 ? ev.time[n - 1]! : 0;

  // goroutine intervals
  const curState = new Int8Array(ng).fill(-1);
  const curStart = new Float64Array(ng);
  const curReason = new Int32Array(ng);
  const curP = new Int32Array(ng).fill(-1);
  const iG = new GrowableInt32(), iState = new GrowableInt32(), iReason = new GrowableInt32(), iP = new GrowableInt32();
  const iStart = new GrowableFloat64(), iEnd = new GrowableFloat64();
  const closeInterval = (g: number, time: number) => {
    const s = curState[g]!;
    if (s < 0) return;
    iG.push(g);
    iState.push(s);
    iReason.push(curReason[g]!);
    iP.push(curP[g]!);
    iStart.push(curStart[g]!);
    iEnd.push(time);
    curState[g] = -1;
  };
  const openInterval = (g: number, state: number, time: number, reason: number, p: number) => {
    curState[g] = state;
    curStart[g] = time;
    curReason[g] = reason;
    curP[g] = p;
  };
  const nameFromStack = (g: number, stack: number) => {
    if (gor.name[g] !== 0 || stack < 0) return;
    let s = stack;
    while (t.stacks.prefix[s]! >= 0) s = t.stacks.prefix[s]!;
    gor.name[g] = t.frames.func[t.stacks.frame[s]!]!;
  };

  const gc = new RangeBuilder(), stw = new RangeBuilder(), assists = new RangeBuilder(), sweeps = new RangeBuilder();
  const sweptCol = new GrowableFloat64(), reclaimedCol = new GrowableFloat64();
  let openGc = -1, openStw = -1;
  const openAssist = new Map<number, number>();
  const openSweep = new Map<number, number>();
  const series = () => ({ time: new GrowableFloat64(), value: new GrowableFloat64() });
  const heapAlloc = series(), heapGoal = series(), procs = series();
  const tId = new GrowableFloat64(), tParent = new GrowableFloat64(), tName = new GrowableInt32(), tStart = new GrowableFloat64(), tEnd = new GrowableFloat64();
  const openTask = new Map<number, number>();
  const rG = new GrowableInt32(), rTask = new GrowableFloat64(), rName = new GrowableInt32(), rStart = new GrowableFloat64(), rEnd = new GrowableFloat64(), rDepth = new GrowableInt32();
  const openRegions = new Map<number, number[]>();
  const lTime = new GrowableFloat64(), lG = new GrowableInt32(), lTask = new GrowableFloat64(), lKey = new GrowableInt32(), lMsg = new GrowableInt32();
  const sTime = new GrowableFloat64(), sG = new GrowableInt32(), sP = new GrowableInt32(), sM = new GrowableInt32(), sStack = new GrowableInt32();
  let genStart = 0;
  let genIndex = -1;

  for (let i = 0; i < n; i++) {
    const code = ev.code[i]!;
    const time = ev.time[i]!;
    const arg = ev.arg[i]!;
    const aux = ev.aux[i]!;
    switch (code) {
      case C.Sync:
        genStart = time;
        genIndex++;
        break;
      case C.CPUSample:
        sTime.push(time);
        sG.push(ev.g[i]!);
        sP.push(ev.p[i]!);
        sM.push(ev.m[i]!);
        sStack.push(ev.stack[i]!);
        break;
      case C.GoCreate:
      case C.GoCreateBlocked:
      case C.GoCreateSyscall: {
        const g = arg;
        gor.createdAt[g] = time;
        gor.parent[g] = ev.g[i]!;
        gor.startStack[g] = code === C.GoCreateSyscall ? -1 : aux;
        nameFromStack(g, gor.startStack[g]!);
        closeInterval(g, time);
        const state = code === C.GoCreate ? GState.Runnable : code === C.GoCreateBlocked ? GState.Waiting : GState.Syscall;
        openInterval(g, state, time, 0, code === C.GoCreateSyscall ? ev.p[i]! : -1);
        break;
      }
      case C.GoStart:
        closeInterval(arg, time);
        openInterval(arg, GState.Running, time, 0, ev.p[i]!);
        break;
      case C.GoDestroy:
      case C.GoDestroySyscall: {
        closeInterval(arg, time);
        gor.endedAt[arg] = time;
        const open = openRegions.get(arg);
        if (open) {
          for (const row of open) rEnd.data[row] = time;
          openRegions.delete(arg);
        }
        break;
      }
      case C.GoStop:
      case C.GoBlock:
        nameFromStack(arg, ev.stack[i]!);
        closeInterval(arg, time);
        openInterval(arg, code === C.GoStop ? GState.Runnable : GState.Waiting, time, aux, -1);
        break;
      case C.GoUnblock:
      case C.GoSwitch:
      case C.GoSwitchDestroy:
      case C.GoSyscallEndBlocked:
        closeInterval(arg, time);
        openInterval(arg, GState.Runnable, time, 0, -1);
        break;
      case C.GoSyscallBegin:
        nameFromStack(arg, ev.stack[i]!);
        closeInterval(arg, time);
        openInterval(arg, GState.Syscall, time, 0, ev.p[i]!);
        break;
      case C.GoSyscallEnd:
        closeInterval(arg, time);
        openInterval(arg, GState.Running, time, 0, ev.p[i]!);
        break;
      case C.GoStatus:
      case C.GoStatusStack: {
        const from = aux >> 4;
        const to = GOSTATE_TO_INTERVAL[aux & 15] ?? -1;
        nameFromStack(arg, ev.stack[i]!);
        if (from === GoState.Undetermined) {
          // Go's summarizer credits the time since the generation's Sync to the new state.
          if (to >= 0) openInterval(arg, to, genStart, 0, to === GState.Running || to === GState.Syscall ? ev.p[i]! : -1);
        } else if (curState[arg] !== to) {
          closeInterval(arg, time);
          if (to >= 0) openInterval(arg, to, time, 0, -1);
        }
        break;
      }
      case C.GCActive:
        if (genIndex === 0 && openGc < 0) openGc = gc.open(NaN, -1, arg);
        break;
      case C.GCBegin:
        openGc = gc.open(time, -1, arg);
        break;
      case C.GCEnd:
        if (openGc >= 0) gc.close(openGc, time);
        openGc = -1;
        break;
      case C.STWBegin:
        openStw = stw.open(time, ev.g[i]!, aux);
        break;
      case C.STWEnd:
        if (openStw >= 0) stw.close(openStw, time);
        openStw = -1;
        break;
      case C.GCMarkAssistBegin:
        openAssist.set(arg, assists.open(time, arg, -1));
        break;
      case C.GCMarkAssistActive:
        if (!openAssist.has(arg)) openAssist.set(arg, assists.open(NaN, arg, -1));
        break;
      case C.GCMarkAssistEnd: {
        const row = openAssist.get(arg);
        if (row !== undefined) assists.close(row, time);
        else assists.close(assists.open(NaN, arg, -1), time);
        openAssist.delete(arg);
        break;
      }
      case C.GCSweepBegin:
        openSweep.set(arg, sweeps.open(time, arg, -1));
        sweptCol.push(NaN);
        reclaimedCol.push(NaN);
        break;
      case C.GCSweepActive:
        if (!openSweep.has(arg)) {
          openSweep.set(arg, sweeps.open(NaN, arg, -1));
          sweptCol.push(NaN);
          reclaimedCol.push(NaN);
        }
        break;
      case C.GCSweepEnd: {
        let row = openSweep.get(arg);
        if (row === undefined) {
          row = sweeps.open(NaN, arg, -1);
          sweptCol.push(NaN);
          reclaimedCol.push(NaN);
        }
        sweeps.close(row, time);
        sweptCol.data[row] = sink.sweepSwept.data[aux]!;
        reclaimedCol.data[row] = sink.sweepReclaimed.data[aux]!;
        openSweep.delete(arg);
        break;
      }
      case C.HeapAlloc:
        heapAlloc.time.push(time);
        heapAlloc.value.push(arg);
        break;
      case C.HeapGoal:
        heapGoal.time.push(time);
        heapGoal.value.push(arg);
        break;
      case C.ProcsChange:
        procs.time.push(time);
        procs.value.push(arg);
        break;
      case C.UserTaskBegin:
        openTask.set(arg, tId.length);
        tId.push(arg);
        tParent.push(sink.taskParent.data[aux]!);
        tName.push(sink.taskName.data[aux]!);
        tStart.push(time);
        tEnd.push(NaN);
        break;
      case C.UserTaskEnd: {
        const row = openTask.get(arg);
        if (row !== undefined) {
          tEnd.data[row] = time;
          openTask.delete(arg);
        } else {
          tId.push(arg);
          tParent.push(sink.taskParent.data[aux]!);
          tName.push(sink.taskName.data[aux]!);
          tStart.push(NaN);
          tEnd.push(time);
        }
        break;
      }
      case C.UserRegionBegin: {
        const g = ev.g[i]!;
        let open = openRegions.get(g);
        if (!open) openRegions.set(g, (open = []));
        rDepth.push(open.length);
        open.push(rG.length);
        rG.push(g);
        rTask.push(arg);
        rName.push(aux);
        rStart.push(time);
        rEnd.push(NaN);
        break;
      }
      case C.UserRegionEnd: {
        const g = ev.g[i]!;
        const open = openRegions.get(g);
        if (open && open.length > 0) rEnd.data[open.pop()!] = time;
        else {
          rG.push(g);
          rTask.push(arg);
          rName.push(aux);
          rStart.push(NaN);
          rEnd.push(time);
          rDepth.push(0);
        }
        break;
      }
      case C.UserLog:
        lTime.push(time);
        lG.push(ev.g[i]!);
        lTask.push(arg);
        lKey.push(sink.logKey.data[aux]!);
        lMsg.push(sink.logMessage.data[aux]!);
        break;
    }
  }
  for (let g = 0; g < ng; g++) closeInterval(g, endTime);

  // Group intervals by goroutine (counting sort; within a goroutine they are in time order).
  const m = iG.length;
  const off = new Int32Array(ng + 1);
  for (let k = 0; k < m; k++) off[iG.data[k]! + 1]++;
  for (let g = 0; g < ng; g++) off[g + 1] += off[g]!;
  const fill = off.slice(0, ng);
  const gs = {
    g: new Int32Array(m), state: new Uint8Array(m), reason: new Int32Array(m), p: new Int32Array(m),
    start: new Float64Array(m), end: new Float64Array(m), length: m,
  };
  for (let k = 0; k < m; k++) {
    const g = iG.data[k]!;
    const j = fill[g]++;
    gs.g[j] = g;
    gs.state[j] = iState.data[k]!;
    gs.reason[j] = iReason.data[k]!;
    gs.p[j] = iP.data[k]!;
    gs.start[j] = iStart.data[k]!;
    gs.end[j] = iEnd.data[k]!;
  }
  // Sort each goroutine's rows by start (closing order can differ from start order only for
  // intervals opened at a Sync).
  for (let g = 0; g < ng; g++) sortRowsByStart(gs, off[g]!, off[g + 1]!);
  t.gStates = gs;
  t.gStateOffsets = off;

  // What ran on each P: the Running intervals, grouped by P id.
  let maxP = -1;
  let runs = 0;
  for (let k = 0; k < m; k++) {
    if (gs.state[k] === GState.Running && gs.p[k]! >= 0) {
      runs++;
      if (gs.p[k]! > maxP) maxP = gs.p[k]!;
    }
  }
  const pOff = new Int32Array(maxP + 2);
  for (let k = 0; k < m; k++) if (gs.state[k] === GState.Running && gs.p[k]! >= 0) pOff[gs.p[k]! + 1]++;
  for (let p = 0; p <= maxP; p++) pOff[p + 1] += pOff[p]!;
  const pRuns = { p: new Int32Array(runs), g: new Int32Array(runs), start: new Float64Array(runs), end: new Float64Array(runs), length: runs };
  const order = new Int32Array(runs);
  {
    const pf = pOff.slice(0, maxP + 1);
    for (let k = 0; k < m; k++) if (gs.state[k] === GState.Running && gs.p[k]! >= 0) order[pf[gs.p[k]!]!++] = k;
  }
  for (let p = 0; p <= maxP; p++) {
    const seg = Array.from(order.subarray(pOff[p]!, pOff[p + 1]!)).sort((a, b) => gs.start[a]! - gs.start[b]!);
    for (let j = 0; j < seg.length; j++) {
      const k = seg[j]!;
      const r = pOff[p]! + j;
      pRuns.p[r] = p;
      pRuns.g[r] = gs.g[k]!;
      pRuns.start[r] = gs.start[k]!;
      pRuns.end[r] = gs.end[k]!;
    }
  }
  t.pRuns = pRuns;
  t.pRunOffsets = pOff;

  t.gcCycles = gc.finish();
  t.stw = stw.finish();
  t.markAssists = assists.finish();
  t.sweeps = { ...sweeps.finish(), swept: sweptCol.finish(), reclaimed: reclaimedCol.finish() };
  const fin = (s: ReturnType<typeof series>) => ({ time: s.time.finish(), value: s.value.finish(), length: s.time.length });
  t.heapAlloc = fin(heapAlloc);
  t.heapGoal = fin(heapGoal);
  t.gomaxprocs = fin(procs);
  t.tasks = { id: tId.finish(), parent: tParent.finish(), name: tName.finish(), start: tStart.finish(), end: tEnd.finish(), length: tId.length };
  t.regions = { g: rG.finish(), task: rTask.finish(), name: rName.finish(), start: rStart.finish(), end: rEnd.finish(), depth: rDepth.finish(), length: rG.length };
  t.logs = { time: lTime.finish(), g: lG.finish(), task: lTask.finish(), key: lKey.finish(), message: lMsg.finish(), length: lTime.length };
  t.cpuSamples = { time: sTime.finish(), g: sG.finish(), p: sP.finish(), m: sM.finish(), stack: sStack.finish(), length: sTime.length };
}

function sortRowsByStart(
  gs: { g: Int32Array; state: Uint8Array; reason: Int32Array; p: Int32Array; start: Float64Array; end: Float64Array },
  from: number,
  to: number,
): void {
  let sorted = true;
  for (let k = from + 1; k < to; k++) if (gs.start[k]! < gs.start[k - 1]!) sorted = false;
  if (sorted) return;
  const idx = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => gs.start[a]! - gs.start[b]!);
  const copy = <T extends Int32Array | Uint8Array | Float64Array>(col: T) => {
    const vals = idx.map((k) => col[k]!);
    for (let k = 0; k < vals.length; k++) col[from + k] = vals[k]!;
  };
  copy(gs.g);
  copy(gs.state);
  copy(gs.reason);
  copy(gs.p);
  copy(gs.start);
  copy(gs.end);
}
