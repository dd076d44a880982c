/**
 * The risk gate built from stored rules: global rules and the account's apply to every order, a
 * strategy's rules to that strategy's orders. Every applicable rule must pass (so the strictest limit
 * wins wherever the same rule is set at several scopes). Stateful rules (order rate) run after every
 * other rule of every scope, so an order that another rule denies is never counted.
 *
 * Rules can be replaced while running; a rule whose scope and parameters did not change keeps its
 * instance, and with it its state (an order-rate window is not reset by an unrelated change).
 */

import type { Instrument } from '../../core/instrument.js';
import type { Order } from '../../core/order.js';
import type { PreTradeRule, RiskDenial, RiskGate, RiskView } from '../../engine/risk-gate.js';
import type { RiskScope } from '../../storage/index.js';
import type { PreTradeEntry } from '../config/catalogue.js';

export interface ScopedPreTradeRule {
  readonly scope: RiskScope;
  readonly scopeId: string;
  readonly rule: string;
  readonly entry: PreTradeEntry;
  readonly params: unknown;
}

interface Built {
  readonly rule: PreTradeRule;
  readonly stateful: boolean;
}

interface Layer {
  readonly plain: PreTradeRule[];
  readonly stateful: PreTradeRule[];
}

const EMPTY: Layer = { plain: [], stateful: [] };

export class ScopedRiskGate implements RiskGate {
  private common: Layer = EMPTY;
  private byStrategy = new Map<string, Layer>();
  private built = new Map<string, Built>();

  /**
   * @param account the account key whose `account`-scoped rules apply here
   * @param fixed rules that always run (after the stored plain rules, before the stateful ones): the
   *   environment's own, such as the breakers' pause rule
   */
  constructor(
    private readonly account: string,
    private readonly fixed: readonly PreTradeRule[] = [],
  ) {}

  /** Replaces the stored rules; unchanged ones keep their instance and state. */
  update(rules: readonly ScopedPreTradeRule[]): void {
    const built = new Map<string, Built>();
    const common: Layer = { plain: [], stateful: [] };
    const byStrategy = new Map<string, Layer>();
    for (const r of rules) {
      if (r.scope === 'account' && r.scopeId !== this.account) continue;
      const key = `${r.scope}\u0000${r.scopeId}\u0000${r.rule}\u0000${JSON.stringify(r.params)}`;
      const entry = this.built.get(key) ?? {
        rule: r.entry.build(r.params as never),
        stateful: r.entry.stateful === true,
      };
      built.set(key, entry);
      let layer = common;
      if (r.scope === 'strategy') {
        layer = byStrategy.get(r.scopeId) ?? { plain: [], stateful: [] };
        byStrategy.set(r.scopeId, layer);
      }
      (entry.stateful ? layer.stateful : layer.plain).push(entry.rule);
    }
    this.built = built;
    this.common = common;
    this.byStrategy = byStrategy;
  }

  /** How many stored rules apply (for status output). */
  get size(): number {
    return this.built.size;
  }

  check(order: Order, instrument: Instrument, view: RiskView): RiskDenial | undefined {
    const own = this.byStrategy.get(order.strategyId) ?? EMPTY;
    return (
      run(this.common.plain, order, instrument, view) ??
      run(own.plain, order, instrument, view) ??
      run(this.fixed, order, instrument, view) ??
      run(this.common.stateful, order, instrument, view) ??
      run(own.stateful, order, instrument, view)
    );
  }
}

function run(
  rules: readonly PreTradeRule[],
  order: Order,
  instrument: Instrument,
  view: RiskView,
): RiskDenial | undefined {
  for (let i = 0; i < rules.length; i++) {
    const denial = rules[i]!.check(order, instrument, view);
    if (denial !== undefined) return denial;
  }
  return undefined;
}
