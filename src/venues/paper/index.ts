/** The paper venue: the backtest's fill model fed by live or replayed market data (see README.md). */

export { PaperVenue, type PaperVenueOptions } from './venue.js';
