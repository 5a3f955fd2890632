import { describe, expect, it } from 'vitest';
import { clampWindow, formatAxisTime, formatWindowAttr, MIN_WINDOW_NS, panWindow, zoomWindow } from './time-window';

describe('time window', () => {
  const extent: [number, number] = [0, 1_000_000_000];

  it('zooms around a point, keeping it in place', () => {
    const w = zoomWindow(extent, 0.5, 250_000_000, extent);
    expect(w).toEqual([125_000_000, 625_000_000]);
    // The point keeps its fraction of the window.
    expect((250_000_000 - w[0]) / (w[1] - w[0])).toBeCloseTo(0.25);
  });

  it('stays inside the extent and never narrower than the minimum', () => {
    expect(panWindow([100, 600], -1000, [0, 1000])).toEqual([0, 500]);
    expect(panWindow([100, 600], 1000, [0, 1000])).toEqual([500, 1000]);
    let w: [number, number] = [...extent];
    for (let i = 0; i < 200; i++) w = zoomWindow(w, 0.5, 123_456_789, extent);
    expect(w[1] - w[0]).toBe(MIN_WINDOW_NS);
    expect(zoomWindow(extent, 10, 5, extent)).toEqual(extent);
    expect(clampWindow([-5, 2e9], extent)).toEqual(extent);
  });

  it('formats the hooks and the axis', () => {
    expect(formatWindowAttr([0.4, 1234.6])).toBe('0,1235');
    expect(formatAxisTime(1_500_000_000, 3e9)).toBe('1.5 s');
    expect(formatAxisTime(2_500_000, 5e6)).toBe('2.5 ms'); // ticks 0.5 ms apart need a decimal
    expect(formatAxisTime(3_000_000, 10e6)).toBe('3 ms');
    expect(formatAxisTime(40_000, 100_000)).toBe('40 µs');
  });
});
