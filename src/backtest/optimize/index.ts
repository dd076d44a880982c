/** The parameter optimizer: search spaces, samplers, objectives, the worker pool, walk-forward. */

export type { ComparisonOperator, Constraint } from './constraints.js';
export { EXPRESSION_FUNCTIONS } from './expression.js';
export {
  DEFAULT_MIN_TRADES,
  METRIC_NAMES,
  NAMED_OBJECTIVES,
  type Objective,
  parseObjective,
  SCORE_CAP,
  scoreMetrics,
} from './objective.js';
export { optimize } from './optimize.js';
export { defaultWorkers, type EvaluateTrial, WORKER_BUNDLE, workerFilename } from './pool.js';
export { SEARCH_METHODS, type SearchMethod } from './sampler.js';
export {
  type ChoiceDimension,
  type Dimension,
  type ParamValue,
  parseSearchSpace,
  type RangeDimension,
  type SearchSpace,
} from './space.js';
export type { StrategyRef, TrialCurve, TrialOutcome, TrialRange, TrialTask } from './trial-task.js';
export type {
  OptimizationBest,
  OptimizationResult,
  OptimizationTrialResult,
  OptimizeOptions,
  WalkForwardFoldResult,
  WalkForwardOptions,
  WalkForwardResult,
} from './types.js';
export { DEFAULT_IN_SAMPLE_RATIO, walkForwardWindows } from './walk-forward.js';
