/**
 * Tiny HTML builders. Cells are text and are always escaped here, so a section cannot forget to escape a
 * strategy name or a parameter; markup that is already HTML must be wrapped in `raw()` on purpose.
 */

import { escapeHtml } from './format.js';

/** Markup built by this module's callers from escaped parts. */
export interface RawHtml {
  readonly html: string;
}

export function raw(html: string): RawHtml {
  return { html };
}

export type Cell =
  | string
  | RawHtml
  | { readonly text: string; readonly className?: string; readonly style?: string };

function renderCell(tag: 'td' | 'th', cell: Cell): string {
  if (typeof cell === 'string') return `<${tag}>${escapeHtml(cell)}</${tag}>`;
  if ('html' in cell) return `<${tag}>${cell.html}</${tag}>`;
  const cls = cell.className ? ` class="${escapeHtml(cell.className)}"` : '';
  const style = cell.style ? ` style="${escapeHtml(cell.style)}"` : '';
  return `<${tag}${cls}${style}>${escapeHtml(cell.text)}</${tag}>`;
}

export interface TableOptions {
  readonly className?: string;
  /** The first cell of each body row is a row header (`<th scope="row">`). */
  readonly rowHeaders?: boolean;
}

export function table(
  head: readonly Cell[],
  rows: ReadonlyArray<readonly Cell[]>,
  options: TableOptions = {},
): string {
  const cls = options.className ? ` class="${escapeHtml(options.className)}"` : '';
  const thead =
    head.length > 0 ? `<thead><tr>${head.map((c) => renderCell('th', c)).join('')}</tr></thead>` : '';
  const body = rows
    .map((row) => {
      const cells = row.map((c, i) =>
        i === 0 && options.rowHeaders && typeof c === 'string'
          ? `<th scope="row">${escapeHtml(c)}</th>`
          : renderCell('td', c),
      );
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  // Wide tables (walk-forward folds, long parameter lists) scroll inside the page instead of widening it.
  return `<div class="table-wrap"><table${cls}>${thead}<tbody>\n${body}\n</tbody></table></div>`;
}

/** A titled section; `id` must be a fixed identifier, never user input. */
export function section(id: string, title: string, body: string): string {
  return `<section id="${escapeHtml(id)}"><h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

export function paragraph(text: string, className = 'note'): string {
  return `<p class="${escapeHtml(className)}">${escapeHtml(text)}</p>`;
}

/** A coloured square and a label, for chart legends. */
export function legend(items: ReadonlyArray<{ label: string; color: string }>): string {
  const entries = items.map(
    (item) =>
      `<span class="legend-item"><span class="swatch" style="background:${escapeHtml(item.color)}"></span>${escapeHtml(item.label)}</span>`,
  );
  return `<div class="legend">${entries.join('')}</div>`;
}

/** A right-aligned numeric cell. */
export function num(text: string): Cell {
  return { text, className: 'num' };
}
