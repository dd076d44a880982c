import { type Command, InvalidArgumentError, Option } from 'commander';
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
import { createProgress, parseNonNegativeNumber, parsePositiveInt } from './data-options.js';

interface OptimizeFlags extends RunFlags {
  strategy: string;
  params?: Record<string, unknown>;
  space: Record<string, unknown>;
  method: 'grid' | 'random' | 'tpe';
  trials?: number;
  objective: string;
  minTrades?: number;
  seed: number;
  workers?: number;
  walkForward?: number;
  isRatio?: number;
  monteCarlo: number;
  report?: string;
  store: boolean;
}

const HELP = `
--space is a JSON object of parameter ranges and choices, plus constraints, e.g.
  '{"fast":{"min":5,"max":50,"step":5},"slow":{"min":20,"max":200,"step":10},"constraints":["fast < slow"]}'
(a range may be "log": true; a list is a set of choices; a plain value is fixed).
Methods: grid (every combination, --trials caps it), random, tpe (Bayesian, Tree-structured Parzen
Estimator). Objectives: sharpe, sortino, calmar, total-return, profit-factor, cagr, or an expression over
metric names ("sharpe * (1 - maxDrawdown)"); trials with fewer than --min-trades trades never win.
--walk-forward K optimises on rolling in-sample windows and reports the K out-of-sample windows stitched
together; the best parameters' trades are resampled --monte-carlo times for the distribution of return
and drawdown. Trials run on --workers threads (default: all cores), deterministic for a --seed.
Strategies with a columnar fast path (sma-cross) are evaluated over whole arrays.
--json prints the optimisation result; runs are stored in optimization_runs (--no-store to skip).
Exit codes: 0 success; 1 no data, unknown strategy or invalid space; 2 bad flags.`;

function parseFraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n >= 1)
    throw new InvalidArgumentError('expected a fraction in (0, 1)');
  return n;
}

function parseWorkers(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of threads ≥ 0');
  return Number(value);
}

function parseSeed(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

export function registerOptimize(program: Command, ctx: CommandContext): void {
  withRunFlags(program.command('optimize').description('search strategy parameters: grid, random or TPE'))
    .requiredOption('--strategy <name>', 'strategy name or spec file')
    .requiredOption('--space <json>', 'search space (see below)', parseJsonObject('--space'))
    .option('--params <json>', 'fixed parameters every trial starts from', parseJsonObject('--params'))
    .addOption(
      new Option('--method <method>', 'search method').choices(['grid', 'random', 'tpe']).default('tpe'),
    )
    .option('--trials <n>', 'trials (random, tpe: default 100; grid: a cap)', parsePositiveInt)
    .option('--objective <name|expr>', 'what to maximise', 'sharpe')
    .option('--min-trades <n>', 'fewest trades a trial needs to be scored', parseNonNegativeNumber)
    .option('--seed <n>', 'random seed', parseSeed, 1)
    .option('--workers <n>', 'worker threads (0 = in this thread)', parseWorkers)
    .option('--walk-forward <k>', 'walk-forward analysis with K out-of-sample folds', parsePositiveInt)
    .option('--is-ratio <f>', 'walk-forward in-sample share of each window', parseFraction)
    .option('--monte-carlo <n>', 'Monte Carlo resamples of the best trades', parsePositiveInt, 1000)
    .option('--report <file>', 'write a self-contained HTML report')
    .option('--no-store', 'do not store the run in optimization_runs')
    .addHelpText('after', HELP)
    .action(async (flags: OptimizeFlags, command: Command) => {
      const settings = runSettings(command, flags);
      const reportFile = await reportTarget(ctx.io.cwd, flags.report);
      const config = ctx.config();
      const { runOptimizeCommand } = await import('../../backtest/optimize-command.js');
      const progress = await createProgress(ctx);
      let lastLogged = 0;
      const outcome = await withDatabase(
        ctx,
        (database) =>
          runOptimizeCommand({
            database,
            cwd: ctx.io.cwd,
            strategiesDir: config.strategies.dir,
            name: flags.strategy,
            params: flags.params,
            space: flags.space,
            method: flags.method,
            ...(flags.trials === undefined ? {} : { trials: flags.trials }),
            objective: flags.objective,
            ...(flags.minTrades === undefined ? {} : { minTrades: flags.minTrades }),
            seed: flags.seed,
            ...(flags.workers === undefined ? {} : { workers: flags.workers }),
            ...(flags.walkForward === undefined
              ? {}
              : {
                  walkForward: {
                    folds: flags.walkForward,
                    ...(flags.isRatio === undefined ? {} : { inSampleRatio: flags.isRatio }),
                  },
                }),
            monteCarloRuns: flags.monteCarlo,
            settings,
            overrides: instrumentOverrides(flags),
            ...(flags.warmup === undefined ? {} : { warmupBars: flags.warmup }),
            store: flags.store,
            reportRun: reportFile !== undefined,
            warn: (message) => ctx.io.stderr(`quantlab: warning: ${message}\n`),
            onProgress: (done, total) => {
              progress.update('trials', done, total);
              // Without a terminal, a line every tenth of the way.
              if (
                !ctx.io.isTty &&
                (done === total || done - lastLogged >= Math.max(1, Math.ceil(total / 10)))
              ) {
                lastLogged = done;
                ctx.io.stderr(`quantlab: optimize ${done}/${total} trials\n`);
              }
            },
          }),
        { migrate: true },
      ).finally(() => progress.stop()); // a failure must not leave the bar drawn (cursor hidden) on a TTY
      if (reportFile !== undefined) {
        const { renderReport } = await import('../../backtest/report/index.js');
        const title = `optimize ${flags.strategy}`;
        await writeReport(
          reportFile,
          renderReport({ title, runs: outcome.runs, optimization: outcome.section }),
        );
        ctx.io.stderr(`quantlab: report written to ${reportFile}\n`);
      }
      if (ctx.globals().json) ctx.io.stdout(`${JSON.stringify({ id: outcome.id, ...outcome.result })}\n`);
      else ctx.io.stdout(`${outcome.text}\n`);
    });
}
