/**
 * Rejection reasons: a short kebab-case key, a colon, then a message for people
 * (`insufficient-margin: needs 1,234.5 USDT, 1,000 available`). Callers match on the key.
 */

import { isQuantLabError } from '../../core/errors.js';

export type RejectKey =
  | 'invalid-order'
  | 'min-size'
  | 'lot-size'
  | 'tick-size'
  | 'insufficient-margin'
  | 'insufficient-balance'
  | 'post-only-would-take'
  | 'reduce-only-no-position'
  | 'spot-short'
  | 'unknown-symbol'
  | 'no-price'
  | 'unknown-order'
  | 'order-closed';

export function reason(key: RejectKey, message: string): string {
  return `${key}: ${message}`;
}

/** The key of a reason string (everything before the first colon). */
export function reasonKey(text: string): string {
  const at = text.indexOf(':');
  return at < 0 ? text : text.slice(0, at);
}

const AMOUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

/** 1234.5 → `1,234.5`. */
export function formatAmount(value: number): string {
  return AMOUNT.format(value);
}

const RULE_KEYS: Readonly<Record<string, RejectKey>> = {
  'tick-multiple': 'tick-size',
  'lot-multiple': 'lot-size',
  'min-size': 'min-size',
  // No separate key: a minimum order value is a size rule to the strategy.
  'min-notional': 'min-size',
};

/**
 * Runs `check` (a core validator that throws QL_ERR_ORDER_INVALID naming the rule) and returns the
 * rejection reason, or undefined when it passes.
 */
export function gridRejection(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return gridReason(error);
  }
}

/** The rejection reason for what a core grid validator threw (anything else is rethrown). */
export function gridReason(error: unknown): string {
  if (!isQuantLabError(error)) throw error;
  const rule = typeof error.details?.['rule'] === 'string' ? error.details['rule'] : '';
  return reason(RULE_KEYS[rule] ?? 'invalid-order', error.message);
}
