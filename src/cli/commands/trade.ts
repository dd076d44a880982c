import { type Command, Option } from 'commander';
import { QuantLabError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { parseJsonObject } from './backtest-options.js';

interface TradeFlags {
  strategy: string;
  exchange: string;
  symbol: string;
  timeframe: string;
  mode: 'paper' | 'demo' | 'live';
  params?: Record<string, unknown>;
  id?: string;
  account: string;
  capital: number;
  feeTaker: number;
  feeMaker: number;
  leverage: number;
  keepOrders?: boolean;
  marginMode: 'cross' | 'isolated';
  positionMode: 'net' | 'long-short';
}

const HELP = `
Trades strategies through the same kernel as backtests: market data from the exchange's WebSocket feed,
orders through the risk gate to the venue, every order intent written to the database before it is sent.

  --mode paper   (default) fills against the live market with the backtester's fill model; no keys needed.
  --mode demo    the venue's demo environment (OKX demo trading, Binance testnet): needs the credentials
                 and OKX_SIMULATED_TRADING=1 / BINANCE_TESTNET=true.
  --mode live    real money: needs ALLOW_LIVE_TRADING=true, the credentials, the demo setting off, and the
                 strategy approved for live.

At start the session takes the account's single-writer lease (a second process on the same account is
refused), restores its orders and positions from the database and reconciles with the venue before any new
order. It runs until SIGINT/SIGTERM, then stops the strategies, cancels their working orders (--keep-orders
leaves them working) and records everything. OKX_BASE_URL points OKX at another server, e.g. \`quantlab sim
okx\`. --symbol takes a comma-separated list for multi-leg strategies.

--json prints one JSON line when trading starts and one when it stops. Exit codes: 0 stopped by signal;
1 refused to start (credentials, lease, reconciliation, unknown strategy); 2 bad flags.`;

function positiveNumber(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      throw new QuantLabError(
        'QL_ERR_USAGE',
        `${name} must be a non-negative number, got ${JSON.stringify(value)}.`,
      );
    }
    return n;
  };
}

export function registerTrade(program: Command, ctx: CommandContext): void {
  program
    .command('trade')
    .description('run strategies in paper, demo or live mode until SIGINT/SIGTERM')
    .requiredOption(
      '--strategy <names>',
      'strategy name or spec file; several comma-separated run side by side',
    )
    .requiredOption('--exchange <id>', 'okx, binanceusdm or another ccxt id')
    .requiredOption('--symbol <symbols>', 'unified symbol(s), comma-separated for multi-leg strategies')
    .requiredOption('--timeframe <tf>', 'base timeframe, e.g. 1m')
    .addOption(
      new Option('--mode <mode>', 'paper | demo | live').choices(['paper', 'demo', 'live']).default('paper'),
    )
    .option('--params <json>', 'strategy parameters as a JSON object', parseJsonObject('--params'))
    .option('--id <id>', 'strategy instance id (one strategy); default <name>-<exchange>')
    .option('--account <name>', 'paper account name (its orders and positions persist under it)', 'default')
    .option(
      '--capital <n>',
      'paper account capital in the settle currency',
      positiveNumber('--capital'),
      10_000,
    )
    .option('--fee-taker <f>', 'paper taker fee rate', positiveNumber('--fee-taker'), 0.0005)
    .option('--fee-maker <f>', 'paper maker fee rate', positiveNumber('--fee-maker'), 0.0002)
    .option('--leverage <n>', 'paper leverage for derivatives', positiveNumber('--leverage'), 1)
    .option('--keep-orders', 'leave working orders at the venue when stopping')
    .addOption(
      new Option('--margin-mode <mode>', 'derivatives margin mode')
        .choices(['cross', 'isolated'])
        .default('cross'),
    )
    .addOption(
      new Option('--position-mode <mode>', "the account's position mode (demo/live)")
        .choices(['net', 'long-short'])
        .default('net'),
    )
    .addHelpText('after', HELP)
    .action(async (flags: TradeFlags) => {
      const { runTrade } = await import('./trade-run.js');
      await runTrade(ctx, flags);
    });
}

export type { TradeFlags };
