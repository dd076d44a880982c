/**
 * Creating the strategy a host runs: call the definition's `create` and check what it returns, so that a
 * broken strategy fails at creation with one clear QL_ERR_STRATEGY_FAILED instead of at its first candle.
 */

import { QuantLabError, toQuantLabError } from '../core/errors.js';
import type { StrategyId } from '../core/ids.js';
import { HostSeries, type SeriesTable } from './host-series.js';
import type { Strategy, StrategyDefinition, StrategySetup } from './types.js';

/** Creates the strategy and fills `series` with one entry per (distinct, valid) subscription. */
export function createHostedStrategy(
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  definition: StrategyDefinition<any>,
  params: Readonly<Record<string, unknown>>,
  setup: StrategySetup,
  strategyId: StrategyId,
  series: SeriesTable,
): Strategy {
  const fail = (message: string, cause?: unknown): QuantLabError =>
    new QuantLabError('QL_ERR_STRATEGY_FAILED', `${definition.name}: ${message}`, {
      details: { strategy: definition.name, strategyId },
      cause,
    });
  let strategy: Strategy;
  try {
    strategy = definition.create({ params, setup });
  } catch (error) {
    throw fail(`create() threw: ${toQuantLabError(error).message}`, error);
  }
  if (typeof strategy !== 'object' || strategy === null)
    throw fail('create() did not return a strategy object');
  if (!Array.isArray(strategy.subscriptions) || strategy.subscriptions.length === 0) {
    throw fail('the strategy declares no subscriptions (which series it needs)');
  }
  for (const subscription of strategy.subscriptions) {
    let one: HostSeries;
    try {
      one = new HostSeries(subscription);
    } catch (error) {
      throw fail(`invalid subscription: ${toQuantLabError(error).message}`, error);
    }
    if (!series.add(one)) throw fail(`subscription ${one.key} is declared twice`);
  }
  return strategy;
}
