import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../credential-cipher.js';
import type { StrategyRecord } from '../repositories/strategies.js';
import { type GetDatabase, T0, uid } from './fixtures.js';

const MASTER_KEY = 'correct horse battery staple 42';

export function defineAdminTests(get: GetDatabase): void {
  describe('strategies', () => {
    it('inserts, conflicts on a duplicate id, updates and moves through states', async () => {
      const db = get();
      const s: StrategyRecord = {
        id: uid('strategy'),
        name: uid('sma-cross'),
        version: '1.0.0',
        state: 'draft',
        spec: { indicators: [{ sma: 10 }, { sma: 30 }] },
        params: { fast: 10, slow: 30 },
        createdAt: T0,
        updatedAt: T0,
      };
      await db.strategies.insert(s);
      expect(await db.strategies.get(s.id)).toEqual(s);
      await expect(db.strategies.insert(s)).rejects.toMatchObject({ code: 'QL_ERR_CONFLICT' });
      const updated = await db.strategies.update(s.id, { params: { fast: 5, slow: 20 }, updatedAt: T0 + 1 });
      expect(updated).toEqual({ ...s, params: { fast: 5, slow: 20 }, updatedAt: T0 + 1 });
      expect((await db.strategies.setState(s.id, 'backtested', T0 + 2)).state).toBe('backtested');
      expect((await db.strategies.list({ name: s.name, state: 'backtested' })).map((x) => x.id)).toEqual([
        s.id,
      ]);
      await expect(db.strategies.setState('missing', 'live', T0)).rejects.toMatchObject({
        code: 'QL_ERR_NOT_FOUND',
      });
    });
  });

  describe('backtest results', () => {
    it('stores full results, lists summaries newest first, returns the latest', async () => {
      const db = get();
      const strategy = uid('strategy');
      const base = {
        strategy,
        params: { fast: 10 },
        config: { capital: 10_000 },
        metrics: { sharpe: 1.2, maxDrawdown: 0.1 },
        equity: [
          [T0, 10_000],
          [T0 + 60_000, 10_050],
        ],
        trades: [{ symbol: 'BTC/USDT', pnl: 50 }],
      };
      const first = { ...base, id: uid('bt'), createdAt: T0 };
      const second = { ...base, id: uid('bt'), createdAt: T0 + 1, metrics: { sharpe: 2 } };
      await db.backtestResults.insert(first);
      await db.backtestResults.insert(second);
      await expect(db.backtestResults.insert(first)).rejects.toMatchObject({ code: 'QL_ERR_CONFLICT' });
      expect(await db.backtestResults.get(first.id)).toEqual(first);
      expect(await db.backtestResults.latest(strategy)).toEqual(second);
      const list = await db.backtestResults.list({ strategy });
      expect(list.map((r) => r.id)).toEqual([second.id, first.id]);
      expect(list[0]).not.toHaveProperty('equity');
      expect(await db.backtestResults.remove(first.id)).toBe(true);
      expect(await db.backtestResults.remove(first.id)).toBe(false);
    });
  });

  describe('optimization runs', () => {
    it('insert once, get with trials, list newest first without them', async () => {
      const db = get();
      const strategy = uid('opt');
      const base = {
        strategy,
        config: { symbols: ['BTC/USDT'], timeframe: '1h' },
        search: { method: 'tpe', objective: 'sharpe', seed: 7, space: { fast: { min: 5, max: 20 } } },
        trials: [{ index: 0, params: { fast: 5 }, score: 1.5, metrics: { sharpe: 1.5 } }],
        best: { params: { fast: 5 }, score: 1.5 },
        analysis: { walkForward: null, monteCarlo: { runs: 100 } },
      };
      const first = { ...base, id: uid('opt'), createdAt: T0 };
      const second = { ...base, id: uid('opt'), createdAt: T0 + 1, best: null };
      await db.optimizationRuns.insert(first);
      await db.optimizationRuns.insert(second);
      await expect(db.optimizationRuns.insert(first)).rejects.toMatchObject({ code: 'QL_ERR_CONFLICT' });
      expect(await db.optimizationRuns.get(first.id)).toEqual(first);
      expect(await db.optimizationRuns.get(second.id)).toEqual(second);
      const list = await db.optimizationRuns.list({ strategy });
      expect(list.map((r) => r.id)).toEqual([second.id, first.id]);
      expect(list[0]).not.toHaveProperty('trials');
    });
  });

  describe('risk rules', () => {
    it('one rule per scope, enable/disable, list and remove', async () => {
      const db = get();
      const scopeId = uid('strategy');
      const rule = {
        scope: 'strategy' as const,
        scopeId,
        rule: 'max-position-notional',
        params: { usd: 5_000 },
        enabled: true,
        updatedAt: T0,
      };
      await db.riskRules.upsert(rule);
      await db.riskRules.upsert({ ...rule, params: { usd: 2_500 }, updatedAt: T0 + 1 });
      await db.riskRules.upsert({
        ...rule,
        rule: 'max-daily-loss',
        params: { fraction: 0.05 },
        enabled: false,
      });
      expect(await db.riskRules.get('strategy', scopeId, 'max-position-notional')).toEqual({
        ...rule,
        params: { usd: 2_500 },
        updatedAt: T0 + 1,
      });
      expect(await db.riskRules.list({ scope: 'strategy', scopeId })).toHaveLength(2);
      expect((await db.riskRules.list({ scopeId, enabledOnly: true })).map((r) => r.rule)).toEqual([
        'max-position-notional',
      ]);
      await db.riskRules.setEnabled('strategy', scopeId, 'max-daily-loss', true, T0 + 2);
      expect(await db.riskRules.list({ scopeId, enabledOnly: true })).toHaveLength(2);
      await expect(db.riskRules.setEnabled('global', '', uid('nope'), true, T0)).rejects.toMatchObject({
        code: 'QL_ERR_NOT_FOUND',
      });
      expect(await db.riskRules.remove('strategy', scopeId, 'max-daily-loss')).toBe(true);
      expect(await db.riskRules.list({ scopeId })).toHaveLength(1);
    });
  });

  describe('users', () => {
    it('inserts, finds by username, conflicts on a taken username, updates and removes', async () => {
      const db = get();
      const user = {
        id: uid('user'),
        username: uid('alice'),
        passwordHash: 'scrypt$abc',
        role: 'admin',
        createdAt: T0,
      };
      await db.users.insert(user);
      expect(await db.users.getByUsername(user.username)).toEqual(user);
      await expect(db.users.insert({ ...user, id: uid('user') })).rejects.toMatchObject({
        code: 'QL_ERR_CONFLICT',
      });
      expect(await db.users.update(user.id, { role: 'viewer' })).toEqual({ ...user, role: 'viewer' });
      await expect(db.users.update('missing', { role: 'x' })).rejects.toMatchObject({
        code: 'QL_ERR_NOT_FOUND',
      });
      expect((await db.users.list()).some((u) => u.id === user.id)).toBe(true);
      expect(await db.users.remove(user.id)).toBe(true);
      expect(await db.users.get(user.id)).toBeUndefined();
    });
  });

  describe('api credentials', () => {
    const secrets = {
      apiKey: 'key-PLAINTEXT-abc123',
      secret: 'secret-PLAINTEXT-def456',
      passphrase: 'pass-PLAIN-789',
    };

    it('stores only ciphertext and decrypts on explicit request', async () => {
      const db = get();
      const repo = db.apiCredentials(createCredentialCipher(MASTER_KEY));
      const meta = await repo.store({ exchange: 'okx', label: uid('main'), secrets, createdAt: T0 });
      expect(Object.keys(meta).sort()).toEqual(['createdAt', 'exchange', 'id', 'label', 'userId']);
      const row = await db.db
        .selectFrom('api_credentials')
        .selectAll()
        .where('id', '=', meta.id)
        .executeTakeFirstOrThrow();
      const stored = JSON.stringify(row);
      for (const value of Object.values(secrets)) {
        expect(stored).not.toContain(value);
        expect(stored).not.toContain(Buffer.from(value).toString('base64'));
      }
      expect(await repo.get(meta.id)).toEqual(meta);
      expect(await repo.list({ exchange: 'okx' })).toContainEqual(meta);
      expect(await repo.decrypt(meta.id)).toEqual(secrets);
      await expect(repo.decrypt('missing')).rejects.toMatchObject({ code: 'QL_ERR_NOT_FOUND' });
    });

    it('a wrong MASTER_KEY, a tampered row or a moved ciphertext fail clearly', async () => {
      const db = get();
      const repo = db.apiCredentials(createCredentialCipher(MASTER_KEY));
      const a = await repo.store({ exchange: 'okx', label: uid('a'), secrets, createdAt: T0 });
      const b = await repo.store({
        exchange: 'okx',
        label: uid('b'),
        secrets: { apiKey: 'other' },
        createdAt: T0,
      });

      const wrong = db.apiCredentials(createCredentialCipher('a different master key!!'));
      const error = await wrong.decrypt(a.id).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'QL_ERR_CREDENTIALS_UNREADABLE' });
      expect((error as Error).message).toMatch(/MASTER_KEY/);
      expect((error as Error).message).not.toContain(MASTER_KEY);

      // flip one ciphertext byte
      const row = await db.db
        .selectFrom('api_credentials')
        .selectAll()
        .where('id', '=', a.id)
        .executeTakeFirstOrThrow();
      const bytes = Buffer.from(row.ciphertext, 'base64');
      bytes[0] = bytes[0]! ^ 0x01;
      await db.db
        .updateTable('api_credentials')
        .set({ ciphertext: bytes.toString('base64') })
        .where('id', '=', a.id)
        .execute();
      await expect(repo.decrypt(a.id)).rejects.toMatchObject({ code: 'QL_ERR_CREDENTIALS_UNREADABLE' });

      // b's intact sealed secret copied onto a: bound to b's id, so it does not open as a
      const sealedB = await db.db
        .selectFrom('api_credentials')
        .select(['ciphertext', 'iv', 'auth_tag', 'salt'])
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow();
      await db.db.updateTable('api_credentials').set(sealedB).where('id', '=', a.id).execute();
      await expect(repo.decrypt(a.id)).rejects.toMatchObject({ code: 'QL_ERR_CREDENTIALS_UNREADABLE' });
      expect(await repo.decrypt(b.id)).toEqual({ apiKey: 'other' });
    });

    it('credentials belong to a user and go with it', async () => {
      const db = get();
      const repo = db.apiCredentials(createCredentialCipher(MASTER_KEY));
      const userId = uid('user');
      await db.users.insert({
        id: userId,
        username: uid('bob'),
        passwordHash: 'h',
        role: 'trader',
        createdAt: T0,
      });
      const meta = await repo.store({
        userId,
        exchange: 'binanceusdm',
        label: 'main',
        secrets,
        createdAt: T0,
      });
      expect(await repo.list({ userId })).toEqual([meta]);
      await db.users.remove(userId);
      expect(await repo.get(meta.id)).toBeUndefined();
      await expect(
        repo.store({ userId: 'no-such-user', exchange: 'okx', label: 'x', secrets, createdAt: T0 }),
      ).rejects.toMatchObject({ code: 'QL_ERR_NOT_FOUND' });
    });
  });
}
