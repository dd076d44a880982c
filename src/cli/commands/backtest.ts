import { resolve } from 'node:path';
import type { Command } from 'commander';
import { QuantLabError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import {
  instrumentOverrides,
  parseJsonObject,
  type RunFlags,
  reportTarget,
  runSettings,
  withRunFlags,
  writeReport,
} from './backtest-options.js';

interface BacktestFlags extends RunFlags {
  strategy: string;
  params?: Record<string, unknown>;
  report?: string;
  lookaheadCheck?: boolean;
  store: boolean;
  risk?: string;
}

const HELP = `
Runs a strategy over stored candles through the same kernel that trades paper and live: a market order
decided on a bar's close fills at the next bar's open (--fill close: at that close), limit and stop orders
fill along the bar's path open → nearer extreme → farther extreme → close, with maker/taker fees,
slippage, funding at its real times and liquidation (see src/venues/simulated/README.md).

--strategy a,b,c (or several spec files) runs each on the same data and prints one comparison; --params
is then an object keyed by strategy name. --report FILE.html writes one self-contained report (chart,
equity and drawdown, monthly returns, trades, metrics). --lookahead-check re-runs on data cut at five
points and compares every decision; it prints that report instead and exits 1 when it finds a difference.

--json prints the DESIGN.md §4.4 object { metrics, trades, equity } (with several strategies:
{ runs: [{ strategy, params, id, metrics, trades, equity }] }). Results are stored in backtest_results
(--no-store to skip). Exit codes: 0 success; 1 no data, unknown strategy, invalid params or look-ahead
bias; 2 bad flags.`;

export function registerBacktest(program: Command, ctx: CommandContext): void {
  withRunFlags(
    program
      .command('backtest')
      .description('run strategies over stored candles: metrics, trades, equity, HTML report'),
  )
    .requiredOption('--strategy <names>', 'strategy name or spec file; several comma-separated compare them')
    .option('--params <json>', 'strategy parameters as a JSON object', parseJsonObject('--params'))
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--lookahead-check', 're-run on truncated data and report any look-ahead bias')
    .option('--no-store', 'do not store the result in backtest_results')
    .option(
      '--risk <file>',
      "risk rules (JSON, as `risk rules set` stores them) applied by the run's risk engine",
    )
    .addHelpText('after', HELP)
    .action(async (flags: BacktestFlags, command: Command) => {
      const settings = runSettings(command, flags);
      const names = flags.strategy
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      if (names.length === 0) command.error('error: --strategy names no strategy', { exitCode: 2 });
      const reportFile = await reportTarget(ctx.io.cwd, flags.report);
      const config = ctx.config();
      const { runBacktestCommand } = await import('../../backtest/command.js');
      const riskRules =
        flags.risk === undefined
          ? undefined
          : await (await import('../../risk/config/index.js')).readRiskRuleFile(
              resolve(ctx.io.cwd, flags.risk),
            );
      const json = ctx.globals().json === true;
      let printed = false;
      const printJson = (early: { kind: string; jsonText?: string }) => {
        if (early.kind !== 'runs' || early.jsonText === undefined) return;
        // Compact JSON, serialised once: a year of 1m equity points is 525,600 pairs.
        ctx.io.stdout(`${early.jsonText}\n`);
        printed = true;
      };
      const outcome = await withDatabase(
        ctx,
        (database) =>
          runBacktestCommand({
            database,
            cwd: ctx.io.cwd,
            strategiesDir: config.strategies.dir,
            names,
            params: flags.params,
            settings,
            overrides: instrumentOverrides(flags),
            ...(flags.warmup === undefined ? {} : { warmupBars: flags.warmup }),
            lookahead: flags.lookaheadCheck === true,
            store: flags.store,
            ...(riskRules === undefined ? {} : { riskRules }),
            warn: (message) => ctx.io.stderr(`quantlab: warning: ${message}\n`),
            // With --json the result goes out as soon as it is known, before it is stored.
            ...(json ? { emit: (early) => printJson(early) } : {}),
          }),
        { migrate: true },
      );
      if (outcome.kind === 'lookahead') {
        ctx.print(outcome.json, () => outcome.text);
        if (outcome.biased) {
          throw new QuantLabError('QL_ERR_LOOKAHEAD_BIAS', 'Look-ahead bias found: see the report above.', {
            details: { strategies: names },
          });
        }
        return;
      }
      if (reportFile !== undefined) {
        const { renderReport } = await import('../../backtest/report/index.js');
        await writeReport(reportFile, renderReport({ runs: outcome.runs }));
        ctx.io.stderr(`quantlab: report written to ${reportFile}\n`);
      }
      if (!json) ctx.io.stdout(`${outcome.text}\n`);
      else if (!printed) printJson(outcome);
    });
}
