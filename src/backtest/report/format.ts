/**
 * Formatting shared by the HTML report and the CLI text: one place decides how a ratio, an amount or a
 * duration reads, so the two outputs never disagree.
 */

/** Shown for undefined values (a Sharpe ratio without two days of data, a win rate without trades …). */
export const MISSING = '—';

const GROUPED = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function finite(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A fraction as a percentage with 2 decimals: 0.1234 → `12.34%`. */
export function formatPercent(value: number | null | undefined): string {
  return finite(value) ? `${(value * 100).toFixed(2)}%` : MISSING;
}

/** An amount with 2 decimals and thousands separators, optionally followed by its currency. */
export function formatMoney(value: number | null | undefined, currency?: string): string {
  if (!finite(value)) return MISSING;
  // `-0.00` reads like a bug; a tiny negative amount rounds to plain zero.
  const text = GROUPED.format(Math.abs(value) < 0.005 ? 0 : value);
  return currency ? `${text} ${currency}` : text;
}

/** A plain ratio (Sharpe, profit factor …) with 2 decimals. */
export function formatRatio(value: number | null | undefined): string {
  return finite(value) ? value.toFixed(2) : MISSING;
}

export function formatInteger(value: number | null | undefined): string {
  return finite(value) ? INTEGER.format(value) : MISSING;
}

/** A price or quantity: up to 8 significant digits, no exponent for ordinary magnitudes. */
export function formatNumber(value: number | null | undefined): string {
  if (!finite(value)) return MISSING;
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e15 || abs < 1e-8) return value.toExponential(4);
  return String(Number(value.toPrecision(8)));
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration in ms, humanised to its two largest units: `12d 4h`, `5h 30m`, `45m`, `30s`. */
export function formatDuration(ms: number | null | undefined): string {
  if (!finite(ms)) return MISSING;
  const sign = ms < 0 ? '-' : '';
  const abs = Math.abs(ms);
  if (abs >= DAY) return `${sign}${Math.floor(abs / DAY)}d ${Math.floor((abs % DAY) / HOUR)}h`;
  if (abs >= HOUR) return `${sign}${Math.floor(abs / HOUR)}h ${Math.floor((abs % HOUR) / MINUTE)}m`;
  if (abs >= MINUTE) return `${sign}${Math.floor(abs / MINUTE)}m`;
  // Under 10 s a tenth still matters (simulation wall time); above, whole seconds.
  if (abs >= 1000)
    return `${sign}${abs < 10_000 ? (Math.floor(abs / 100) / 10).toFixed(1) : Math.floor(abs / 1000)}s`;
  return `${sign}${Math.round(abs)}ms`;
}

/** Epoch ms as `2024-03-01 14:05` UTC (seconds only when not zero). */
export function formatTime(ts: number | null | undefined): string {
  if (!finite(ts)) return MISSING;
  const iso = new Date(ts).toISOString();
  const seconds = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === '00' ? '' : `:${seconds}`}`;
}

/** A time range; the end is exclusive in configs, shown as given. */
export function formatRange(from: number | undefined, to: number | undefined): string {
  if (from === undefined && to === undefined) return MISSING;
  return `${from === undefined ? '…' : formatTime(from)} → ${to === undefined ? '…' : formatTime(to)}`;
}

/** One parameter value, short: strings bare, everything else as JSON. */
export function formatParamValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Parameters as `fast=10 slow=30 mode=long-only`, cut at `max` characters (0 = no cut). */
export function formatParams(params: Readonly<Record<string, unknown>>, max = 0): string {
  const text = Object.entries(params)
    .map(([key, value]) => `${key}=${formatParamValue(value)}`)
    .join(' ');
  return truncate(text, max);
}

export function truncate(text: string, max: number): string {
  return max > 0 && text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and quoted attribute values (strategy names and params are user input). */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON safe inside a `<script type="application/json">` block. Every `<` becomes `\u003c` (still the same
 * JSON): that covers `</script>` (which would end the block) and `<!--` (which changes how the HTML
 * parser looks for the end tag); U+2028/2029 are escaped for older parsers that treat them as newlines.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
