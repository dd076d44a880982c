import { describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../../../test/support/cli.js';
import { silentLogger } from '../../logging/index.js';
import { openDatabase } from '../../storage/index.js';

describe('quantlab risk rules | breaker-resume', () => {
  it('sets, lists, disables and removes validated limits, each change audited', async () => {
    const cwd = tempDir('ql-risk-rules-');
    const env = { DATABASE_URL: `sqlite:${cwd}/ql.db` };
    const run = (args: string[]) => runCliCaptured(args, { cwd, env });
    const set = await run([
      '--json',
      'risk',
      'rules',
      'set',
      'max-order-notional',
      '--params',
      '{"limit": 5000}',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      scope: 'global',
      rule: 'max-order-notional',
      params: { limit: 5000 },
    });
    const scoped = await run([
      'risk',
      'rules',
      'set',
      'daily-loss',
      '--strategy',
      'sma-1',
      '--params',
      '{"maxLoss": 200, "resume": "auto"}',
    ]);
    expect(scoped.code, scoped.stderr).toBe(0);
    expect(scoped.stdout).toMatch(/Stored strategy:sma-1 daily-loss/);

    const bad = await run(['risk', 'rules', 'set', 'max-order-notional', '--params', '{"limit": -1}']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/max-order-notional: limit/);
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user mistake
    const typo = await run(['risk', 'rules', 'set', 'max-notional', '--params', '{}']);
    expect(typo.stderr).toMatch(/Unknown risk rule "max-notional"/);
    const notJson = await run(['risk', 'rules', 'set', 'max-order-qty', '--params', '{limit']);
    expect(notJson.code).toBe(2);
    const both = await run([
      'risk',
      'rules',
      'set',
      'max-order-qty',
      '--account',
      'a',
      '--strategy',
      'b',
      '--params',
      '{"limit":1}',
    ]);
    expect(both.code).toBe(2);

    expect((await run(['risk', 'rules', 'disable', 'max-order-notional'])).code).toBe(0);
    const listed = JSON.parse((await run(['--json', 'risk', 'rules', 'list'])).stdout);
    expect(listed.rules.map((r: { rule: string; enabled: boolean }) => [r.rule, r.enabled])).toEqual([
      ['max-order-notional', false],
      ['daily-loss', true],
    ]);
    expect((await run(['risk', 'rules', 'remove', 'daily-loss', '--strategy', 'sma-1'])).code).toBe(0);
    const missing = await run(['risk', 'rules', 'remove', 'daily-loss', '--strategy', 'sma-1']);
    expect(missing.code).toBe(1);

    const db = await openDatabase(env.DATABASE_URL, { logger: silentLogger() });
    expect((await db.tradeLogs.query({})).map((e) => e.action)).toEqual([
      'risk.rule.set',
      'risk.rule.set',
      'risk.rule.disable',
      'risk.rule.remove',
    ]);
    await db.close();
  });

  it('resumes a stored breaker trip only with a reason, and says when there is none', async () => {
    const cwd = tempDir('ql-risk-breaker-');
    const env = { DATABASE_URL: `sqlite:${cwd}/ql.db` };
    const run = (args: string[]) => runCliCaptured(args, { cwd, env });
    const none = await run([
      'risk',
      'breaker-resume',
      'daily-loss',
      '--account',
      'paper:okx:x',
      '--reason',
      'r',
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No daily-loss trip is stored/);
    const db = await openDatabase(env.DATABASE_URL, { logger: silentLogger() });
    await db.riskRules.upsert({
      scope: 'account',
      scopeId: 'paper:okx:x',
      rule: 'breaker-trip:daily-loss',
      params: {
        breaker: 'daily-loss',
        target: { kind: 'account' },
        reason: 'r',
        details: {},
        at: 1,
        resume: 'manual',
      },
      enabled: true,
      updatedAt: 1,
    });
    expect((await run(['risk', 'breaker-resume', 'daily-loss', '--account', 'paper:okx:x'])).code).toBe(2);
    const ok = await run([
      'risk',
      'breaker-resume',
      'daily-loss',
      '--account',
      'paper:okx:x',
      '--reason',
      'reviewed',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await db.riskRules.list()).toEqual([]);
    expect((await db.tradeLogs.query({ action: 'risk.breaker.resume' })).map((e) => e.details)).toMatchObject(
      [{ reason: 'reviewed' }],
    );
    await db.close();
  });
});
