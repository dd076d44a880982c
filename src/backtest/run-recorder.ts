/**
 * What a backtest records while it runs — fills into round-trip trades, funding, liquidations, signals —
 * and how the result is assembled at the end (metrics, monthly returns, long/short split).
 */

import type { Fill } from '../core/fill.js';
import type { Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import type { OrderManagerObserver } from '../engine/order-manager.js';
import type { Portfolio } from '../engine/portfolio.js';
import type { SignalSinkPort } from '../strategies/ports.js';
import { computeMetrics, monthlyReturns, sideSummary, TradeBook } from './metrics/index.js';
import type { BacktestSignal } from './run.js';
import type { BacktestChartData, BacktestConfig, BacktestResult, SeriesData } from './types.js';

export interface FinishInput {
  readonly id: string;
  readonly curve: { readonly ts: Float64Array; readonly equity: Float64Array; readonly length: number };
  readonly startTs: number;
  readonly endTs: number;
  readonly exposure: number;
  readonly portfolio: Portfolio;
  readonly refusals: Readonly<Record<string, number>>;
  readonly bars: number;
  readonly elapsedMs: number;
  readonly summaryOnly: boolean;
}

export interface RunRecorder {
  readonly signalSink: SignalSinkPort;
  readonly signals: BacktestSignal[];
  observer(instruments: readonly Instrument[]): OrderManagerObserver;
  /** Σ signed fill quantity per symbol (a position never exists without fills). */
  filledQty(symbol: string): number;
  finish(input: FinishInput): BacktestResult;
  chart(series: SeriesData, fromIndex: number, summaryOnly: boolean): BacktestChartData;
}

export function createRunRecorder(config: BacktestConfig, recordSignals: boolean): RunRecorder {
  const book = new TradeBook();
  const signals: BacktestSignal[] = [];
  const markers: BacktestChartData['fills'] = [];
  const filled = new Map<string, number>();
  const mainSymbol = config.symbols[0];
  let liquidations = 0;
  const symbolOf = (instrumentId: string) => instrumentId.slice(instrumentId.indexOf(':') + 1);

  const record = (inst: Instrument, fill: Fill, reason: string) => {
    const symbol = inst.symbol;
    filled.set(symbol, (filled.get(symbol) ?? 0) + (fill.side === 'buy' ? fill.qty : -fill.qty));
    book.fill({
      symbol,
      side: fill.side,
      qty: fill.qty,
      price: fill.price,
      fee: fill.fee,
      ts: fill.tsEvent,
      contractValue: inst.contractValue,
      inverse: inst.inverse,
      reason,
    });
    if (symbol === mainSymbol)
      markers.push({ ts: fill.tsEvent, price: fill.price, side: fill.side, qty: fill.qty });
  };

  return {
    signals,
    signalSink: {
      recording: recordSignals,
      signal(entry) {
        if (recordSignals) signals.push({ ts: entry.ts, kind: entry.kind, payload: entry.payload });
      },
    },
    observer(instruments) {
      const bySymbol = new Map(instruments.map((inst) => [inst.symbol, inst]));
      const instrumentOf = (instrumentId: string) => bySymbol.get(symbolOf(instrumentId))!;
      return {
        onFill(_order: Order, fill: Fill, reason: string) {
          record(instrumentOf(fill.instrumentId), fill, reason);
        },
        onFunding(event) {
          book.funding(symbolOf(event.instrumentId), event.amount);
        },
        onLiquidation(event) {
          liquidations += 1;
          record(instrumentOf(event.fill.instrumentId), event.fill, 'liquidation');
        },
      };
    },
    filledQty: (symbol) => filled.get(symbol) ?? 0,
    finish(input) {
      const { portfolio, curve } = input;
      const { trades, details } = book.finish(input.endTs, (symbol) => {
        const index = portfolio.symbolIndex(symbol);
        return portfolio.markOf(index);
      });
      const metrics = computeMetrics({
        ts: curve.ts,
        equity: curve.equity,
        length: curve.length,
        startEquity: config.capital,
        trades,
        fees: portfolio.fees,
        funding: portfolio.funding,
        exposure: input.exposure,
        startTs: input.startTs,
      });
      const result = {
        id: input.id,
        config,
        metrics,
        trades,
        extras: {
          monthlyReturns: monthlyReturns(curve.ts, curve.equity, curve.length, config.capital),
          long: sideSummary(trades, 'long'),
          short: sideSummary(trades, 'short'),
          tradeDetails: details,
          liquidations,
          rejectedOrders: { ...input.refusals },
          bars: input.bars,
          elapsedMs: Math.round(input.elapsedMs * 1000) / 1000,
        },
      } as BacktestResult;
      // The [ts, equity] pairs (525,600 small arrays for a year of 1m bars) are built on first use, so a
      // run that only needs metrics (a sweep, a benchmark) never pays for them.
      let pairs: Array<[number, number]> | undefined;
      Object.defineProperty(result, 'equity', {
        enumerable: true,
        configurable: true,
        get: () => {
          if (pairs === undefined) {
            pairs = [];
            if (!input.summaryOnly)
              for (let i = 0; i < curve.length; i++) pairs.push([curve.ts[i]!, curve.equity[i]!]);
          }
          return pairs;
        },
        set: (value: Array<[number, number]>) => {
          pairs = value;
        },
      });
      return result;
    },
    chart(series, fromIndex, summaryOnly) {
      const end = summaryOnly ? fromIndex : series.ts.length;
      return {
        symbol: series.symbol,
        timeframe: series.timeframe,
        candles: {
          ts: series.ts.subarray(fromIndex, end),
          open: series.open.subarray(fromIndex, end),
          high: series.high.subarray(fromIndex, end),
          low: series.low.subarray(fromIndex, end),
          close: series.close.subarray(fromIndex, end),
          volume: series.volume.subarray(fromIndex, end),
        },
        fills: summaryOnly ? [] : markers,
      };
    },
  };
}
