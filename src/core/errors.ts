/**
 * The one error catalogue. Every error Quant Lab raises on purpose is a `QuantLabError` with a code from
 * `ERROR_CATALOGUE`. Codes are grouped by what the caller must do about them:
 *
 * - `fix-input`  the user (or calling code) gave something invalid; retrying the same thing will fail again.
 * - `retry`      a transient condition; the same request may succeed later (with backoff).
 * - `reconcile`  the outcome is unknown; query the venue or reconcile before acting again.
 * - `stop`       the program cannot safely continue in this state; an operator has to act.
 *
 * Messages are written for the person reading them and must never contain secrets (keys, passwords,
 * passphrases, tokens). `docs/errors.md` lists the catalogue; a test keeps the two in step.
 */

export type ErrorAction = 'fix-input' | 'retry' | 'reconcile' | 'stop';

export interface ErrorSpec {
  /** HTTP status the API replies with when this error reaches a client. */
  readonly status: number;
  readonly action: ErrorAction;
  /** One sentence: when this error is raised. */
  readonly summary: string;
}

export const ERROR_CATALOGUE = {
  // Usage and input
  QL_ERR_USAGE: {
    status: 400,
    action: 'fix-input',
    summary: 'A command was called with unknown or missing arguments.',
  },
  QL_ERR_INVALID_INPUT: { status: 400, action: 'fix-input', summary: 'A value failed validation.' },
  QL_ERR_NOT_FOUND: {
    status: 404,
    action: 'fix-input',
    summary: 'The requested record or route does not exist.',
  },
  QL_ERR_CONFLICT: {
    status: 409,
    action: 'fix-input',
    summary: 'The record already exists or conflicts with stored state.',
  },
  QL_ERR_UNAUTHORIZED: { status: 401, action: 'fix-input', summary: 'Authentication is missing or invalid.' },
  QL_ERR_FORBIDDEN: { status: 403, action: 'fix-input', summary: 'The caller may not perform this action.' },

  // Configuration and safety
  QL_ERR_CONFIG_INVALID: {
    status: 500,
    action: 'fix-input',
    summary: 'A configuration value is missing or invalid.',
  },
  QL_ERR_CONFIG_FILE: {
    status: 500,
    action: 'fix-input',
    summary: 'A configuration or .env file cannot be read or parsed.',
  },
  QL_ERR_LIVE_TRADING_NOT_ALLOWED: {
    status: 403,
    action: 'fix-input',
    summary: 'The configuration would trade with real money but ALLOW_LIVE_TRADING is not true.',
  },
  QL_ERR_CONFIG_CONFLICT: {
    status: 500,
    action: 'fix-input',
    summary: 'The configuration mixes settings that contradict each other (for example demo and live).',
  },
  QL_ERR_CREDENTIALS_MISSING: {
    status: 500,
    action: 'fix-input',
    summary: 'A venue needs API credentials that are not configured (or only partly).',
  },

  QL_ERR_CREDENTIALS_UNREADABLE: {
    status: 500,
    action: 'stop',
    summary: 'A stored credential cannot be decrypted: MASTER_KEY changed or the record was altered.',
  },

  // Storage
  QL_ERR_DB_URL_INVALID: {
    status: 500,
    action: 'fix-input',
    summary: 'DATABASE_URL is not a supported sqlite: or postgres:// URL.',
  },
  QL_ERR_DB_UNREACHABLE: { status: 503, action: 'retry', summary: 'The database server cannot be reached.' },
  QL_ERR_DB_AUTH: {
    status: 503,
    action: 'fix-input',
    summary: 'The database refused the credentials or the database does not exist.',
  },
  QL_ERR_DB_NOT_SQLITE: {
    status: 500,
    action: 'fix-input',
    summary: 'The file named by DATABASE_URL exists but is not an SQLite database.',
  },
  QL_ERR_DB_MIGRATION_FAILED: {
    status: 500,
    action: 'stop',
    summary: 'A migration failed; its transaction was rolled back and the schema is unchanged.',
  },
  QL_ERR_DB_SCHEMA_TOO_NEW: {
    status: 500,
    action: 'stop',
    summary: 'The database was migrated by a newer Quant Lab than this one.',
  },
  QL_ERR_DB_NOT_MIGRATED: {
    status: 503,
    action: 'fix-input',
    summary: 'The database schema is behind; run `quantlab db migrate`.',
  },
  QL_ERR_DB_QUERY: { status: 500, action: 'stop', summary: 'A database statement failed unexpectedly.' },

  // Domain
  QL_ERR_ORDER_ILLEGAL_TRANSITION: {
    status: 409,
    action: 'reconcile',
    summary: 'An order event does not fit the order state (for example a fill on a rejected order).',
  },
  QL_ERR_ORDER_INVALID: {
    status: 400,
    action: 'fix-input',
    summary: 'An order breaks the instrument rules (precision, minimum size, price) or is malformed.',
  },
  QL_ERR_ORDER_DENIED: {
    status: 403,
    action: 'fix-input',
    summary: 'The risk gate denied an order; it was never sent.',
  },
  QL_ERR_INSTRUMENT_UNKNOWN: {
    status: 404,
    action: 'fix-input',
    summary: 'No instrument with that exchange and symbol is known.',
  },
  QL_ERR_POSITION_INVALID: {
    status: 400,
    action: 'fix-input',
    summary: 'A position operation is inconsistent (wrong instrument, zero size).',
  },

  // Venues and messaging
  QL_ERR_VENUE_UNAVAILABLE: {
    status: 503,
    action: 'retry',
    summary: 'The venue did not answer or answered with a temporary failure.',
  },
  QL_ERR_VENUE_RATE_LIMITED: {
    status: 429,
    action: 'retry',
    summary: 'The venue or our own limiter refused the call for now.',
  },
  QL_ERR_VENUE_REJECTED: {
    status: 422,
    action: 'fix-input',
    summary: 'The venue definitively rejected a request.',
  },
  QL_ERR_ORDER_STATE_UNKNOWN: {
    status: 502,
    action: 'reconcile',
    summary: 'An order was sent but its outcome is unknown; it stays in flight until the venue settles it.',
  },
  QL_ERR_VENUE_AUTH: {
    status: 401,
    action: 'stop',
    summary:
      'The venue refused our credentials or signature (wrong key, secret or passphrase, or demo keys on a live URL).',
  },
  QL_ERR_VENUE_CLOCK_SKEW: {
    status: 503,
    action: 'retry',
    summary:
      'The venue refused a signed request as outside its time window; our clock offset is re-measured.',
  },
  QL_ERR_RECONCILIATION_FAILED: {
    status: 503,
    action: 'stop',
    summary:
      'Our orders and positions could not be reconciled with the venue; no new order is sent until they are.',
  },
  QL_ERR_ACCOUNT_LEASE_HELD: {
    status: 409,
    action: 'stop',
    summary: 'Another Quant Lab process holds the trading lease of this venue account.',
  },
  QL_ERR_TRADING_HALTED: {
    status: 503,
    action: 'reconcile',
    summary:
      'Trading stopped failing closed (the database or the venue became unusable); nothing is sent until it recovers.',
  },
  QL_ERR_BUS_TIMEOUT: { status: 504, action: 'retry', summary: 'A bus request got no reply in time.' },
  QL_ERR_BUS_NO_RESPONDER: {
    status: 503,
    action: 'retry',
    summary: 'A bus request found no responder for its topic.',
  },
  QL_ERR_BUS_CLOSED: { status: 503, action: 'stop', summary: 'The event bus was used after it was closed.' },
  QL_ERR_BUS_UNREACHABLE: {
    status: 503,
    action: 'retry',
    summary: 'The message broker (NATS) cannot be reached.',
  },

  // Market data
  QL_ERR_DATA_FORMAT: {
    status: 400,
    action: 'fix-input',
    summary: 'A market-data file or message cannot be parsed, or its format is not recognised.',
  },
  QL_ERR_DATA_QUALITY: {
    status: 422,
    action: 'fix-input',
    summary: 'Market data failed a quality check (gap, duplicate, OHLC violation, outlier, bad timestamp).',
  },
  QL_ERR_DATA_FEED_STALE: {
    status: 503,
    action: 'retry',
    summary: 'A live market-data feed sent nothing for longer than its staleness limit.',
  },
  QL_ERR_DATA_FEED_BROKEN: {
    status: 503,
    action: 'retry',
    summary: 'A live feed lost continuity (sequence gap, checksum failure, disconnect) and is recovering.',
  },

  // Indicators and strategies
  QL_ERR_INDICATOR_INVALID: {
    status: 400,
    action: 'fix-input',
    summary: 'An indicator was given an invalid parameter or inputs of different lengths.',
  },
  QL_ERR_STRATEGY_UNKNOWN: {
    status: 404,
    action: 'fix-input',
    summary: 'No built-in, plugin or spec strategy has this name.',
  },
  QL_ERR_STRATEGY_PARAMS_INVALID: {
    status: 400,
    action: 'fix-input',
    summary: 'Strategy parameters are unknown, out of range or violate a constraint.',
  },
  QL_ERR_STRATEGY_SPEC_INVALID: {
    status: 400,
    action: 'fix-input',
    summary: 'A declarative strategy spec failed validation; the message points at the offending path.',
  },
  QL_ERR_STRATEGY_LOAD: {
    status: 400,
    action: 'fix-input',
    summary: 'A strategy plugin could not be loaded or does not export a valid strategy definition.',
  },
  QL_ERR_STRATEGY_FAILED: {
    status: 500,
    action: 'stop',
    summary: 'A strategy failed repeatedly and was paused; the other strategies keep running.',
  },
  QL_ERR_STRATEGY_ILLEGAL_TRANSITION: {
    status: 409,
    action: 'fix-input',
    summary: 'The strategy lifecycle does not allow this move (for example paper straight to live).',
  },

  // Backtests
  QL_ERR_LOOKAHEAD_BIAS: {
    status: 422,
    action: 'fix-input',
    summary:
      'The look-ahead check found decisions that change when future candles are removed: the strategy uses data it could not have known.',
  },

  // Everything else
  QL_ERR_INTERNAL: {
    status: 500,
    action: 'stop',
    summary: 'An unexpected internal error; the log has the details.',
  },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface QuantLabErrorOptions {
  /** Structured facts for logs and API replies (never secrets). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

export class QuantLabError extends Error {
  override readonly name = 'QuantLabError';
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, options: QuantLabErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }

  get action(): ErrorAction {
    return ERROR_CATALOGUE[this.code].action;
  }

  get retryable(): boolean {
    return ERROR_CATALOGUE[this.code].action === 'retry';
  }

  /** The shape API replies and `--json` output use. Never includes the cause or the stack. */
  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details?: Record<string, unknown> } {
    return this.details === undefined
      ? { code: this.code, message: this.message, retryable: this.retryable }
      : { code: this.code, message: this.message, retryable: this.retryable, details: this.details };
  }
}

export function isQuantLabError(error: unknown, code?: ErrorCode): error is QuantLabError {
  return error instanceof QuantLabError && (code === undefined || error.code === code);
}

/** Wraps anything thrown into a QuantLabError, keeping known ones as they are. */
export function toQuantLabError(error: unknown, fallback: ErrorCode = 'QL_ERR_INTERNAL'): QuantLabError {
  if (error instanceof QuantLabError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new QuantLabError(fallback, message, { cause: error });
}
