// The tables the timeline views read, derived once from the ordered event columns (in the
// worker, right after the parse): goroutine state intervals, what ran on each P, GC cycles,
// stop-the-world pauses, mark assists, sweeps, heap series, tasks/regions/logs, CPU samples,
// goroutine creation. Rules follow ../shared/docs/go-trace-format.md §6.

import { GrowableFloat64, GrowableInt32 } from '../../base/growable';
import { GState, GoState, TraceCode as C, type TraceModel } from '../../model/trace';

/** GoState (reader) → GState (interval), -1 = no interval (NotExist / Undetermined). */
const GOSTATE_TO_INTERVAL = [-1, -1, GState.Runnable, GState.Running, GState.Waiting, GState.Syscall];

const MAX_P = 65535;

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

/**
 * The interval state a goroutine transition leads to: a GState, -1 for none (NotExist,
 * Undetermined), or -2 when the event is not a goroutine transition.
 */
function goTransitionTo(code: number, aux: number): number {
  switch (code) {
    case C.GoCreate:
    case C.GoStop:
    case C.GoUnblock:
    case C.GoSwitch:
    case C.GoSwitchDestroy:
    case C.GoSyscallEndBlocked:
      return GState.Runnable;
    case C.GoCreateBlocked:
    case C.GoBlock:
      return GState.Waiting;
    case C.GoCreateSyscall:
    case C.GoSyscallBegin:
      return GState.Syscall;
    case C.GoStart:
    case C.GoSyscallEnd:
      return GState.Running;
    case C.GoDestroy:
    case C.GoDestroySyscall:
      return -1;
    case C.GoStatus:
    case C.GoStatusStack:
      return GOSTATE_TO_INTERVAL[aux & 15] ?? -1;
  }
  return -2;
}

/** Whether a goroutine transition opens a new interval (a repeated status does not). */
function opensInterval(code: number, aux: number, to: number, cur: number): boolean {
  if (to < 0) return false;
  if ((code === C.GoStatus || code === C.GoStatusStack) && aux >> 4 !== GoState.Undetermined && cur === to) return false;
  return true;
}

export function deriveTables(t: TraceModel): void {
  const ev = t.events;
  const n = ev.length;
  const ng = t.goroutines.length;
  const gor = t.goroutines;
  const codes = ev.code, ps = ev.p;

  // Rows are written in the order intervals open (sequential writes; the grouping by
  // goroutine is an index made afterwards). Upper bound: one row per goroutine transition.
  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) hist[codes[i]!]++;
  let maxRows = 0;
  for (let c = 0; c < 256; c++) if (hist[c]! > 0 && goTransitionTo(c, GState.Running) !== -2) maxRows += hist[c]!;
  const gs = {
    g: new Int32Array(maxRows), state: new Uint8Array(maxRows), reason: new Int32Array(maxRows), p: new Int32Array(maxRows),
    startEvent: new Int32Array(maxRows), endEvent: new Int32Array(maxRows), length: 0,
  };
  let nRows = 0;
  const openRow = new Int32Array(ng).fill(-1);
  const cur = new Int8Array(ng).fill(-1);
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
  let genSync = 0;
  let genIndex = -1;

  const evTime = ev.time, evArg = ev.arg, evAux = ev.aux;
  const gsG = gs.g, gsState = gs.state, gsReason = gs.reason, gsP = gs.p, gsStart = gs.startEvent, gsEnd = gs.endEvent;
  for (let i = 0; i < n; i++) {
    const code = codes[i]!;
    const time = evTime[i]!;
    const arg = evArg[i]!;
    const aux = evAux[i]!;
    const to = goTransitionTo(code, aux);
    // (A goroutine ID of -1 can only come from a malformed trace that Go still reads.)
    if (to !== -2 && arg >= 0) {
      const g = arg;
      const opens = opensInterval(code, aux, to, cur[g]!);
      if (opens || to === -1) {
        const row = openRow[g]!;
        if (row >= 0) {
          gsEnd[row] = i;
          openRow[g] = -1;
        }
      }
      if (opens) {
        const fromUndetermined = (code === C.GoStatus || code === C.GoStatusStack) && aux >> 4 === GoState.Undetermined;
        // Go's summarizer credits the time since the generation's Sync to a first status.
        const row = nRows++;
        gsG[row] = g;
        gsState[row] = to;
        gsReason[row] = code === C.GoStop || code === C.GoBlock ? aux : 0;
        const p = to === GState.Running || to === GState.Syscall ? ps[i]! : -1;
        gsP[row] = p;
        gsStart[row] = fromUndetermined ? genSync : i;
        gsEnd[row] = n - 1;
        openRow[g] = row;
      }
      cur[g] = to;
    }
    switch (code) {
      case C.Sync:
        genSync = i;
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
      case C.GoCreateSyscall:
        gor.createdAt[arg] = time;
        gor.parent[arg] = ev.g[i]!;
        gor.startStack[arg] = code === C.GoCreateSyscall ? -1 : aux;
        nameFromStack(arg, gor.startStack[arg]!);
        break;
      case C.GoDestroy:
      case C.GoDestroySyscall: {
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
      case C.GoSyscallBegin:
      case C.GoStatusStack:
        nameFromStack(arg, ev.stack[i]!);
        break;
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
        sweptCol.data[row] = t.sweepEventRows.swept[aux]!;
        reclaimedCol.data[row] = t.sweepEventRows.reclaimed[aux]!;
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
        tParent.push(t.taskEventRows.parent[aux]!);
        tName.push(t.taskEventRows.name[aux]!);
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
          tParent.push(t.taskEventRows.parent[aux]!);
          tName.push(t.taskEventRows.name[aux]!);
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
        lKey.push(t.logEventRows.key[aux]!);
        lMsg.push(t.logEventRows.message[aux]!);
        break;
    }
  }
  const trim = <T extends Int32Array | Uint8Array | Float64Array>(x: T): T => (nRows >= x.length * 0.8 ? x.subarray(0, nRows) : x.slice(0, nRows)) as T;
  t.gStates = {
    g: trim(gs.g), state: trim(gs.state), reason: trim(gs.reason), p: trim(gs.p), startEvent: trim(gs.startEvent), endEvent: trim(gs.endEvent), length: nRows,
  };
  // Group the rows by goroutine (counting sort; each group stays in open order).
  const gOff = new Int32Array(ng + 1);
  const rowG = t.gStates.g;
  for (let k = 0; k < nRows; k++) gOff[rowG[k]! + 1]++;
  for (let g = 0; g < ng; g++) gOff[g + 1] += gOff[g]!;
  const gIndex = new Int32Array(nRows);
  {
    const fill = gOff.slice(0, ng);
    for (let k = 0; k < nRows; k++) gIndex[fill[rowG[k]!]!++] = k;
  }
  t.gStateIndex = gIndex;
  t.gStateOffsets = gOff;
  // What ran on each P: the Running rows, grouped by P (each group in time order). P ids
  // are small; rows on an ID beyond MAX_P (malformed traces only) are left out.
  const rowState = t.gStates.state, rowP = t.gStates.p, rowStart = t.gStates.startEvent, rowEnd = t.gStates.endEvent;
  let maxP = -1;
  let nRuns = 0;
  for (let k = 0; k < nRows; k++) {
    if (rowState[k] === GState.Running && rowP[k]! >= 0 && rowP[k]! <= MAX_P) {
      nRuns++;
      if (rowP[k]! > maxP) maxP = rowP[k]!;
    }
  }
  const pOff = new Int32Array(maxP + 2);
  for (let k = 0; k < nRows; k++) if (rowState[k] === GState.Running && rowP[k]! >= 0 && rowP[k]! <= MAX_P) pOff[rowP[k]! + 1]++;
  for (let p = 0; p <= maxP; p++) pOff[p + 1] += pOff[p]!;
  const pRuns = { p: new Int32Array(nRuns), g: new Int32Array(nRuns), start: new Float64Array(nRuns), end: new Float64Array(nRuns), length: nRuns };
  {
    const fill = pOff.slice(0, maxP + 1);
    for (let k = 0; k < nRows; k++) {
      if (rowState[k] !== GState.Running || rowP[k]! < 0 || rowP[k]! > MAX_P) continue;
      const p = rowP[k]!;
      const j = fill[p]++;
      pRuns.p[j] = p;
      pRuns.g[j] = rowG[k]!;
      pRuns.start[j] = evTime[rowStart[k]!]!;
      pRuns.end[j] = evTime[rowEnd[k]!]!;
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
