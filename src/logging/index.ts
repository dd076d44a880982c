export {
  type CreateLoggerOptions,
  createLogger,
  type Logger,
  type LogLevel,
  silentLogger,
} from './logger.js';
export { isSecretKey, REDACTED_VALUE, SecretScrubber } from './redaction.js';
