/**
 * `cash-carry`: long spot, short the perpetual swap of the same coin, while the carry pays.
 *
 * A perpetual trading above spot pays its shorts: the funding rate, charged every funding interval, is
 * driven by that premium. Long spot + short perp in equal base quantity is flat the coin and earns the
 * funding while the premium lasts; the premium itself is realised when the two prices converge.
 *
 * Carry measures, annualised (fractions per year, 0.1 = 10 %), on each time both series closed a candle:
 * - basis: (perp close / spot close − 1) × 8760 / basisPeriodHours, averaged over the last `basisWindow`
 *   bars. The premium is read as what it pays per funding interval (basisPeriodHours, default 8 h: 1 095
 *   intervals a year), which is how the funding formula charges it; a 0.02 % premium is 21.9 % a year.
 *   The average matters: two venues' closes of one hour differ by a few hundredths of a percent of noise,
 *   which that scaling turns into ±50 % a year (BTCUSDT 2020: hourly quartiles −34 % and +71 %).
 * - funding: ctx.fundingRate(perp).rate × 8760 / fundingIntervalHours (absent: no funding measure).
 * `trigger` picks basis, funding, or either (the larger of the two available).
 * Rules: flat and carry ≥ entryCarry → buy spot and sell the perp, base quantity = fraction × equity /
 * spot close, the same on both legs (rounded down until both lot grids hold it: perp contracts × contract
 * value = spot quantity); holding and carry ≤ exitCarry → sell the spot and buy back the perp. Legs go out
 * together with the leg-risk handling of legs.ts (`legTimeoutBars`, `legRisk`).
 */

import { QuantLabError } from '../../core/errors.js';
import type { Instrument } from '../../core/instrument.js';
import { roundQty } from '../../core/precision.js';
import type { EnumParam, ParamsOf, StrategyContext, StrategyDefinition } from '../types.js';
import { floatParam, intParam, signal, tradableQty } from './common.js';
import { bothClosedOnce, LEG_PARAMS, spreadLegExecutor } from './legs.js';

const TRIGGERS = ['basis', 'funding', 'either'] as const;
type Trigger = (typeof TRIGGERS)[number];
const HOURS_PER_YEAR = 8760;

export const CASH_CARRY_PARAMS = {
  entryCarry: floatParam(
    0.3,
    -10,
    100,
    'Enter when the annualised carry is at least this (0.3 = 30 % a year).',
  ),
  exitCarry: floatParam(0.05, -10, 100, 'Exit when the annualised carry is at most this; below entryCarry.'),
  trigger: {
    type: 'enum',
    values: TRIGGERS,
    default: 'basis' as Trigger,
    description: 'Carry measure: basis (perp premium), funding (the funding rate) or either (the larger).',
  } satisfies EnumParam<Trigger>,
  basisPeriodHours: floatParam(
    8,
    0.01,
    HOURS_PER_YEAR,
    'Hours over which the premium is earned when annualising it (the funding interval).',
  ),
  basisWindow: intParam(
    8,
    1,
    10_000,
    'Bars the annualised basis is averaged over (1 = the latest bar only).',
  ),
  fundingIntervalHours: floatParam(
    8,
    0.01,
    HOURS_PER_YEAR,
    'Funding interval of the perpetual, to annualise its rate.',
  ),
  fraction: floatParam(
    0.5,
    0,
    10,
    'Spot leg value as a fraction of equity; the perp leg shorts the same base quantity.',
  ),
  ...LEG_PARAMS,
};

export type CashCarryParams = ParamsOf<typeof CASH_CARRY_PARAMS>;

/** Annualised basis: the perp premium earned once per `periodHours`. */
export function annualizedBasis(spot: number, perp: number, periodHours: number): number {
  return (perp / spot - 1) * (HOURS_PER_YEAR / periodHours);
}

/** Annualised funding: the rate paid every `intervalHours`. */
export function annualizedFunding(rate: number, intervalHours: number): number {
  return rate * (HOURS_PER_YEAR / intervalHours);
}

/**
 * The largest base quantity ≤ `base` that both legs can hold exactly: spot quantity on the spot lot grid
 * and perp contracts on the perp lot grid with contracts × contractValue equal to it. Returns spot and
 * perp quantities (0, 0 when none is tradable).
 */
export function matchedLegQuantities(
  spot: Instrument,
  perp: Instrument,
  base: number,
  price: number,
): { spotQty: number; perpQty: number } {
  let target = base;
  for (let round = 0; round < 4; round++) {
    const spotQty = tradableQty(spot, target, price);
    const perpQty = tradableQty(perp, spotQty / perp.contractValue, price);
    const perpBase = perpQty * perp.contractValue;
    if (spotQty === 0 || perpQty === 0) return { spotQty: 0, perpQty: 0 };
    if (Math.abs(perpBase - spotQty) <= 1e-9 * spotQty) return { spotQty, perpQty };
    target = roundQty(spot, perpBase, 'down');
  }
  return { spotQty: 0, perpQty: 0 };
}

export const cashCarry: StrategyDefinition<typeof CASH_CARRY_PARAMS> = {
  apiVersion: 1,
  name: 'cash-carry',
  version: '1.0.0',
  description:
    'Cash-and-carry: long spot and short the perpetual while the annualised basis or funding pays.',
  params: CASH_CARRY_PARAMS,
  legs: 2,
  validate(params) {
    const problems: string[] = [];
    if (!(params.exitCarry < params.entryCarry))
      problems.push(`exitCarry must be < entryCarry (got ${params.exitCarry} and ${params.entryCarry})`);
    if (!(params.fraction > 0)) problems.push(`fraction must be > 0 (got ${params.fraction})`);
    return problems;
  },
  create({ params, setup }) {
    const [spot, perp] = setup.symbols as [string, string];
    if (spot === perp) {
      throw new QuantLabError(
        'QL_ERR_STRATEGY_PARAMS_INVALID',
        'cash-carry needs a spot and a perpetual symbol.',
        { details: { symbols: setup.symbols } },
      );
    }
    const timeframe = setup.timeframe;
    const legs = spreadLegExecutor('cash-carry', params, timeframe, spot);
    const bothClosed = bothClosedOnce(spot, perp);
    const recentBasis = new Float64Array(params.basisWindow);
    let basisCount = 0;
    let basisSum = 0;

    /** Mean of the last basisWindow annualised bases, this bar's included (NaN until that many). */
    const averageBasis = (latest: number): number => {
      const slot = basisCount % params.basisWindow;
      basisSum += latest - (basisCount >= params.basisWindow ? recentBasis[slot]! : 0);
      recentBasis[slot] = latest;
      basisCount++;
      if (basisCount % params.basisWindow === 0) basisSum = recentBasis.reduce((a, b) => a + b, 0); // no drift
      return basisCount >= params.basisWindow ? basisSum / params.basisWindow : Number.NaN;
    };

    const carryOf = (ctx: StrategyContext, spotClose: number, perpClose: number) => {
      const basis = averageBasis(annualizedBasis(spotClose, perpClose, params.basisPeriodHours));
      const rate = ctx.fundingRate(perp);
      const funding =
        rate === undefined ? Number.NaN : annualizedFunding(rate.rate, params.fundingIntervalHours);
      // `either`: the larger of the measures available (NaN when neither is).
      const either = Number.isNaN(basis) ? funding : Number.isNaN(funding) ? basis : Math.max(basis, funding);
      const carry = params.trigger === 'basis' ? basis : params.trigger === 'funding' ? funding : either;
      return { basis, funding, carry };
    };

    return {
      subscriptions: [
        { symbol: spot, timeframe },
        { symbol: perp, timeframe },
      ],
      onCandle({ ctx, timeframe: tf }) {
        if (tf !== timeframe) return;
        legs.checkTimeout(ctx);
        if (!bothClosed(ctx)) return;
        const spotClose = ctx.candles(spot).close();
        const perpClose = ctx.candles(perp).close();
        const { basis, funding, carry } = carryOf(ctx, spotClose, perpClose);
        if (legs.busy || legs.isHalted || Number.isNaN(carry)) return;
        const info = { symbol: spot, basis, funding: Number.isNaN(funding) ? null : funding, carry };
        const spotHeld = ctx.position(spot).qty;
        const perpHeld = ctx.position(perp).qty;
        if (spotHeld !== 0 || perpHeld !== 0) {
          const balanced = spotHeld > 0 && perpHeld < 0;
          if (!balanced || carry <= params.exitCarry) {
            signal(ctx, balanced ? 'exit' : 'unbalanced', info);
            legs.flatten(ctx, [spot, perp], balanced ? 'exit' : 'unwind');
          }
          return;
        }
        if (!(carry >= params.entryCarry)) return;
        const base = (params.fraction * ctx.equity()) / spotClose;
        const { spotQty, perpQty } = matchedLegQuantities(
          ctx.instrument(spot),
          ctx.instrument(perp),
          base,
          spotClose,
        );
        if (spotQty === 0) {
          signal(ctx, 'skip', { ...info, reason: 'a leg is below the minimum size' });
          return;
        }
        signal(ctx, 'enter', { ...info, spotQty, perpQty });
        legs.send(ctx, 'enter', [
          { symbol: spot, side: 'buy', qty: spotQty },
          { symbol: perp, side: 'sell', qty: perpQty },
        ]);
      },
      onOrderUpdate({ ctx, order }) {
        legs.onOrderUpdate(ctx, order);
      },
    };
  },
};
