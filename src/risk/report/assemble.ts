/** Shared assembly of a report from exposures, returns and positions (both builders end here). */
import { QuantLabError } from '../../core/errors.js';
import { estimateMoments, type Moments, type StressPosition } from '../analytics/index.js';
import { limitNames, limitsTripped } from './limits.js';
import { reportParameters, stressResults, varRows } from './measures.js';
import type { ReportOptions, ReportPosition, RiskReport, StressRow } from './types.js';

/** Fewer daily returns than this make VaR / ES at 99 % a guess: the builders refuse. */
export const MIN_RETURNS = 30;

export interface AssembleInput {
  readonly kind: RiskReport['kind'];
  readonly asOf: number;
  readonly scope: RiskReport['scope'];
  readonly scopeId: string;
  readonly currency: string;
  readonly source: RiskReport['source'];
  readonly equity: number;
  readonly equitySource: RiskReport['inputs']['equitySource'];
  readonly positions: readonly ReportPosition[];
  readonly unrealisedPnl: number;
  /** What VaR is measured on: exposures with their aligned daily returns. */
  readonly exposures: readonly number[];
  readonly returnSeries: readonly string[];
  readonly returns: readonly Float64Array[];
  readonly days: readonly number[];
  /** Moments of the positions' own returns (same order), for the scenarios that need them. */
  readonly positionMoments: Moments | undefined;
  readonly notes: readonly string[];
}

export function assembleReport(input: AssembleInput, opts: ReportOptions): RiskReport {
  const params = reportParameters(opts);
  const moments = estimateMoments(input.returns);
  const stressPositions: StressPosition[] = input.positions.map((p) => ({
    asset: p.symbol,
    notional: p.notional,
    kind: p.kind,
    ...(p.dailyVolatility === null ? {} : { dailyVolatility: p.dailyVolatility }),
  }));
  const limits = opts.limits ?? [];
  const notionals = input.positions.map((p) => p.notional);
  const stress: StressRow[] = stressResults(stressPositions, input.positionMoments, params).map((r) => ({
    scenario: r.scenario,
    loss: r.loss,
    lossPct: r.loss / input.equity,
    limitsTripped: limitsTripped(r, input.positions, input.equity, limits),
    detail: r.detail,
  }));
  const notes = [...input.notes, ...(opts.limitNotes ?? [])];
  if (input.positions.length === 1 && input.positionMoments !== undefined)
    notes.push('One position: correlation-break is its parametric VaR 99 (no correlation to break).');
  return {
    kind: input.kind,
    asOf: input.asOf,
    scope: input.scope,
    scopeId: input.scopeId,
    currency: input.currency,
    source: input.source,
    inputs: {
      equity: input.equity,
      equitySource: input.equitySource,
      positions: input.positions,
      grossExposure: notionals.reduce((s, n) => s + Math.abs(n), 0),
      netExposure: notionals.reduce((s, n) => s + n, 0),
      unrealisedPnl: input.unrealisedPnl,
      returnSeries: input.returnSeries,
      observations: input.returns[0]?.length ?? 0,
      from: input.days[0] ?? 0,
      to: input.days[input.days.length - 1] ?? 0,
      parameters: params,
    },
    var: varRows(input.exposures, input.returns, moments, params, input.equity),
    stress,
    limits: limitNames(limits),
    notes,
  };
}

/** Refuses a return history too short to measure, naming what is short and what would fix it. */
export function requireReturns(count: number, what: string, fix: string): void {
  if (count >= MIN_RETURNS) return;
  throw new QuantLabError(
    'QL_ERR_NOT_FOUND',
    `Not enough daily history for ${what}: ${count} daily returns, at least ${MIN_RETURNS} needed. ${fix}`,
    { details: { what, returns: count, needed: MIN_RETURNS } },
  );
}
