/**
 * Fault injection: what goes wrong at a real exchange, on demand. One JSON shape (`FaultSpec`, with a
 * `kind`) serves the programmatic API (`sim.faults.inject(spec)` or the named methods) and the HTTP
 * control endpoint (`POST /__sim/faults`). Faults that count (`count`) apply to that many requests (or
 * pushes) and then stop; `clear` removes them all. See README.md for what each one looks like to a client.
 */

import { z } from 'zod';

const count = z.number().int().positive().optional();
const ms = z.number().int().nonnegative();

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('latency'), restMs: ms.optional(), wsMs: ms.optional() }),
  z.object({
    kind: z.literal('timeoutAfterAccept'),
    count,
    mode: z.enum(['withhold', 'destroy']).optional(),
    delayMs: ms.optional(),
  }),
  z.object({ kind: z.literal('rateLimit'), count, durationMs: ms.optional() }),
  z.object({ kind: z.literal('dropWebSockets'), privateOnly: z.boolean().optional() }),
  z.object({ kind: z.literal('silence'), on: z.boolean().optional() }),
  z.object({ kind: z.literal('duplicateOrderPushes'), count }),
  z.object({ kind: z.literal('reorderOrderPushes'), count: z.number().int().min(2).optional() }),
  z.object({ kind: z.literal('fillBeforeAck'), count, delayMs: ms.optional() }),
  z.object({
    kind: z.literal('rejectNextOrder'),
    sCode: z.string().regex(/^\d+$/),
    sMsg: z.string().optional(),
    count,
  }),
  z.object({ kind: z.literal('notFoundAfterCreate'), ms }),
  z.object({ kind: z.literal('clockSkew'), ms: z.number().int() }),
  z.object({
    kind: z.literal('serverErrors'),
    count,
    status: z.number().int().min(400).max(599).optional(),
    code: z.string().optional(),
    msg: z.string().optional(),
  }),
  z.object({ kind: z.literal('clear') }),
]);

export type FaultSpec = z.infer<typeof faultSpecSchema>;

type Counted<T> = T & { remaining: number };

/** The faults in force, read by the REST server and the WebSocket hub. */
export class FaultPlan {
  restLatencyMs = 0;
  wsLatencyMs = 0;
  silent = false;
  skewMs = 0;
  notFoundMs = 0;
  acceptTimeout: Counted<{ mode: 'withhold' | 'destroy'; delayMs: number }> | undefined;
  rateLimit: { remaining: number; until: number } | undefined;
  duplicates = 0;
  reorder = 0;
  fillBeforeAck: Counted<{ delayMs: number }> | undefined;
  reject: Counted<{ sCode: string; sMsg: string }> | undefined;
  serverError: Counted<{ status: number; code: string; msg: string }> | undefined;
  /** Set by the simulator: closes WebSocket connections. */
  onDrop: (privateOnly: boolean) => void = () => {};

  constructor(private readonly wallClock: () => number = Date.now) {}

  /** Applies a fault (validated when it comes from JSON: see `faultSpecSchema`). */
  inject(spec: FaultSpec): void {
    switch (spec.kind) {
      case 'latency':
        this.restLatencyMs = spec.restMs ?? this.restLatencyMs;
        this.wsLatencyMs = spec.wsMs ?? this.wsLatencyMs;
        return;
      case 'timeoutAfterAccept':
        this.acceptTimeout = {
          remaining: spec.count ?? 1,
          mode: spec.mode ?? 'withhold',
          delayMs: spec.delayMs ?? 60_000,
        };
        return;
      case 'rateLimit':
        this.rateLimit = {
          remaining: spec.count ?? (spec.durationMs === undefined ? 1 : Number.POSITIVE_INFINITY),
          until:
            spec.durationMs === undefined ? Number.POSITIVE_INFINITY : this.wallClock() + spec.durationMs,
        };
        return;
      case 'dropWebSockets':
        this.onDrop(spec.privateOnly ?? false);
        return;
      case 'silence':
        this.silent = spec.on ?? true;
        return;
      case 'duplicateOrderPushes':
        this.duplicates = spec.count ?? 1;
        return;
      case 'reorderOrderPushes':
        this.reorder = spec.count ?? 2;
        return;
      case 'fillBeforeAck':
        this.fillBeforeAck = { remaining: spec.count ?? 1, delayMs: spec.delayMs ?? 200 };
        return;
      case 'rejectNextOrder':
        this.reject = {
          remaining: spec.count ?? 1,
          sCode: spec.sCode,
          sMsg: spec.sMsg ?? 'Order rejected (simulated fault)',
        };
        return;
      case 'notFoundAfterCreate':
        this.notFoundMs = spec.ms;
        return;
      case 'clockSkew':
        this.skewMs = spec.ms;
        return;
      case 'serverErrors':
        this.serverError = {
          remaining: spec.count ?? 1,
          status: spec.status ?? 503,
          code: spec.code ?? '50004',
          msg:
            spec.msg ??
            'API endpoint request timeout (does not mean that the request was successful or failed, please check the request result).',
        };
        return;
      case 'clear':
        this.clear();
        return;
    }
  }

  clear(): void {
    this.restLatencyMs = 0;
    this.wsLatencyMs = 0;
    this.silent = false;
    this.skewMs = 0;
    this.notFoundMs = 0;
    this.acceptTimeout = undefined;
    this.rateLimit = undefined;
    this.duplicates = 0;
    this.reorder = 0;
    this.fillBeforeAck = undefined;
    this.reject = undefined;
    this.serverError = undefined;
  }

  /** Consumes one unit of a counted fault; true when it applies to this request. */
  static take<T extends { remaining: number }>(fault: T | undefined): fault is T {
    if (fault === undefined || fault.remaining <= 0) return false;
    fault.remaining -= 1;
    return true;
  }

  /** True when this request is rate limited (HTTP 429, code 50011). */
  takeRateLimit(): boolean {
    const limit = this.rateLimit;
    if (limit === undefined) return false;
    if (this.wallClock() > limit.until || limit.remaining <= 0) {
      this.rateLimit = undefined;
      return false;
    }
    limit.remaining -= 1;
    return true;
  }

  /** Convenience wrappers, named as README.md lists them. */
  latency(restMs: number, wsMs = 0): void {
    this.inject({ kind: 'latency', restMs, wsMs });
  }

  clockSkew(skewMs: number): void {
    this.inject({ kind: 'clockSkew', ms: skewMs });
  }

  dropWebSockets(privateOnly = false): void {
    this.inject({ kind: 'dropWebSockets', privateOnly });
  }

  silence(on = true): void {
    this.inject({ kind: 'silence', on });
  }
}
