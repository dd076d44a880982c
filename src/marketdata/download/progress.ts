/**
 * Progress of a long download: a cli-progress bar on stderr when it is a terminal (DESIGN.md §4.3), else a
 * log line at most every `intervalMs` (CI logs, pipes). cli-progress is loaded only for the bar.
 */

import type { DownloadProgress } from './download.js';

export interface ProgressReporter {
  update(progress: DownloadProgress): void;
  stop(): void;
}

export interface ProgressLog {
  info(data: object, message: string): void;
}

export interface ProgressOptions {
  /** e.g. `okx BTC/USDT 1m candles`. */
  label: string;
  /** Draw a bar on process.stderr. */
  tty: boolean;
  log: ProgressLog;
  intervalMs?: number;
  now?: () => number;
}

function fraction(p: DownloadProgress): number {
  const span = p.to + 1 - p.start;
  return span <= 0 ? 1 : Math.min(1, Math.max(0, (p.nextTs - p.start) / span));
}

/** `2024-01-01 12:00` (UTC): minutes are enough to see where a download is. */
const iso = (ts: number) => new Date(ts).toISOString().slice(0, 16).replace('T', ' ');

/** Log lines, throttled; the last state is always logged on stop. */
function logReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 10_000;
  let lastLogged = now();
  let latest: DownloadProgress | undefined;
  const write = (p: DownloadProgress) => {
    options.log.info(
      {
        pages: p.pages,
        written: p.written,
        fetched: p.fetched,
        at: iso(Math.min(p.nextTs, p.to)),
        percent: Math.round(fraction(p) * 100),
      },
      `download ${options.label}: ${Math.round(fraction(p) * 100)}%`,
    );
  };
  return {
    update(p) {
      latest = p;
      if (now() - lastLogged >= interval) {
        lastLogged = now();
        write(p);
      }
    },
    stop() {
      if (latest !== undefined) write(latest);
    },
  };
}

/** Creates the reporter for the terminal or the log. */
export async function createProgressReporter(options: ProgressOptions): Promise<ProgressReporter> {
  if (!options.tty) return logReporter(options);
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${options.label} [{bar}] {percentage}% | {at} | {written} written | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const SCALE = 10_000;
  bar.start(SCALE, 0, { at: '', written: 0 });
  return {
    update(p) {
      bar.update(Math.round(fraction(p) * SCALE), { at: iso(Math.min(p.nextTs, p.to)), written: p.written });
    },
    stop() {
      bar.stop();
    },
  };
}
