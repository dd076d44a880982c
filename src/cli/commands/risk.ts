import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { KillSwitch } from '../../risk/kill-switch.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import { registerRiskReport } from './risk-report.js';
import { registerRiskRules } from './risk-rules.js';

/** Who acted, for the audit trail: the OS user (no secrets). */
function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

export function registerRisk(program: Command, ctx: CommandContext): void {
  const risk = program
    .command('risk')
    .description('risk controls: limits, breakers, the kill switch, VaR / ES and stress report');
  registerRiskReport(risk, ctx);
  registerRiskRules(risk, ctx, actor);

  risk
    .command('kill')
    .description(
      'engage the kill switch: block new orders, cancel working ones (every session obeys within a second)',
    )
    .option('--reason <text>', 'why (recorded in trade_logs)', 'manual kill switch')
    .option('--flatten', 'also close every strategy position with reduce-only market orders')
    .action((flags: { reason: string; flatten?: boolean }) =>
      withDatabase(
        ctx,
        async (database) => {
          const state = await new KillSwitch(database).engage(actor(), flags.reason, {
            flatten: flags.flatten === true,
          });
          ctx.print(
            state,
            () =>
              `Kill switch engaged (${state.reason}${state.flatten ? ', flattening' : ''}). Lift it with \`quantlab risk resume --reason …\`.`,
          );
        },
        { migrate: true },
      ),
    );

  risk
    .command('resume')
    .description('lift the kill switch (an explicit, audited act: a reason is required)')
    .requiredOption('--reason <text>', 'why trading may resume (recorded in trade_logs)')
    .action((flags: { reason: string }) =>
      withDatabase(
        ctx,
        async (database) => {
          const state = await new KillSwitch(database).lift(actor(), flags.reason);
          ctx.print(
            state,
            () => `Kill switch lifted (${state.reason}); sessions resume trading within a second.`,
          );
        },
        { migrate: true },
      ),
    );

  risk
    .command('status')
    .description('show the kill switch')
    .action(() =>
      withDatabase(
        ctx,
        async (database) => {
          const state = await new KillSwitch(database).state();
          ctx.print(state, () =>
            state.engaged ? `Kill switch ENGAGED: ${state.reason ?? ''}` : 'Kill switch off',
          );
        },
        { migrate: true },
      ),
    );
}
