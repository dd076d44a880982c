/** VaR / ES by the three methods and the named stress scenarios, shaped as report rows. */
import {
  correlationBreakScenario,
  crashScenario,
  exchangeOutageScenario,
  fundingSpikeScenario,
  historicalVar,
  type Moments,
  monteCarloVar,
  parametricVar,
  type RiskResult,
  type StressPosition,
  type StressResult,
} from '../analytics/index.js';
import type { ReportParameters, VarRow } from './types.js';

export const DEFAULT_PATHS = 10_000;
export const DEFAULT_SEED = 1;

/** The report's fixed method parameters; only the Monte Carlo paths and seed are options. */
export function reportParameters(opts: { seed?: number; paths?: number }): ReportParameters {
  return {
    horizonDays: 1,
    confidences: [0.95, 0.99],
    monteCarlo: { paths: opts.paths ?? DEFAULT_PATHS, seed: opts.seed ?? DEFAULT_SEED },
    stress: {
      crashShock: -0.3,
      crashHours: 1,
      // 0.3 % per 8 h interval for a day: a spike well above the usual 0.01 %.
      fundingRate: 0.003,
      fundingIntervals: 3,
      outageHours: 24,
      outageK: 3,
    },
  };
}

/** Historical, parametric and Monte Carlo VaR / ES of exposures over aligned daily returns. */
export function varRows(
  exposures: readonly number[],
  returns: readonly Float64Array[],
  moments: Moments,
  params: ReportParameters,
  equity: number,
): VarRow[] {
  const base = { confidences: params.confidences, horizonDays: params.horizonDays };
  const results: RiskResult[] = [
    ...historicalVar(exposures, returns, base),
    ...parametricVar(exposures, moments, base),
    ...monteCarloVar(exposures, moments, { ...base, ...params.monteCarlo }),
  ];
  return results.map((r) => ({
    method: r.method,
    confidence: r.confidence,
    horizonDays: r.horizonDays,
    var: r.var,
    es: r.es,
    varPct: r.var / equity,
    esPct: r.es / equity,
  }));
}

/**
 * The four named scenarios on the positions. `moments` are of the positions' own daily returns (same
 * order); without them (no market history) correlation-break and exchange-outage cannot be measured and
 * are left out.
 */
export function stressResults(
  positions: readonly StressPosition[],
  moments: Moments | undefined,
  params: ReportParameters,
): StressResult[] {
  if (positions.length === 0) return [];
  const s = params.stress;
  const out: StressResult[] = [
    crashScenario(positions, { shock: s.crashShock, hours: s.crashHours }),
    fundingSpikeScenario(positions, { rate: s.fundingRate, intervals: s.fundingIntervals }),
  ];
  if (moments !== undefined) {
    const exposures = positions.map((p) => p.notional);
    out.push(correlationBreakScenario(exposures, moments, { confidence: 0.99 }));
    out.push(exchangeOutageScenario(positions, { hours: s.outageHours, k: s.outageK }));
  }
  return out;
}
