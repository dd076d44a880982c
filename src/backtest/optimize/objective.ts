/**
 * What the optimizer maximises: a named metric (`sharpe`, `sortino`, `calmar`, `total-return`,
 * `profit-factor`, `cagr`) or an expression over metric names (`sharpe * (1 - maxDrawdown)`, see
 * expression.ts). Higher is always better; write `-maxDrawdown` to minimise something.
 *
 * A trial scores null — and can never be the best — when it made fewer than `minTrades` trades or the
 * objective is undefined (a null metric) or not finite (a division by zero …).
 *
 * Perfect candidates: `sortino` is null when no day lost and `profitFactor` when no trade lost (the
 * metrics' contract, kept in the stored metrics). Scored as null, a run that never loses could never win.
 * So when scoring — named objectives and expressions alike — a null `sortino` with a positive mean daily
 * return (`sharpe` > 0, which also means at least 2 daily returns) and a null `profitFactor` with a
 * positive gross profit (`winRate` > 0) count as SCORE_CAP, and larger values are capped there so no
 * run that loses outranks one that never does. Any other null stays null.
 */

import type { BacktestMetrics } from '../types.js';
import { type Compiled, compileExpression } from './expression.js';

/** Every metric name an expression may use (kept complete by the type below). */
export const METRIC_NAMES = [
  'startEquity',
  'endEquity',
  'totalReturn',
  'cagr',
  'sharpe',
  'sortino',
  'calmar',
  'maxDrawdown',
  'maxDrawdownDuration',
  'winRate',
  'profitFactor',
  'expectancy',
  'trades',
  'exposure',
  'fees',
  'funding',
] as const satisfies readonly (keyof BacktestMetrics)[];
// Fails to compile when BacktestMetrics gains a key that METRIC_NAMES lacks.
type MissingMetric = Exclude<keyof BacktestMetrics, (typeof METRIC_NAMES)[number]>;
const metricNamesComplete: [MissingMetric] extends [never] ? true : MissingMetric = true;
void metricNamesComplete;

/** The CLI's named objectives and the metric each one is. */
export const NAMED_OBJECTIVES: Readonly<Record<string, keyof BacktestMetrics>> = {
  sharpe: 'sharpe',
  sortino: 'sortino',
  calmar: 'calmar',
  'total-return': 'totalReturn',
  'profit-factor': 'profitFactor',
  cagr: 'cagr',
};

/** What a never-losing run's null sortino / profit factor scores as, and the cap of both (see above). */
export const SCORE_CAP = 1e6;

/** `sortino` / `profitFactor` as scoring sees them: a perfect run's null is SCORE_CAP; values capped. */
function capped(value: number | null, perfect: boolean): number | null {
  if (value === null) return perfect ? SCORE_CAP : null;
  return Math.min(value, SCORE_CAP);
}

/** The metrics an objective is evaluated on (the stored metrics are not changed). */
export function scoringValues(metrics: BacktestMetrics): Record<string, number | null> {
  return {
    ...metrics,
    sortino: capped(metrics.sortino, metrics.sharpe !== null && metrics.sharpe > 0),
    profitFactor: capped(metrics.profitFactor, metrics.winRate !== null && metrics.winRate > 0),
  };
}

export interface Objective {
  /** As the user wrote it (stored with the result). */
  readonly text: string;
  /** The objective value (on `scoringValues`), null when undefined or not finite. */
  evaluate(metrics: BacktestMetrics): number | null;
}

export const DEFAULT_MIN_TRADES = 1;

/** Parses `--objective`; throws QL_ERR_INVALID_INPUT naming the unknown name or the bad character. */
export function parseObjective(text: string): Objective {
  const trimmed = text.trim();
  // Own keys only: `constructor` must not find Object.prototype's.
  const named = Object.hasOwn(NAMED_OBJECTIVES, trimmed) ? NAMED_OBJECTIVES[trimmed] : undefined;
  const compiled: Compiled =
    named !== undefined
      ? (vars) => vars[named] ?? null
      : compileExpression(trimmed, METRIC_NAMES as unknown as string[]);
  return {
    text: trimmed,
    evaluate(metrics) {
      const value = compiled(scoringValues(metrics));
      return value !== null && Number.isFinite(value) ? value : null;
    },
  };
}

/** The trial's score: null below `minTrades` trades or when the objective is undefined. */
export function scoreMetrics(
  objective: Objective,
  metrics: BacktestMetrics,
  minTrades: number,
): number | null {
  if (metrics.trades < minTrades) return null;
  return objective.evaluate(metrics);
}
