// The result of an analysis of a trace in its worker (store/loader.ts), null while it runs.
// `key` names what is asked (the analysis and its arguments): a new key asks again.

import { useEffect, useRef, useState } from 'react';
import type { TraceModel } from '../../model/trace';

export function useTraceWork<R>(t: TraceModel, key: string, run: (() => Promise<R>) | null): R | null {
  const [state, setState] = useState<{ t: TraceModel; key: string; r: R } | null>(null);
  const runRef = useRef(run);
  runRef.current = run;
  const wanted = run ? key : null;
  useEffect(() => {
    const f = runRef.current;
    if (wanted === null || !f) return;
    let live = true;
    void f().then((r) => live && setState({ t, key: wanted, r }));
    return () => {
      live = false;
    };
  }, [t, wanted]);
  return state && state.t === t && state.key === key ? state.r : null;
}
