/** The columnar fast path of the backtester: strategies over whole typed arrays, equal to the kernel. */

export { LIQUIDATION_SLACK } from './account.js';
export { fastPathFor, smaCrossParams } from './registry.js';
export { computeCloseTimes, SmaCache } from './sma-cache.js';
export { runSmaCrossFast } from './sma-cross.js';
export {
  type FastFill,
  type FastPathEvaluator,
  type FastPathEvaluatorInput,
  type FastPathInputBase,
  type FastPathResult,
  type FastPathRun,
  type FastPathUnsupported,
  type FastPathUnsupportedReason,
  isUnsupported,
  type SmaCrossFastInput,
  type SmaCrossFastParams,
} from './types.js';
