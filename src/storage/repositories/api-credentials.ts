import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { StorageContext } from '../context.js';
import type { CredentialCipher } from '../credential-cipher.js';
import { guard, isForeignKeyViolation, notFound } from '../errors.js';
import type { ApiCredentialsTable } from '../schema.js';

/** A stored credential as listed: metadata only, never the secret. */
export interface ApiCredentialRecord {
  id: string;
  userId: string | null;
  exchange: string;
  label: string;
  createdAt: number;
}

/** The secret fields of an exchange credential, e.g. { apiKey, secret, passphrase }. */
export type CredentialSecrets = Record<string, string>;

export interface ApiCredentialRepository {
  /** Encrypts and stores; returns the metadata (with the generated id). */
  store(input: {
    userId?: string | null;
    exchange: string;
    label: string;
    secrets: CredentialSecrets;
    createdAt: number;
  }): Promise<ApiCredentialRecord>;
  get(id: string): Promise<ApiCredentialRecord | undefined>;
  list(filter?: { userId?: string; exchange?: string }): Promise<ApiCredentialRecord[]>;
  /**
   * Decrypts one credential: the only way to get at the secrets. Throws QL_ERR_NOT_FOUND for an unknown id
   * and QL_ERR_CONFIG_INVALID when MASTER_KEY is wrong or the row was tampered with.
   */
  decrypt(id: string): Promise<CredentialSecrets>;
  remove(id: string): Promise<boolean>;
}

const META = ['id', 'user_id', 'exchange', 'label', 'created_at'] as const;

function toRecord(r: Pick<Selectable<ApiCredentialsTable>, (typeof META)[number]>): ApiCredentialRecord {
  return {
    id: r.id,
    userId: r.user_id,
    exchange: r.exchange,
    label: r.label,
    createdAt: Number(r.created_at),
  };
}

/** The associated data binding a ciphertext to its row. */
function aad(id: string): string {
  return `api_credentials:${id}`;
}

export function createApiCredentialRepository(
  { db }: StorageContext,
  cipher: CredentialCipher,
): ApiCredentialRepository {
  return {
    store(input) {
      return guard('api_credentials.store', async () => {
        const id = randomUUID();
        const sealed = await cipher.seal(JSON.stringify(input.secrets), aad(id));
        const row = {
          id,
          user_id: input.userId ?? null,
          exchange: input.exchange,
          label: input.label,
          ciphertext: sealed.ciphertext,
          iv: sealed.iv,
          auth_tag: sealed.authTag,
          salt: sealed.salt,
          created_at: input.createdAt,
        };
        try {
          await db.insertInto('api_credentials').values(row).execute();
        } catch (error) {
          if (!isForeignKeyViolation(error)) throw error;
          throw notFound('user', String(input.userId));
        }
        return toRecord(row);
      });
    },

    get(id) {
      return guard('api_credentials.get', async () => {
        const row = await db
          .selectFrom('api_credentials')
          .select(META)
          .where('id', '=', id)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list(filter = {}) {
      return guard('api_credentials.list', async () => {
        let query = db.selectFrom('api_credentials').select(META).orderBy('exchange').orderBy('label');
        if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
        if (filter.exchange !== undefined) query = query.where('exchange', '=', filter.exchange);
        return (await query.execute()).map(toRecord);
      });
    },

    decrypt(id) {
      return guard('api_credentials.decrypt', async () => {
        const row = await db
          .selectFrom('api_credentials')
          .select(['ciphertext', 'iv', 'auth_tag', 'salt'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (row === undefined) throw notFound('api credential', id);
        const plain = await cipher.open(
          { ciphertext: row.ciphertext, iv: row.iv, authTag: row.auth_tag, salt: row.salt },
          aad(id),
        );
        const secrets: unknown = JSON.parse(plain);
        if (typeof secrets !== 'object' || secrets === null) {
          throw new QuantLabError('QL_ERR_DB_QUERY', `api credential ${id} decrypted to an unexpected shape`);
        }
        return secrets as CredentialSecrets;
      });
    },

    remove(id) {
      return guard('api_credentials.remove', async () => {
        const result = await db.deleteFrom('api_credentials').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
