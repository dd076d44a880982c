/**
 * The simulator's own HTTP control API, outside OKX's `/api/v5` (it exists only in the simulator):
 *   POST   /__sim/faults   a FaultSpec (or an array of them): `{"kind":"rateLimit","count":3}`
 *   DELETE /__sim/faults   clears every fault
 *   POST   /__sim/advance  `{"n": 5}`: replays the next n candles of every instrument
 *   POST   /__sim/candle   `{"instId","open","high","low","close","volume"?}`: plays this candle now
 *   GET    /__sim/state    clock, prices, balances, positions, open orders and faults, as JSON
 * Bad input answers 400 with `{"error": …}`.
 */

import { z } from 'zod';
import { faultSpecSchema } from './faults.js';
import type { RestReply, RestRequest } from './rest-server.js';
import type { TapeCandle } from './tape.js';

export interface ControlTarget {
  inject(spec: z.infer<typeof faultSpecSchema>): void;
  advance(n: number): number;
  playCandle(instId: string, candle: TapeCandle): void;
  state(): unknown;
}

const advanceSchema = z.object({ n: z.number().int().positive().max(100_000).optional() });
const candleSchema = z.object({
  instId: z.string(),
  open: z.number().positive(),
  high: z.number().positive(),
  low: z.number().positive(),
  close: z.number().positive(),
  volume: z.number().nonnegative().optional(),
});

const json = (status: number, body: unknown): RestReply => ({ status, body });

function parse<T>(
  schema: z.ZodType<T>,
  text: string,
): { ok: true; value: T } | { ok: false; reply: RestReply } {
  let raw: unknown;
  try {
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, reply: json(400, { error: 'the body is not JSON' }) };
  }
  const result = schema.safeParse(raw);
  if (!result.success) return { ok: false, reply: json(400, { error: z.prettifyError(result.error) }) };
  return { ok: true, value: result.data };
}

export async function handleControl(
  target: ControlTarget,
  request: RestRequest,
): Promise<RestReply | undefined> {
  const route = `${request.method} ${request.path}`;
  switch (route) {
    case 'POST /__sim/faults': {
      const parsed = parse(z.union([faultSpecSchema, z.array(faultSpecSchema)]), request.body);
      if (!parsed.ok) return parsed.reply;
      const specs = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
      for (const spec of specs) target.inject(spec);
      return json(200, { ok: true, applied: specs.length });
    }
    case 'DELETE /__sim/faults':
      target.inject({ kind: 'clear' });
      return json(200, { ok: true });
    case 'POST /__sim/advance': {
      const parsed = parse(advanceSchema, request.body);
      if (!parsed.ok) return parsed.reply;
      return json(200, { played: target.advance(parsed.value.n ?? 1) });
    }
    case 'POST /__sim/candle': {
      const parsed = parse(candleSchema, request.body);
      if (!parsed.ok) return parsed.reply;
      const { instId, ...candle } = parsed.value;
      try {
        target.playCandle(instId, { ...candle, volume: candle.volume ?? 1 });
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) });
      }
      return json(200, { ok: true });
    }
    case 'GET /__sim/state':
      return json(200, target.state());
    default:
      return undefined;
  }
}
