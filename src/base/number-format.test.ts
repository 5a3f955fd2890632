import { describe, expect, it } from 'vitest';
import { formatFraction, formatInteger, formatShare, formatSignificant, NO_NUMBER, roundSignificant } from './number-format';
import { formatBytes, formatBytesPerSecond, formatCount, formatNanoseconds, formatPerSecond, formatPercent } from './units';

const NOT_FINITE = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

describe('formatSignificant', () => {
  it('keeps 3 significant digits in fixed notation, never an exponent', () => {
    expect(formatSignificant(0.433595)).toBe('0.434');
    expect(formatSignificant(12.3456)).toBe('12.3');
    expect(formatSignificant(1234.5)).toBe('1235');
    expect(formatSignificant(4.6e-7)).toBe('0.00000046');
    expect(formatSignificant(1e21)).toBe('1000000000000000000000');
    expect(formatSignificant(-0.433595)).toBe('−0.434');
  });
  it('a negative number has the minus sign U+2212', () => {
    expect(formatSignificant(-12)).toBe('\u221212');
    expect(formatInteger(-1234567)).toBe('\u22121,234,567');
  });
  it('0 and -0 are "0"; NaN and ±Infinity are "—"', () => {
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(-0)).toBe('0');
    for (const v of NOT_FINITE) expect(formatSignificant(v)).toBe(NO_NUMBER);
    for (const v of NOT_FINITE) expect(formatInteger(v)).toBe(NO_NUMBER);
  });
  it('roundSignificant is the value formatSignificant shows', () => {
    expect(roundSignificant(999.96)).toBe(1000);
    expect(roundSignificant(0.99996)).toBe(1);
    expect(roundSignificant(123456.7)).toBe(123457);
  });
});

describe('formatNanoseconds', () => {
  it('chooses the unit by magnitude, 3 significant digits', () => {
    expect(formatNanoseconds(433_595)).toBe('434 µs');
    expect(formatNanoseconds(100_000)).toBe('100 µs');
    expect(formatNanoseconds(1_234_567)).toBe('1.23 ms');
    expect(formatNanoseconds(12_345_678_901)).toBe('12.3 s');
    expect(formatNanoseconds(90e9)).toBe('1.5 min');
    expect(formatNanoseconds(5 * 3600e9)).toBe('5 h');
    expect(formatNanoseconds(7)).toBe('7 ns');
  });
  it('a value that rounds up to the next unit is written in it', () => {
    expect(formatNanoseconds(999_960)).toBe('1 ms');
    expect(formatNanoseconds(999.6)).toBe('1 µs');
    expect(formatNanoseconds(59.99e9)).toBe('1 min');
    expect(formatNanoseconds(999_400)).toBe('999 µs');
  });
  it('edges: 0, tiny, huge, negative, not finite', () => {
    expect(formatNanoseconds(0)).toBe('0 ns');
    expect(formatNanoseconds(-0)).toBe('0 ns');
    expect(formatNanoseconds(0.0004)).toBe('0.0004 ns');
    expect(formatNanoseconds(1e20)).toBe('27777778 h');
    expect(formatNanoseconds(-1_234_567)).toBe('−1.23 ms');
    expect(formatNanoseconds(-433)).toBe('−433 ns');
    for (const v of NOT_FINITE) expect(formatNanoseconds(v)).toBe(NO_NUMBER);
  });
});

describe('formatBytes', () => {
  it('powers of 1024, 3 significant digits', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1000)).toBe('1000 B');
    expect(formatBytes(32 * 1024)).toBe('32 KiB');
    expect(formatBytes(57_881_600)).toBe('55.2 MiB');
    expect(formatBytes(1023.9 * 1024)).toBe('1 MiB');
    expect(formatBytes(3 * 2 ** 30)).toBe('3 GiB');
  });
  it('edges: 0, tiny, huge, negative, not finite', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(0.5)).toBe('0.5 B');
    expect(formatBytes(2 ** 60)).toBe('1024 PiB');
    expect(formatBytes(-29_000_000)).toBe('−27.7 MiB');
    for (const v of NOT_FINITE) expect(formatBytes(v)).toBe(NO_NUMBER);
  });
});

describe('rates and counts', () => {
  it('bytes a second and events a second', () => {
    expect(formatBytesPerSecond(1.5 * 2 ** 30)).toBe('1.5 GiB/s');
    expect(formatPerSecond(12.345, 'GC')).toBe('12.3 GC/s');
    expect(formatPerSecond(0, 'GC')).toBe('0 GC/s');
    for (const v of NOT_FINITE) {
      expect(formatBytesPerSecond(v)).toBe(NO_NUMBER);
      expect(formatPerSecond(v, 'GC')).toBe(NO_NUMBER);
    }
  });
  it('counts: exact below 10,000, then k/M/G', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(9999)).toBe('9999');
    expect(formatCount(20_700)).toBe('20.7k');
    expect(formatCount(999_999)).toBe('1M');
    expect(formatCount(-3_100_000)).toBe('−3.1M');
    expect(formatCount(2.345)).toBe('2.35');
    for (const v of NOT_FINITE) expect(formatCount(v)).toBe(NO_NUMBER);
  });
});

describe('formatShare', () => {
  it('3 significant digits, "< 0.01%" for tiny shares, never an exponent', () => {
    expect(formatShare(1, 3)).toBe('33.3%');
    expect(formatShare(46, 1e8)).toBe('< 0.01%');
    expect(formatShare(-46, 1e8)).toBe('> −0.01%');
    expect(formatShare(1, 10_000)).toBe('0.01%');
    expect(formatShare(99_996, 100_000)).toBe('100%');
    expect(formatShare(0, 5)).toBe('0%');
    expect(formatShare(-1, 4)).toBe('−25%');
    expect(formatShare(3, 2)).toBe('150%');
  });
  it('no total, or not finite: "—"', () => {
    expect(formatShare(0, 0)).toBe(NO_NUMBER);
    expect(formatShare(1, 0)).toBe(NO_NUMBER);
    expect(formatShare(Number.NaN, 1)).toBe(NO_NUMBER);
    expect(formatShare(Number.POSITIVE_INFINITY, 1)).toBe(NO_NUMBER);
  });
  it('a fraction (GCCPUFraction) reads as a share', () => {
    expect(formatFraction(4.6e-7)).toBe('< 0.01%');
    expect(formatFraction(0.0123456)).toBe('1.23%');
    expect(formatFraction(Number.NaN)).toBe(NO_NUMBER);
  });
  it("pprof's top-table form stays pprof's (%.2g below 1%)", () => {
    expect(formatPercent(46, 1e8)).toBe('4.6e-05%');
    expect(formatPercent(1, 3)).toBe('33.33%');
  });
});
