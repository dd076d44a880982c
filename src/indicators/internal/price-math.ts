/**
 * Small numeric building blocks with TA-Lib's exact arithmetic, shared by the price-range indicators.
 * Keeping the operation order identical to TA-Lib's C code is what lets our results match it bit for bit.
 */

/**
 * Wilder's true range of a bar given the previous close, in TA-Lib's order: start from high − low, then
 * take |prevClose − high| and |prevClose − low| when larger.
 */
export function trueRange(high: number, low: number, prevClose: number): number {
  let greatest = high - low;
  const toHigh = Math.abs(prevClose - high);
  if (toHigh > greatest) greatest = toHigh;
  const toLow = Math.abs(prevClose - low);
  if (toLow > greatest) greatest = toLow;
  return greatest;
}

/** Typical price (high + low + close) / 3, summed left to right as TA-Lib does. */
export function typicalPrice(high: number, low: number, close: number): number {
  return (high + low + close) / 3;
}
