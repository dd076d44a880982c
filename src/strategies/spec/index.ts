/** Declarative strategies: a JSON spec format, its checks and its compiler (docs/strategy-spec.md). */

export { INDICATOR_KINDS, type IndicatorKind } from './catalogue.js';
export { compileStrategySpec } from './compile.js';
export type { SpecIssue } from './issues.js';
export { STRATEGY_SPEC_SCHEMA_ID, strategySpecJsonSchema } from './json-schema.js';
export { loadStrategySpecFile } from './load.js';
export { parseStrategySpec } from './parse.js';
export {
  type Condition,
  type Operand,
  type StrategySpec,
  strategySpecSchema,
} from './schema.js';
