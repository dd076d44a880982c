import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithSharedData, readSharedJson } from '../../../test/support/shared-data.js';
import { okxSign, verifyRestRequest, verifyWsLogin } from './signing.js';
import type { OkxSimulator } from './simulator.js';
import { CREDS, signedFetch, startSimulator } from './test-kit.js';

interface Vector {
  id: string;
  secretKey: string;
  timestamp: string;
  method: string;
  requestPath: string;
  body: string;
  prehash: string;
  signature: string;
  apiKey?: string;
  passphrase?: string;
}

describeWithSharedData('OKX signing vectors', () => {
  const { vectors } = readSharedJson<{ vectors: Vector[] }>('okx-signing-vectors.json');

  it('has the vectors the README describes', () => {
    expect(vectors.length).toBe(7);
  });

  it.each(vectors.map((v) => [v.id, v] as const))('%s: the signature is reproduced', (_id, v) => {
    expect(v.timestamp + v.method + v.requestPath + v.body).toBe(v.prehash);
    expect(okxSign(v.secretKey, v.prehash)).toBe(v.signature);
  });

  it.each(
    vectors
      .filter((v) => v.method === 'POST' || v.requestPath.startsWith('/api'))
      .map((v) => [v.id, v] as const),
  )('%s: a REST request carrying it verifies (at its own time)', (_id, v) => {
    const account = { apiKey: v.apiKey ?? 'key', secret: v.secretKey, passphrase: v.passphrase ?? 'pass' };
    const headers = {
      'ok-access-key': account.apiKey,
      'ok-access-passphrase': account.passphrase,
      'ok-access-timestamp': v.timestamp,
      'ok-access-sign': v.signature,
      'x-simulated-trading': '1',
    };
    const request = { method: v.method, requestPath: v.requestPath, body: v.body, headers };
    const now = Date.parse(v.timestamp);
    expect(verifyRestRequest(request, [account], 'demo', now)).toEqual({ ok: true, account });
    // One character of the body changed: the signature no longer matches.
    const tampered = { ...request, requestPath: `${v.requestPath}x` };
    expect(verifyRestRequest(tampered, [account], 'demo', now)).toMatchObject({
      ok: false,
      error: { code: '50113' },
    });
  });

  it('the WebSocket login vector verifies as a login', () => {
    const v = vectors.find((x) => x.requestPath === '/users/self/verify')!;
    const account = { apiKey: 'ws-key', secret: v.secretKey, passphrase: 'pp' };
    const args = { apiKey: 'ws-key', passphrase: 'pp', timestamp: v.timestamp, sign: v.signature };
    expect(verifyWsLogin(args, [account], Number(v.timestamp) * 1000)).toEqual({ ok: true, account });
    expect(verifyWsLogin(args, [account], (Number(v.timestamp) + 31) * 1000)).toMatchObject({
      code: '60006',
    });
    expect(
      verifyWsLogin({ ...args, sign: `${v.signature.slice(1)}A` }, [account], Number(v.timestamp) * 1000),
    ).toMatchObject({ code: '60007' });
    expect(
      verifyWsLogin({ ...args, passphrase: 'other' }, [account], Number(v.timestamp) * 1000),
    ).toMatchObject({ code: '60024' });
    expect(
      verifyWsLogin({ ...args, apiKey: 'unknown' }, [account], Number(v.timestamp) * 1000),
    ).toMatchObject({ code: '60005' });
    expect(
      verifyWsLogin({ ...args, timestamp: '2020-01-01T00:00:00Z' }, [account], Number(v.timestamp) * 1000),
    ).toMatchObject({ code: '60004' });
  });
});

describe('REST authentication against the running simulator', () => {
  let sim: OkxSimulator;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(() => sim.close());

  it('answers a correctly signed request', async () => {
    const { status, json } = await signedFetch(sim, '/api/v5/account/balance?ccy=USDT');
    expect(status).toBe(200);
    expect(json.code).toBe('0');
    expect((json.data[0]!.details as Array<{ ccy: string }>)[0]!.ccy).toBe('USDT');
  });

  it('answers each authentication failure with OKX code and HTTP 401', async () => {
    const cases: Array<[string, Parameters<typeof signedFetch>[2], string]> = [
      ['wrong signature', { sign: okxSign('not-the-secret', 'x') }, '50113'],
      ['unknown key', { credentials: { ...CREDS, apiKey: 'nobody' } }, '50111'],
      ['wrong passphrase', { credentials: { ...CREDS, passphrase: 'wrong' } }, '50105'],
      ['timestamp 31 s old', { timestamp: new Date(Date.now() - 31_000).toISOString() }, '50102'],
      ['timestamp 31 s ahead', { timestamp: new Date(Date.now() + 31_000).toISOString() }, '50102'],
      ['malformed timestamp', { timestamp: 'yesterday' }, '50112'],
      ['live request to a demo simulator', { demo: false }, '50101'],
    ];
    for (const [name, call, code] of cases) {
      const { status, json } = await signedFetch(sim, '/api/v5/account/balance', call);
      expect({ name, status, code: json.code }).toEqual({ name, status: 401, code });
    }
  });

  it('does not put secrets in error replies', async () => {
    const { json } = await signedFetch(sim, '/api/v5/account/balance', {
      credentials: { ...CREDS, passphrase: 'wrong' },
    });
    expect(JSON.stringify(json)).not.toContain(CREDS.passphrase);
    expect(JSON.stringify(json)).not.toContain(CREDS.secret);
  });

  it('a live simulator refuses demo requests and accepts live ones', async () => {
    const live = await startSimulator({ environment: 'live' });
    try {
      expect((await signedFetch(live, '/api/v5/account/balance')).json.code).toBe('50101');
      expect((await signedFetch(live, '/api/v5/account/balance', { demo: false })).json.code).toBe('0');
    } finally {
      await live.close();
    }
  });
});
