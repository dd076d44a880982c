import { resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { readDotEnv } from '../../config/index.js';
import { QuantLabError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';
import { parsePort } from '../parse.js';

interface SimOkxFlags {
  port: number;
  host: string;
  apiKey?: string;
  secret?: string;
  passphrase?: string;
  candles?: string;
  symbol?: string[];
  intervalMs: number;
  balance: number;
  environment: 'demo' | 'live';
  seed: number;
}

const HELP = `
A local server speaking OKX's v5 protocol, for tests and offline demos: REST under /api/v5, WebSockets at
/ws/v5/public, /ws/v5/private and /ws/v5/business. Point Quant Lab at it with OKX_BASE_URL=<restUrl>
(ccxt: the factory's baseUrl), in demo mode (x-simulated-trading: 1) unless --environment live.

Prices come from a candle replay: --candles FILE (CSV with timestamp,open,high,low,close,volume columns;
every --symbol replays it) or, without a file, a seeded random walk per base currency. One candle is played
every --interval-ms; orders fill where the candle's path (open, nearer extreme, farther extreme, close)
crosses them. Signed requests need the key given here (or OKX_API_KEY, OKX_SECRET_KEY, OKX_PASSPHRASE from
the environment or .env); without one, only public endpoints answer.

Simulator-only control API (not OKX's): POST /__sim/faults {"kind":…}, DELETE /__sim/faults,
POST /__sim/advance {"n":…}, POST /__sim/candle, GET /__sim/state. See src/venues/okx-sim/README.md.

--json prints {"restUrl","wsUrl","environment"} on one line once it listens. Runs until SIGINT/SIGTERM.
Exit codes: 0 stopped by a signal; 1 it could not start (port taken, unreadable candle file); 2 bad flags.`;

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('expected a whole number of milliseconds (0 or more)');
  return Number(value);
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const usage = (message: string) => new QuantLabError('QL_ERR_USAGE', message);

/** Key, secret and passphrase from the flags, else the environment; all three or none. */
function credentials(flags: SimOkxFlags, env: CommandContext['io']['env']) {
  const apiKey = flags.apiKey ?? env.OKX_API_KEY;
  const secret = flags.secret ?? env.OKX_SECRET_KEY;
  const passphrase = flags.passphrase ?? env.OKX_PASSPHRASE;
  const given = [apiKey, secret, passphrase].filter((v) => v !== undefined && v !== '').length;
  if (given === 0) return [];
  if (given < 3) {
    throw usage(
      'sim okx needs all of --api-key, --secret and --passphrase (or OKX_API_KEY, OKX_SECRET_KEY, OKX_PASSPHRASE)',
    );
  }
  return [{ apiKey: apiKey!, secret: secret!, passphrase: passphrase! }];
}

/** The candles of a file, and their spacing (the length of a replayed candle). */
async function readCandles(ctx: CommandContext, file: string) {
  const { normaliseRows, readCandleFile } = await import('../../marketdata/import/index.js');
  const read = await readCandleFile(resolve(ctx.io.cwd, file), { label: file });
  const { candles } = normaliseRows(read.parsed, { timeframe: '1m', positionLabel: read.positionLabel });
  if (candles.length === 0) {
    throw new QuantLabError('QL_ERR_DATA_FORMAT', `${file}: no candles could be read`, { details: { file } });
  }
  // A price path needs prices: refuse the file rather than stop the replay halfway.
  const bad = candles.find(
    (c) => ![c.open, c.high, c.low, c.close].every((p) => Number.isFinite(p) && p > 0),
  );
  if (bad !== undefined) {
    throw new QuantLabError(
      'QL_ERR_DATA_FORMAT',
      `${file}: the candle at ${new Date(bad.ts).toISOString()} has a price ≤ 0`,
      {
        details: { file, ts: bad.ts },
      },
    );
  }
  const gaps = candles
    .slice(1)
    .map((c, i) => c.ts - candles[i]!.ts)
    .sort((a, b) => a - b);
  const barMs = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)]! : 60_000;
  return { candles, barMs };
}

export function registerSim(program: Command, ctx: CommandContext): void {
  const sim = program.command('sim').description('local exchange simulators (tests and offline demos)');
  sim
    .command('okx')
    .description('run a local OKX v5 exchange simulator (REST + WebSocket) until SIGINT/SIGTERM')
    .addOption(
      new Option('--port <n>', 'port to listen on (0: any free port)').argParser(parsePort).default(8080),
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--api-key <key>', 'the API key clients sign with (OKX_API_KEY)')
    .option('--secret <secret>', 'its secret (OKX_SECRET_KEY)')
    .option('--passphrase <passphrase>', 'its passphrase (OKX_PASSPHRASE)')
    .option('--candles <file>', 'candle file to replay (default: a seeded random walk)')
    .option(
      '--symbol <symbol>',
      'a simulated market, OKX id or ccxt symbol; repeatable (default BTC-USDT-SWAP and BTC-USDT)',
      collect,
    )
    .addOption(
      new Option(
        '--interval-ms <n>',
        'wall time per replayed candle (0: only POST /__sim/advance moves prices)',
      )
        .argParser(nonNegativeInt)
        .default(1000),
    )
    .addOption(
      new Option('--balance <usdt>', 'starting USDT balance').argParser(positiveNumber).default(100_000),
    )
    .addOption(
      new Option('--environment <env>', 'which requests signed ones must be')
        .choices(['demo', 'live'])
        .default('demo'),
    )
    .addOption(new Option('--seed <n>', 'seed of the random walk').argParser(nonNegativeInt).default(1))
    .addHelpText('after', HELP)
    .action(async (flags: SimOkxFlags) => {
      // The environment, over `.env` in the working directory (DESIGN.md §4.2).
      const accounts = credentials(flags, { ...readDotEnv(ctx.io.cwd), ...ctx.io.env });
      // Loaded here: the simulator (ws, http) costs the other verbs nothing.
      const { OkxSimulator, resolveInstrument } = await import('../../venues/okx-sim/index.js');
      const symbols = flags.symbol ?? ['BTC-USDT-SWAP', 'BTC-USDT'];
      for (const symbol of symbols) {
        try {
          resolveInstrument(symbol);
        } catch (error) {
          throw usage(error instanceof Error ? error.message : String(error));
        }
      }
      const file = flags.candles === undefined ? undefined : await readCandles(ctx, flags.candles);
      const simulator = await OkxSimulator.start({
        host: flags.host,
        port: flags.port,
        credentials: accounts,
        environment: flags.environment,
        symbols,
        seed: flags.seed,
        balance: flags.balance,
        intervalMs: flags.intervalMs,
        ...(file === undefined ? {} : { candles: file.candles, barMs: file.barMs }),
        onTapeEnd: () =>
          ctx.io.stderr(
            'quantlab sim okx: the candle file is replayed to its end; prices stay where they are\n',
          ),
      });
      // Listen for SIGINT/SIGTERM before saying we are up: a signal sent on seeing the address is handled.
      const stopped = ctx.io.stopSignal();
      const summary = {
        restUrl: simulator.restUrl,
        wsUrl: simulator.wsUrl,
        environment: simulator.environment,
      };
      if (ctx.globals().json) ctx.io.stdout(`${JSON.stringify(summary)}\n`);
      else {
        ctx.io.stdout(
          `OKX simulator (${summary.environment}) listening: REST ${summary.restUrl}, WebSocket ${summary.wsUrl}\n`,
        );
      }
      const source =
        file === undefined
          ? `a random walk (seed ${flags.seed})`
          : `${flags.candles} (${file.candles.length} candles)`;
      const pace =
        flags.intervalMs > 0
          ? `a candle every ${flags.intervalMs} ms`
          : 'candles only on POST /__sim/advance';
      ctx.io.stderr(
        `quantlab sim okx: ${symbols.join(', ')} from ${source}, ${pace}; ${accounts.length === 0 ? 'no API key: private endpoints answer 50111' : 'one API key'}\n`,
      );
      const signal = await stopped;
      await simulator.close();
      ctx.io.stderr(`quantlab sim okx: stopped (${signal})\n`);
    });
}
