/** The work of `quantlab trade`, loaded only when the verb runs (it pulls in ccxt, the kernel and the feed). */

import { resolveStrategies, resolveStrategyParams } from '../../backtest/session.js';
import { type EventBus, InProcessBus } from '../../bus/index.js';
import { QuantLabError } from '../../core/errors.js';
import { startTradeSession } from '../../live/trade-command.js';
import type { CommandContext } from '../context.js';
import { withDatabase } from '../with-database.js';
import type { TradeFlags } from './trade.js';

export async function runTrade(ctx: CommandContext, flags: TradeFlags): Promise<void> {
  const config = ctx.config();
  const logger = ctx.logger(config);
  const names = flags.strategy
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const symbols = flags.symbol
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (names.length === 0 || symbols.length === 0)
    throw new QuantLabError(
      'QL_ERR_USAGE',
      '--strategy and --symbol must name at least one strategy and symbol.',
    );
  if (flags.id !== undefined && names.length > 1)
    throw new QuantLabError(
      'QL_ERR_USAGE',
      '--id names one strategy instance; it cannot be used with several strategies.',
    );
  const found = await resolveStrategies(names, ctx.io.cwd, config.strategies.dir);
  const strategies = found.map(({ definition }, k) => ({
    id: flags.id ?? `${definition.name}-${flags.exchange}${names.length > 1 ? `-${k + 1}` : ''}`,
    definition,
    params: resolveStrategyParams(
      definition,
      names.length > 1 ? (flags.params?.[definition.name] as Record<string, unknown>) : flags.params,
    ),
  }));

  await withDatabase(
    ctx,
    async (database) => {
      const bus: EventBus = config.nats.url
        ? await (await import('../../bus/nats.js')).connectNatsBus({
            servers: config.nats.url,
            name: `quantlab-trade-${process.pid}`,
            logger,
          })
        : new InProcessBus({ logger });
      try {
        const stopped = ctx.io.stopSignal();
        const session = await startTradeSession(
          {
            mode: flags.mode,
            exchange: flags.exchange,
            symbols,
            timeframe: flags.timeframe,
            strategies,
            paper: {
              name: flags.account,
              capital: flags.capital,
              taker: flags.feeTaker,
              maker: flags.feeMaker,
              leverage: flags.leverage,
            },
            cancelOnStop: flags.keepOrders !== true,
            marginMode: flags.marginMode,
            positionMode: flags.positionMode,
          },
          { config, database, bus, logger },
        );
        const started = session.status();
        emit(
          ctx,
          {
            event: 'started',
            account: started.account,
            mode: started.mode,
            strategies: started.strategies.map((s) => s.id),
          },
          () =>
            `Trading ${started.strategies.map((s) => s.id).join(', ')} on ${started.account} (${started.mode}); Ctrl-C stops.`,
        );
        const signal = await stopped;
        await session.stop(`received ${signal}`);
        const end = session.status();
        emit(
          ctx,
          { event: 'stopped', account: end.account, openOrders: end.openOrders, equity: end.equity },
          () => `Stopped (${signal}): ${end.openOrders} open orders, equity ${end.equity.toFixed(2)}.`,
        );
      } finally {
        await bus.close();
      }
    },
    { migrate: true },
  );
}

/** One line per event: a JSON line with --json, else a sentence on stdout. */
function emit(ctx: CommandContext, json: Record<string, unknown>, human: () => string): void {
  if (ctx.globals().json) ctx.io.stdout(`${JSON.stringify(json)}\n`);
  else ctx.io.stdout(`${human()}\n`);
}
