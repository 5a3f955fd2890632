import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

describe('coalesce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes the first request at once and folds a frame-rate stream into one write per interval, the last one kept', () => {
    let value = 0;
    const written: number[] = [];
    const c = coalesce(() => written.push(value), 200);
    // 60 requests a second for one second, as a wheel zoom asks.
    for (let i = 1; i <= 60; i++) {
      value = i;
      c.request();
      vi.advanceTimersByTime(1000 / 60);
    }
    vi.advanceTimersByTime(1000);
    expect(written[0]).toBe(1);
    expect(written[written.length - 1]).toBe(60);
    expect(written.length).toBeLessThanOrEqual(7); // 1 + one per 200 ms
    c.cancel();
  });

  it('a request after a quiet interval is written at once; flush writes a pending one now; cancel drops it', () => {
    let value = 'a';
    const written: string[] = [];
    const c = coalesce(() => written.push(value), 200);
    c.request();
    vi.advanceTimersByTime(500);
    value = 'b';
    c.request();
    expect(written).toEqual(['a', 'b']);
    value = 'c';
    c.request();
    expect(written).toEqual(['a', 'b']);
    c.flush();
    expect(written).toEqual(['a', 'b', 'c']);
    c.flush(); // nothing pending
    value = 'd';
    c.request();
    c.cancel();
    vi.advanceTimersByTime(1000);
    expect(written).toEqual(['a', 'b', 'c']);
  });
});
