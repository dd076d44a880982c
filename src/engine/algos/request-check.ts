/**
 * Checks an algorithm request before anything is placed: garbage (NaN, a zero duration, a total below one
 * lot …) throws QL_ERR_INVALID_INPUT naming the field, so a strategy's callback fails at once (as with
 * `ctx.submit`) instead of a parent failing children later.
 */

import { QuantLabError } from '../../core/errors.js';
import type { Instrument } from '../../core/instrument.js';
import { isOrderSide } from '../../core/side.js';
import { lotGrid } from './lot-grid.js';
import type { AlgoRequest, IcebergRequest, TwapRequest, VwapRequest } from './types.js';
import { profileBucketMs } from './volume-profile.js';

/** More slices than this is a mistake (a child per millisecond), not a schedule. */
export const MAX_SLICES = 10_000;

function garbage(field: string, message: string, details: Record<string, unknown> = {}): QuantLabError {
  return new QuantLabError('QL_ERR_INVALID_INPUT', `Algorithm request: ${message}`, {
    details: { field, ...details },
  });
}

function positive(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw garbage(field, `${field} ${String(value)} must be a finite number > 0.`, { value });
}

function optionalFraction(field: string, value: unknown, max: number, maxIncluded: boolean): void {
  if (value === undefined) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= 0 &&
    (maxIncluded ? value <= max : value < max);
  if (!ok) throw garbage(field, `${field} ${String(value)} must be in [0, ${max}${maxIncluded ? ']' : ')'}.`);
}

function bps(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= 10_000)
    throw garbage(field, `${field} ${String(value)} must be a finite number of bps within ±10,000.`);
}

function checkSlices(field: string, value: unknown, durationMs: number): void {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > MAX_SLICES)
    throw garbage(field, `${field} ${String(value)} must be an integer in [1, ${MAX_SLICES}].`);
  if ((value as number) > durationMs) throw garbage(field, `${value} slices do not fit in ${durationMs} ms.`);
}

function defaultVwapSlices(durationMs: number, bucketMs: number): number {
  return Math.max(1, Math.round(durationMs / bucketMs));
}

/** Slices of a scheduled request: TWAP's own, VWAP's own or one per profile bucket of the duration. */
export function sliceCount(request: TwapRequest | VwapRequest): number {
  if (request.algo === 'twap' || request.slices !== undefined) return request.slices!;
  return defaultVwapSlices(request.durationMs, profileBucketMs(request.profile));
}

function checkScheduled(request: TwapRequest | VwapRequest): void {
  positive('durationMs', request.durationMs);
  if (request.algo === 'twap') checkSlices('slices', request.slices, request.durationMs);
  else {
    const bucketMs = profileBucketMs(request.profile);
    for (const share of request.profile)
      if (!(share >= 0) || !Number.isFinite(share)) throw garbage('profile', 'profile shares must be >= 0.');
    checkSlices(
      'slices',
      request.slices ?? defaultVwapSlices(request.durationMs, bucketMs),
      request.durationMs,
    );
  }
  const style = request.style ?? { type: 'market' };
  if (style.type === 'limit') bps('style.offsetBps', style.offsetBps);
  else if (style.type !== 'market')
    throw garbage('style', `style ${String((style as { type: unknown }).type)} is not market or limit.`);
  if (request.priceLimit !== undefined) positive('priceLimit', request.priceLimit);
  if (request.maxParticipation !== undefined) {
    positive('maxParticipation', request.maxParticipation);
    optionalFraction('maxParticipation', request.maxParticipation, 1, true);
  }
  const random = request.randomize;
  if (random !== undefined) {
    if (random.seed !== undefined && !Number.isFinite(random.seed))
      throw garbage('randomize.seed', `randomize.seed ${random.seed} must be a finite number.`);
    optionalFraction('randomize.size', random.size, 1, false);
    optionalFraction('randomize.time', random.time, 1, false);
  }
}

function checkIceberg(request: IcebergRequest, inst: Instrument): void {
  positive('displayQty', request.displayQty);
  const grid = lotGrid(inst);
  if (grid.units(request.displayQty) < grid.minUnits) {
    throw garbage('displayQty', `displayQty ${request.displayQty} is below the minimum child size.`, {
      lotSize: inst.lotSize,
      minSize: inst.minSize,
    });
  }
  if ((request.price === undefined) === (request.offsetBps === undefined))
    throw garbage('price', 'an iceberg needs exactly one of price (fixed) or offsetBps (pegged).');
  if (request.price !== undefined) positive('price', request.price);
  if (request.offsetBps !== undefined) bps('offsetBps', request.offsetBps);
  if (request.priceLimit !== undefined) positive('priceLimit', request.priceLimit);
}

/**
 * Validates a request against its instrument (undefined: unknown symbol). Throws QL_ERR_INVALID_INPUT
 * naming the field.
 */
export function checkAlgoRequest(request: AlgoRequest, inst: Instrument | undefined): Instrument {
  if (typeof request !== 'object' || request === null)
    throw garbage('request', 'an algorithm request must be an object.');
  if (inst === undefined)
    throw garbage('symbol', `unknown symbol ${JSON.stringify(request.symbol)}.`, { symbol: request.symbol });
  if (!isOrderSide(request.side)) throw garbage('side', `side ${String(request.side)} must be buy or sell.`);
  positive('qty', request.qty);
  const grid = lotGrid(inst);
  if (grid.units(request.qty) < grid.minUnits) {
    throw garbage('qty', `qty ${request.qty} is below one child of the minimum size.`, {
      lotSize: inst.lotSize,
      minSize: inst.minSize,
    });
  }
  const policy = request.onChildRefused;
  if (policy !== undefined && policy !== 'fail' && policy !== 'skip')
    throw garbage('onChildRefused', `onChildRefused ${String(policy)} must be fail or skip.`);
  const max = request.maxConsecutiveRefusals;
  if (max !== undefined && (!Number.isSafeInteger(max) || max < 1))
    throw garbage('maxConsecutiveRefusals', `maxConsecutiveRefusals ${max} must be an integer >= 1.`);
  if (request.tag !== undefined && typeof request.tag !== 'string')
    throw garbage('tag', 'tag must be a string.');
  switch (request.algo) {
    case 'twap':
    case 'vwap':
      checkScheduled(request);
      break;
    case 'iceberg':
      checkIceberg(request, inst);
      break;
    default:
      throw garbage(
        'algo',
        `algo ${String((request as { algo: unknown }).algo)} is not twap, vwap or iceberg.`,
      );
  }
  return inst;
}
