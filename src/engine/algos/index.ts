/**
 * Execution algorithms (TWAP, VWAP, iceberg): parent orders worked as child orders through the normal
 * order path. See README.md for how a strategy reaches them and how the kernel routes child updates.
 */

export { AlgoOrderRouter, type AlgoOrderRouterOptions } from './algo-order-router.js';
export { DEFAULT_MAX_CONSECUTIVE_REFUSALS } from './algo-run.js';
export { ExecAlgorithms, type ExecAlgorithmsOptions } from './exec-algorithms.js';
export { cumulativeUnits, type LotGrid, lotGrid } from './lot-grid.js';
export { checkAlgoRequest, MAX_SLICES, sliceCount } from './request-check.js';
export { buildSchedule, equalWeights, profileWeights, type SliceSchedule } from './slice-schedule.js';
export type * from './types.js';
export {
  DAY_MS,
  profileBucketMs,
  profileWeight,
  type VolumeColumns,
  volumeProfile,
} from './volume-profile.js';
