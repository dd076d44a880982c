import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../storage/index.js';
import type { StressResult } from '../analytics/index.js';
import { normalSampler } from '../analytics/index.js';
import { DAY_MS } from './daily.js';
import {
  limitsFromRules,
  limitsTripped,
  loadLimits,
  portfolioRiskReport,
  type StoredRule,
  type SymbolMarket,
} from './index.js';

const T0 = Date.UTC(2024, 0, 1);

const on = (rule: string, params: unknown, extra: Partial<StoredRule> = {}): StoredRule => ({
  rule,
  params,
  enabled: true,
  ...extra,
});

/** A scenario that leaves notionals as they are (only the crash shrinks them). */
const flat = (loss: number): StressResult => ({ scenario: 'exchange-outage', loss, detail: {} });

function market(symbol: string, days: number): SymbolMarket {
  const z = normalSampler(11);
  const closes = [100];
  for (let d = 1; d <= days; d++) closes.push(closes[d - 1]! * (1 + 0.01 * z()));
  return {
    exchange: 'binance',
    symbol,
    closes: { days: closes.map((_, d) => T0 + d * DAY_MS), closes },
    mark: closes[closes.length - 1]!,
    markTs: T0 + days * DAY_MS,
    timeframe: '1d',
    kind: 'spot',
    contractValue: 1,
    inverse: false,
  };
}

describe('limitsFromRules parses every row with the catalogue', () => {
  it('skips rows the gate refuses (or would read differently) and names each in a note', () => {
    const { limits, notes } = limitsFromRules([
      // A typo: sessions refuse the whole row; a hand parser saw maxLoss 1000.
      on('daily-loss', { maxLoss: 1_000, maxLos: 5 }),
      // One bad entry: refused, not read as a BTC-only limit.
      on('position-limit', { perSymbol: { 'BTC/USDT': 1, 'ETH/USDT': -5 } }),
      on('max-drawdown', { maxDrawdown: 5 }),
      // A strategy's account-wide daily loss is refused by the breaker parser.
      on('daily-loss', { maxLoss: 1, pause: 'account' }, { scope: 'strategy', scopeId: 'sma-cross' }),
      on('gross-exposure', { limit: 1 }, { scope: 'account', scopeId: ' ' }),
      // Platform rows and disabled rows are not limits and not errors.
      on('kill-switch', { at: 1 }),
      on('breaker-trip:daily-loss', {}),
      { rule: 'max-drawdown', params: { maxDrawdown: 7 }, enabled: false },
    ]);
    expect(limits).toEqual([]);
    expect(notes).toHaveLength(5);
    expect(notes[0]).toMatch(/^Invalid risk rule daily-loss \(global\) skipped.*maxLos: unknown field/);
    expect(notes[1]).toMatch(/position-limit \(global\).*perSymbol/);
    expect(notes[2]).toMatch(/max-drawdown \(global\).*maxDrawdown: must be a fraction ≤ 1/);
    expect(notes[3]).toMatch(
      /daily-loss \(strategy sma-cross\).*strategies: only applies with pause 'strategy'/,
    );
    expect(notes[4]).toMatch(/gross-exposure \(account {2}\).*needs the account id/);
    // Without the refused daily-loss row, a 2 400 loss trips nothing.
    expect(limitsTripped(flat(2_400), [{ symbol: 'BTC/USDT', notional: 8_000 }], 10_000, limits)).toEqual([]);
  });

  it('the skipped rows reach the report notes; valid rows still apply', () => {
    const btc = market('BTC/USDT', 60);
    const { limits, notes } = limitsFromRules([
      on('daily-loss', { maxLoss: 1_000, maxLos: 5 }),
      on('max-drawdown', { maxDrawdown: 0.01 }),
    ]);
    const r = portfolioRiskReport(
      {
        asOf: T0,
        positions: [{ exchange: 'binance', symbol: 'BTC/USDT', qty: 10, avgPrice: 100 }],
        markets: [btc],
        equity: { value: 10_000, source: 'flag' },
      },
      { limits, limitNotes: notes },
    );
    expect(r.limits).toEqual(['max-drawdown']);
    expect(r.stress.find((s) => s.scenario === 'crash')!.limitsTripped).toEqual(['max-drawdown']);
    expect(r.notes).toContain(notes[0]);
  });
});

describe('every applicable row holds: the strictest decides', () => {
  const held = [{ symbol: 'BTC/USDT', notional: 5_000 }];

  it('a loose narrower row does not lift a strict global one (either order)', () => {
    const strict = on('position-limit', { perSymbol: 1_000 });
    const loose = on('position-limit', { perSymbol: 1_000_000 }, { scope: 'account', scopeId: 'paper:a' });
    for (const rows of [
      [strict, loose],
      [loose, strict],
    ]) {
      const { limits } = limitsFromRules(rows);
      expect(limitsTripped(flat(0), held, 10_000, limits)).toEqual(['position-limit']);
    }
    const both = limitsFromRules([on('daily-loss', { maxLoss: 10 }), on('daily-loss', { maxLoss: 20 })]);
    // Two rows of one rule: listed and tripped once.
    expect(limitsTripped(flat(50), held, 10_000, both.limits)).toEqual(['daily-loss']);
  });

  describe('loadLimits', () => {
    let close: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await close?.();
      close = undefined;
    });

    it('applies the global rows and the scope’s own, all of them, and notes invalid ones', async () => {
      const db = await openDatabase('sqlite::memory:');
      close = () => db.close();
      await db.migrate();
      const row = (
        scope: 'global' | 'account' | 'strategy',
        scopeId: string,
        rule: string,
        params: unknown,
      ) => db.riskRules.upsert({ scope, scopeId, rule, params, enabled: true, updatedAt: 1 });
      await row('global', '', 'daily-loss', { maxLoss: 100 });
      await row('account', 'paper:a', 'daily-loss', { maxLoss: 1_000_000 });
      await row('account', 'paper:b', 'position-limit', { total: 1 });
      await row('strategy', 'sma-cross', 'position-limit', { total: 2 });
      await row('account', 'paper:a', 'net-exposure', { limit: -1 });

      const account = await loadLimits(db, { scope: 'account', scopeId: 'paper:a' });
      expect(account.limits.map((l) => l.name)).toEqual(['daily-loss', 'daily-loss']);
      expect(limitsTripped(flat(500), held, 10_000, account.limits)).toEqual(['daily-loss']);
      expect(account.notes).toEqual([
        expect.stringMatching(/^Invalid risk rule net-exposure \(account paper:a\)/),
      ]);

      const backtest = await loadLimits(db, { scope: 'strategy', scopeId: 'sma-cross' });
      expect(backtest.limits.map((l) => l.name)).toEqual(['daily-loss', 'position-limit']);
      expect(backtest.notes).toEqual([]);
    });
  });
});

describe('boundaries: as the rule each check mirrors', () => {
  it('loss breakers trip at the limit (float slack included)', () => {
    const held = [{ symbol: 'BTC/USDT', notional: 8_000 }];
    const amount = limitsFromRules([on('daily-loss', { maxLoss: 2_400 })]).limits;
    expect(limitsTripped(flat(2_400), held, 10_000, amount)).toEqual(['daily-loss']);
    expect(limitsTripped(flat(2_399.99), held, 10_000, amount)).toEqual([]);
    // 0.07 × 100 = 7.000000000000001 is reached by a loss of 7, as in the breakers.
    const fraction = limitsFromRules([
      on('daily-loss', { maxLossFraction: 0.07 }),
      on('max-drawdown', { maxDrawdown: 0.07 }),
    ]).limits;
    expect(limitsTripped(flat(7), held, 100, fraction)).toEqual(['daily-loss', 'max-drawdown']);
    expect(limitsTripped(flat(6.99), held, 100, fraction)).toEqual([]);
    // A gain trips nothing.
    expect(limitsTripped(flat(-5), held, 0, fraction)).toEqual([]);
  });

  it('exposure and position limits pass at the limit and trip beyond it, as the gate', () => {
    const atSeven = 0.07 * 100; // 7.000000000000001
    const limits = limitsFromRules([
      on('position-limit', { perSymbol: 7 }),
      on('gross-exposure', { limit: 1 }),
      on('net-exposure', { limit: 1 }),
    ]).limits;
    expect(limitsTripped(flat(0), [{ symbol: 'X', notional: atSeven }], 7, limits)).toEqual([]);
    expect(limitsTripped(flat(0), [{ symbol: 'X', notional: 7.01 }], 7, limits)).toEqual([
      'position-limit',
      'gross-exposure',
      'net-exposure',
    ]);
    const total = limitsFromRules([on('position-limit', { total: 7 })]).limits;
    const two = [
      { symbol: 'X', notional: 3.5 },
      { symbol: 'Y', notional: -atSeven / 2 },
    ];
    expect(limitsTripped(flat(0), two, 100, total)).toEqual([]);
  });
});

describe('auto-reduce', () => {
  it('trips past its limit by more than the tolerance, per symbol and on gross exposure', () => {
    const perSymbol = limitsFromRules([on('auto-reduce', { perSymbolNotional: 5_000 })]).limits;
    expect(limitsTripped(flat(0), [{ symbol: 'X', notional: -5_100 }], 1e9, perSymbol)).toEqual([]);
    expect(limitsTripped(flat(0), [{ symbol: 'X', notional: -5_101 }], 1e9, perSymbol)).toEqual([
      'auto-reduce',
    ]);
    const gross = limitsFromRules([on('auto-reduce', { grossExposure: 1, tolerance: 0 })]).limits;
    expect(limitsTripped(flat(0), [{ symbol: 'X', notional: 100 }], 100, gross)).toEqual([]);
    // The loss leaves less equity: the same book is now past the limit.
    expect(limitsTripped(flat(1), [{ symbol: 'X', notional: 100 }], 100, gross)).toEqual(['auto-reduce']);
  });

  it('a crash that leaves a leveraged book past gross × the equity left lists auto-reduce', () => {
    const btc = market('BTC/USDT', 60);
    const notional = 10 * btc.mark;
    const { limits, notes } = limitsFromRules([on('auto-reduce', { grossExposure: 2.5 })]);
    const r = portfolioRiskReport(
      {
        asOf: T0,
        positions: [{ exchange: 'binance', symbol: 'BTC/USDT', qty: 10, avgPrice: 100 }],
        markets: [btc],
        // 2× leverage: within 2.5× before; after a 30 % crash 0.7 N against 2.5 × 0.2 N × 1.02.
        equity: { value: notional / 2, source: 'flag' },
      },
      { limits, limitNotes: notes },
    );
    expect(r.limits).toEqual(['auto-reduce']);
    expect(r.stress.find((s) => s.scenario === 'crash')!.limitsTripped).toEqual(['auto-reduce']);
    expect(r.stress.find((s) => s.scenario === 'funding-spike')!.limitsTripped).toEqual([]);
  });
});
