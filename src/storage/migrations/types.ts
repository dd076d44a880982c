import type { ColumnDataType, CreateTableBuilder, Expression, Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialect } from '../schema.js';

/** What a migration needs besides the connection: the dialect, for the few places where SQL differs. */
export interface MigrationContext {
  dialect: SqlDialect;
}

/**
 * One schema step. `up` runs inside a transaction together with the insert of its schema_version row, so
 * it either applies completely or not at all. Migrations are never edited once released; add a new one.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>, context: MigrationContext): Promise<void>;
}

/** Column types whose spelling differs between the dialects. */
export interface ColumnTypes {
  json: ColumnDataType | Expression<unknown>;
  bool: ColumnDataType;
  double: ColumnDataType;
  bigint: ColumnDataType;
}

export function columnTypes(dialect: SqlDialect): ColumnTypes {
  return dialect === 'postgres'
    ? { json: 'jsonb', bool: 'boolean', double: 'double precision', bigint: 'bigint' }
    : // SQLite: TEXT keeps JSON text as text (a "jsonb" column would get NUMERIC affinity and turn "1" into 1).
      { json: 'text', bool: 'integer', double: 'real', bigint: 'integer' };
}

/** A default for a boolean column, spelled for the dialect. */
export function boolDefault(dialect: SqlDialect, value: boolean): Expression<unknown> {
  if (dialect === 'postgres') return value ? sql`true` : sql`false`;
  return value ? sql`1` : sql`0`;
}

/** An auto-increment integer primary key (append-only tables: the id orders rows written in the same ms). */
export function withSerialId<T extends string>(
  builder: CreateTableBuilder<T, never>,
  dialect: SqlDialect,
): CreateTableBuilder<T, 'id'> {
  return dialect === 'postgres'
    ? builder.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
