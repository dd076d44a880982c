/** Clocks of the kernel: simulated (backtests: moved by the data) and wall (paper and live). */

import { QuantLabError } from '../core/errors.js';
import type { ClockPort } from '../strategies/ports.js';

/** A clock moved by the backtest loop; time never goes backwards. */
export class SimulatedClock implements ClockPort {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  /** Moves the clock to `ts` (epoch ms). Throws when it would go back. */
  set(ts: number): void {
    if (ts < this.current) {
      throw new QuantLabError(
        'QL_ERR_INTERNAL',
        `Simulated clock moved back from ${this.current} to ${ts}.`,
        {
          details: { now: this.current, ts },
        },
      );
    }
    this.current = ts;
  }
}

/** Wall time, never decreasing even if the system clock steps back. */
export class WallClock implements ClockPort {
  private last = 0;

  now(): number {
    const t = Date.now();
    if (t > this.last) this.last = t;
    return this.last;
  }
}
