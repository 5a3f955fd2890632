// A write that may be asked for on every animation frame but is done at most once per interval:
// the first request at once, later ones within the interval folded into one write at its end,
// so the last state is always written. `flush` writes a pending request now (an interaction ended).

export type Coalesced = {
  /** Asks for a write: done now when none was done in the last interval, else at its end. */
  request(): void;
  /** Does a pending write now. */
  flush(): void;
  /** Drops a pending write and the timer. */
  cancel(): void;
};

export function coalesce(write: () => void, intervalMs: number): Coalesced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const tick = () => {
    timer = null;
    if (!pending) return;
    pending = false;
    write();
    timer = setTimeout(tick, intervalMs);
  };
  return {
    request() {
      if (timer !== null) {
        pending = true;
        return;
      }
      write();
      timer = setTimeout(tick, intervalMs);
    },
    flush() {
      if (!pending) return;
      pending = false;
      write();
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      pending = false;
    },
  };
}
