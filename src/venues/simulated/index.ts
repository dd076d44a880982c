/** The simulated venue: fill model, fees, slippage, margin, funding and liquidation (see README.md). */

export { type RejectKey, reasonKey } from './reasons.js';
export type {
  FeeSchedule,
  FillTiming,
  FundingSeries,
  MarginMode,
  MarkSeries,
  SimulatedAccountSnapshot,
  SimulatedPosition,
  SimulatedVenueOptions,
  SlippageModel,
  VenueBar,
} from './types.js';
export { SimulatedVenue } from './venue.js';
