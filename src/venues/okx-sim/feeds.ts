/**
 * What the WebSocket channels carry: the engine's events as private pushes (`orders`, `orders-algo`,
 * `positions`, `balance_and_position`, `account`), one round of market pushes per replayed candle
 * (tickers, trades, candles, books, books5, bbo-tbt, mark-price, funding-rate), and what a new
 * subscription gets at once (a books snapshot, the current ticker, the positions, the account).
 */

import { balanceAndPositionRow, balanceRow, positionRow } from './account-rows.js';
import type { MatchingEngine } from './engine.js';
import type { SimInstrument } from './instruments.js';
import { bookChecksum, type MarketData } from './market-data.js';
import { fmt } from './numbers.js';
import { algoRow, orderPushRow } from './order-rows.js';
import type { EngineEvent, SimPosition } from './types.js';
import { matchesInstrument, type SubscribeArg } from './ws-channels.js';
import type { WsHub } from './ws-hub.js';

const BOOK_DEPTH = 25;

interface BookState {
  bids: string[][];
  asks: string[][];
  seqId: number;
  ts: string;
}

export interface FeedsOptions {
  fundingRate: number;
  /** USD price of a currency (1 for USDT/USDC, the last price of its USDT market otherwise). */
  usdPrice(ccy: string): number;
}

export class Feeds {
  readonly #books = new Map<string, BookState>();

  constructor(
    private readonly hub: WsHub,
    private readonly engine: MatchingEngine,
    private readonly market: MarketData,
    private readonly options: FeedsOptions,
  ) {}

  /** The balance row of `currencies`, or of every currency held (USDT always). */
  balanceRow(currencies?: readonly string[]): Record<string, unknown> {
    const account = this.engine.account;
    const held = account.currencies().filter((ccy) => ccy === 'USDT' || account.cash(ccy) !== 0);
    return balanceRow(account, currencies ?? held, this.options.usdPrice, this.engine.now());
  }

  positionRow(position: SimPosition): Record<string, unknown> {
    return positionRow(this.engine.account, position, this.engine.lastPrice(position.inst));
  }

  onEngineEvent(event: EngineEvent): void {
    const hub = this.hub;
    // Rows are built now (they are snapshots of this moment), and only for channels someone listens to.
    if (event.type === 'order') {
      if (!hub.hasSubscribers('orders')) return;
      const { inst } = event.order;
      const data = [orderPushRow(event.order, event.fill, event.amended)];
      hub.publish('orders', (arg) => matchesInstrument(arg, inst.instType, inst.instId), { data });
    } else if (event.type === 'algo') {
      if (!hub.hasSubscribers('orders-algo')) return;
      const { inst } = event.algo;
      hub.publish('orders-algo', (arg) => matchesInstrument(arg, inst.instType, inst.instId), {
        data: [algoRow(event.algo)],
      });
    } else if (event.type === 'position') {
      const { inst } = event.position;
      if (hub.hasSubscribers('positions')) {
        const data = [this.positionRow(event.position)];
        hub.publish('positions', (arg) => matchesInstrument(arg, inst.instType, inst.instId), { data });
      }
      if (hub.hasSubscribers('balance_and_position')) {
        const bp = balanceAndPositionRow(
          this.engine.account,
          [event.position],
          event.fill,
          this.engine.now(),
        );
        hub.publish('balance_and_position', () => true, { data: [bp] });
      }
    } else {
      // One push per distinct `ccy` filter: each subscription gets the currencies it asked for.
      const filters = new Set(hub.subscriptions('account').map((arg) => arg.ccy));
      for (const ccy of filters) {
        const row = this.balanceRow(ccy === undefined ? undefined : ccy.split(','));
        hub.publish('account', (arg) => arg.ccy === ccy, { data: [row] });
      }
    }
  }

  /** Market pushes after a replayed candle (already recorded in the market data). */
  onCandle(inst: SimInstrument): void {
    const hub = this.hub;
    const { instId } = inst;
    const last = this.engine.lastPrice(inst);
    const forInst = (arg: SubscribeArg) => arg.instId === instId;
    if (hub.hasSubscribers('tickers', instId))
      hub.publish('tickers', forInst, { data: [this.market.ticker(inst, last)] });
    if (hub.hasSubscribers('trades', instId))
      hub.publish('trades', forInst, { data: this.market.trades(inst, 1) });
    if (hub.hasSubscribers('mark-price', instId))
      hub.publish('mark-price', forInst, { data: [this.#markRow(inst)] });
    if (hub.hasSubscribers('funding-rate', instId) && inst.instType === 'SWAP') {
      hub.publish('funding-rate', forInst, { data: [this.market.funding(inst, this.options.fundingRate)] });
    }
    for (const channel of hub.channelsFor(instId, 'candle')) {
      const bar = channel.slice('candle'.length);
      // A bar finer than the replayed candle (`candle1s`): one push per slice, oldest first, as OKX
      // pushes each second's candle.
      const rows = this.market.candles(inst, { bar, limit: this.market.candlesPerPlay(bar) });
      for (let i = rows.length - 1; i >= 0; i--) hub.publish(channel, forInst, { data: [rows[i]!] });
    }
    const book = this.market.book(inst, last, BOOK_DEPTH);
    const ts = String(this.engine.now());
    if (hub.hasSubscribers('books5', instId)) {
      hub.publish('books5', forInst, {
        data: [{ asks: book.asks.slice(0, 5), bids: book.bids.slice(0, 5), instId, ts, seqId: 0 }],
      });
    }
    if (hub.hasSubscribers('bbo-tbt', instId)) {
      hub.publish('bbo-tbt', forInst, {
        data: [{ asks: book.asks.slice(0, 1), bids: book.bids.slice(0, 1), ts, seqId: 0 }],
      });
    }
    this.#bookUpdate(inst, book, ts);
  }

  #markRow(inst: SimInstrument): Record<string, string> {
    return {
      instType: inst.instType,
      instId: inst.instId,
      markPx: fmt(this.engine.lastPrice(inst)),
      ts: String(this.engine.now()),
    };
  }

  /** `books`: the levels that changed since the last push (size "0" removes one), with seqId and checksum. */
  #bookUpdate(inst: SimInstrument, book: { bids: string[][]; asks: string[][] }, ts: string): void {
    const state = this.#books.get(inst.instId);
    if (state === undefined) return;
    const diff = (before: string[][], after: string[][]) => {
      const old = new Map(before.map((l) => [l[0]!, l]));
      const next = new Map(after.map((l) => [l[0]!, l]));
      const changes: string[][] = [];
      for (const [px, level] of next) if (old.get(px)?.[1] !== level[1]) changes.push(level);
      for (const px of old.keys()) if (!next.has(px)) changes.push([px, '0', '0', '0']);
      return changes;
    };
    const bids = diff(state.bids, book.bids);
    const asks = diff(state.asks, book.asks);
    const prevSeqId = state.seqId;
    Object.assign(state, { bids: book.bids, asks: book.asks, seqId: prevSeqId + 1, ts });
    const checksum = bookChecksum(book.bids, book.asks);
    this.hub.publish('books', (arg) => arg.instId === inst.instId, {
      action: 'update',
      data: [{ asks, bids, ts, checksum, prevSeqId, seqId: state.seqId }],
    });
  }

  /** What a subscription gets right after its ack. */
  initialFrames(arg: SubscribeArg): object[] {
    const engine = this.engine;
    const inst = arg.instId === undefined ? undefined : engine.instrument(arg.instId);
    const positions = () =>
      engine.account.positions().filter((p) => matchesInstrument(arg, p.inst.instType, p.inst.instId));
    switch (arg.channel) {
      case 'positions':
        return [{ data: positions().map((p) => this.positionRow(p)) }];
      case 'account':
        return [{ data: [this.balanceRow(arg.ccy === undefined ? undefined : arg.ccy.split(','))] }];
      case 'balance_and_position':
        return [{ data: [balanceAndPositionRow(engine.account, positions(), undefined, engine.now())] }];
    }
    if (inst === undefined) return [];
    const last = engine.lastPrice(inst);
    switch (arg.channel) {
      case 'tickers':
        return [{ data: [this.market.ticker(inst, last)] }];
      case 'mark-price':
        return [{ data: [this.#markRow(inst)] }];
      case 'funding-rate':
        return inst.instType === 'SWAP'
          ? [{ data: [this.market.funding(inst, this.options.fundingRate)] }]
          : [];
      case 'books': {
        let state = this.#books.get(inst.instId);
        if (state === undefined) {
          const book = this.market.book(inst, last, BOOK_DEPTH);
          state = { ...book, seqId: 1, ts: String(engine.now()) };
          this.#books.set(inst.instId, state);
        }
        const checksum = bookChecksum(state.bids, state.asks);
        return [
          {
            action: 'snapshot',
            data: [
              {
                asks: state.asks,
                bids: state.bids,
                ts: state.ts,
                checksum,
                prevSeqId: -1,
                seqId: state.seqId,
              },
            ],
          },
        ];
      }
    }
    if (arg.channel.startsWith('candle')) {
      const rows = this.market.candles(inst, { bar: arg.channel.slice('candle'.length), limit: 1 });
      return rows.length > 0 ? [{ data: rows }] : [];
    }
    return [];
  }
}
