/**
 * A copy of `fees` with `fee` added in `currency`: a fresh object (older order and position versions keep
 * theirs), built with a plain loop — a spread with a computed key is slow in V8, and this runs per fill.
 */
export function feesWith(
  fees: Readonly<Record<string, number>>,
  currency: string,
  fee: number,
): Record<string, number> {
  const next: Record<string, number> = {};
  for (const key in fees) next[key] = fees[key]!;
  next[currency] = (next[currency] ?? 0) + fee;
  return next;
}
