import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../../core/errors.js';
import type { SpecIssue } from './issues.js';
import { parseStrategySpec } from './parse.js';
import { smaCrossSpec } from './test-specs.js';

/** The error parsing `json` throws (the test fails if it does not throw). */
function rejection(json: unknown): { message: string; issues: SpecIssue[] } {
  try {
    parseStrategySpec(json);
  } catch (error) {
    expect(error).toBeInstanceOf(QuantLabError);
    const failure = error as QuantLabError;
    expect(failure.code).toBe('QL_ERR_STRATEGY_SPEC_INVALID');
    return { message: failure.message, issues: failure.details?.issues as SpecIssue[] };
  }
  throw new Error('expected the spec to be rejected');
}

/** The message names `path` first, with `text` in it; returns the issues. */
function expectFirstIssue(json: unknown, path: string, text: string | RegExp): SpecIssue[] {
  const { message, issues } = rejection(json);
  expect(message.startsWith(`Invalid strategy spec: ${path}: `), message).toBe(true);
  expect(issues[0]!.path).toBe(path);
  expect(issues[0]!.message).toMatch(text);
  return issues;
}

const cross = (left: unknown, right: unknown = 'slow', op = '>') => ({ left, op, right });

describe('parseStrategySpec: valid specs', () => {
  it('accepts a spec and returns it typed, defaults untouched', () => {
    const spec = parseStrategySpec(smaCrossSpec());
    expect(spec.indicators?.fast).toEqual({ type: 'sma', params: { period: '$fast' } });
    expect(spec.entry.long).toEqual({ left: 'fast', op: 'crossesAbove', right: 'slow' });
  });

  it('accepts type names in any case, with _ or -, and outputs by name', () => {
    const spec = smaCrossSpec({
      indicators: {
        fast: { type: 'SMA', params: [3] },
        slow: { type: 'Plus_DI', params: { period: 5 } },
        bands: { type: 'bbands', params: { period: 5, nbDevUp: 2, maType: 'EMA' } },
      },
      entry: {
        long: { all: [cross('fast', 'bands.upper'), cross({ ind: 'bands', output: 'lower', offset: 1 })] },
      },
      exit: undefined,
    });
    expect(() => parseStrategySpec(spec)).not.toThrow();
  });
});

describe('parseStrategySpec: rejections name the offending path', () => {
  it('unknown indicator type, with the closest name', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'smaa', params: [3] }, slow: { type: 'sma', params: [6] } },
    });
    expectFirstIssue(spec, 'indicators.fast.type', 'unknown indicator type "smaa" (did you mean "sma"?)');
  });

  it('unknown indicator parameter name, with the closest one', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'sma', params: { periods: 3 } }, slow: { type: 'sma' } },
    });
    expectFirstIssue(
      spec,
      'indicators.fast.params.periods',
      'unknown parameter "periods" (did you mean "period"?)',
    );
  });

  it('too many positional parameters', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'sma', params: [3, 4] }, slow: { type: 'sma' } },
    });
    expectFirstIssue(spec, 'indicators.fast.params[1]', 'too many parameters: sma takes period');
  });

  it('out-of-range and non-integer periods, in the indicator own words', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'sma', params: { period: 1 } }, slow: { type: 'sma', params: [6.5] } },
    });
    const issues = expectFirstIssue(
      spec,
      'indicators.fast.params.period',
      'SMA: period must be an integer in [2, 100000], got 1',
    );
    expect(issues[1]).toEqual({
      path: 'indicators.slow.params[0]',
      message: 'SMA: period must be an integer in [2, 100000], got 6.5',
    });
  });

  it('a $param whose min or max the indicator refuses (the optimizer would sweep it)', () => {
    const spec = smaCrossSpec({
      params: {
        fast: { type: 'int', default: 3, min: 1, max: 50, description: 'fast' },
        slow: { type: 'int', default: 6, description: 'slow' },
      },
    });
    expectFirstIssue(spec, 'indicators.fast.params.period', /got 1 \(with \$fast = 1, its min\)$/);
  });

  it('unknown indicator id in a rule, with the closest id', () => {
    const spec = smaCrossSpec({
      indicators: { sma: { type: 'sma', params: [3] }, slow: { type: 'sma', params: [6] } },
      entry: { long: { all: [cross('sma'), cross('smaa', 1)] } },
      exit: undefined,
    });
    expectFirstIssue(spec, 'entry.long.all[1].left', 'unknown indicator "smaa" (did you mean "sma"?)');
  });

  it('unknown indicator id in the object form points at ind', () => {
    const spec = smaCrossSpec({ exit: { long: cross({ ind: 'slwo' }) } });
    expectFirstIssue(spec, 'exit.long.left.ind', 'unknown indicator "slwo" (did you mean "slow"?)');
  });

  it('unknown output, listing the outputs', () => {
    const spec = smaCrossSpec({
      indicators: { macd: { type: 'macd' }, slow: { type: 'sma' } },
      entry: { long: cross('macd.signl', 'macd.macd', 'crossesAbove') },
      exit: { long: cross({ ind: 'macd', output: 'histogram' }, 0, '<') },
    });
    const issues = expectFirstIssue(
      spec,
      'entry.long.left',
      'indicator "macd" (macd) has no output "signl" (did you mean "signal"?); its outputs: macd, signal, hist',
    );
    expect(issues[1]).toMatchObject({ path: 'exit.long.left.output', message: /has no output "histogram"/ });
  });

  it('unknown $param, with the closest name', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'sma', params: ['$fsat'] }, slow: { type: 'sma' } },
    });
    expectFirstIssue(spec, 'indicators.fast.params[0]', 'unknown parameter "$fsat" (did you mean "$fast"?)');
  });

  it('unknown $param in a rule and in sizing', () => {
    const spec = smaCrossSpec({ entry: { long: cross('fast', '$level') }, sizing: { fraction: '$size' } });
    const issues = expectFirstIssue(spec, 'entry.long.right', 'unknown parameter "$level"');
    expect(issues.map((i) => i.path)).toEqual(['entry.long.right', 'sizing.fraction']);
  });

  it('type errors: wrong operator, wrong value type, wrong apiVersion, misspelt key', () => {
    const spec = smaCrossSpec({
      apiVersion: 2,
      entry: { long: { left: 'fast', op: '>>', right: 'slow' } },
      exit: { long: { left: true, op: '<', right: 'slow' } },
      sizing: { fraction: 'half' },
      stoploss: { percent: 2 },
    });
    const { issues } = rejection(spec);
    expect(issues.map((i) => i.path)).toEqual([
      'apiVersion',
      'entry.long.op',
      'exit.long.left',
      'sizing.fraction',
      'stoploss',
    ]);
    expect(issues[2]!.message).toBe('expected number, string or object, got boolean');
    expect(issues[4]!.message).toBe('unknown key "stoploss" (did you mean "stopLoss"?)');
  });

  it('unknown keys anywhere (strict objects)', () => {
    const spec = smaCrossSpec({ indicators: { fast: { type: 'sma', period: 3 }, slow: { type: 'sma' } } });
    expectFirstIssue(spec, 'indicators.fast.period', 'unknown key "period"');
  });

  it('values out of range: fraction, percent, tolerance', () => {
    const spec = smaCrossSpec({
      sizing: { fraction: 1.5 },
      stopLoss: { percent: 100 },
      entry: { long: { left: 'fast', op: '==', right: 'slow', tolerance: -1 } },
    });
    const { issues } = rejection(spec);
    expect(issues).toEqual([
      { path: 'entry.long.tolerance', message: 'must be ≥ 0, got -1' },
      { path: 'stopLoss.percent', message: 'must be > 0 and < 100, got 100' },
      { path: 'sizing.fraction', message: 'must be > 0 and ≤ 1, got 1.5' },
    ]);
  });

  it('rules that cannot work: no entry, an exit without its entry, a misplaced tolerance, a source on a bar indicator', () => {
    expectFirstIssue(smaCrossSpec({ entry: {}, exit: undefined }), 'entry', 'needs a long or a short rule');
    expectFirstIssue(
      smaCrossSpec({ exit: { short: cross('fast') } }),
      'exit.short',
      'there is no entry.short rule',
    );
    expectFirstIssue(
      smaCrossSpec({ exit: { long: { ...cross('fast'), tolerance: 0.1 } } }),
      'exit.long.tolerance',
      'tolerance applies to "==" only',
    );
    expectFirstIssue(
      smaCrossSpec({ indicators: { fast: { type: 'atr', source: 'hl2' }, slow: { type: 'sma' } } }),
      'indicators.fast.source',
      'atr reads whole bars (input "hlc"), so a source does not apply',
    );
  });

  it('risk sizing without a stop distance', () => {
    expectFirstIssue(
      smaCrossSpec({ sizing: { riskPerTrade: 0.01 } }),
      'sizing.riskPerTrade',
      'needs a distance to the stop',
    );
  });

  it('kelly sizing: cap, minTrades and fallbackFraction out of range, a misspelt or missing key', () => {
    const { issues } = rejection(
      smaCrossSpec({ sizing: { kelly: { cap: 0, minTrades: 2.5, fallbackFraction: 2 } } }),
    );
    expect(issues).toEqual([
      { path: 'sizing.kelly.cap', message: 'must be > 0 and ≤ 1, got 0' },
      { path: 'sizing.kelly.minTrades', message: 'must be an integer ≥ 1, got 2.5' },
      { path: 'sizing.kelly.fallbackFraction', message: 'must be > 0 and ≤ 1, got 2' },
    ]);
    expectFirstIssue(
      smaCrossSpec({ sizing: { kelly: { cap: 0.5, minTrade: 10 } } }),
      'sizing.kelly.minTrade',
      'unknown key "minTrade" (did you mean "minTrades"?)',
    );
    expectFirstIssue(smaCrossSpec({ sizing: { kelly: {} } }), 'sizing.kelly.cap', /expected/);
  });

  it('kelly and volatility sizing take $params, checked at their bounds', () => {
    const params = {
      fast: { type: 'int', default: 3, description: 'fast' },
      slow: { type: 'int', default: 6, description: 'slow' },
      cap: { type: 'float', default: 0.5, min: 0.1, max: 1.5, description: 'Kelly cap' },
      period: { type: 'int', default: 20, min: 1, max: 50, description: 'volatility bars' },
    };
    expectFirstIssue(
      smaCrossSpec({ params, sizing: { kelly: { cap: '$cap' } } }),
      'sizing.kelly.cap',
      'must be > 0 and ≤ 1, got 1.5 (with $cap = 1.5, its max)',
    );
    expectFirstIssue(
      smaCrossSpec({
        params,
        sizing: { volatilityTarget: { annualVol: 0.2, method: 'atr', period: '$period' } },
      }),
      'sizing.volatilityTarget.period',
      'must be an integer ≥ 2, got 1 (with $period = 1, its min)',
    );
    expectFirstIssue(
      smaCrossSpec({ sizing: { kelly: { cap: '$kap' } } }),
      'sizing.kelly.cap',
      'unknown parameter "$kap"',
    );
  });

  it('volatility sizing: annualVol, period, maxLeverage out of range, an unknown method', () => {
    const { issues } = rejection(
      smaCrossSpec({
        sizing: { volatilityTarget: { annualVol: -0.2, method: 'realised', period: 1, maxLeverage: 0 } },
      }),
    );
    expect(issues).toEqual([
      { path: 'sizing.volatilityTarget.annualVol', message: 'must be > 0, got -0.2' },
      { path: 'sizing.volatilityTarget.period', message: 'must be an integer ≥ 2, got 1' },
      { path: 'sizing.volatilityTarget.maxLeverage', message: 'must be > 0, got 0' },
    ]);
    expectFirstIssue(
      smaCrossSpec({ sizing: { volatilityTarget: { annualVol: 0.2, method: 'garch' } } }),
      'sizing.volatilityTarget.method',
      /atr.*realised/,
    );
  });

  it('param definitions: default outside its bounds, min above max', () => {
    const spec = smaCrossSpec({
      params: {
        fast: { type: 'int', default: 60, min: 2, max: 50, description: 'fast' },
        slow: { type: 'int', default: 6, min: 10, max: 3, description: 'slow' },
      },
    });
    const { issues } = rejection(spec);
    expect(issues.slice(0, 2)).toEqual([
      { path: 'params.fast.default', message: 'default 60 is outside [2, 50]' },
      { path: 'params.slow.min', message: 'min 10 is above max 3' },
    ]);
  });
});

describe('parseStrategySpec: look-ahead', () => {
  it('a negative offset', () => {
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross({ price: 'close', offset: -1 }) } }),
      'entry.long.left.offset',
      /^look-ahead: offset -1 reads 1 bar\(s\) after the current one/,
    );
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross({ ind: 'fast', offset: -2 }) } }),
      'entry.long.left.offset',
      /^look-ahead: offset -2/,
    );
  });

  it('close[+1] and close[-1] in the compact form', () => {
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross('close[+1]') } }),
      'entry.long.left',
      /^look-ahead: "close\[\+1\]" reads 1 bar/,
    );
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross('fast.value[-1]') } }),
      'entry.long.left',
      /^look-ahead: .*negative offset/,
    );
  });

  it('lead / next / future keys and names', () => {
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross({ price: 'close', lead: 1 }) } }),
      'entry.long.left.lead',
      /^look-ahead: "lead"/,
    );
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross('nextClose') } }),
      'entry.long.left',
      /^look-ahead: "nextClose" reads a future value/,
    );
    expectFirstIssue(
      smaCrossSpec({ entry: { long: cross('close.shift(-1)') } }),
      'entry.long.left',
      /^look-ahead/,
    );
    expectFirstIssue(
      smaCrossSpec({ indicators: { fast: { type: 'sma', params: [3], shift: -2 }, slow: { type: 'sma' } } }),
      'indicators.fast.shift',
      /^look-ahead: shift -2 reads 2 bar\(s\) after the current one/,
    );
  });

  it('an indicator output that is displaced (the Ichimoku lagging span)', () => {
    const spec = smaCrossSpec({
      indicators: { ichi: { type: 'ichimoku' }, slow: { type: 'sma' } },
      entry: { long: cross('ichi.chikou', 'ichi.kijun') },
      exit: undefined,
    });
    expectFirstIssue(spec, 'entry.long.left', /^look-ahead: output "chikou" of "ichi" is the lagging span/);
  });
});

describe('parseStrategySpec: collects every issue', () => {
  it('reports all problems, the first in the message and a count', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'smaa', params: [3] }, slow: { type: 'sma', params: ['$slwo'] } },
      entry: { long: { all: [cross('fast'), cross('close[+1]'), cross('nope')] } },
    });
    const { message, issues } = rejection(spec);
    expect(issues.map((i) => i.path)).toEqual([
      'indicators.fast.type',
      'indicators.slow.params[0]',
      'entry.long.all[1].left',
      'entry.long.all[2].left',
    ]);
    expect(message).toMatch(/^Invalid strategy spec: indicators\.fast\.type: .* \(and 3 more\)$/);
  });

  it('keeps analysing the well-formed parts when the shape is wrong somewhere', () => {
    const spec = smaCrossSpec({
      indicators: { fast: { type: 'sma', params: [3], colour: 'red' }, slow: { type: 'sma' } },
      entry: {
        long: { all: [cross('fast', 'slow', '=>'), cross({ ind: 'fast', offset: -1 }), cross('slwo')] },
      },
    });
    const { issues } = rejection(spec);
    expect(issues.map((i) => i.path)).toEqual([
      'entry.long.all[1].left.offset',
      'indicators.fast.colour',
      'entry.long.all[0].op',
      'entry.long.all[2].left',
    ]);
    // `fast` is malformed but declared: the rules that use it are not reported as unknown references.
    expect(issues.some((i) => i.message.includes('unknown indicator "fast"'))).toBe(false);
  });

  it('rejects what is not an object at all', () => {
    expectFirstIssue([], '(root)', /expected object/);
  });
});
