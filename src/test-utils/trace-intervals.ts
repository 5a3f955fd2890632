// For tests that check goroutine intervals by brute force: every interval's end event as a
// column (the model keeps ends implicit: an interval ends where its goroutine's next begins).

import { gStateEndEvent, type TraceModel } from '../model/trace';

export function gStateEndEvents(t: TraceModel): Int32Array {
  const out = new Int32Array(t.gStates.length);
  for (let g = 0; g < t.goroutines.length; g++) {
    for (let k = t.gStateOffsets[g]!; k < t.gStateOffsets[g + 1]!; k++) out[k] = gStateEndEvent(t, g, k);
  }
  return out;
}
