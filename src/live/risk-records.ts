/**
 * The session's risk writes, in order, one at a time: denials, reductions, breaker trips and resumes,
 * equity snapshots. A write that fails is retried (a trip that is not stored would not survive a
 * restart); the journal's own health check halts trading when the database is gone for good.
 */

import type { Logger } from '../logging/index.js';

const RETRIES = 5;
const RETRY_DELAY_MS = 1_000;

export class RiskRecords {
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /** Queues a write; `what` names it in the log when it keeps failing. */
  write(what: string, task: () => Promise<unknown>): void {
    this.tail = this.tail.then(() => this.attempt(what, task));
  }

  /** Resolves when every write queued so far has finished (or given up). */
  flush(): Promise<unknown> {
    return this.tail;
  }

  /** After close, failing writes are not retried (the session is stopping). */
  close(): void {
    this.closed = true;
  }

  private async attempt(what: string, task: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await task();
        return;
      } catch (err) {
        if (attempt >= RETRIES || this.closed) {
          this.logger.error({ err, what, attempts: attempt }, 'a risk record could not be written');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS).unref());
      }
    }
  }
}
