/**
 * The `quantlab` module as a plugin sees it: `import { ATR, roundQty } from 'quantlab'`. The plugin loader
 * serves these very values to plugins at load time (plugin-api.ts), and a plugin author's tsconfig can map
 * `quantlab` to this file for types (`"paths": { "quantlab": ["<quantlab>/src/strategies/plugin-sdk.ts"] }`).
 * Everything exported here is public plugin API: add with care, never remove within Strategy API v1.
 */

export { QuantLabError } from '../core/errors.js';
export { roundPrice, roundQty } from '../core/precision.js';
export { alignTs, nextBucket, timeframeMs } from '../core/timeframe.js';
export * from '../indicators/index.js';
export type * from './types.js';
export { STRATEGY_API_VERSION } from './types.js';
