import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  formatDuration,
  formatMoney,
  formatNumber,
  formatParams,
  formatPercent,
  formatRatio,
  formatTime,
  jsonForScript,
  MISSING,
} from './format.js';

describe('report formatting', () => {
  it('formats fractions as percentages with 2 decimals', () => {
    expect(formatPercent(0.12345)).toBe('12.35%');
    expect(formatPercent(-0.5)).toBe('-50.00%');
    expect(formatPercent(null)).toBe(MISSING);
    expect(formatPercent(Number.NaN)).toBe(MISSING);
  });

  it('formats money with 2 decimals, grouping and no negative zero', () => {
    expect(formatMoney(1234567.891)).toBe('1,234,567.89');
    expect(formatMoney(-12.5, 'USDT')).toBe('-12.50 USDT');
    expect(formatMoney(-0.001)).toBe('0.00');
    expect(formatMoney(null)).toBe(MISSING);
  });

  it('humanises durations to their two largest units', () => {
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5 * 60_000)).toBe('3d 4h');
    expect(formatDuration(5 * 3_600_000 + 30 * 60_000)).toBe('5h 30m');
    expect(formatDuration(45 * 60_000)).toBe('45m');
    expect(formatDuration(30_000)).toBe('30s');
    expect(formatDuration(1_234)).toBe('1.2s');
    expect(formatDuration(0)).toBe('0ms');
  });

  it('formats times in UTC', () => {
    expect(formatTime(Date.UTC(2024, 2, 1, 14, 5))).toBe('2024-03-01 14:05');
    expect(formatTime(Date.UTC(2024, 2, 1, 14, 5, 7))).toBe('2024-03-01 14:05:07');
  });

  it('formats ratios, numbers and parameters', () => {
    expect(formatRatio(1.23456)).toBe('1.23');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(43123.5)).toBe('43123.5');
    expect(formatParams({ fast: 10, mode: 'long-only', grid: [1, 2] })).toBe(
      'fast=10 mode=long-only grid=[1,2]',
    );
    expect(formatParams({ a: 'x'.repeat(50) }, 10)).toHaveLength(10);
  });

  it('escapes every HTML-significant character', () => {
    expect(escapeHtml(`<script>alert("x")</script> & 'y'`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;',
    );
  });

  it('keeps JSON for a script block free of `<` while parsing to the same value', () => {
    const value = { name: '</script><script>alert(1)</script><!--', sep: '\u2028' };
    const text = jsonForScript(value);
    expect(text).not.toContain('<');
    expect(text).not.toContain('\u2028');
    expect(JSON.parse(text)).toEqual(value);
  });
});
