/**
 * Numbers as OKX writes them: decimal strings without exponents or float noise, and checks against the
 * instrument grids (tick and lot sizes). Values are plain doubles inside the simulator; every grid test
 * and every string goes through these helpers so 0.1 + 0.2 never shows up as 0.30000000000000004.
 */

/** A decimal string: 12 significant digits (no float noise), trailing zeros dropped, never `1e-7`. */
export function fmt(value: number): string {
  if (!Number.isFinite(value)) return '';
  const clean = cleanFloat(value);
  if (clean === 0) return '0';
  if (Math.abs(clean) >= 1e-6) return String(clean);
  return clean.toFixed(15).replace(/0+$/, '');
}

/** True when `value` is a whole number of `step`s (within float noise). */
export function onGrid(value: number, step: number): boolean {
  const units = value / step;
  return Math.abs(units - Math.round(units)) < 1e-7;
}

/** Rounds to the nearest multiple of `step` and cleans the float. */
export function roundToGrid(value: number, step: number): number {
  return cleanFloat(Math.round(value / step) * step);
}

/** Rounds down to a multiple of `step` (sizes bought with a fixed amount of quote currency). */
export function floorToGrid(value: number, step: number): number {
  return cleanFloat(Math.floor(value / step + 1e-9) * step);
}

/** Drops float noise beyond 12 significant digits. */
export function cleanFloat(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * Parses a numeric request field: OKX takes strings, but ccxt sends some as JSON numbers (`lever: 5`).
 * Undefined for absent or empty values, NaN for anything that is not a finite decimal.
 */
export function parseDecimal(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?$/.test(value.trim())) return Number.NaN;
  return Number(value);
}

/** A request flag that may come as a boolean or as the strings "true"/"false". */
export function parseFlag(value: unknown): boolean {
  return value === true || value === 'true';
}
