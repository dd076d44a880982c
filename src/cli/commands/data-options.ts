/**
 * Shared pieces of the `data` verbs: flag parsers (a bad value is a usage error, exit 2), the series flags,
 * human formatting, and the progress bar (cli-progress on stderr, only on a terminal).
 */

import { type Command, InvalidArgumentError } from 'commander';
import { parseTimeframe, type Timeframe } from '../../core/timeframe.js';
import { parseDateTime } from '../../marketdata/import/cells.js';
import type { CommandContext } from '../context.js';

/** Commander parser for a timeframe (`1m`, `1h`, `1M` …). */
export function parseTimeframeOption(value: string): Timeframe {
  try {
    return parseTimeframe(value);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Commander parser for a time, the same for every `data` verb: `2024-01-01`, `2024-01-01T12:00`,
 * `2024-01-01 12:00:00` (UTC unless a zone is given: `Z`, `+02:00`), epoch ms, or `now`.
 */
export function parseTimeOption(value: string): number {
  const text = value.trim();
  if (text === 'now') return Date.now();
  // Eight digits is a compact date (20240101), not a time on 1 January 1970.
  if (/^\d+$/.test(text) && text.length !== 8) return Number(text);
  const ts = parseDateTime(text);
  if (ts === undefined) {
    throw new InvalidArgumentError(
      'expected a date (2024-01-01), a UTC date-time (2024-01-01T12:00:00Z), epoch ms or now',
    );
  }
  return ts;
}

/** `--from` later than the end of the range is a usage error (exit 2), not an empty range. */
export function checkTimeRange(command: Command, from?: number, to?: number, toFlag = '--to'): void {
  if (from !== undefined && to !== undefined && to < from) {
    command.error(`error: ${toFlag} is before --from`, { exitCode: 2 });
  }
}

export function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('expected a number > 0');
  return n;
}

export function parseNonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a number ≥ 0');
  return n;
}

export interface SeriesFlags {
  exchange: string;
  symbol: string;
  timeframe: Timeframe;
}

/** `--exchange`, `--symbol`, `--timeframe`, all required. */
export function withSeriesFlags(
  command: Command,
  timeframeHelp = 'candle timeframe: 1m, 5m, 1h, 1d, 1w, 1M …',
): Command {
  return command
    .requiredOption('--exchange <name>', 'exchange label, free-form (okx, binance, synthetic …)')
    .requiredOption('--symbol <symbol>', 'market symbol, free-form (BTC/USDT …)')
    .requiredOption('--timeframe <tf>', timeframeHelp, parseTimeframeOption);
}

/** `2017-08-17T04:00:00Z` (milliseconds shown only when not zero). */
export function iso(ts: number | null | undefined): string {
  if (ts === null || ts === undefined) return '-';
  return new Date(ts).toISOString().replace('.000Z', 'Z');
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}

export interface Progress {
  update(label: string, done: number, total: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/** A progress bar on stderr when it is a terminal; otherwise nothing. cli-progress is loaded only then. */
export async function createProgress(ctx: CommandContext): Promise<Progress> {
  if (!ctx.io.isTty) return NO_PROGRESS;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{label} [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let current: string | undefined;
  return {
    update(label, done, total) {
      if (label !== current) {
        if (current !== undefined) bar.stop();
        current = label;
        bar.start(total, done, { label });
      } else bar.update(done);
    },
    stop() {
      if (current !== undefined) bar.stop();
      current = undefined;
    },
  };
}
