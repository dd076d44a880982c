/**
 * The streaming shell MOM and ROC share: each value is compared with the one `period` values before it
 * (`change(x, earlier)`: their difference, or TA-Lib's rate of change). Lookback `period`.
 */
import { RealIndicator } from './real-indicator.js';
import { RingBuffer } from './ring-buffer.js';

export abstract class LaggedChange extends RealIndicator {
  readonly period: number;
  readonly lookback: number;
  /** The last `period` values: a push returns (evicts) the one `period` values back. */
  private readonly window: RingBuffer;

  protected constructor(period: number) {
    super();
    this.period = period;
    this.lookback = period;
    this.window = new RingBuffer(period);
  }

  /** The output for the latest value `x` and the value `period` values before it. */
  protected abstract change(x: number, earlier: number): number;

  update(x: number): number {
    this.fed += 1;
    const earlier = this.window.push(x);
    if (this.fed > this.period) this.current = this.change(x, earlier);
    return this.current;
  }

  override reset(): void {
    super.reset();
    this.window.reset();
  }
}
