/**
 * Validation of stored risk rules: a name from the catalogue and parameters that fit its schema, or a
 * `QL_ERR_INVALID_INPUT` that names the rule and the field. The CLI and the API validate before they
 * store; sessions validate again when they load (a row written by hand is refused, not half-applied).
 */

import { QuantLabError } from '../../core/errors.js';
import type { RiskRuleRecord, RiskScope } from '../../storage/index.js';
import { type BreakerConfig, parseBreakerConfig } from '../breakers/index.js';
import { type AutoReduceConfig, parseAutoReduce } from './auto-reduce-config.js';
import { PRE_TRADE_RULES, type PreTradeEntry } from './catalogue.js';
import { validateParams } from './validate.js';

export const BREAKER_RULES: ReadonlySet<string> = new Set([
  'daily-loss',
  'max-drawdown',
  'consecutive-losses',
  'reject-storm',
  'stale-data',
]);

export const KILL_SWITCH_RULE_NAME = 'kill-switch';
export const BREAKER_TRIP_PREFIX = 'breaker-trip:';
/** The breakers' running state of an account (baselines, peaks, streaks), stored so a restart keeps it. */
export const BREAKER_STATE_RULE = 'breaker-state';

/** Rows the platform writes itself (the kill switch, breaker trips): never set as limits. */
export function isControlRule(rule: string): boolean {
  return (
    rule === KILL_SWITCH_RULE_NAME || rule === BREAKER_STATE_RULE || rule.startsWith(BREAKER_TRIP_PREFIX)
  );
}

export type ParsedRiskRule =
  | {
      readonly kind: 'pre-trade';
      readonly rule: string;
      readonly entry: PreTradeEntry;
      readonly params: unknown;
    }
  | { readonly kind: 'breaker'; readonly rule: string; readonly config: BreakerConfig }
  | { readonly kind: 'auto-reduce'; readonly rule: string; readonly config: AutoReduceConfig };

/** Every rule name a user may store. */
export function ruleNames(): string[] {
  return [...Object.keys(PRE_TRADE_RULES), ...BREAKER_RULES, 'auto-reduce'].sort();
}

export function parseRiskRule(
  rule: string,
  params: unknown,
  scope?: { scope: RiskScope; scopeId: string },
): ParsedRiskRule {
  const entry = PRE_TRADE_RULES[rule];
  if (entry !== undefined)
    return { kind: 'pre-trade', rule, entry, params: validateParams(rule, entry.schema, params) };
  if (BREAKER_RULES.has(rule)) {
    const raw = (params ?? {}) as Record<string, unknown>;
    // A breaker stored for one strategy watches that strategy only.
    const scoped =
      scope?.scope === 'strategy' && typeof raw === 'object' ? { ...raw, strategies: [scope.scopeId] } : raw;
    return { kind: 'breaker', rule, config: parseBreakerConfig(rule, scoped) };
  }
  if (rule === 'auto-reduce') {
    // Its limits are the account's positions (all strategies together): one strategy cannot own them.
    if (scope?.scope === 'strategy')
      throw new QuantLabError(
        'QL_ERR_INVALID_INPUT',
        "auto-reduce limits the account's positions: store it globally or for an account, not for a strategy.",
        { details: { rule, scope: scope.scope } },
      );
    return { kind: 'auto-reduce', rule, config: parseAutoReduce(params) };
  }
  throw new QuantLabError(
    'QL_ERR_INVALID_INPUT',
    isControlRule(rule)
      ? `${rule} is set by the platform (\`quantlab risk kill\`, breakers), not as a limit.`
      : `Unknown risk rule ${JSON.stringify(rule)}; known rules: ${ruleNames().join(', ')}.`,
    { details: { rule } },
  );
}

/** Parses a stored record: the scope must be well formed too. */
export function parseRiskRecord(
  record: Pick<RiskRuleRecord, 'scope' | 'scopeId' | 'rule' | 'params'>,
): ParsedRiskRule {
  if (record.scope === 'global' ? record.scopeId !== '' : record.scopeId.trim() === '') {
    throw new QuantLabError(
      'QL_ERR_INVALID_INPUT',
      record.scope === 'global'
        ? `A global rule has no scope id (got ${JSON.stringify(record.scopeId)}).`
        : `A ${record.scope} rule needs the ${record.scope} id it applies to.`,
      { details: { rule: record.rule, scope: record.scope } },
    );
  }
  return parseRiskRule(record.rule, record.params, record);
}
