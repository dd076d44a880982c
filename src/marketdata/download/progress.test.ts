import { describe, expect, it } from 'vitest';
import { createProgressReporter } from './progress.js';

describe('download progress without a terminal', () => {
  it('logs at most once per interval, and the final state on stop', async () => {
    let now = 0;
    const lines: Array<{ data: Record<string, unknown>; message: string }> = [];
    const reporter = await createProgressReporter({
      label: 'okx BTC/USDT 1m candles',
      tty: false,
      intervalMs: 10_000,
      now: () => now,
      log: { info: (data, message) => lines.push({ data: data as Record<string, unknown>, message }) },
    });
    const step = (nextTs: number, pages: number) =>
      reporter.update({ start: 0, to: 999, nextTs, pages, written: pages * 100, fetched: pages * 100 });
    step(100, 1);
    now = 5_000;
    step(200, 2);
    expect(lines).toEqual([]);
    now = 10_000;
    step(300, 3);
    expect(lines.map((l) => l.message)).toEqual(['download okx BTC/USDT 1m candles: 30%']);
    step(1_000, 10);
    reporter.stop();
    expect(lines.at(-1)).toEqual({
      message: 'download okx BTC/USDT 1m candles: 100%',
      data: { pages: 10, written: 1_000, fetched: 1_000, at: '1970-01-01 00:00', percent: 100 },
    });
  });
});
