/**
 * The OKX-protocol exchange simulator (`quantlab sim okx`): OKX v5 REST and WebSocket on a local port,
 * a matching engine fed by a candle replay, and fault injection. See README.md.
 */

export { FaultPlan, type FaultSpec, faultSpecSchema } from './faults.js';
export { type InstType, resolveInstrument, type SimInstrument } from './instruments.js';
export {
  type ApiCredentials,
  okxSign,
  type SimEnvironment,
  verifyRestRequest,
  verifyWsLogin,
} from './signing.js';
export { OkxSimulator, type OkxSimulatorOptions } from './simulator.js';
export type { TapeCandle } from './tape.js';
