/**
 * When a session reconciles with its exchange account: on demand (at start, on a timer), and debounced
 * after news that we may be out of step (a reconnect, a foreign order or fill). One pass at a time: two
 * passes comparing positions at once would both adopt the same drift. A failed pass halts trading until
 * one succeeds; drift is published as a risk alert.
 */

import { topics } from '../bus/index.js';
import type { Kernel } from '../engine/kernel.js';
import type { ExchangeVenue } from '../venues/exchange/exchange-venue.js';
import type { FillReport } from '../venues/exchange/types.js';
import { type ReconcileResult, reconcile } from './reconcile.js';
import type { TradingSessionOptions } from './session-support.js';

export interface SessionReconcilerOptions {
  readonly session: Pick<TradingSessionOptions, 'venue' | 'instruments' | 'bus'>;
  /** The exchange venue and the kernel, once the session has started them. */
  readonly venue: () => ExchangeVenue | undefined;
  readonly kernel: () => Kernel | undefined;
  readonly recordExternalFill: (fill: FillReport) => void;
  readonly drain: () => void;
  /** The session stopped: no pass is scheduled any more. */
  readonly stopped: () => boolean;
  /** Halts trading for the failed pass (`reconciliation`). */
  readonly halt: (message: string) => void;
  readonly resume: () => void;
}

export class SessionReconciler {
  private lastResult: ReconcileResult | undefined;
  private running: Promise<ReconcileResult | undefined> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SessionReconcilerOptions) {}

  /** The last pass's result. */
  get last(): ReconcileResult | undefined {
    return this.lastResult;
  }

  /** Reconciles now, or joins the pass already running; undefined for a paper account or before start. */
  now(): Promise<ReconcileResult | undefined> {
    this.running ??= this.once().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Debounced reconciliation after news that we may be out of step. */
  soon(): void {
    if (this.timer !== undefined || this.options.stopped()) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.now();
    }, 250);
    this.timer.unref();
  }

  /** Cancels a pass scheduled by `soon`. */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  private async once(): Promise<ReconcileResult | undefined> {
    const { options } = this;
    const { session } = options;
    const venue = options.venue();
    const kernel = options.kernel();
    if (venue === undefined || kernel === undefined || session.venue.kind !== 'exchange') return undefined;
    const result = await reconcile({
      client: session.venue.client,
      venue,
      orders: kernel.orders,
      portfolio: kernel.portfolio,
      instruments: session.instruments,
      since: Date.now() - 24 * 3_600_000,
      now: Date.now,
      recordExternalFill: options.recordExternalFill,
      drain: options.drain,
    });
    this.lastResult = result;
    options.drain();
    if (!result.ok) options.halt(result.error ?? 'failed');
    else {
      options.resume();
      for (const d of result.drift) {
        session.bus.publish(topics.riskAlert, {
          level: 'warning',
          rule: 'position-drift',
          message: `${d.symbol}: we held ${d.ours}, the venue ${d.venue}; the difference is held as external`,
          tsEvent: Date.now(),
          tsInit: Date.now(),
        });
      }
    }
    return result;
  }
}
