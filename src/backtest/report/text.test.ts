import { describe, expect, it } from 'vitest';
import { formatComparison, formatSummary } from './index.js';
import { syntheticRun } from './test-fixtures.js';
import { alignColumns } from './text.js';

describe('CLI text', () => {
  it('aligns columns: first left, others right', () => {
    expect(
      alignColumns([
        ['a', '1'],
        ['long label', '123'],
      ]),
    ).toBe('a             1\nlong label  123');
  });

  it('summarises one run: config line, metrics, counts', () => {
    const { result } = syntheticRun({ bars: 500 });
    const text = formatSummary(result);
    expect(text).toContain('sma-cross v1.0.0 (fast=10 slow=30 mode=long-short)');
    expect(text).toContain('okx BTC/USDT 1h');
    expect(text).toContain('slippage fixed 2 bps');
    expect(text).toMatch(/Max drawdown\s+8\.12%/);
    expect(text).toMatch(/Max drawdown duration\s+3d 4h/);
    expect(text).toMatch(/Calmar\s+—/);
    expect(text).toMatch(/Start equity\s+10,000\.00 USDT/);
    expect(text).toContain(`${result.trades.length} trades`);
    expect(text).not.toContain('\u001b[');
    // Every metric row lines up on the same right edge.
    const rows = text.split('\n').filter((l) => /^(Start equity|Trades|Fees)\s/.test(l));
    expect(new Set(rows.map((l) => l.length)).size).toBe(1);
  });

  it('compares runs in columns', () => {
    const a = syntheticRun({ bars: 300, seed: 1 }).result;
    const b = syntheticRun({ bars: 300, seed: 2, strategy: 'rsi-revert', params: { period: 14 } }).result;
    const text = formatComparison([a, b]);
    const [head] = text.split('\n');
    expect(head).toMatch(/^Metric\s+#1 sma-cross fast=10 slow=30 m…\s+#2 rsi-revert period=14$/);
    expect(text).toMatch(/Sharpe\s+1\.50\s+1\.50/);
    expect(text).toContain('#2 rsi-revert period=14');
    expect(formatComparison([])).toBe('No runs to compare.');
  });
});
