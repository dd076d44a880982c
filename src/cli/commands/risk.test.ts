import { describe, expect, it } from 'vitest';
import { runCliCaptured, tempDir } from '../../../test/support/cli.js';
import { silentLogger } from '../../logging/index.js';
import { openDatabase } from '../../storage/index.js';

describe('quantlab risk kill | resume | status', () => {
  it('engages, shows and lifts the stored kill switch; lifting needs a reason; both are audited', async () => {
    const cwd = tempDir('ql-risk-');
    const env = { DATABASE_URL: `sqlite:${cwd}/ql.db` };
    const killed = await runCliCaptured(['--json', 'risk', 'kill', '--reason', 'drill', '--flatten'], {
      cwd,
      env,
    });
    expect(killed.code).toBe(0);
    expect(JSON.parse(killed.stdout)).toMatchObject({ engaged: true, reason: 'drill', flatten: true });
    const status = await runCliCaptured(['--json', 'risk', 'status'], { cwd, env });
    expect(JSON.parse(status.stdout)).toMatchObject({ engaged: true });
    const noReason = await runCliCaptured(['risk', 'resume'], { cwd, env });
    expect(noReason.code).toBe(2);
    const lifted = await runCliCaptured(['--json', 'risk', 'resume', '--reason', 'drill over'], { cwd, env });
    expect(JSON.parse(lifted.stdout)).toMatchObject({ engaged: false });
    const db = await openDatabase(env.DATABASE_URL, { logger: silentLogger() });
    const audit = await db.tradeLogs.query({});
    expect(audit.map((e) => [e.action, (e.details as { reason: string }).reason])).toEqual([
      ['risk.kill', 'drill'],
      ['risk.resume', 'drill over'],
    ]);
    await db.close();
  });
});
