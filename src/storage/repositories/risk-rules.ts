import type { Selectable } from 'kysely';
import type { StorageContext } from '../context.js';
import { guard, notFound } from '../errors.js';
import { fromBool, fromJson, toBool, toJson } from '../json.js';
import type { RiskRulesTable } from '../schema.js';

export type RiskScope = 'global' | 'account' | 'strategy';

export interface RiskRuleRecord {
  scope: RiskScope;
  /** Account or strategy id; '' for the global scope. */
  scopeId: string;
  /** e.g. max-position-notional, max-daily-loss. */
  rule: string;
  params: unknown;
  enabled: boolean;
  updatedAt: number;
}

export interface RiskRuleRepository {
  /** Inserts or replaces the rule at (scope, scopeId, rule). */
  upsert(rule: RiskRuleRecord): Promise<void>;
  get(scope: RiskScope, scopeId: string, rule: string): Promise<RiskRuleRecord | undefined>;
  list(filter?: { scope?: RiskScope; scopeId?: string; enabledOnly?: boolean }): Promise<RiskRuleRecord[]>;
  /** Throws QL_ERR_NOT_FOUND when the rule does not exist. */
  setEnabled(
    scope: RiskScope,
    scopeId: string,
    rule: string,
    enabled: boolean,
    updatedAt: number,
  ): Promise<void>;
  remove(scope: RiskScope, scopeId: string, rule: string): Promise<boolean>;
}

function toRecord(r: Selectable<RiskRulesTable>): RiskRuleRecord {
  return {
    scope: r.scope as RiskScope,
    scopeId: r.scope_id,
    rule: r.rule,
    params: fromJson(r.params),
    enabled: fromBool(r.enabled),
    updatedAt: Number(r.updated_at),
  };
}

export function createRiskRuleRepository({ db }: StorageContext): RiskRuleRepository {
  function byKey(scope: RiskScope, scopeId: string, rule: string) {
    return db
      .selectFrom('risk_rules')
      .where('scope', '=', scope)
      .where('scope_id', '=', scopeId)
      .where('rule', '=', rule);
  }

  return {
    upsert(r) {
      return guard('risk_rules.upsert', async () => {
        const changes = { params: toJson(r.params), enabled: toBool(r.enabled), updated_at: r.updatedAt };
        await db
          .insertInto('risk_rules')
          .values({ scope: r.scope, scope_id: r.scopeId, rule: r.rule, ...changes })
          .onConflict((oc) => oc.columns(['scope', 'scope_id', 'rule']).doUpdateSet(changes))
          .execute();
      });
    },

    get(scope, scopeId, rule) {
      return guard('risk_rules.get', async () => {
        const row = await byKey(scope, scopeId, rule).selectAll().executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('risk_rules.list', async () => {
        let query = db
          .selectFrom('risk_rules')
          .selectAll()
          .orderBy('scope')
          .orderBy('scope_id')
          .orderBy('rule');
        if (filter.scope !== undefined) query = query.where('scope', '=', filter.scope);
        if (filter.scopeId !== undefined) query = query.where('scope_id', '=', filter.scopeId);
        if (filter.enabledOnly === true) query = query.where('enabled', '=', 1);
        return (await query.execute()).map(toRecord);
      });
    },

    setEnabled(scope, scopeId, rule, enabled, updatedAt) {
      return guard('risk_rules.setEnabled', async () => {
        const result = await db
          .updateTable('risk_rules')
          .set({ enabled: toBool(enabled), updated_at: updatedAt })
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .where('rule', '=', rule)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw notFound('risk rule', `${scope}/${scopeId}/${rule}`);
      });
    },

    remove(scope, scopeId, rule) {
      return guard('risk_rules.remove', async () => {
        const result = await db
          .deleteFrom('risk_rules')
          .where('scope', '=', scope)
          .where('scope_id', '=', scopeId)
          .where('rule', '=', rule)
          .executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
