import { QuantLabError } from '../core/errors.js';

/** Error properties the drivers set: pg (`code` = SQLSTATE or errno name), better-sqlite3 (`code`). */
function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
]);

/** SQLSTATEs meaning "the server answered but refused us": bad password, unknown role, unknown database. */
const AUTH_SQLSTATES = new Set(['28P01', '28000', '3D000']);

/** Maps a failure to connect to PostgreSQL to one clear error; `where` is the redacted URL. */
export function mapPostgresConnectError(error: unknown, where: string): QuantLabError {
  if (error instanceof QuantLabError) return error;
  const code = errorCode(error);
  // Node reports a connection tried on several addresses as an AggregateError of per-address errors.
  const nested = error instanceof AggregateError ? error.errors.map(errorCode) : [];
  const reason = errorMessage(error) || nested.filter(Boolean).join(', ');
  if (code !== undefined && AUTH_SQLSTATES.has(code)) {
    return new QuantLabError('QL_ERR_DB_AUTH', `PostgreSQL at ${where} refused the connection: ${reason}`, {
      details: { url: where, sqlstate: code },
      cause: error,
    });
  }
  const network =
    (code !== undefined && NETWORK_CODES.has(code)) ||
    nested.some((c) => c !== undefined && NETWORK_CODES.has(c)) ||
    /timeout|terminated/i.test(reason);
  return new QuantLabError(
    'QL_ERR_DB_UNREACHABLE',
    network
      ? `PostgreSQL at ${where} cannot be reached (${code ?? reason}); is the server running?`
      : `PostgreSQL at ${where} cannot be used: ${reason}`,
    { details: { url: where, ...(code === undefined ? {} : { code }) }, cause: error },
  );
}

/** Maps a failure to open an SQLite file. */
export function mapSqliteOpenError(error: unknown, filename: string): QuantLabError {
  if (error instanceof QuantLabError) return error;
  const code = errorCode(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new QuantLabError(
      'QL_ERR_DB_NOT_SQLITE',
      `${filename} exists but is not an SQLite database; it was left untouched. Point DATABASE_URL elsewhere.`,
      { details: { file: filename, code }, cause: error },
    );
  }
  return new QuantLabError(
    'QL_ERR_DB_UNREACHABLE',
    `SQLite database ${filename} cannot be opened: ${errorMessage(error)}`,
    { details: { file: filename, ...(code === undefined ? {} : { code }) }, cause: error },
  );
}

export function isUniqueViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export function isForeignKeyViolation(error: unknown): boolean {
  const code = errorCode(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

function isMissingTable(error: unknown): boolean {
  const code = errorCode(error);
  return code === '42P01' || (code === 'SQLITE_ERROR' && /no such table/i.test(errorMessage(error)));
}

/** Wraps an unexpected driver error from `what` (e.g. "orders.insert") into a QuantLabError. */
export function toQueryError(error: unknown, what: string): QuantLabError {
  if (error instanceof QuantLabError) return error;
  if (isMissingTable(error)) {
    return new QuantLabError(
      'QL_ERR_DB_NOT_MIGRATED',
      `${what}: the database has not been migrated (${errorMessage(error)}); run \`quantlab db migrate\``,
      { cause: error },
    );
  }
  const code = errorCode(error);
  return new QuantLabError('QL_ERR_DB_QUERY', `${what} failed: ${errorMessage(error)}`, {
    details: code === undefined ? { operation: what } : { operation: what, code },
    cause: error,
  });
}

/** Runs a repository operation, turning driver errors into QuantLabErrors. */
export async function guard<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toQueryError(error, what);
  }
}

export function notFound(what: string, key: string): QuantLabError {
  return new QuantLabError('QL_ERR_NOT_FOUND', `${what} ${key} does not exist`, { details: { key } });
}
