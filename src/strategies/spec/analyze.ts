/**
 * The semantic half of validation, after zod has checked the shape: parameters, indicators, rules, sizing
 * and stops are checked together and every problem is collected. The result is a `SpecPlan`, which the
 * compiler turns into a running strategy, or the list of issues.
 *
 * Values that may be `$param` references are checked with the defaults, and again with each referenced
 * parameter at its min and at its max: an optimizer sweeping that range must not hit an invalid value.
 */

import { DEFAULT_KELLY_MIN_TRADES } from '../host-sizing.js';
import type { ParamSpecs } from '../types.js';
import { IndicatorPlanner } from './indicators.js';
import { issue, type SpecIssue, type SpecPath } from './issues.js';
import type { ParamValues, PlannedDistance, PlannedSizing, SpecPlan, ValueCheck } from './plan.js';
import { AnalysisScope } from './references.js';
import { RuleResolver } from './rules.js';
import {
  type Distance,
  IDENTIFIER,
  type KellySizing,
  type SpecParam,
  type StrategySpec,
  type VolatilityTargetSizing,
} from './schema.js';

/** Bars a volatility target measures when the spec gives no period. */
export const DEFAULT_VOLATILITY_PERIOD = 20;

export type Analysis = { readonly plan: SpecPlan; readonly issues: [] } | { readonly issues: SpecIssue[] };

/**
 * Names that exist in the document but were set aside because they are malformed (see `parse.ts`):
 * references to them are not reported again, and checks that depend on them are skipped.
 */
export interface AnalysisAssumptions {
  readonly assumeIndicators?: ReadonlySet<string>;
  readonly assumeParams?: ReadonlySet<string>;
  /** Entry sides that exist but are malformed. */
  readonly assumeEntries?: ReadonlySet<string>;
}

export function analyzeSpec(spec: StrategySpec, assumptions: AnalysisAssumptions = {}): Analysis {
  const paramIssues: SpecIssue[] = [];
  const params = spec.params ?? {};
  for (const [name, param] of Object.entries(params)) paramIssues.push(...checkParam(name, param));
  const defaults: ParamValues = Object.fromEntries(Object.entries(params).map(([k, p]) => [k, p.default]));
  const assumedParams = assumptions.assumeParams ?? new Set<string>();
  const assumedEntries = assumptions.assumeEntries ?? new Set<string>();
  const scope = new AnalysisScope(new Set([...Object.keys(params), ...assumedParams]));
  scope.issues.push(...paramIssues);

  const indicators = new IndicatorPlanner(scope, defaults, assumptions.assumeIndicators);
  indicators.declare(spec.indicators ?? {});
  const rules = new RuleResolver(scope, indicators.table);
  const entryLong = rules.rule(spec.entry.long, ['entry', 'long']);
  const entryShort = rules.rule(spec.entry.short, ['entry', 'short']);
  const exitLong = rules.rule(spec.exit?.long, ['exit', 'long']);
  const exitShort = rules.rule(spec.exit?.short, ['exit', 'short']);
  if (spec.entry.long === undefined && spec.entry.short === undefined && assumedEntries.size === 0) {
    scope.report(['entry'], 'needs a long or a short rule (or both)');
  }
  for (const side of ['long', 'short'] as const) {
    if (spec.exit?.[side] !== undefined && spec.entry[side] === undefined && !assumedEntries.has(side)) {
      scope.report(['exit', side], `there is no entry.${side} rule, so this exit can never apply`);
    }
  }

  const stopLoss = distance(scope, indicators, spec.stopLoss, ['stopLoss'], true);
  const takeProfit = distance(scope, indicators, spec.takeProfit, ['takeProfit'], false);
  const trailingStop = distance(scope, indicators, spec.trailingStop, ['trailingStop'], false);
  const sizing = plannedSizing(scope, indicators, spec, stopLoss);

  const checkable = scope.checks.filter((check) => !check.refs.some((ref) => assumedParams.has(ref)));
  const issues = [...scope.issues, ...runChecksAtBounds(checkable, params, defaults)];
  if (issues.length > 0) return { issues: dedupe(issues) };
  return {
    issues: [],
    plan: {
      spec,
      params: params as ParamSpecs,
      defaults,
      indicators: indicators.planned,
      entryLong,
      exitLong,
      entryShort,
      exitShort,
      sizing: sizing!,
      stopLoss,
      takeProfit,
      trailingStop,
      checks: scope.checks,
    },
  };
}

/** The checks of one run's values, as `path: message` lines (empty when all pass). */
export function runChecks(checks: readonly ValueCheck[], values: ParamValues): SpecIssue[] {
  const issues: SpecIssue[] = [];
  for (const check of checks) {
    const found = check.check(values);
    if (found !== undefined) issues.push(found);
  }
  return issues;
}

function runChecksAtBounds(
  checks: readonly ValueCheck[],
  params: Readonly<Record<string, SpecParam>>,
  defaults: ParamValues,
): SpecIssue[] {
  const issues = runChecks(checks, defaults);
  for (const check of checks) {
    for (const ref of check.refs) {
      const param = params[ref];
      if (param === undefined) continue;
      for (const bound of ['min', 'max'] as const) {
        const value = param[bound];
        if (value === undefined) continue;
        const found = check.check({ ...defaults, [ref]: value });
        if (found !== undefined) {
          issues.push({
            path: found.path,
            message: `${found.message} (with $${ref} = ${value}, its ${bound})`,
          });
        }
      }
    }
  }
  return issues;
}

function checkParam(name: string, param: SpecParam): SpecIssue[] {
  const path: SpecPath = ['params', name];
  const issues: SpecIssue[] = [];
  if (!IDENTIFIER.test(name)) issues.push(issue(path, `parameter name "${name}" must be an identifier`));
  const { min, max } = param;
  if (param.type === 'int') {
    for (const bound of ['min', 'max'] as const) {
      const value = param[bound];
      if (value !== undefined && !Number.isInteger(value)) {
        issues.push(issue([...path, bound], `an int parameter needs an integer ${bound}, got ${value}`));
      }
    }
  }
  if (min !== undefined && max !== undefined && min > max) {
    issues.push(issue([...path, 'min'], `min ${min} is above max ${max}`));
  }
  if ((min !== undefined && param.default < min) || (max !== undefined && param.default > max)) {
    issues.push(
      issue([...path, 'default'], `default ${param.default} is outside [${min ?? '-∞'}, ${max ?? '∞'}]`),
    );
  }
  return issues;
}

function distance(
  scope: AnalysisScope,
  indicators: IndicatorPlanner,
  spec: Distance | undefined,
  path: SpecPath,
  isStopLoss: boolean,
): PlannedDistance | undefined {
  if (spec === undefined) return undefined;
  if ('percent' in spec) {
    const upper = isStopLoss ? 100 : Number.POSITIVE_INFINITY;
    scope.requireNumber(
      [...path, 'percent'],
      spec.percent,
      (x) => x > 0 && x < upper,
      isStopLoss ? 'must be > 0 and < 100' : 'must be > 0',
    );
    return { kind: 'percent', percent: spec.percent };
  }
  scope.requireNumber([...path, 'atr'], spec.atr, (x) => x > 0, 'must be > 0');
  const atrId = indicators.atr(spec.atrPeriod, [...path, spec.atrPeriod === undefined ? 'atr' : 'atrPeriod']);
  return atrId === undefined ? undefined : { kind: 'atr', multiple: spec.atr, atrId };
}

function plannedSizing(
  scope: AnalysisScope,
  indicators: IndicatorPlanner,
  spec: StrategySpec,
  stopLoss: PlannedDistance | undefined,
): PlannedSizing | undefined {
  const sizing = spec.sizing ?? { fraction: 1 };
  if ('fixed' in sizing) {
    scope.requireNumber(['sizing', 'fixed'], sizing.fixed, (x) => x > 0, 'must be > 0');
    return { kind: 'fixed', qty: sizing.fixed };
  }
  if ('fraction' in sizing) {
    scope.requireNumber(
      ['sizing', 'fraction'],
      sizing.fraction,
      (x) => x > 0 && x <= 1,
      'must be > 0 and ≤ 1',
    );
    return { kind: 'fraction', fraction: sizing.fraction };
  }
  if ('kelly' in sizing) return plannedKelly(scope, sizing.kelly);
  if ('volatilityTarget' in sizing) return plannedVolatility(scope, sizing.volatilityTarget);
  scope.requireNumber(
    ['sizing', 'riskPerTrade'],
    sizing.riskPerTrade,
    (x) => x > 0 && x < 1,
    'must be > 0 and < 1',
  );
  let stop: PlannedDistance | undefined;
  if (sizing.stopAtr !== undefined) {
    scope.requireNumber(['sizing', 'stopAtr'], sizing.stopAtr, (x) => x > 0, 'must be > 0');
    const atrPath: SpecPath = ['sizing', sizing.atrPeriod === undefined ? 'stopAtr' : 'atrPeriod'];
    const atrId = indicators.atr(sizing.atrPeriod, atrPath);
    if (atrId !== undefined) stop = { kind: 'atr', multiple: sizing.stopAtr, atrId };
  } else if (sizing.atrPeriod !== undefined) {
    scope.report(['sizing', 'atrPeriod'], 'atrPeriod applies together with stopAtr only');
  } else if (spec.stopLoss === undefined) {
    scope.report(
      ['sizing', 'riskPerTrade'],
      'risk sizing needs a distance to the stop: give stopAtr or a stopLoss',
    );
  } else {
    stop = stopLoss;
  }
  return stop === undefined ? undefined : { kind: 'risk', risk: sizing.riskPerTrade, stop };
}

const isFraction = (x: number): boolean => x > 0 && x <= 1;
const isIntegerAtLeast =
  (min: number) =>
  (x: number): boolean =>
    Number.isInteger(x) && x >= min;

function plannedKelly(scope: AnalysisScope, kelly: KellySizing): PlannedSizing {
  const path: SpecPath = ['sizing', 'kelly'];
  scope.requireNumber([...path, 'cap'], kelly.cap, isFraction, 'must be > 0 and ≤ 1');
  scope.requireNumber([...path, 'minTrades'], kelly.minTrades, isIntegerAtLeast(1), 'must be an integer ≥ 1');
  scope.requireNumber(
    [...path, 'fallbackFraction'],
    kelly.fallbackFraction,
    isFraction,
    'must be > 0 and ≤ 1',
  );
  return {
    kind: 'kelly',
    cap: kelly.cap,
    minTrades: kelly.minTrades ?? DEFAULT_KELLY_MIN_TRADES,
    fallbackFraction: kelly.fallbackFraction ?? kelly.cap,
  };
}

function plannedVolatility(scope: AnalysisScope, target: VolatilityTargetSizing): PlannedSizing {
  const path: SpecPath = ['sizing', 'volatilityTarget'];
  scope.requireNumber([...path, 'annualVol'], target.annualVol, (x) => x > 0, 'must be > 0');
  scope.requireNumber([...path, 'period'], target.period, isIntegerAtLeast(2), 'must be an integer ≥ 2');
  scope.requireNumber([...path, 'maxLeverage'], target.maxLeverage, (x) => x > 0, 'must be > 0');
  return {
    kind: 'volatility',
    annualVol: target.annualVol,
    method: target.method,
    period: target.period ?? DEFAULT_VOLATILITY_PERIOD,
    maxLeverage: target.maxLeverage ?? 1,
  };
}

function dedupe(issues: readonly SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((item) => {
    const key = `${item.path}\n${item.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
