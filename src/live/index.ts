/** Paper and live running: the market-data → kernel driver (more of the live runner joins it here). */

export {
  type AttachOptions,
  type BarDrivenVenue,
  type DetachOptions,
  type DriverErrorContext,
  MarketDriver,
  type MarketDriverOptions,
  type SettableClock,
} from './market-driver.js';
