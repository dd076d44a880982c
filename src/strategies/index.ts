/** Strategies: the Strategy API v1, the host that runs one, parameters, the registry, plugins, lifecycle. */

export * from './builtins/index.js';
export { CandleRing } from './candle-history.js';
export {
  checkStrategyDefinition,
  definitionProblems,
  STRATEGY_NAME_PATTERN,
  STRATEGY_VERSION_PATTERN,
} from './definition-check.js';
export {
  DEFAULT_MAX_CONSECUTIVE_FAILURES,
  type HostCounters,
  type HostState,
  type HostStatus,
  StrategyHost,
  type StrategyHostEvent,
  type StrategyHostOptions,
} from './host.js';
export { candleCloseTime, seriesKey } from './host-series.js';
export { PRICE_SOURCES, priceOf } from './indicator-feed.js';
export {
  canTransition,
  formatLifecycleTable,
  isLifecycleState,
  LIFECYCLE_STATES,
  LIFECYCLE_TRANSITIONS,
  type LifecycleState,
  type RegisterStrategyInput,
  StrategyLifecycle,
  type TransitionRequest,
} from './lifecycle.js';
export {
  describeParams,
  type ParamIssue,
  type ParamRow,
  paramSchema,
  paramSpecProblems,
  paramsJsonSchema,
  paramsSchema,
  resolveParams,
} from './params.js';
export {
  discoverPluginFiles,
  discoverPluginPackages,
  loadPlugin,
  PLUGIN_EXTENSIONS,
  PLUGIN_PACKAGE_PATTERN,
  type PluginSource,
} from './plugin-loader.js';
export type * from './ports.js';
export {
  DEFAULT_STRATEGIES_DIR,
  isSpecPath,
  type RegisteredStrategy,
  type StrategyOrigin,
  StrategyRegistry,
  type StrategyRegistryOptions,
} from './registry.js';
export * from './spec/index.js';
export * as strategyStats from './stats/index.js';
export * from './types.js';
