/**
 * Stored `risk_rules` that a stress scenario can trip, and the check. Every row is parsed by the catalogue
 * (`parseRiskRecord`, as sessions and backtests do), so a row the gate refuses is skipped here too (and
 * named in the report's notes), and a row the gate accepts means the same thing here.
 *
 * Loss rules (the `daily-loss` and `max-drawdown` breakers) compare the scenario's loss and, like the
 * breakers, trip **at** the limit (`reached`). Exposure and position rules (`gross-exposure`,
 * `net-exposure`, `position-limit`) and `auto-reduce` compare the book after the scenario (a crash shrinks
 * notionals by the shock; the other scenarios leave them) with the equity left after the loss and, like
 * the gate (`beyond`) and the reducer, trip only **beyond** the limit (`auto-reduce`: beyond the limit
 * plus its tolerance). Every applicable row is checked, so when a rule is stored at several scopes the
 * strictest decides. Rules that limit single orders or flows (sizes, rates, open orders) and the other
 * breakers say nothing about a scenario and are not mapped.
 */
import { beyond } from '../../engine/risk-gate.js';
import type { RiskScope } from '../../storage/index.js';
import type { StressResult } from '../analytics/index.js';
// The breakers' own comparison: at the limit trips, with the gate's float slack.
import { reached } from '../breakers/monitor.js';
import { isControlRule, type ParsedRiskRule, parseRiskRecord } from '../config/parse.js';
import type { ReportLimit } from './types.js';

/** A stored row; without a scope it is global. */
export interface StoredRule {
  readonly rule: string;
  readonly params: unknown;
  readonly enabled: boolean;
  readonly scope?: RiskScope;
  readonly scopeId?: string;
}

/** The limits the rows make, and a note for each row skipped as invalid. */
export interface ReportLimits {
  readonly limits: ReportLimit[];
  readonly notes: string[];
}

function mapRule(parsed: ParsedRiskRule): ReportLimit | undefined {
  const name = parsed.rule;
  if (parsed.kind === 'breaker') {
    const c = parsed.config;
    if (c.kind === 'daily-loss')
      return {
        kind: 'loss',
        name,
        ...(c.maxLoss === undefined ? {} : { amount: c.maxLoss }),
        ...(c.maxLossFraction === undefined ? {} : { fraction: c.maxLossFraction }),
      };
    if (c.kind === 'max-drawdown') return { kind: 'loss', name, fraction: c.maxDrawdown };
    return undefined;
  }
  if (parsed.kind === 'auto-reduce') {
    const c = parsed.config;
    return {
      kind: 'auto-reduce',
      name,
      tolerance: c.tolerance,
      ...(c.perSymbolNotional === undefined ? {} : { perSymbol: c.perSymbolNotional }),
      ...(c.grossExposure === undefined ? {} : { grossMultiple: c.grossExposure }),
    };
  }
  switch (name) {
    case 'gross-exposure':
    case 'net-exposure':
      return { kind: name, name, multiple: (parsed.params as { limit: number }).limit };
    case 'position-limit': {
      const p = parsed.params as {
        perSymbol?: number | Readonly<Record<string, number>>;
        total?: number;
      };
      return {
        kind: 'position',
        name,
        ...(p.perSymbol === undefined ? {} : { perSymbol: p.perSymbol }),
        ...(p.total === undefined ? {} : { total: p.total }),
      };
    }
    default:
      return undefined;
  }
}

function where(row: StoredRule): string {
  return row.scope === undefined || row.scope === 'global' ? 'global' : `${row.scope} ${row.scopeId ?? ''}`;
}

/**
 * The enabled stored rows a scenario can trip, one limit per row (several rows of one rule all hold: the
 * strictest decides). Rows the catalogue refuses are skipped with a note; platform rows (kill switch,
 * breaker trips) are not limits.
 */
export function limitsFromRules(rows: readonly StoredRule[]): ReportLimits {
  const limits: ReportLimit[] = [];
  const notes: string[] = [];
  for (const row of rows) {
    if (!row.enabled || isControlRule(row.rule)) continue;
    let parsed: ParsedRiskRule;
    try {
      parsed = parseRiskRecord({
        rule: row.rule,
        params: row.params,
        scope: row.scope ?? 'global',
        scopeId: row.scopeId ?? '',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      notes.push(`Invalid risk rule ${row.rule} (${where(row)}) skipped, as sessions skip it: ${message}`);
      continue;
    }
    const limit = mapRule(parsed);
    if (limit !== undefined) limits.push(limit);
  }
  return { limits, notes };
}

/** Names of the limits, each once. */
export function limitNames(limits: readonly ReportLimit[]): string[] {
  return [...new Set(limits.map((l) => l.name))];
}

interface Held {
  readonly symbol: string;
  readonly notional: number;
}

function capOf(
  perSymbol: number | Readonly<Record<string, number>> | undefined,
  symbol: string,
): number | undefined {
  return typeof perSymbol === 'number' ? perSymbol : perSymbol?.[symbol];
}

/** A position's notional, or the sum of them, beyond its cap (`beyond`: at the cap passes). */
function positionTrips(
  limit: Extract<ReportLimit, { kind: 'position' }>,
  after: readonly Held[],
  gross: number,
): boolean {
  const over = after.some((h) => {
    const cap = capOf(limit.perSymbol, h.symbol);
    return cap !== undefined && beyond(Math.abs(h.notional), cap);
  });
  return over || (limit.total !== undefined && beyond(gross, limit.total));
}

/** The reducer's test: past the limit by more than the tolerance. */
function autoReduceTrips(
  limit: Extract<ReportLimit, { kind: 'auto-reduce' }>,
  after: readonly Held[],
  gross: number,
  equityLeft: number,
): boolean {
  const past = (value: number, cap: number) => beyond(value, cap * (1 + limit.tolerance));
  const over = after.some((h) => {
    const cap = capOf(limit.perSymbol, h.symbol);
    return cap !== undefined && past(Math.abs(h.notional), cap);
  });
  return over || (limit.grossMultiple !== undefined && past(gross, limit.grossMultiple * equityLeft));
}

/**
 * Names of the limits the scenario's outcome trips, each once: loss limits at the limit (as the
 * breakers), exposure, position and auto-reduce limits beyond it (as the gate and the reducer).
 */
export function limitsTripped(
  result: StressResult,
  held: readonly Held[],
  equity: number,
  limits: readonly ReportLimit[],
): string[] {
  const shock = result.scenario === 'crash' ? Number(result.detail.shock ?? 0) : 0;
  const after = held.map((h) => ({ symbol: h.symbol, notional: h.notional * (1 + shock) }));
  const gross = after.reduce((s, h) => s + Math.abs(h.notional), 0);
  const net = Math.abs(after.reduce((s, h) => s + h.notional, 0));
  const equityLeft = Math.max(0, equity - result.loss);
  const trips = (limit: ReportLimit): boolean => {
    switch (limit.kind) {
      case 'loss':
        // A gain (or no loss) trips nothing, whatever the equity.
        return (
          result.loss > 0 &&
          ((limit.amount !== undefined && reached(result.loss, limit.amount)) ||
            (limit.fraction !== undefined && reached(result.loss, limit.fraction * equity)))
        );
      case 'gross-exposure':
        return beyond(gross, limit.multiple * equityLeft);
      case 'net-exposure':
        return beyond(net, limit.multiple * equityLeft);
      case 'position':
        return positionTrips(limit, after, gross);
      case 'auto-reduce':
        return autoReduceTrips(limit, after, gross, equityLeft);
    }
  };
  return limitNames(limits.filter(trips));
}
