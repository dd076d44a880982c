/** The core domain: pure, synchronous types and math shared by every other module. */

export * from './balance.js';
export * from './errors.js';
export * from './fill.js';
export * from './ids.js';
export * from './instrument.js';
export * from './margin.js';
export * from './market.js';
export * from './market-validation.js';
export * from './order.js';
export * from './order-state.js';
export * from './position.js';
export * from './precision.js';
export { redactUrl } from './redact-url.js';
export * from './side.js';
export * from './sorted-search.js';
export * from './timeframe.js';
