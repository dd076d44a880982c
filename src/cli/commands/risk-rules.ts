import type { Command } from 'commander';
import { QuantLabError } from '../../core/errors.js';
import type { BreakerKind, PauseTarget } from '../../risk/breakers/index.js';
import {
  BREAKER_RULES,
  PRE_TRADE_RULES,
  RiskRuleStore,
  type RuleAddress,
  ruleNames,
} from '../../risk/config/index.js';
import type { RiskScope } from '../../storage/index.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';

interface ScopeFlags {
  account?: string;
  strategy?: string;
}

/** `--account K` / `--strategy ID` / neither (global); both is a usage error. */
function addressOf(rule: string, flags: ScopeFlags): RuleAddress {
  if (flags.account !== undefined && flags.strategy !== undefined)
    throw new QuantLabError('QL_ERR_USAGE', 'Give --account or --strategy, not both.');
  const scope: RiskScope =
    flags.strategy !== undefined ? 'strategy' : flags.account !== undefined ? 'account' : 'global';
  return { scope, scopeId: flags.strategy ?? flags.account ?? '', rule };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new QuantLabError('QL_ERR_USAGE', `--params is not JSON: ${(error as Error).message}`);
  }
}

function scoped(command: Command): Command {
  return command
    .option('--account <key>', 'the rule applies to this account (see `quantlab trade` status)')
    .option('--strategy <id>', 'the rule applies to this strategy only');
}

/** `quantlab risk rules list|set|remove|enable|disable` and `quantlab risk breaker resume`. */
export function registerRiskRules(risk: Command, ctx: CommandContext, actor: () => string): void {
  const rules = risk.command('rules').description('risk limits stored in risk_rules (validated, audited)');

  rules
    .command('list')
    .description('show the stored limits and the rules one may set')
    .action(() =>
      withDatabase(
        ctx,
        async (database) => {
          const limits = await new RiskRuleStore(database).limits();
          ctx.print({ rules: limits, known: ruleNames() }, () =>
            limits.length === 0
              ? `No limits stored. Known rules: ${ruleNames().join(', ')}.`
              : limits
                  .map(
                    (r) =>
                      `${r.enabled ? ' ' : '-'} ${r.scope}${r.scopeId === '' ? '' : `:${r.scopeId}`}  ${r.rule}  ${JSON.stringify(r.params)}`,
                  )
                  .join('\n'),
          );
        },
        { migrate: true },
      ),
    );

  scoped(
    rules
      .command('set <rule>')
      .description(
        `store a limit (replaces the same rule at the same scope). Pre-trade: ${Object.keys(PRE_TRADE_RULES).join(', ')}; breakers: ${[...BREAKER_RULES].join(', ')}; auto-reduce`,
      )
      .requiredOption('--params <json>', "the rule's parameters, e.g. '{\"limit\": 5000}'"),
  ).action((rule: string, flags: ScopeFlags & { params: string }) =>
    withDatabase(
      ctx,
      async (database) => {
        const record = await new RiskRuleStore(database).set(
          addressOf(rule, flags),
          parseJson(flags.params),
          actor(),
        );
        ctx.print(
          record,
          () =>
            `Stored ${record.scope}${record.scopeId === '' ? '' : `:${record.scopeId}`} ${record.rule} ${JSON.stringify(record.params)}; running sessions apply it within a second.`,
        );
      },
      { migrate: true },
    ),
  );

  scoped(rules.command('remove <rule>').description('delete a stored limit')).action(
    (rule: string, flags: ScopeFlags) =>
      withDatabase(
        ctx,
        async (database) => {
          const address = addressOf(rule, flags);
          const removed = await new RiskRuleStore(database).remove(address, actor());
          if (!removed)
            throw new QuantLabError('QL_ERR_NOT_FOUND', `No ${address.scope} rule ${rule} is stored.`);
          ctx.print({ removed: address }, () => `Removed ${address.scope} ${rule}.`);
        },
        { migrate: true },
      ),
  );

  for (const [name, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    scoped(
      rules.command(`${name} <rule>`).description(`${name} a stored limit (its parameters are kept)`),
    ).action((rule: string, flags: ScopeFlags) =>
      withDatabase(
        ctx,
        async (database) => {
          const address = addressOf(rule, flags);
          await new RiskRuleStore(database).setEnabled(address, enabled, actor());
          ctx.print(
            { ...address, enabled },
            () => `${enabled ? 'Enabled' : 'Disabled'} ${address.scope} ${rule}.`,
          );
        },
        { migrate: true },
      ),
    );
  }

  risk
    .command('breaker-resume <breaker>')
    .description('resume a tripped breaker by hand (an audited act: a reason is required)')
    .requiredOption('--account <key>', 'the account whose breaker tripped')
    .option('--strategy <id>', 'the paused strategy (omit for an account-wide pause)')
    .requiredOption('--reason <text>', 'why trading may resume (recorded in trade_logs)')
    .action((breaker: string, flags: { account: string; strategy?: string; reason: string }) =>
      withDatabase(
        ctx,
        async (database) => {
          if (!BREAKER_RULES.has(breaker))
            throw new QuantLabError(
              'QL_ERR_USAGE',
              `Unknown breaker ${breaker}; one of ${[...BREAKER_RULES].join(', ')}.`,
            );
          const target: PauseTarget =
            flags.strategy === undefined
              ? { kind: 'account' }
              : { kind: 'strategy', strategyId: flags.strategy };
          const resumed = await new RiskRuleStore(database).clearTrip(
            breaker as BreakerKind,
            target,
            flags.account,
            actor(),
            flags.reason,
          );
          if (!resumed)
            throw new QuantLabError('QL_ERR_NOT_FOUND', `No ${breaker} trip is stored for that target.`);
          ctx.print(
            { resumed: true, breaker, ...flags },
            () => `Resumed ${breaker}; the session lifts the pause within a second.`,
          );
        },
        { migrate: true },
      ),
    );
}
