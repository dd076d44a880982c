/** Public surface of the event bus module. */

export {
  type BusEnvelope,
  type BusHandler,
  type BusLogger,
  type BusOptions,
  type BusResponder,
  type BusStats,
  consoleLogger,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type EventBus,
  type HandlerErrorHook,
  loggingErrorHook,
  type RequestOptions,
  type Subscription,
} from './event-bus.js';
export { createInProcessBus, InProcessBus, type InProcessBusOptions } from './in-process.js';
export type * from './messages.js';
export { connectNatsBus, NatsBus, type NatsBusOptions } from './nats.js';
export { type CompiledPattern, compilePattern, matchTokens, type PatternPayload } from './patterns.js';
export {
  type BookTopic,
  type BusPayload,
  type CandleTopic,
  decodeSymbol,
  encodeSymbol,
  type FamilyOf,
  isTopic,
  type ParsedTopic,
  type PayloadOf,
  parseTopic,
  type ReplyOf,
  SYSTEM_EVENTS,
  type SystemTopic,
  type TickerTopic,
  TOPIC_CATALOGUE,
  type Topic,
  type TopicFamily,
  type TopicOf,
  type TopicPayloads,
  type TopicReplies,
  type TopicSpec,
  type TradeTopic,
  topics,
} from './topics.js';
