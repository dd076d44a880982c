/**
 * The strategies of a trading session: each runs in its own slot with its own symbols, parameters and
 * state, and can be started, stopped or swapped for a new version without touching the others. A slot's
 * `ctx.state` is saved through the journal and loaded again when the slot starts, so it survives a
 * restart; client order ids continue past the last one the strategy used on the account.
 */

import { QuantLabError } from '../core/errors.js';
import { strategyId as toStrategyId } from '../core/ids.js';
import type { Kernel } from '../engine/kernel.js';
import type { StrategyHost, StrategyHostEvent } from '../strategies/host.js';
import type { PersistedState, StateStorePort } from '../strategies/ports.js';
import type { StrategyDefinition } from '../strategies/types.js';
import type { Journal } from './journal.js';
import type { MarketDriver } from './market-driver.js';

export interface StrategySlotSpec {
  /** The instance id (unique in the session), e.g. `sma-btc-1`. */
  readonly id: string;
  // biome-ignore lint/suspicious/noExplicitAny: any definition, whatever its parameter table
  readonly definition: StrategyDefinition<any>;
  /** Resolved parameters (defaults applied, validated). */
  readonly params: Record<string, unknown>;
  readonly symbols: readonly string[];
  readonly timeframe: string;
}

export interface SlotStatus {
  readonly id: string;
  readonly strategy: string;
  readonly version: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  readonly state: string;
}

export interface StrategySlotsOptions {
  readonly kernel: Kernel;
  readonly driver: MarketDriver;
  readonly journal: Journal;
  readonly exchange: string;
  /** Salt of this account's client order ids (so paper and demo ids never meet). */
  readonly idSalt: string;
  readonly onEvent?: (event: StrategyHostEvent) => void;
}

/** Loaded states, read synchronously by hosts (the kernel's ports are synchronous). */
export class JournalStateStore implements StateStorePort {
  private readonly states = new Map<string, PersistedState>();

  constructor(private readonly journal: Journal) {}

  preload(strategyId: string, state: PersistedState | undefined): void {
    if (state !== undefined) this.states.set(strategyId, state);
  }

  load(strategyId: string): PersistedState | undefined {
    return this.states.get(strategyId);
  }

  save(strategyId: string, state: PersistedState): void {
    this.states.set(strategyId, state);
    this.journal.strategyState(strategyId, state);
  }
}

export class StrategySlots {
  private readonly slots = new Map<string, { spec: StrategySlotSpec; host: StrategyHost }>();

  constructor(
    private readonly options: StrategySlotsOptions,
    private readonly state: JournalStateStore,
    private readonly loadState: (strategyId: string) => Promise<PersistedState | undefined>,
  ) {}

  /** Starts a strategy in a new slot; its saved state and id sequence are picked up first. */
  async start(spec: StrategySlotSpec): Promise<void> {
    if (this.slots.has(spec.id)) {
      throw new QuantLabError(
        'QL_ERR_CONFLICT',
        `A strategy ${spec.id} is already running in this session.`,
        {
          details: { strategyId: spec.id },
        },
      );
    }
    const id = toStrategyId(spec.id);
    this.state.preload(id, await this.loadState(id));
    const nextSequence = await this.options.journal.nextSequence(id);
    const host = this.options.kernel.addStrategy({
      strategyId: id,
      definition: spec.definition,
      params: spec.params,
      setup: { exchange: this.options.exchange, symbols: spec.symbols, timeframe: spec.timeframe },
      idSalt: this.options.idSalt,
      nextSequence,
      ...(this.options.onEvent === undefined ? {} : { onEvent: this.options.onEvent }),
    });
    this.slots.set(spec.id, { spec, host });
    this.options.driver.attach(host);
  }

  /** Stops one strategy (its onStop runs, its state is saved); working orders are cancelled unless kept. */
  stop(id: string, options: { reason?: string; cancelOpenOrders?: boolean } = {}): boolean {
    const slot = this.slots.get(id);
    if (slot === undefined) return false;
    this.options.driver.detach(id, {
      reason: options.reason ?? 'stopped',
      cancelOpenOrders: options.cancelOpenOrders ?? true,
    });
    this.options.kernel.orders.unregister(slot.host.strategyId);
    this.slots.delete(id);
    return true;
  }

  /**
   * Replaces a running strategy by a new version or new parameters: the old one stops (keeping its
   * working orders and positions, which the new version inherits), the new one starts with the saved state.
   */
  async swap(spec: StrategySlotSpec): Promise<void> {
    if (!this.slots.has(spec.id)) {
      throw new QuantLabError('QL_ERR_NOT_FOUND', `No strategy ${spec.id} is running in this session.`, {
        details: { strategyId: spec.id },
      });
    }
    this.stop(spec.id, {
      reason: `swapped for ${spec.definition.name} ${spec.definition.version}`,
      cancelOpenOrders: false,
    });
    await this.start(spec);
  }

  ids(): string[] {
    return [...this.slots.keys()];
  }

  status(): SlotStatus[] {
    return [...this.slots.values()].map(({ spec, host }) => ({
      id: spec.id,
      strategy: spec.definition.name,
      version: spec.definition.version,
      symbols: spec.symbols,
      timeframe: spec.timeframe,
      state: host.status().state,
    }));
  }

  stopAll(options: { reason: string; cancelOpenOrders: boolean }): void {
    for (const id of this.ids()) this.stop(id, options);
  }
}
