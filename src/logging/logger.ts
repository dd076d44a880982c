import { createRequire } from 'node:module';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { SecretScrubber } from './redaction.js';

export type { Logger } from 'pino';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

export interface CreateLoggerOptions {
  level?: LogLevel;
  /** Secret values to scrub from every line (see `secretValues(config)`). */
  secrets?: readonly string[];
  /** Where lines go; default stderr (stdout is kept for `--json` output). */
  destination?: DestinationStream | NodeJS.WritableStream;
  /** Human-readable lines instead of JSON; default: when stderr is a TTY. */
  pretty?: boolean;
  /** Fixed fields on every line, e.g. `{ service: 'api' }`. */
  base?: Record<string, unknown>;
}

/**
 * The Quant Lab logger: pino, JSON lines to stderr (pretty on a TTY), with every object and message passed
 * through the secret scrubber, so keys, passphrases, tokens and known secret values never reach a log.
 */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const scrubber = new SecretScrubber(options.secrets);
  const loggerOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { pid: process.pid, ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrubber.scrub(object) as Record<string, unknown>,
    },
    serializers: { err: (error: unknown) => scrubber.scrub(error) },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrubber.scrubText(arg) : arg));
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
  const usePretty = options.pretty ?? (options.destination === undefined && process.stderr.isTTY === true);
  if (usePretty) {
    // Loaded only for a terminal: services and CI never pay for it.
    const pretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
    return pino(
      loggerOptions,
      pretty({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l' }),
    );
  }
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  return pino(loggerOptions, destination as DestinationStream);
}

/** A logger that drops everything, for tests and library use without a host logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
