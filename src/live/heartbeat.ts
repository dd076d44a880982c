/**
 * The session's heartbeat: watches every feed and venue connection, the journal and the account lease,
 * and publishes their health on `system.heartbeat` (periodically) and `system.health` (on every change),
 * so an operator, the API or another service sees a silent stream or a failing database at once.
 */

import type { EventBus } from '../bus/index.js';
import { topics } from '../bus/index.js';

export type ComponentState = 'ok' | 'degraded' | 'down';

export interface ComponentHealth {
  readonly state: ComponentState;
  /** What the component last said (a feed state, an error message); never secrets. */
  readonly detail?: string;
  readonly since: number;
}

export class Heartbeat {
  private readonly components = new Map<string, ComponentHealth>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly source: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a component's state; publishes `system.health` when it changed. */
  report(component: string, state: ComponentState, detail?: string): void {
    const previous = this.components.get(component);
    if (previous?.state === state && previous.detail === detail) return;
    const now = this.now();
    this.components.set(component, { state, ...(detail === undefined ? {} : { detail }), since: now });
    this.bus.publish(topics.system('health'), {
      source: this.source,
      tsEvent: now,
      tsInit: now,
      detail: {
        component,
        state,
        ...(detail === undefined ? {} : { reason: detail }),
        previous: previous?.state ?? 'unknown',
      },
    });
  }

  /** The worst state over all components. */
  overall(): ComponentState {
    let worst: ComponentState = 'ok';
    for (const c of this.components.values()) {
      if (c.state === 'down') return 'down';
      if (c.state === 'degraded') worst = 'degraded';
    }
    return worst;
  }

  snapshot(): Record<string, ComponentHealth> {
    return Object.fromEntries(this.components);
  }

  /** Publishes `system.heartbeat` every `intervalMs` with every component's health. */
  start(intervalMs: number, extra: () => Record<string, unknown> = () => ({})): void {
    this.stop();
    const beat = () => {
      const now = this.now();
      this.bus.publish(topics.system('heartbeat'), {
        source: this.source,
        tsEvent: now,
        tsInit: now,
        detail: { overall: this.overall(), components: this.snapshot(), ...extra() },
      });
    };
    beat();
    this.timer = setInterval(beat, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
