import { type Command, InvalidArgumentError } from 'commander';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';

interface ReportFlags {
  backtest?: string;
  account?: string;
  seed?: number;
  paths?: number;
}

const HELP = `
Value at Risk and Expected Shortfall at 95 % and 99 % over 1 day by historical simulation, parametric
(variance-covariance) and Monte Carlo (seeded, correlated), and stress scenarios (crash -30 % in 1 h,
funding spike, correlation break, exchange outage) with the stored risk_rules limits they would trip.

Without --backtest: the current portfolio (positions from the stored fills of --account, or of every
account), marked at the latest stored close, with the held symbols' daily returns (1d candles, or the
finest stored resampled; at least 30 daily returns each). --backtest ID|latest: a stored backtest result
(daily returns of its equity curve; stress on the position open at the end).

The report is stored in equity_snapshots (risk column): scope account (the account, * for all) or scope
strategy with id backtest:<id>. --json prints it as one object. Exit codes: 0 success; 1 no such
backtest, no positions or not enough data; 2 bad flags. See docs/risk.md.`;

function integerIn(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max)
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}`);
    return n;
  };
}

export function registerRiskReport(risk: Command, ctx: CommandContext): void {
  risk
    .command('report')
    .description(
      'VaR / ES (historical, parametric, Monte Carlo) and stress tests of the portfolio or a backtest',
    )
    .option('--backtest <id>', 'a stored backtest result id, or latest')
    .option('--account <key>', 'the account whose fills make the portfolio (default: every account)')
    .option('--seed <n>', 'Monte Carlo seed (default 1)', integerIn('--seed', 0, 2 ** 32 - 1))
    .option('--paths <n>', 'Monte Carlo paths (default 10000)', integerIn('--paths', 100, 1_000_000))
    .addHelpText('after', HELP)
    .action(async (flags: ReportFlags, command: Command) => {
      if (flags.backtest !== undefined && flags.account !== undefined)
        command.error('error: --backtest and --account exclude each other', { exitCode: 2 });
      const { formatRiskReport, runRiskReport } = await import('../../risk/report/index.js');
      const report = await withDatabase(
        ctx,
        (database) =>
          runRiskReport(database, {
            ...(flags.backtest === undefined ? {} : { backtest: flags.backtest }),
            ...(flags.account === undefined ? {} : { account: flags.account }),
            ...(flags.seed === undefined ? {} : { seed: flags.seed }),
            ...(flags.paths === undefined ? {} : { paths: flags.paths }),
          }),
        { migrate: true },
      );
      ctx.print(report, () => formatRiskReport(report));
    });
}
