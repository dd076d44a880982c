/**
 * Named stress scenarios applied to positions, and a limit check over their losses. Every scenario returns
 * `{ scenario, loss, detail }`, with `loss` a signed amount in the settle currency (positive = loss,
 * negative = the scenario is a gain for this book).
 */
import { covarianceWithCorrelation } from './linalg.js';
import type { Moments } from './types.js';
import { checkConfidence, checkPositive, checkSquareSymmetric, invalid } from './validate.js';
import { parametricVar } from './var.js';

export interface StressPosition {
  readonly asset: string;
  /** Signed notional exposure in the settle currency (long > 0, short < 0). */
  readonly notional: number;
  /** Perpetual swaps pay or receive funding; spot and dated futures do not. Default `spot`. */
  readonly kind?: 'spot' | 'perpetual';
  /** Daily volatility of simple returns (0.03 = 3 %), needed by `exchange-outage`. */
  readonly dailyVolatility?: number;
}

export type ScenarioName = 'crash' | 'funding-spike' | 'correlation-break' | 'exchange-outage';

export interface StressResult {
  readonly scenario: ScenarioName;
  readonly loss: number;
  readonly detail: Record<string, unknown>;
}

function checkPositions(positions: readonly StressPosition[]): void {
  if (!Array.isArray(positions) || positions.length === 0) throw invalid('positions must not be empty');
  positions.forEach((p, i) => {
    if (!p || typeof p.asset !== 'string' || p.asset === '')
      throw invalid(`positions[${i}].asset is missing`, { index: i });
    if (!Number.isFinite(p.notional))
      throw invalid(`positions[${i}].notional is not finite`, { index: i, asset: p.asset });
  });
}

/** `crash`: every asset moves by `shock` (default −30 %) within `hours` (default 1). Loss = −Σ notional × shock. */
export function crashScenario(
  positions: readonly StressPosition[],
  opts: { shock?: number; hours?: number } = {},
): StressResult {
  checkPositions(positions);
  const shock = opts.shock ?? -0.3;
  const hours = opts.hours ?? 1;
  if (!(Number.isFinite(shock) && shock >= -1))
    throw invalid(`shock must be a fraction ≥ −1, got ${shock}`, { shock });
  checkPositive('hours', hours);
  const byAsset = positions.map((p) => ({ asset: p.asset, loss: -p.notional * shock }));
  const loss = byAsset.reduce((s, a) => s + a.loss, 0);
  return { scenario: 'crash', loss, detail: { shock, hours, byAsset } };
}

/**
 * `funding-spike`: funding rate `rate` per interval (0.003 = 0.3 %, positive = longs pay) for `intervals`
 * intervals on perpetual positions. Loss = Σ notional × rate × intervals (the sign of the position decides
 * who pays); spot positions are unaffected.
 */
export function fundingSpikeScenario(
  positions: readonly StressPosition[],
  opts: { rate: number; intervals: number },
): StressResult {
  checkPositions(positions);
  if (!Number.isFinite(opts?.rate)) throw invalid(`rate must be a finite number, got ${opts?.rate}`);
  if (!(Number.isInteger(opts.intervals) && opts.intervals >= 1)) {
    throw invalid(`intervals must be a positive integer, got ${opts.intervals}`, {
      intervals: opts.intervals,
    });
  }
  const byAsset = positions
    .filter((p) => p.kind === 'perpetual')
    .map((p) => ({ asset: p.asset, loss: p.notional * opts.rate * opts.intervals }));
  const loss = byAsset.reduce((s, a) => s + a.loss, 0);
  return { scenario: 'funding-spike', loss, detail: { rate: opts.rate, intervals: opts.intervals, byAsset } };
}

/**
 * `correlation-break`: parametric VaR at `confidence` (default 0.99) recomputed with every correlation set
 * to 0 and to 1 (volatilities and means kept); the loss is the worse of the two. `detail` also holds the
 * VaR under the given correlations.
 */
export function correlationBreakScenario(
  exposures: ArrayLike<number>,
  moments: Moments,
  opts: { confidence?: number; horizonDays?: number; barsPerDay?: number } = {},
): StressResult {
  const confidence = opts.confidence ?? 0.99;
  checkConfidence(confidence);
  checkSquareSymmetric('covariance', moments?.covariance, exposures.length);
  const vols = Float64Array.from({ length: exposures.length }, (_, i) =>
    Math.sqrt(Math.max(0, moments.covariance[i]![i]!)),
  );
  const options = { confidences: [confidence], horizonDays: opts.horizonDays, barsPerDay: opts.barsPerDay };
  const varAt = (covariance: Moments['covariance']) =>
    parametricVar(exposures, { mean: moments.mean, covariance }, options)[0]!.var;
  const baseline = varAt(moments.covariance);
  const uncorrelated = varAt(covarianceWithCorrelation(vols, 0));
  const perfectlyCorrelated = varAt(covarianceWithCorrelation(vols, 1));
  const worst = perfectlyCorrelated >= uncorrelated ? 'rho=1' : 'rho=0';
  return {
    scenario: 'correlation-break',
    loss: Math.max(uncorrelated, perfectlyCorrelated),
    detail: { confidence, baseline, uncorrelated, perfectlyCorrelated, worst },
  };
}

/**
 * `exchange-outage`: positions frozen for `hours`; each asset moves k σ against the position, σ scaled from
 * daily volatility by √(hours / 24). Loss = Σ |notional_i| × k × σ_i × √(hours / 24). Default k = 3.
 */
export function exchangeOutageScenario(
  positions: readonly StressPosition[],
  opts: { hours: number; k?: number },
): StressResult {
  checkPositions(positions);
  checkPositive('hours', opts?.hours);
  const k = opts.k ?? 3;
  checkPositive('k', k);
  const timeScale = Math.sqrt(opts.hours / 24);
  const byAsset = positions.map((p, i) => {
    const vol = p.dailyVolatility;
    if (vol === undefined || !Number.isFinite(vol) || vol < 0) {
      throw invalid(`positions[${i}].dailyVolatility is needed for exchange-outage`, {
        index: i,
        asset: p.asset,
      });
    }
    return { asset: p.asset, move: k * vol * timeScale, loss: Math.abs(p.notional) * k * vol * timeScale };
  });
  const loss = byAsset.reduce((s, a) => s + a.loss, 0);
  return { scenario: 'exchange-outage', loss, detail: { hours: opts.hours, k, byAsset } };
}

/**
 * Limits to check scenario losses against. `maxDrawdownPct` is a fraction of equity (0.2 = 20 %);
 * `dailyLossLimit` is an amount in the settle currency; `custom` adds more named limits of either kind.
 */
export interface RiskLimits {
  readonly equity: number;
  readonly maxDrawdownPct?: number;
  readonly dailyLossLimit?: number;
  readonly custom?: readonly {
    readonly name: string;
    readonly amount?: number;
    readonly fractionOfEquity?: number;
  }[];
}

export interface LimitCheck {
  readonly scenario: ScenarioName;
  readonly loss: number;
  /** loss / equity */
  readonly lossFraction: number;
  /** Names of the limits this scenario trips (loss strictly above the limit's amount). */
  readonly breached: readonly string[];
  readonly ok: boolean;
}

/** Which named limits each scenario's loss would trip. A limit trips when loss > threshold amount. */
export function checkLimits(results: readonly StressResult[], limits: RiskLimits): LimitCheck[] {
  checkPositive('equity', limits?.equity);
  const thresholds: { name: string; amount: number }[] = [];
  const fraction = (name: string, f: number) => {
    if (!(Number.isFinite(f) && f > 0 && f <= 1))
      throw invalid(`${name} must be a fraction in (0, 1], got ${f}`, { name, value: f });
    thresholds.push({ name, amount: f * limits.equity });
  };
  const amount = (name: string, a: number) => {
    checkPositive(name, a);
    thresholds.push({ name, amount: a });
  };
  if (limits.maxDrawdownPct !== undefined) fraction('maxDrawdownPct', limits.maxDrawdownPct);
  if (limits.dailyLossLimit !== undefined) amount('dailyLossLimit', limits.dailyLossLimit);
  for (const c of limits.custom ?? []) {
    if ((c.amount === undefined) === (c.fractionOfEquity === undefined)) {
      throw invalid(`limit ${c.name} needs exactly one of amount or fractionOfEquity`, { name: c.name });
    }
    if (c.amount !== undefined) amount(c.name, c.amount);
    else fraction(c.name, c.fractionOfEquity!);
  }
  return results.map((r) => {
    const breached = thresholds.filter((t) => r.loss > t.amount).map((t) => t.name);
    return {
      scenario: r.scenario,
      loss: r.loss,
      lossFraction: r.loss / limits.equity,
      breached,
      ok: breached.length === 0,
    };
  });
}
