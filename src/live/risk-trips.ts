/**
 * Breaker trips between a session's risk engine and `risk_rules`: each trip is stored when it happens
 * (so a restarted session is paused again), its row is removed when the engine resumes it by itself or
 * by reconfiguration, and a row someone else removed (`quantlab risk breaker-resume`, the API) resumes
 * the trip here.
 *
 * A trip is known by its row and its time (`at`): only a trip whose row this session has *read* and that
 * a later read no longer finds counts as resumed elsewhere. A trip written a moment ago and not read yet,
 * or a new trip of the same breaker, is never mistaken for one.
 */

import type { BreakerEvent, BreakerTrip } from '../risk/breakers/index.js';
import { BREAKER_TRIP_PREFIX, type RiskRuleStore, tripAddress } from '../risk/config/index.js';
import type { RiskEngine } from '../risk/engine/index.js';
import type { RiskRuleRecord } from '../storage/index.js';
import type { RiskRecords } from './risk-records.js';

const ACTOR = 'risk-engine';

export class RiskTrips {
  /** Trips whose stored row a read has seen. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly account: string,
    private readonly engine: RiskEngine,
    private readonly store: RiskRuleStore,
    private readonly records: RiskRecords,
  ) {}

  /** At start: re-arms the stored trips; a trip no configured breaker matches is removed, audited. */
  restore(rows: readonly RiskRuleRecord[]): void {
    const trips = this.ownTrips(rows);
    for (const trip of trips) this.seen.add(this.idOf(trip));
    for (const orphan of this.engine.restoreTrips(trips)) {
      this.seen.delete(this.idOf(orphan));
      this.clear(orphan, 'breaker no longer configured');
    }
  }

  /** After each read of `risk_rules`: trips whose rows were seen and are gone were resumed elsewhere. */
  sync(rows: readonly RiskRuleRecord[]): void {
    const present = new Set(this.ownTrips(rows).map((t) => this.idOf(t)));
    for (const trip of [...this.engine.breakers.trips()]) {
      const id = this.idOf(trip);
      if (present.has(id)) this.seen.add(id);
      else if (this.seen.delete(id)) this.engine.resumeBreaker(trip.breaker, trip.target);
    }
  }

  /** The engine's breaker events: store a trip, remove the row of a trip it resumed itself. */
  onEvent(event: BreakerEvent): void {
    const { trip } = event;
    if (event.type === 'tripped') {
      this.records.write('breaker trip', () => this.store.recordTrip(trip, this.account, ACTOR));
      return;
    }
    this.seen.delete(this.idOf(trip));
    // A manual resume came from the row's removal: nothing left to remove.
    if (event.by === 'manual') return;
    this.clear(trip, event.by === 'auto' ? 'automatic resume' : 'breaker reconfigured');
  }

  private clear(trip: BreakerTrip, reason: string): void {
    this.records.write('breaker resume', () =>
      this.store.clearTrip(trip.breaker, trip.target, this.account, ACTOR, reason),
    );
  }

  private ownTrips(rows: readonly RiskRuleRecord[]): BreakerTrip[] {
    const trips: BreakerTrip[] = [];
    for (const r of rows) {
      if (r.scope !== 'account' || r.scopeId !== this.account || !r.rule.startsWith(BREAKER_TRIP_PREFIX))
        continue;
      const trip = r.params as BreakerTrip | null;
      if (trip !== null && typeof trip === 'object' && typeof trip.breaker === 'string') trips.push(trip);
    }
    return trips;
  }

  private idOf(trip: BreakerTrip): string {
    return `${tripAddress(trip.breaker, trip.target, this.account).rule}|${trip.at}`;
  }
}
