import { describe, expect, it } from 'vitest';
import { parseDatabaseUrl, redactUrl } from './url.js';

describe('parseDatabaseUrl', () => {
  it('reads the SQLite forms', () => {
    expect(parseDatabaseUrl('sqlite:./var/quantlab.db')).toMatchObject({
      dialect: 'sqlite',
      filename: './var/quantlab.db',
    });
    expect(parseDatabaseUrl('sqlite:/abs/q.db')).toMatchObject({ dialect: 'sqlite', filename: '/abs/q.db' });
    expect(parseDatabaseUrl('sqlite:///abs/q.db')).toMatchObject({
      dialect: 'sqlite',
      filename: '/abs/q.db',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toMatchObject({ dialect: 'sqlite', filename: ':memory:' });
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(
      expect.objectContaining({ code: 'QL_ERR_DB_URL_INVALID' }),
    );
  });

  it('reads PostgreSQL URLs and turns ?schema= into the search_path', () => {
    const target = parseDatabaseUrl('postgresql://u:pw@db.local:5433/quant?schema=ql_test_1&sslmode=disable');
    expect(target).toMatchObject({
      dialect: 'postgres',
      schema: 'ql_test_1',
      redacted: expect.stringContaining('u:***@'),
    });
    if (target.dialect !== 'postgres') throw new Error('dialect');
    const url = new URL(target.connectionString);
    expect(url.searchParams.get('schema')).toBeNull();
    expect(url.searchParams.get('options')).toBe('-c search_path=ql_test_1');
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(parseDatabaseUrl('postgres://h/db')).toMatchObject({ dialect: 'postgres', schema: undefined });
  });

  it('rejects an unsafe schema name and unknown schemes', () => {
    expect(() => parseDatabaseUrl('postgres://h/db?schema=a;drop')).toThrow(
      expect.objectContaining({ code: 'QL_ERR_DB_URL_INVALID' }),
    );
    expect(() => parseDatabaseUrl('mongodb://u:pw@h/db')).toThrow(
      expect.objectContaining({ code: 'QL_ERR_DB_URL_INVALID' }),
    );
  });
});

describe('redactUrl', () => {
  it('hides the password and nothing else', () => {
    expect(redactUrl('postgres://user:secret@host:5432/db')).toBe('postgres://user:***@host:5432/db');
    expect(redactUrl('postgres://user@host/db')).toBe('postgres://user@host/db');
    expect(redactUrl('not a url //user:secret@host')).not.toContain('secret');
  });
});
