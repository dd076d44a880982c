import type { Selectable } from 'kysely';
import { QuantLabError } from '../../core/errors.js';
import type { StorageContext } from '../context.js';
import { guard, isUniqueViolation, notFound } from '../errors.js';
import type { UsersTable } from '../schema.js';

export interface UserRecord {
  id: string;
  username: string;
  /** A password hash (never the password); the hashing scheme belongs to the server's auth code. */
  passwordHash: string;
  role: string;
  createdAt: number;
}

export interface UserRepository {
  /** Throws QL_ERR_CONFLICT when the id or username is taken. */
  insert(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getByUsername(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  /** Throws QL_ERR_NOT_FOUND for an unknown id. */
  update(id: string, changes: { passwordHash?: string; role?: string }): Promise<UserRecord>;
  remove(id: string): Promise<boolean>;
}

function toRecord(r: Selectable<UsersTable>): UserRecord {
  return {
    id: r.id,
    username: r.username,
    passwordHash: r.password_hash,
    role: r.role,
    createdAt: Number(r.created_at),
  };
}

export function createUserRepository({ db }: StorageContext): UserRepository {
  return {
    insert(u) {
      return guard('users.insert', async () => {
        try {
          await db
            .insertInto('users')
            .values({
              id: u.id,
              username: u.username,
              password_hash: u.passwordHash,
              role: u.role,
              created_at: u.createdAt,
            })
            .execute();
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new QuantLabError('QL_ERR_CONFLICT', `user ${u.username} (id ${u.id}) already exists`, {
            details: { id: u.id, username: u.username },
          });
        }
      });
    },

    get(id) {
      return guard('users.get', async () => {
        const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    getByUsername(username) {
      return guard('users.getByUsername', async () => {
        const row = await db
          .selectFrom('users')
          .selectAll()
          .where('username', '=', username)
          .executeTakeFirst();
        return row === undefined ? undefined : toRecord(row);
      });
    },

    list() {
      return guard('users.list', async () =>
        (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toRecord),
      );
    },

    update(id, changes) {
      return guard('users.update', async () => {
        const row = await db
          .updateTable('users')
          .set({ password_hash: changes.passwordHash, role: changes.role })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) throw notFound('user', id);
        return toRecord(row);
      });
    },

    remove(id) {
      return guard('users.remove', async () => {
        const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },
  };
}
