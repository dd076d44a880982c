import { describe, expect, it } from 'vitest';
import { definitionProblems } from '../definition-check.js';
import { paramsJsonSchema, resolveParams } from '../params.js';
import { BUILTIN_STRATEGIES } from './index.js';

describe('BUILTIN_STRATEGIES', () => {
  it('lists the eight built-ins by their unique names', () => {
    expect(BUILTIN_STRATEGIES.map((d) => d.name)).toEqual([
      'sma-cross',
      'ema-cross',
      'rsi-reversion',
      'macd-bb',
      'grid',
      'momentum-breakout',
      'pairs',
      'cash-carry',
    ]);
  });

  for (const definition of BUILTIN_STRATEGIES) {
    it(`${definition.name}: passes the definition check, its defaults are valid, and it creates`, () => {
      expect(definitionProblems(definition)).toEqual([]);
      for (const spec of Object.values(definition.params))
        expect(spec.description.length).toBeGreaterThan(10);
      const params = resolveParams(definition, {});
      expect(definition.validate?.(params) ?? []).toEqual([]);
      expect(paramsJsonSchema(definition.params)).toHaveProperty('properties');
      const legs = definition.legs ?? 1;
      const strategy = definition.create({
        params,
        setup: {
          exchange: 'binance',
          symbols: ['BTC/USDT', 'BTC/USDT:USDT'].slice(0, Math.max(legs, 1)),
          timeframe: '1h',
        },
      });
      expect(strategy.subscriptions.length).toBe(legs);
    });
  }
});
