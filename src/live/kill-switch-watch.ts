/**
 * A session's obedience to the stored kill switch, which another process (`quantlab risk kill`) may
 * engage at any time. Engaged: every new order is denied (reduce-only closes excepted, so flattening can
 * go out), working orders are cancelled, positions flattened when asked, and the engagement published.
 * Without flattening, reduce-only stop orders stay: the positions are kept, and cancelling their stops
 * would leave them unprotected — a kill switch must not add risk.
 * Lifted: trading resumes. Each engagement is acted on once, however often the switch is read.
 */

import { type EventBus, topics } from '../bus/index.js';
import type { Instrument } from '../core/instrument.js';
import type { Order } from '../core/order.js';
import type { Kernel } from '../engine/kernel.js';
import type { KillSwitch } from '../risk/kill-switch.js';
import { flattenStrategies } from './flatten.js';
import { isWorkingStatus } from './session-support.js';

/** A reduce-only stop (stop-loss, trailing stop): it can only close a position, never open one. */
function isProtectiveStop(order: Order): boolean {
  return (
    order.reduceOnly &&
    (order.type === 'stop-market' || order.type === 'stop-limit' || order.type === 'trailing-stop')
  );
}

export interface KillSwitchWatchOptions {
  readonly killSwitch: Pick<KillSwitch, 'state'>;
  /** The session's kernel, once it has started. */
  readonly kernel: () => Kernel | undefined;
  readonly instruments: readonly Instrument[];
  readonly bus: EventBus;
  /** Who publishes the engagement (`trade:<account>`). */
  readonly source: string;
  /** The session stopped: the switch is no longer obeyed. */
  readonly stopped: () => boolean;
  /** Halts trading for the kill switch, reduce-only orders still allowed. */
  readonly halt: (reason: string) => void;
  readonly resume: () => void;
  /** Runs the kernel's queued work (the cancels and closes just sent). */
  readonly drain: () => void;
}

export class KillSwitchWatch {
  /** When the engagement acted on was made; undefined while the switch is lifted. */
  private engagedAt: number | undefined;

  constructor(private readonly options: KillSwitchWatchOptions) {}

  /** Reads the stored switch and acts on a change (a failed read changes nothing). */
  async obey(): Promise<void> {
    const { options } = this;
    const state = await options.killSwitch.state().catch(() => undefined);
    if (state === undefined || options.stopped()) return;
    if (!state.engaged) {
      if (this.engagedAt !== undefined) {
        this.engagedAt = undefined;
        options.resume();
      }
      return;
    }
    if (this.engagedAt === state.at) return;
    this.engagedAt = state.at ?? Date.now();
    options.halt(state.reason ?? 'engaged');
    const kernel = options.kernel();
    if (kernel === undefined) return;
    const flatten = state.flatten === true;
    for (const order of [...kernel.orders.all()]) {
      if (!isWorkingStatus(order.status)) continue;
      if (!flatten && isProtectiveStop(order)) continue;
      kernel.orders.cancel(order.strategyId, order.clientOrderId);
    }
    if (flatten) flattenStrategies(kernel, options.instruments);
    options.drain();
    options.bus.publish(topics.system('kill_switch'), {
      source: options.source,
      tsEvent: Date.now(),
      tsInit: Date.now(),
      detail: { engaged: true, reason: state.reason ?? '', flatten: state.flatten === true },
    });
  }
}
