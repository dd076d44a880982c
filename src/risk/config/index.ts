/** Stored risk rules: the catalogue, validation, and audited changes (see src/risk/README.md). */

export { type AutoReduceConfig, parseAutoReduce } from './auto-reduce-config.js';
export { PRE_TRADE_RULES, type PreTradeEntry } from './catalogue.js';
export {
  BREAKER_RULES,
  BREAKER_STATE_RULE,
  BREAKER_TRIP_PREFIX,
  isControlRule,
  KILL_SWITCH_RULE_NAME,
  type ParsedRiskRule,
  parseRiskRecord,
  parseRiskRule,
  ruleNames,
} from './parse.js';
export { readRiskRuleFile, riskRulesFromJson } from './rule-file.js';
export { RiskRuleStore, type RuleAddress, tripAddress } from './rule-store.js';
