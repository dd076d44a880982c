/**
 * Minimal message shapes for the non-market topic families. They are deliberately small: later issues
 * (order management, risk, portfolio) will refine them. Every message carries `tsEvent` (when it
 * happened) and `tsInit` (when we saw or created it), epoch milliseconds, as DESIGN §2 asks.
 * Messages must be plain JSON data (no Dates, Maps, class instances, `undefined` values that matter):
 * the NATS bus sends them as JSON.
 */

import type { Candle } from '../core/market.js';
import type { OrderType } from '../core/order.js';
import type { OrderSide } from '../core/side.js';

export type { OrderSide, OrderType };

/** The timestamps every bus message carries. */
export interface Timestamped {
  /** When it happened, epoch ms. */
  tsEvent: number;
  /** When we saw or created it, epoch ms. */
  tsInit: number;
}

/** `md.candle.*`: a candle update for one market and timeframe; `closed` once its interval has ended. */
export interface CandleUpdate extends Timestamped {
  exchange: string;
  /** Unified symbol as the user writes it (`BTC/USDT:USDT`), not the topic token. */
  symbol: string;
  timeframe: string;
  candle: Candle;
  closed: boolean;
}

/** `signal.order_intent`: a strategy wants a position change; the risk gate decides. */
export interface OrderIntent extends Timestamped {
  intentId: string;
  strategyId: string;
  exchange: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  /** Base quantity (or contracts). */
  qty: number;
  /** Limit price; absent for market orders. */
  price?: number;
}

/** `risk.decision`: the risk gate's answer to one order intent. */
export interface RiskDecision extends Timestamped {
  intentId: string;
  approved: boolean;
  /** Why it was denied (or adjusted); absent when simply approved. */
  reason?: string;
  /** The rule that denied it and the numbers it compared (denials). */
  rule?: string;
  details?: Record<string, number | string>;
  strategyId?: string;
}

/** `order.request`: a command to send one order to a venue (persisted before it is sent). */
export interface OrderRequest extends Timestamped {
  clientOrderId: string;
  intentId?: string;
  exchange: string;
  symbol: string;
  side: OrderSide;
  type: OrderType;
  qty: number;
  price?: number;
}

/** `execution.ack`: the execution service received an order request (accepted for sending or refused). */
export interface ExecutionAck extends Timestamped {
  clientOrderId: string;
  accepted: boolean;
  venueOrderId?: string;
  reason?: string;
}

export type ExecutionStatus =
  | 'accepted'
  | 'partially_filled'
  | 'filled'
  | 'canceled'
  | 'rejected'
  | 'expired';

/** `execution.report`: what the venue told us about an order (status change and/or a fill). */
export interface ExecutionReport extends Timestamped {
  clientOrderId: string;
  venueOrderId?: string;
  status: ExecutionStatus;
  /** Cumulative filled quantity. */
  filledQty: number;
  avgPrice?: number;
  /** The fill this report carries, if any (de-duplicated downstream by `tradeId`). */
  fill?: { tradeId: string; qty: number; price: number; fee: number; feeCurrency: string };
}

/** `portfolio.snapshot`: equity and positions at one moment. */
export interface PortfolioSnapshot extends Timestamped {
  equity: number;
  cash: number;
  positions: Array<{
    exchange: string;
    symbol: string;
    qty: number;
    avgPrice: number;
    unrealizedPnl: number;
  }>;
}

export type AlertLevel = 'info' | 'warning' | 'critical';

/** `risk.alert`: a risk rule fired (breaker tripped, limit near, kill switch). */
export interface RiskAlert extends Timestamped {
  level: AlertLevel;
  rule: string;
  message: string;
}

/** `system.<event>`: lifecycle and control events (`started`, `stopping`, `kill_switch`, `heartbeat`). */
export interface SystemEvent extends Timestamped {
  /** The process or service that emitted it. */
  source: string;
  /** Free-form facts (plain JSON, never secrets). */
  detail?: Record<string, unknown>;
}
