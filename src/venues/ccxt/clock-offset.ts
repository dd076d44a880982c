/**
 * Venue time minus local time, and signing with it. ccxt's okx and binance sign with `nonce()`, which is
 * `milliseconds() - options.timeDifference` (okx.js, binance.js): OKX's `OK-ACCESS-TIMESTAMP` header
 * and Binance's `timestamp` parameter. ccxt's own `loadTimeDifference` sets `timeDifference` to
 * local − venue using the receive time only; here the round trip is split in half (NTP's estimate):
 * offset = venueTime − (sendTime + receiveTime) / 2, and `timeDifference = −offset`.
 *
 * OKX's WebSocket login signs with ccxt's `seconds()`, which this does not move: OKX accepts a login
 * within 30 s of its clock, far wider than the REST window.
 */

import type { Exchange } from 'ccxt';
import { ExchangeError } from '../exchange/types.js';
import type { Timers } from './options.js';

export interface ClockSample {
  readonly offsetMs: number;
  readonly roundTripMs: number;
}

export class ClockOffset {
  #offsetMs = 0;

  constructor(
    private readonly exchange: Exchange,
    private readonly timers: Timers,
  ) {}

  get offsetMs(): number {
    return this.#offsetMs;
  }

  /** Venue time now, as far as we know it. */
  now(): number {
    return this.timers.now() + this.#offsetMs;
  }

  /** Makes ccxt sign with local time + `offsetMs`. */
  apply(offsetMs: number): void {
    this.#offsetMs = offsetMs;
    (this.exchange.options as Record<string, unknown>).timeDifference = -offsetMs;
  }

  /** Asks the venue for its time (`fetchTime`) and applies the offset. */
  async measure(
    fetchTime: () => Promise<number | undefined> = () => this.exchange.fetchTime(),
  ): Promise<ClockSample> {
    const sentAt = this.timers.now();
    const venueTime = await fetchTime();
    const receivedAt = this.timers.now();
    if (venueTime === undefined || !Number.isFinite(venueTime)) {
      throw new ExchangeError('unavailable', `${this.exchange.id} did not say what time it is`);
    }
    const offsetMs = Math.round(venueTime - (sentAt + receivedAt) / 2);
    this.apply(offsetMs);
    return { offsetMs, roundTripMs: receivedAt - sentAt };
  }
}
