/** Monthly returns as a year × month table coloured red (loss) → white → green (gain). */

import type { MonthlyReturn } from '../types.js';
import { escapeHtml, formatPercent, MISSING } from './format.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Background for a return. The scale saturates at `scale` (the run's largest absolute monthly return, at
 * least 1 %) so one run's colours are comparable across its months, and tiny moves stay near white.
 */
export function heatColor(value: number, scale: number): string {
  const t = Math.min(1, Math.abs(value) / Math.max(scale, 1e-12));
  const hue = value < 0 ? 0 : 120;
  // Lightness 97 % (no change) → 55 % (the largest move): dark text stays readable on every shade.
  const lightness = Math.round(97 - 42 * t);
  return `hsl(${hue}, 65%, ${lightness}%)`;
}

interface YearRow {
  readonly year: string;
  readonly months: Array<number | undefined>;
}

/** Groups `YYYY-MM` returns by year (ascending); malformed months are ignored rather than guessed. */
export function monthlyGrid(returns: readonly MonthlyReturn[]): YearRow[] {
  const years = new Map<string, Array<number | undefined>>();
  for (const { month, return: value } of returns) {
    const match = /^(\d{4})-(\d{2})$/.exec(month);
    if (!match || !Number.isFinite(value)) continue;
    const index = Number(match[2]) - 1;
    if (index < 0 || index > 11) continue;
    const row = years.get(match[1]!) ?? new Array<number | undefined>(12).fill(undefined);
    row[index] = value;
    years.set(match[1]!, row);
  }
  return [...years.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, months]) => ({ year, months }));
}

/** The year's compounded return over the months present. */
function yearReturn(months: ReadonlyArray<number | undefined>): number | undefined {
  const present = months.filter((m): m is number => m !== undefined);
  return present.length === 0 ? undefined : present.reduce((acc, m) => acc * (1 + m), 1) - 1;
}

function cell(value: number | undefined, scale: number): string {
  if (value === undefined) return `<td class="heat empty">${MISSING}</td>`;
  return `<td class="heat num" style="background:${heatColor(value, scale)}">${escapeHtml(formatPercent(value))}</td>`;
}

export function heatmapTable(returns: readonly MonthlyReturn[]): string {
  const grid = monthlyGrid(returns);
  if (grid.length === 0) return '<p class="note">No monthly returns.</p>';
  const scale = Math.max(0.01, ...grid.flatMap((r) => r.months.map((m) => Math.abs(m ?? 0))));
  const yearScale = Math.max(0.01, ...grid.map((r) => Math.abs(yearReturn(r.months) ?? 0)));
  const head = `<thead><tr><th>Year</th>${MONTHS.map((m) => `<th>${m}</th>`).join('')}<th>Year</th></tr></thead>`;
  const rows = grid.map(
    (r) =>
      `<tr><th scope="row">${escapeHtml(r.year)}</th>${r.months.map((m) => cell(m, scale)).join('')}` +
      `${cell(yearReturn(r.months), yearScale)}</tr>`,
  );
  return `<div class="table-wrap"><table class="heatmap">${head}<tbody>\n${rows.join('\n')}\n</tbody></table></div>`;
}
