import type { Kysely } from 'kysely';
import { boolDefault, columnTypes, type MigrationContext } from '../types.js';

/** Risk rules, users and their (encrypted) exchange credentials. */
export async function createAdminTables(db: Kysely<unknown>, { dialect }: MigrationContext): Promise<void> {
  const t = columnTypes(dialect);

  // scope_id is '' for the global scope so the primary key also makes (scope, rule) unique there.
  await db.schema
    .createTable('risk_rules')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('params', t.json, (c) => c.notNull())
    .addColumn('enabled', t.bool, (c) => c.notNull().defaultTo(boolDefault(dialect, true)))
    .addColumn('updated_at', t.bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_rules_pk', ['scope', 'scope_id', 'rule'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();

  // Only ciphertext: AES-256-GCM blob, its IV, auth tag and the scrypt salt, all base64.
  await db.schema
    .createTable('api_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('exchange', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('ciphertext', 'text', (c) => c.notNull())
    .addColumn('iv', 'text', (c) => c.notNull())
    .addColumn('auth_tag', 'text', (c) => c.notNull())
    .addColumn('salt', 'text', (c) => c.notNull())
    .addColumn('created_at', t.bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_credentials_user_idx').on('api_credentials').column('user_id').execute();
}
