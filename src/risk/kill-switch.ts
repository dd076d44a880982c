/**
 * The kill switch: one stored flag (`risk_rules`, global scope, rule `kill-switch`) that every trading
 * session obeys. Engaging it blocks new orders at once, cancels working orders and, when asked, flattens
 * positions with reduce-only orders; it survives restarts because it is stored, and both engaging and
 * lifting it are audited in `trade_logs` with who did it and why. Lifting is always explicit.
 */

import { QuantLabError } from '../core/errors.js';
import type { Repositories } from '../storage/index.js';

export const KILL_SWITCH_RULE = 'kill-switch';

export interface KillSwitchState {
  readonly engaged: boolean;
  readonly reason?: string;
  /** Flatten positions with reduce-only market orders (besides cancelling working orders). */
  readonly flatten?: boolean;
  readonly actor?: string;
  /** When it was last engaged or lifted, epoch ms. */
  readonly at?: number;
}

export class KillSwitch {
  constructor(
    private readonly repositories: Pick<Repositories, 'riskRules' | 'tradeLogs'>,
    private readonly now: () => number = Date.now,
  ) {}

  async state(): Promise<KillSwitchState> {
    const record = await this.repositories.riskRules.get('global', '', KILL_SWITCH_RULE);
    if (record === undefined || !record.enabled) return { engaged: false };
    const params = (record.params ?? {}) as Partial<KillSwitchState>;
    return {
      engaged: true,
      ...(params.reason === undefined ? {} : { reason: params.reason }),
      flatten: params.flatten === true,
      ...(params.actor === undefined ? {} : { actor: params.actor }),
      ...(params.at === undefined ? {} : { at: params.at }),
    };
  }

  async engage(actor: string, reason: string, options: { flatten?: boolean } = {}): Promise<KillSwitchState> {
    requireText('actor', actor);
    requireText('reason', reason);
    const at = this.now();
    const flatten = options.flatten === true;
    await this.repositories.riskRules.upsert({
      scope: 'global',
      scopeId: '',
      rule: KILL_SWITCH_RULE,
      params: { reason, flatten, actor, at },
      enabled: true,
      updatedAt: at,
    });
    await this.repositories.tradeLogs.append({
      ts: at,
      actor,
      action: 'risk.kill',
      subject: KILL_SWITCH_RULE,
      details: { reason, flatten },
    });
    return { engaged: true, reason, flatten, actor, at };
  }

  /** Lifts the switch; the reason is required (an explicit, audited act). */
  async lift(actor: string, reason: string): Promise<KillSwitchState> {
    requireText('actor', actor);
    requireText('reason', reason);
    const at = this.now();
    const before = await this.state();
    await this.repositories.riskRules.upsert({
      scope: 'global',
      scopeId: '',
      rule: KILL_SWITCH_RULE,
      params: { reason, actor, at, lifted: true },
      enabled: false,
      updatedAt: at,
    });
    await this.repositories.tradeLogs.append({
      ts: at,
      actor,
      action: 'risk.resume',
      subject: KILL_SWITCH_RULE,
      details: { reason, wasEngaged: before.engaged },
    });
    return { engaged: false, reason, actor, at };
  }
}

function requireText(name: string, value: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new QuantLabError('QL_ERR_INVALID_INPUT', `The kill switch needs a ${name}.`, {
      details: { field: name },
    });
  }
}
