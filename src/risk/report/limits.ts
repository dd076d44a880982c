/**
 * Stored `risk_rules` that a stress scenario can trip, and the check. Loss rules (the `daily-loss` and
 * `max-drawdown` breakers) compare the scenario's loss; exposure and position rules (`gross-exposure`,
 * `net-exposure`, `position-limit`) compare the book after the scenario (a crash shrinks notionals by the
 * shock; the other scenarios leave them) with the equity left after the loss. Rules that limit single
 * orders or flows (sizes, rates, open orders) say nothing about a scenario and are not mapped.
 */
import type { StressResult } from '../analytics/index.js';
import type { ReportLimit } from './types.js';

export interface StoredRule {
  readonly rule: string;
  readonly params: unknown;
  readonly enabled: boolean;
}

type Params = Readonly<Record<string, unknown>>;

function positive(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

function field(params: unknown, key: string): number | undefined {
  return params !== null && typeof params === 'object' ? positive((params as Params)[key]) : undefined;
}

function bySymbol(v: unknown): number | Readonly<Record<string, number>> | undefined {
  if (typeof v === 'number') return positive(v);
  if (v === null || typeof v !== 'object') return undefined;
  const entries = Object.entries(v as Params).filter(([, n]) => positive(n) !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as Record<string, number>);
}

function mapRule(name: string, params: unknown): ReportLimit | undefined {
  switch (name) {
    case 'daily-loss': {
      const amount = field(params, 'maxLoss');
      const fraction = field(params, 'maxLossFraction');
      if (amount === undefined && fraction === undefined) return undefined;
      return {
        kind: 'loss',
        name,
        ...(amount === undefined ? {} : { amount }),
        ...(fraction === undefined ? {} : { fraction }),
      };
    }
    case 'max-drawdown': {
      const fraction = field(params, 'maxDrawdown');
      return fraction === undefined ? undefined : { kind: 'loss', name, fraction };
    }
    case 'gross-exposure':
    case 'net-exposure': {
      const multiple = field(params, 'limit');
      return multiple === undefined ? undefined : { kind: name, name, multiple };
    }
    case 'position-limit': {
      const perSymbol = bySymbol((params as Params | null)?.perSymbol);
      const total = field(params, 'total');
      if (perSymbol === undefined && total === undefined) return undefined;
      return {
        kind: 'position',
        name,
        ...(perSymbol === undefined ? {} : { perSymbol }),
        ...(total === undefined ? {} : { total }),
      };
    }
    default:
      return undefined;
  }
}

/** The enabled stored rules a scenario can trip; a later rule of the same name (narrower scope) wins. */
export function limitsFromRules(rules: readonly StoredRule[]): ReportLimit[] {
  const byName = new Map<string, ReportLimit>();
  for (const rule of rules) {
    if (!rule.enabled) continue;
    const limit = mapRule(rule.rule, rule.params);
    if (limit !== undefined) byName.set(limit.name, limit);
  }
  return [...byName.values()];
}

interface Held {
  readonly symbol: string;
  readonly notional: number;
}

function positionTrips(
  limit: Extract<ReportLimit, { kind: 'position' }>,
  after: readonly Held[],
  gross: number,
): boolean {
  const cap = (symbol: string) =>
    typeof limit.perSymbol === 'number' ? limit.perSymbol : limit.perSymbol?.[symbol];
  const over = after.some((h) => {
    const c = cap(h.symbol);
    return c !== undefined && Math.abs(h.notional) > c;
  });
  return over || (limit.total !== undefined && gross > limit.total);
}

/** Names of the limits the scenario's outcome trips (strictly above the limit). */
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
        return (
          (limit.amount !== undefined && result.loss > limit.amount) ||
          (limit.fraction !== undefined && result.loss > limit.fraction * equity)
        );
      case 'gross-exposure':
        return gross > limit.multiple * equityLeft;
      case 'net-exposure':
        return net > limit.multiple * equityLeft;
      case 'position':
        return positionTrips(limit, after, gross);
    }
  };
  return limits.filter(trips).map((l) => l.name);
}
