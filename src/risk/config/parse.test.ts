import { describe, expect, it } from 'vitest';
import { PRE_TRADE_RULES } from './catalogue.js';
import { isControlRule, parseRiskRecord, parseRiskRule, ruleNames } from './parse.js';
import { riskRulesFromJson } from './rule-file.js';

describe('parseRiskRule', () => {
  it('accepts every catalogue rule with sample parameters', () => {
    const samples: Record<string, unknown> = {
      'max-order-notional': { limit: 1_000 },
      'max-order-qty': { limit: 5 },
      'price-band': { band: 0.05 },
      'max-leverage': { limit: 3 },
      'margin-available': { defaultLeverage: 5 },
      'min-size-precision': {},
      'max-open-orders': { perStrategy: 10 },
      'position-limit': { perSymbol: { 'BTC/USDT:USDT': 50_000 }, total: 100_000 },
      'gross-exposure': { limit: 3 },
      'net-exposure': { limit: 2 },
      concentration: { maxShare: 0.6 },
      'correlated-exposure': { limit: 2, groups: [['BTC', 'ETH']] },
      'portfolio-heat': { limit: 0.06, defaultStopDistance: 0.05 },
      'risk-budget': { perStrategy: { a: 0.02 }, default: 0.01 },
      'order-rate': { perAccount: { count: 60, windowMs: 2_000 } },
    };
    expect(Object.keys(samples).sort()).toEqual(Object.keys(PRE_TRADE_RULES).sort());
    for (const [rule, params] of Object.entries(samples)) {
      const parsed = parseRiskRule(rule, params);
      expect(parsed.kind).toBe('pre-trade');
      if (parsed.kind === 'pre-trade')
        expect(parsed.entry.build(parsed.params as never).check).toBeTypeOf('function');
    }
    expect(parseRiskRule('auto-reduce', { grossExposure: 2 })).toMatchObject({
      kind: 'auto-reduce',
      config: { grossExposure: 2, tolerance: 0.02 },
    });
    expect(parseRiskRule('max-drawdown', { maxDrawdown: 0.1 })).toMatchObject({ kind: 'breaker' });
  });

  it('names the rule and every bad field', () => {
    expect(() => parseRiskRule('max-order-notional', { limit: -5 })).toThrow(/max-order-notional: limit: /);
    expect(() => parseRiskRule('max-order-notional', { limit: 5, extra: 1 })).toThrow(/extra/);
    expect(() => parseRiskRule('price-band', { band: 2 })).toThrow(/band/);
    expect(() => parseRiskRule('max-open-orders', {})).toThrow(/give perStrategy or perAccount/);
    expect(() => parseRiskRule('auto-reduce', { tolerance: 0.1 })).toThrow(
      /perSymbolNotional or grossExposure/,
    );
    try {
      parseRiskRule('max-order-qty', { limit: 'five' });
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'QL_ERR_INVALID_INPUT', details: { rule: 'max-order-qty' } });
    }
  });

  it('refuses unknown names (listing the known ones) and platform-controlled rows', () => {
    expect(() => parseRiskRule('max-ordr-qty', { limit: 1 })).toThrow(
      /Unknown risk rule "max-ordr-qty"; known rules: .*max-order-qty/,
    );
    expect(() => parseRiskRule('kill-switch', {})).toThrow(/set by the platform/);
    expect(isControlRule('breaker-trip:daily-loss')).toBe(true);
    expect(ruleNames()).toContain('daily-loss');
  });

  it('a breaker stored for a strategy watches that strategy; scopes must be well formed', () => {
    const parsed = parseRiskRecord({
      scope: 'strategy',
      scopeId: 's1',
      rule: 'consecutive-losses',
      params: { maxLosses: 3 },
    });
    expect(parsed).toMatchObject({ kind: 'breaker', config: { strategies: ['s1'], pause: 'strategy' } });
    expect(() =>
      parseRiskRecord({ scope: 'global', scopeId: 'x', rule: 'max-order-qty', params: { limit: 1 } }),
    ).toThrow(/no scope id/);
    expect(() =>
      parseRiskRecord({
        scope: 'strategy',
        scopeId: 's1',
        rule: 'auto-reduce',
        params: { grossExposure: 2 },
      }),
    ).toThrow(/not for a strategy/);
    expect(() =>
      parseRiskRecord({ scope: 'account', scopeId: ' ', rule: 'max-order-qty', params: { limit: 1 } }),
    ).toThrow(/needs the account id/);
  });
});

describe('risk rule files (backtests)', () => {
  it('reads an array or { rules }, scoping entries with a strategy', () => {
    const rules = riskRulesFromJson({
      rules: [
        { rule: 'max-order-qty', params: { limit: 1 } },
        { rule: 'daily-loss', params: { maxLoss: 10 }, strategy: 'a' },
      ],
    });
    expect(rules.map((r) => [r.scope, r.scopeId, r.rule])).toEqual([
      ['global', '', 'max-order-qty'],
      ['strategy', 'a', 'daily-loss'],
    ]);
  });

  it('names the entry at fault', () => {
    expect(() =>
      riskRulesFromJson(
        [
          { rule: 'max-order-qty', params: { limit: 1 } },
          { rule: 'price-band', params: {} },
        ],
        'r.json',
      ),
    ).toThrow(/^r\.json\[1\]: Risk rule price-band: band/);
    expect(() => riskRulesFromJson({ nope: 1 })).toThrow(/expected an array/);
  });
});
