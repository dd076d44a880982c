import { type Command, Option } from 'commander';
import type { Timeframe } from '../../core/timeframe.js';
import { HISTORY_KINDS, type HistoryKind } from '../../marketdata/download/markets.js';
import type { ProgressReporter } from '../../marketdata/download/progress.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import { checkTimeRange, iso, parseTimeframeOption, parseTimeOption } from './data-options.js';

/**
 * `quantlab data download`: history from an exchange into the database, resumable (DESIGN.md §4.3).
 * The download code and ccxt load only when the verb runs, so other verbs start without them.
 */

interface DownloadFlags {
  exchange: string;
  symbol: string;
  timeframe?: Timeframe;
  from: number;
  to?: number;
  kind: HistoryKind;
  restart?: boolean;
}

/** The time grammar every `data` verb shares (data-options.ts), under the name its tests know. */
export const parseTimeArgument = parseTimeOption;

const HELP = `
Kinds:
  candles  OHLCV candles (default), stored under the market symbol
  mark     mark-price candles of a perpetual swap or future, stored as the candle series
           <symbol>#mark, e.g. BTC/USDT:USDT#mark (same exchange and timeframe)
  funding  funding-rate history of a perpetual swap, stored in funding_rates (no --timeframe)

Only closed candles are stored; rows that fail validation go to the quarantine (data check counts them).
After every page the data and a cursor are saved: running the same command again continues where it
stopped (Ctrl-C stops cleanly), and re-downloading a stored range writes nothing. --restart ignores the
cursor. History comes from the exchange's public live endpoints (no API keys; demo environments do not
carry real history); OKX_BASE_URL / BINANCE_BASE_URL point it at another server.

Examples:
  quantlab data download --exchange okx --symbol BTC/USDT --timeframe 1m --from 2024-01-01
  quantlab data download --exchange binanceusdm --symbol BTC/USDT:USDT --kind funding --from 2024-01-01
  quantlab data download --exchange okx --symbol BTC/USDT:USDT --kind mark --timeframe 1h --from 2024-01-01`;

export function registerDataDownload(dataCommand: Command, ctx: CommandContext): void {
  dataCommand
    .command('download')
    .description('download candle, mark-price or funding history from an exchange (resumable)')
    .requiredOption('--exchange <id>', 'okx, binanceusdm or any ccxt exchange id')
    .requiredOption('--symbol <symbol>', 'ccxt unified symbol: BTC/USDT (spot), BTC/USDT:USDT (perpetual)')
    .option(
      '--timeframe <tf>',
      'candle timeframe: 1m, 5m, 15m, 1h, 4h, 1d, … (candles and mark)',
      parseTimeframeOption,
    )
    .requiredOption(
      '--from <time>',
      'start (inclusive): 2024-01-01, 2024-01-01T12:00 (UTC) or epoch ms',
      parseTimeArgument,
    )
    .option('--to <time>', 'end (inclusive), default now', parseTimeArgument)
    .addOption(new Option('--kind <kind>', 'what to download').choices(HISTORY_KINDS).default('candles'))
    .option('--restart', 'ignore the stored cursor and fetch the whole range again')
    .addHelpText('after', HELP)
    .action((flags: DownloadFlags, command: Command) => runDownload(flags, command, ctx));
}

async function runDownload(flags: DownloadFlags, command: Command, ctx: CommandContext): Promise<void> {
  if (flags.kind !== 'funding' && flags.timeframe === undefined) {
    command.error(`error: --timeframe is required for --kind ${flags.kind}`, { exitCode: 2 });
  }
  checkTimeRange(command, flags.from, flags.to);
  const config = ctx.config();
  const logger = ctx.logger(config);
  const [{ createExchange, closeExchange, exchangeOptionsFromConfig }, download] = await Promise.all([
    import('../../marketdata/exchanges.js'),
    import('../../marketdata/download/index.js'),
  ]);
  // Public history is the same for everyone: live endpoints, no keys (demo/testnet data is not the market's).
  const { baseUrl } = exchangeOptionsFromConfig(flags.exchange, config);
  const exchange = await createExchange(flags.exchange, {
    sandbox: false,
    ...(baseUrl === undefined ? {} : { baseUrl }),
  });
  const stop = new AbortController();
  void ctx.io.stopSignal().then(() => stop.abort());
  const label = `${flags.exchange} ${flags.symbol} ${flags.kind === 'funding' ? 'funding' : `${flags.timeframe} ${flags.kind}`}`;
  let progress: ProgressReporter | undefined;
  try {
    progress = await download.createProgressReporter({ label, tty: ctx.io.isTty, log: logger });
    const reporter = progress;
    const summary = await withDatabase(
      ctx,
      (database) =>
        download.downloadHistory({
          database,
          exchange,
          symbol: flags.symbol,
          kind: flags.kind,
          from: flags.from,
          signal: stop.signal,
          onPage: (p) => reporter.update(p),
          onRetry: ({ attempt, delayMs, error }) =>
            logger.warn({ attempt, delayMs, code: error.code }, `${label}: ${error.message}; retrying`),
          ...(flags.timeframe === undefined ? {} : { timeframe: flags.timeframe }),
          ...(flags.to === undefined ? {} : { to: flags.to }),
          ...(flags.restart ? { restart: true } : {}),
        }),
      { migrate: true },
    );
    progress.stop();
    ctx.print(summary, () =>
      [
        `${label}: ${summary.pages} page${summary.pages === 1 ? '' : 's'}, ${summary.written} written, ` +
          `${summary.unchanged} unchanged, ${summary.quarantined} quarantined` +
          (summary.resumedFrom === null ? '' : ` (resumed from ${iso(summary.resumedFrom)})`),
        (summary.first === null
          ? `  nothing stored for ${summary.seriesSymbol} in the range`
          : `  stored ${summary.seriesSymbol} ${iso(summary.first)} … ${iso(summary.last)}`) +
          (summary.aborted
            ? `; interrupted at ${iso(summary.nextTs)}: run the same command again to resume`
            : ''),
      ].join('\n'),
    );
  } catch (error) {
    progress?.stop();
    throw error;
  } finally {
    await closeExchange(exchange);
  }
}
