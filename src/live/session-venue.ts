/**
 * The venue side of a trading session: the paper account or the exchange venue, wired to the session's
 * hooks for what the venue learns (events to drain, news that we are out of step, foreign fills, refused
 * credentials); the account the kernel starts from; the private streams; a foreign fill as the journal
 * keeps it.
 */

import type { Fill } from '../core/fill.js';
import type { Instrument } from '../core/instrument.js';
import type { KernelOptions } from '../engine/kernel.js';
import { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type { ExchangeClient, FillReport } from '../venues/exchange/types.js';
import type { Heartbeat } from './heartbeat.js';
import type { Journal } from './journal.js';
import { PaperAccount } from './paper-account.js';
import { settleCapital } from './recovery.js';
import { settleCurrency, type TradingSessionOptions } from './session-support.js';

export interface SessionVenueHooks {
  /** Events were queued for the kernel. */
  readonly drainSoon: () => void;
  /** News that we may be out of step with the venue (an order or a fill that is not ours). */
  readonly reconcileSoon: () => void;
  /** An execution of an order that is not one of ours, or of one we had given up on. */
  readonly externalFill: (fill: FillReport) => void;
  /** The venue refused our credentials. */
  readonly halt: (reason: string) => void;
}

export interface SessionVenueSetup {
  readonly venue: PaperAccount | ExchangeVenue;
  /** Set for exchange accounts (reconciliation, pruning, latency). */
  readonly exchangeVenue: ExchangeVenue | undefined;
  /** What the kernel's portfolio starts from: an exchange account's capital is the venue's balance. */
  readonly account: KernelOptions['account'];
}

export async function createSessionVenue(
  options: TradingSessionOptions,
  journal: Journal,
  hooks: SessionVenueHooks,
): Promise<SessionVenueSetup> {
  const { venue: spec, instruments, logger } = options;
  if (spec.kind === 'paper') {
    const { currency, capital, marginMode } = spec.options.account;
    const venue = new PaperAccount(
      { ...spec.options, exchange: options.exchange, instruments },
      Date.now().toString(36),
      journal,
    );
    return {
      venue,
      exchangeVenue: undefined,
      account: { currency, capital, ...(marginMode ? { marginMode } : {}) },
    };
  }
  const currency = settleCurrency(instruments);
  const venue = new ExchangeVenue({
    client: spec.client,
    instrument: (symbol) => instruments.find((i) => i.symbol === symbol),
    outbox: journal,
    clock: { now: Date.now },
    notify: hooks.drainSoon,
    logger,
    ...(spec.marginMode === undefined ? {} : { marginMode: spec.marginMode }),
    ...(options.venuePolicy === undefined ? {} : { policy: options.venuePolicy }),
    onExternalOrder: () => hooks.reconcileSoon(),
    onExternalFill: (fill) => {
      hooks.externalFill(fill);
      hooks.reconcileSoon();
    },
    onHalt: hooks.halt,
  });
  const capital = await settleCapital(spec.client, currency, instruments);
  return { venue, exchangeVenue: venue, account: { currency, capital } };
}

/**
 * Feeds the account's private streams to the venue. Their health goes to the heartbeat, and after every
 * reconnect (not on every repeat of a status) a reconciliation finds out what we missed while it was down.
 */
export function startPrivateStreams(
  client: ExchangeClient,
  instruments: readonly Instrument[],
  venue: ExchangeVenue,
  heartbeat: Heartbeat,
  reconcileSoon: () => void,
): Promise<void> {
  let streamState: string | undefined;
  return client.startStreams(
    instruments.map((i) => i.symbol),
    (event) => {
      if (event.kind === 'status') {
        const { state, reason } = event.status;
        heartbeat.report('private-stream', state === 'live' ? 'ok' : 'degraded', reason ?? state);
        if (state === 'live' && streamState !== undefined && streamState !== 'live') reconcileSoon();
        streamState = state;
      } else venue.onStreamEvent(event);
    },
  );
}

/** A fill of an order that is not ours, as the journal keeps it (under the `external` strategy). */
export function externalFill(fill: FillReport, exchange: string): Fill {
  return {
    tradeId: fill.tradeId as never,
    clientOrderId: 'external' as never,
    ...(fill.venueOrderId === '' ? {} : { venueOrderId: fill.venueOrderId as never }),
    instrumentId: `${exchange}:${fill.symbol}` as never,
    side: fill.side,
    qty: fill.qty,
    price: fill.price,
    fee: fill.fee,
    feeCurrency: fill.feeCurrency,
    liquidity: fill.liquidity,
    tsEvent: fill.tsEvent,
    tsInit: Date.now(),
  };
}
