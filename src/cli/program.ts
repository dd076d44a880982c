import { Command, CommanderError, Option } from 'commander';
import { layerFromEnv, readDotEnv, secretValues } from '../config/index.js';
import { isQuantLabError, toQuantLabError } from '../core/errors.js';
import { SecretScrubber } from '../logging/index.js';
import { registerBacktest } from './commands/backtest.js';
import { registerConfig } from './commands/config.js';
import { registerData } from './commands/data.js';
import { registerDb } from './commands/db.js';
import { registerOptimize } from './commands/optimize.js';
import { registerRisk } from './commands/risk.js';
import { registerSim } from './commands/sim.js';
import { registerStart } from './commands/start.js';
import { registerStrategy } from './commands/strategy.js';
import { registerTrade } from './commands/trade.js';
import { registerVersion } from './commands/version.js';
import { type CliIo, createContext, type GlobalOptions } from './context.js';

/** Exit codes of DESIGN.md §4.3. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Runs the `quantlab` command line and returns the exit code. Failures end with one line on stderr naming
 * the problem (and its QL_ERR_ code); with `--json` the error is also printed as JSON on stdout. Stack
 * traces are shown only for unexpected errors, and only at LOG_LEVEL=debug or trace.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = new Command('quantlab');
  const ctx = createContext(io, () => program.opts<GlobalOptions>());

  program
    .description(
      'Quant Lab: quantitative crypto trading: data, strategies, backtests, paper and live execution',
    )
    .option('--json', 'print machine-readable JSON on stdout (logs go to stderr)')
    .option('-c, --config <file>', 'configuration file (default: ./quantlab.config.json when present)')
    .addOption(new Option('--log-level <level>', 'log level').choices(LOG_LEVELS))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) =>
        write(`quantlab: ${text.replace(/^error: /, '').trim()} (see quantlab --help)\n`),
    });

  registerStart(program, ctx);
  registerDb(program, ctx);
  registerConfig(program, ctx);
  registerVersion(program, ctx);
  registerStrategy(program, ctx);
  registerData(program, ctx);
  registerBacktest(program, ctx);
  registerOptimize(program, ctx);
  registerSim(program, ctx);
  registerTrade(program, ctx);
  registerRisk(program, ctx);

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return reportFailure(error, io, program.opts<GlobalOptions>());
  }
}

function reportFailure(error: unknown, io: CliIo, globals: GlobalOptions): number {
  const known = toQuantLabError(error);
  // Messages are written never to hold secrets; scrubbing the configured ones makes sure of it.
  const scrubber = new SecretScrubber(configuredSecrets(io));
  const oneLine = scrubber.scrubText(known.message.replace(/\s*\n\s*/g, ' '));
  if (globals.json) io.stdout(`${scrubber.scrubText(JSON.stringify({ error: known.toJSON() }))}\n`);
  io.stderr(`quantlab: ${oneLine} [${known.code}]\n`);
  if (known.code === 'QL_ERR_USAGE') return EXIT.usage;
  const level = globals.logLevel ?? io.env.LOG_LEVEL;
  if (!isQuantLabError(error) && (level === 'debug' || level === 'trace') && error instanceof Error) {
    io.stderr(`${scrubber.scrubText(error.stack ?? '')}\n`);
  }
  return EXIT.failure;
}

/** Secret values from the environment and `.env`, read without validation (the config may be what failed). */
function configuredSecrets(io: CliIo): string[] {
  let dotEnv: Record<string, string> = {};
  try {
    dotEnv = readDotEnv(io.cwd);
  } catch {
    // an unreadable .env holds nothing we could scrub
  }
  return secretValues(layerFromEnv({ ...dotEnv, ...io.env }));
}
