/**
 * Order latency per venue, by stage: decision → send (our own queueing: outbox write, rate limiter),
 * send → acknowledgement, send → first fill. Kept as a ring of the last samples per stage, so a long run
 * holds a bounded amount and the percentiles describe recent behaviour.
 */

export type LatencyStage = 'decisionToSend' | 'sendToAck' | 'sendToFill';

export const LATENCY_STAGES: readonly LatencyStage[] = ['decisionToSend', 'sendToAck', 'sendToFill'];

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

class Ring {
  private readonly values: Float64Array;
  private size = 0;
  private next = 0;
  total = 0;

  constructor(capacity: number) {
    this.values = new Float64Array(capacity);
  }

  add(value: number): void {
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.values.length;
    if (this.size < this.values.length) this.size += 1;
    this.total += 1;
  }

  summary(): LatencySummary {
    const sorted = this.values.slice(0, this.size).sort();
    const at = (q: number) =>
      this.size === 0 ? 0 : sorted[Math.min(this.size - 1, Math.floor(q * this.size))]!;
    return {
      count: this.total,
      p50: at(0.5),
      p90: at(0.9),
      p99: at(0.99),
      max: this.size === 0 ? 0 : sorted[this.size - 1]!,
    };
  }
}

export class LatencyRecorder {
  private readonly rings: Record<LatencyStage, Ring>;

  constructor(capacity = 2048) {
    this.rings = {
      decisionToSend: new Ring(capacity),
      sendToAck: new Ring(capacity),
      sendToFill: new Ring(capacity),
    };
  }

  record(stage: LatencyStage, ms: number): void {
    if (Number.isFinite(ms) && ms >= 0) this.rings[stage].add(ms);
  }

  /** Milliseconds per stage over the recent samples. */
  summary(): Record<LatencyStage, LatencySummary> {
    return {
      decisionToSend: this.rings.decisionToSend.summary(),
      sendToAck: this.rings.sendToAck.summary(),
      sendToFill: this.rings.sendToFill.summary(),
    };
  }
}
