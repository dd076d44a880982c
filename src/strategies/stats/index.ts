/** Statistics for strategies: regression, unit-root and cointegration tests, mean-reversion measures. */

export { type AdfOptions, type AdfResult, adfTest, defaultMaxLag, type LagCriterion } from './adf.js';
export { type EngleGrangerOptions, type EngleGrangerResult, engleGranger } from './engle-granger.js';
export { type HalfLifeResult, halfLife, halfLifeFromLambda } from './half-life.js';
export {
  type CriticalValues,
  type DeterministicTerms,
  mackinnonCriticalValues,
  mackinnonPValue,
} from './mackinnon.js';
export { normalCdf } from './normal.js';
export { linearRegression, type OlsResult, ols, type SimpleRegression } from './ols.js';
export { RollingZScore } from './rolling-zscore.js';
export { SeededRandom } from './seeded-random.js';
