// Numbers read from text written by programs the user did not write: a field's digits become a
// number only when it is exact in a double and fits the column it goes to (an Int32Array would
// otherwise wrap a line number of 4294967297 to 1 without a word).

/** The largest value an Int32Array column keeps. */
export const INT32_MAX = 2147483647;

const DIGITS = /^[0-9]+$/;

/** A run of decimal digits as a number, or null when it is not one or exceeds `max` (default: 2^53 − 1). */
export function digitsAtMost(digits: string, max: number = Number.MAX_SAFE_INTEGER): number | null {
  if (!DIGITS.test(digits)) return null;
  const v = Number(digits);
  return Number.isSafeInteger(v) && v <= max ? v : null;
}
