/** Public surface of portfolio risk analytics: VaR / ES (historical, parametric, Monte Carlo) and stress tests. */
export type { CholeskyResult } from './linalg.js';
export {
  cholesky,
  covarianceWithCorrelation,
  estimateMoments,
  quadraticForm,
  toSimpleReturns,
} from './linalg.js';
export { inverseNormalCdf, normalCdf, normalPdf, normalSampler } from './normal.js';
export type { LimitCheck, RiskLimits, ScenarioName, StressPosition, StressResult } from './stress.js';
export {
  checkLimits,
  correlationBreakScenario,
  crashScenario,
  exchangeOutageScenario,
  fundingSpikeScenario,
} from './stress.js';
export type {
  Matrix,
  Moments,
  MonteCarloOptions,
  ReturnKind,
  RiskMethod,
  RiskOptions,
  RiskResult,
  Vector,
} from './types.js';
export {
  empiricalVarEs,
  historicalVar,
  monteCarloVar,
  monteCarloVarFromReturns,
  parametricVar,
  parametricVarFromReturns,
  portfolioMoments,
  portfolioPnl,
  tailCount,
} from './var.js';
