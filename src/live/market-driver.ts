/**
 * MarketDriver: drives a kernel from a market feed in arrival order, with the backtest's ordering
 * (src/backtest/run.ts), so paper trading and a backtest on the same candles agree (DESIGN.md §1.1).
 * For every event:
 *   1. the clock moves to the event's time (a candle's close time; never backwards);
 *   2. the bar-driven venue, if any, matches it (a closed candle of the symbol's finest subscribed series,
 *      or a trade print), the kernel drains, and the portfolio marks the venue's last price (no venue:
 *      the finest series' close or the print's price);
 *   3. per attached host, in attach order: due timers fire, the host gets the event if it subscribed to
 *      it, and the kernel drains.
 * Feed `status` events move nothing; they go to `onStatus` (the live runner's heartbeat). Order books are
 * not used yet. Strategies attach and detach while the feed runs; attaching subscribes the feed to what
 * the host needs (a feed has no unsubscribe, so subscriptions stay).
 */

import type { CandleUpdate } from '../bus/messages.js';
import { QuantLabError, toQuantLabError } from '../core/errors.js';
import type { Candle, Ticker, Trade } from '../core/market.js';
import { nominalTimeframeMs, parseTimeframe, type Timeframe } from '../core/timeframe.js';
import type { Kernel } from '../engine/kernel.js';
import type { FeedStatus, FeedSubscription, MarketEvent, MarketFeed } from '../marketdata/types.js';
import type { StrategyHost } from '../strategies/host.js';
import { candleCloseTime, seriesKey } from '../strategies/host-series.js';
import type { ClockPort } from '../strategies/ports.js';

/** A clock the driver moves with the market (SimulatedClock): the kernel's own clock. */
export interface SettableClock extends ClockPort {
  set(ts: number): void;
}

/** A venue that fills against market data (PaperVenue): what the driver feeds it. */
export interface BarDrivenVenue {
  /** A closed candle of the symbol's finest series; true when the venue matched it. */
  onCandle(symbol: string, candle: Candle, closeTs: number): boolean;
  /** A public trade print; true when the venue matched it. */
  onTrade(trade: Trade): boolean;
  /** The last matched price of the symbol (NaN before any). */
  lastPrice(symbol: string): number;
}

export interface DriverErrorContext {
  /** The host whose delivery failed; absent when the venue or kernel step failed. */
  readonly strategyId?: string;
  readonly during: MarketEvent['kind'] | 'timers' | 'start' | 'stop';
}

export interface MarketDriverOptions {
  readonly kernel: Kernel;
  /** The kernel's clock. */
  readonly clock: SettableClock;
  readonly feed: MarketFeed;
  readonly venue?: BarDrivenVenue;
  /** Subscribe the trades of every traded symbol, so the venue fills on the tape (default false). */
  readonly venueTrades?: boolean;
  readonly onStatus?: (status: FeedStatus) => void;
  /** After the portfolio was marked from a market event (the risk engine's data clock and time step). */
  readonly onMarked?: (symbol: string, ts: number) => void;
  /** Where failures go (a refused candle, a throwing kernel step). Default: thrown to the event's sender. */
  readonly onError?: (error: QuantLabError, context: DriverErrorContext) => void;
}

export interface AttachOptions {
  /** Deliver trade prints of the host's symbols (`onTrade`); subscribes them. */
  readonly trades?: boolean;
  /** Deliver tickers of the host's symbols (`onTick`); subscribes them. */
  readonly tickers?: boolean;
}

export interface DetachOptions {
  readonly reason?: string;
  /** Cancel the orders working before the stop (default true: no orphans); what `onStop` sends stands. */
  readonly cancelOpenOrders?: boolean;
}

/** An attached host and what it asked for, by event kind: `symbol@timeframe` for candles, else symbols. */
interface Attached {
  readonly host: StrategyHost;
  readonly candle: ReadonlySet<string>;
  readonly trade: ReadonlySet<string> | undefined;
  readonly ticker: ReadonlySet<string> | undefined;
}

export class MarketDriver {
  private readonly kernel: Kernel;
  private readonly clock: SettableClock;
  private readonly venue: BarDrivenVenue | undefined;
  private readonly entries = new Map<string, Attached>();
  /** Replaced, never mutated: a detach during delivery does not skip anyone in the loop under way. */
  private attached: readonly Attached[] = [];
  /** Nominal length of the finest subscribed series per symbol: the one that drives venue and marks. */
  private readonly finestMs = new Map<string, number>();
  private readonly subscribed = new Set<string>();
  private readonly off: () => void;

  constructor(private readonly options: MarketDriverOptions) {
    this.kernel = options.kernel;
    this.clock = options.clock;
    this.venue = options.venue;
    this.off = options.feed.on(this.onMarketEvent);
  }

  /** Attached strategy ids, in delivery order. */
  get strategyIds(): readonly string[] {
    return this.attached.map((entry) => entry.host.strategyId);
  }

  /**
   * Subscribes the feed to what `host` needs (its setup's symbols at the base timeframe, its
   * subscriptions, trades / tickers when asked), then starts it if it was not started yet.
   */
  attach(host: StrategyHost, options: AttachOptions = {}): void {
    const id = host.strategyId;
    if (this.kernel.hosts.get(id) !== host) throw invalid(`${id} is not a strategy of this kernel`, id);
    if (this.entries.has(id)) throw invalid(`${id} is already attached`, id);
    if (host.status().state === 'stopped') throw invalid(`${id} is stopped`, id);
    const setup = host.setup;
    const symbols = new Set(setup.symbols);
    const candles = new Set<string>();
    for (const symbol of setup.symbols) this.subscribeCandles(symbol, setup.timeframe);
    for (const s of host.subscriptions) {
      candles.add(seriesKey(s.symbol, this.subscribeCandles(s.symbol, s.timeframe)));
      symbols.add(s.symbol);
    }
    // The venue's tape: the traded symbols' prints, whether or not the strategy reads them.
    const tape = new Set(options.trades === true ? symbols : []);
    if (this.venue !== undefined && this.options.venueTrades === true)
      for (const symbol of setup.symbols) tape.add(symbol);
    for (const symbol of tape) this.subscribe({ kind: 'trades', symbol });
    if (options.tickers === true) for (const symbol of symbols) this.subscribe({ kind: 'ticker', symbol });
    const entry: Attached = {
      host,
      candle: candles,
      trade: options.trades === true ? symbols : undefined,
      ticker: options.tickers === true ? symbols : undefined,
    };
    this.entries.set(id, entry);
    this.attached = [...this.attached, entry];
    if (host.status().state === 'created') this.step(id, 'start', () => host.start());
  }

  /**
   * Stops a strategy (its `onStop` runs, its state is saved), cancels its working orders unless told not
   * to, and stops delivering to it. The other strategies are untouched. False when it was not attached.
   */
  detach(strategyId: string, options: DetachOptions = {}): boolean {
    const entry = this.entries.get(strategyId);
    if (entry === undefined) return false;
    this.entries.delete(strategyId);
    this.attached = this.attached.filter((e) => e !== entry);
    const { orders } = this.kernel;
    const id = entry.host.strategyId;
    this.step(strategyId, 'stop', () => {
      // What worked before the stop is cancelled; what onStop itself sends (an exit) stands.
      const working = options.cancelOpenOrders === false ? [] : orders.openOrders(id);
      entry.host.stop(options.reason ?? 'detached');
      this.kernel.drain();
      for (const order of working) orders.cancel(id, order.clientOrderId);
    });
    return true;
  }

  /** Detaches every strategy and stops listening to the feed (the feed itself is the caller's). */
  close(reason = 'driver closed'): void {
    for (const entry of this.attached) this.detach(entry.host.strategyId, { reason });
    this.off();
  }

  /** Moves the clock to `ts` (when later) and fires due timers: the heartbeat between market events. */
  advanceTo(ts: number): void {
    const now = this.advanceClock(ts);
    this.kernel.stepAlgorithms(now);
    this.toHosts('timers', now, '', undefined);
  }

  /** The feed listener (public so a caller may push events itself): one event, fully processed. */
  readonly onMarketEvent = (event: MarketEvent): void => {
    if (event.kind === 'trade') this.onTrade(event.trade);
    else if (event.kind === 'candle') this.onCandle(event.update);
    else if (event.kind === 'ticker') {
      const ticker = event.ticker;
      this.toHosts('ticker', this.advanceClock(ticker.tsEvent), ticker.symbol, ticker);
    } else if (event.kind === 'status') this.options.onStatus?.(event.status);
    // order books: nothing in the kernel reads them yet
  };

  private onTrade(trade: Trade): void {
    const now = this.advanceClock(trade.tsEvent);
    try {
      this.matched(trade.symbol, trade.price, this.venue?.onTrade(trade));
    } catch (error) {
      this.fail(error, { during: 'trade' }); // an event the venue or kernel failed on goes no further
      return;
    }
    this.toHosts('trade', now, trade.symbol, trade);
  }

  private onCandle(update: CandleUpdate): void {
    if (!update.closed) return; // a forming candle is not a decision point
    const { symbol, candle } = update;
    let timeframe: Timeframe;
    let now: number;
    try {
      timeframe = parseTimeframe(update.timeframe);
      const closeTs = candleCloseTime(candle.ts, timeframe);
      now = this.advanceClock(closeTs);
      // Only the symbol's finest series moves venue and marks; coarser ones go to strategies only.
      if (this.finestMs.get(symbol) === nominalTimeframeMs(timeframe))
        this.matched(symbol, candle.close, this.venue?.onCandle(symbol, candle, closeTs), candle.volume);
    } catch (error) {
      this.fail(error, { during: 'candle' });
      return;
    }
    this.toHosts('candle', now, seriesKey(symbol, timeframe), update, timeframe);
  }

  /**
   * After the venue saw a print or candle (`moved`: it matched it; undefined: there is no venue): drain,
   * then mark the portfolio at the venue's last price — or, without a venue, at the event's price.
   */
  private matched(symbol: string, price: number, moved: boolean | undefined, volume = 0): void {
    if (moved === false) return;
    if (moved === true) this.kernel.drain();
    const mark = moved === true ? this.venue!.lastPrice(symbol) : price;
    const index = this.kernel.portfolio.symbolIndex(symbol);
    if (index >= 0 && mark > 0) this.kernel.portfolio.mark(index, mark);
    this.options.onMarked?.(symbol, this.clock.now());
    // Execution algorithms step on the same clock, after the venue and before the strategies (as backtests).
    const algos = this.kernel.algos;
    if (algos.workingCount > 0) {
      if (volume > 0) algos.barClosed(symbol, { volume });
      this.kernel.stepAlgorithms(this.clock.now());
    }
  }

  /**
   * Per host, in attach order: due timers, the event when the host asked for it (`key`: the trade's or
   * ticker's symbol, the candle's `symbol@timeframe`), a drain. A failure is reported; the others go on.
   */
  private toHosts(
    during: 'trade' | 'ticker' | 'candle' | 'timers',
    now: number,
    key: string,
    event: Trade | Ticker | CandleUpdate | undefined,
    timeframe?: Timeframe,
  ): void {
    const list = this.attached;
    for (let k = 0; k < list.length; k++) {
      const entry = list[k]!;
      const host = entry.host;
      try {
        host.advanceTo(now);
        const wanted = during === 'timers' ? undefined : entry[during];
        if (wanted?.has(key) === true) {
          if (during === 'trade') host.trade(event as Trade);
          else if (during === 'ticker') host.tick(event as Ticker);
          else host.candleClosed((event as CandleUpdate).symbol, timeframe!, (event as CandleUpdate).candle);
        }
        this.kernel.drain();
      } catch (error) {
        this.fail(error, { strategyId: host.strategyId, during });
      }
    }
  }

  /** A start or stop of one host, then a drain; a failure is reported. */
  private step(strategyId: string, during: 'start' | 'stop', action: () => void): void {
    try {
      action();
      this.kernel.drain();
    } catch (error) {
      this.fail(error, { strategyId, during });
    }
  }

  private fail(error: unknown, context: DriverErrorContext): void {
    const failure = toQuantLabError(error);
    if (this.options.onError === undefined) throw failure;
    this.options.onError(failure, context);
  }

  private advanceClock(ts: number): number {
    const clock = this.clock;
    if (ts > clock.now()) clock.set(ts);
    return clock.now();
  }

  /** Subscribes a candle series and keeps the symbol's finest length; returns the canonical timeframe. */
  private subscribeCandles(symbol: string, text: string): Timeframe {
    const timeframe = parseTimeframe(text);
    this.subscribe({ kind: 'candles', symbol, timeframe });
    const ms = nominalTimeframeMs(timeframe);
    if (!(ms >= (this.finestMs.get(symbol) ?? Number.POSITIVE_INFINITY))) this.finestMs.set(symbol, ms);
    return timeframe;
  }

  private subscribe(subscription: FeedSubscription): void {
    const { kind, symbol } = subscription;
    const key = `${kind}|${symbol}|${kind === 'candles' ? subscription.timeframe : ''}`;
    if (this.subscribed.has(key)) return;
    this.options.feed.subscribe(subscription);
    this.subscribed.add(key);
  }
}

function invalid(message: string, strategyId: string): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Market driver: ${message}.`, { details: { strategyId } });
}
