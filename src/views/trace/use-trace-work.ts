// The result of a worker's analysis of a trace (store/loader.ts), null while it runs.

import { useEffect, useState } from 'react';
import type { TraceModel } from '../../model/trace';

export function useTraceWork<R>(t: TraceModel, run: (t: TraceModel) => Promise<R>): R | null {
  const [state, setState] = useState<{ t: TraceModel; r: R } | null>(null);
  useEffect(() => {
    let live = true;
    void run(t).then((r) => live && setState({ t, r }));
    return () => {
      live = false;
    };
  }, [t, run]);
  return state && state.t === t ? state.r : null;
}
