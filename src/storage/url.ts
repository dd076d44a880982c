import { QuantLabError } from '../core/errors.js';
import { redactUrl } from '../core/redact-url.js';

export { redactUrl };

/** Where a DATABASE_URL points, decided from its scheme. */
export type DatabaseTarget =
  | { dialect: 'sqlite'; filename: string; redacted: string }
  | { dialect: 'postgres'; connectionString: string; schema: string | undefined; redacted: string };

const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * Parses `sqlite:./file.db`, `sqlite:/abs/file.db`, `sqlite::memory:` (also `sqlite://` forms) and
 * `postgres://` / `postgresql://` URLs. A `?schema=NAME` parameter on a PostgreSQL URL selects the schema
 * (it becomes the connection's search_path).
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    let filename = trimmed.slice('sqlite:'.length);
    if (filename.startsWith('//')) filename = filename.slice(2);
    if (filename === '') {
      throw new QuantLabError('QL_ERR_DB_URL_INVALID', `DATABASE_URL "${trimmed}" names no SQLite file`, {
        details: { url: trimmed },
      });
    }
    return { dialect: 'sqlite', filename, redacted: trimmed };
  }
  if (trimmed.startsWith('postgres://') || trimmed.startsWith('postgresql://')) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch (cause) {
      const redacted = redactUrl(trimmed);
      throw new QuantLabError('QL_ERR_DB_URL_INVALID', `DATABASE_URL "${redacted}" is not a valid URL`, {
        details: { url: redacted },
        cause,
      });
    }
    const redacted = redactUrl(trimmed);
    const schema = parsed.searchParams.get('schema') ?? undefined;
    if (schema !== undefined) {
      if (!SCHEMA_NAME.test(schema)) {
        throw new QuantLabError(
          'QL_ERR_DB_URL_INVALID',
          `DATABASE_URL "${redacted}": schema "${schema}" must be a plain identifier (letters, digits, _)`,
          { details: { url: redacted } },
        );
      }
      parsed.searchParams.delete('schema');
      // pg passes `options` to the server as startup options; the schema becomes the search_path.
      const existing = parsed.searchParams.get('options');
      const searchPath = `-c search_path=${schema}`;
      parsed.searchParams.set('options', existing === null ? searchPath : `${existing} ${searchPath}`);
    }
    return { dialect: 'postgres', connectionString: parsed.toString(), schema, redacted };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  const shown = redactUrl(trimmed);
  throw new QuantLabError(
    'QL_ERR_DB_URL_INVALID',
    scheme === undefined
      ? `DATABASE_URL "${shown}" has no scheme; use sqlite:./var/quantlab.db or postgres://user@host/db`
      : `DATABASE_URL scheme "${scheme}:" is not supported; use sqlite: or postgres://`,
    { details: { url: shown } },
  );
}
