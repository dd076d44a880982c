import { createHmac } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { describeWithSharedData } from '../../../test/support/shared-data.js';
import { sendFrame, waitFor } from '../../../test/support/ws-test-server.js';
import type { ExchangeStreamEvent } from '../exchange/types.js';
import type { CcxtExchangeClient } from './ccxt-exchange-client.js';
import { okxSample, TEST_CREDENTIALS } from './ccxt-test-kit.js';
import { createCcxtExchangeClient } from './create-client.js';
import { type LocalVenue, startLocalVenue } from './local-venue.js';

/**
 * The OKX private WebSocket protocol as the docs describe it (shared/data okx-docs-ws-control-frames):
 * `login` with an HMAC-SHA256 signature of `timestamp + GET + /users/self/verify`, then `subscribe`; the
 * `orders` channel pushes the real sample. Checks ccxt pro's private stream end to end through the client.
 */
function okxPrivateSocket(logins: string[]) {
  return (socket: WebSocket) => {
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'ping') return sendFrame(socket, 'pong');
      const message = JSON.parse(text) as { op: string; args: Array<Record<string, string>> };
      if (message.op === 'login') {
        const { apiKey, passphrase, timestamp, sign } = message.args[0]!;
        const expected = createHmac('sha256', TEST_CREDENTIALS.secret)
          .update(`${timestamp}GET/users/self/verify`)
          .digest('base64');
        const ok =
          apiKey === TEST_CREDENTIALS.apiKey && passphrase === TEST_CREDENTIALS.password && sign === expected;
        logins.push(ok ? 'ok' : 'refused');
        return sendFrame(
          socket,
          ok
            ? { event: 'login', code: '0', msg: '', connId: 'c1' }
            : { event: 'error', code: '60009', msg: 'Login failed.', connId: 'c1' },
        );
      }
      if (message.op !== 'subscribe') return;
      for (const arg of message.args) {
        sendFrame(socket, { event: 'subscribe', arg, connId: 'c1' });
        if (arg.channel === 'orders')
          sendFrame(socket, { arg: { ...arg, uid: '1' }, data: okxSample('ws_orders.json').data });
      }
    });
  };
}

describeWithSharedData('CcxtExchangeClient private streams on OKX (local WebSocket server)', () => {
  let venue: LocalVenue | undefined;
  let client: CcxtExchangeClient | undefined;

  afterEach(async () => {
    await client?.close();
    await venue?.close();
  });

  it('logs in, subscribes, turns pushes into events, reconnects after a drop, stops on close', async () => {
    const logins: string[] = [];
    venue = await startLocalVenue(okxPrivateSocket(logins));
    client = await createCcxtExchangeClient({
      exchange: 'okx',
      environment: 'demo',
      credentials: TEST_CREDENTIALS,
      baseUrl: venue.server.httpUrl,
      streams: { reconnectBaseMs: 10, reconnectMaxMs: 20, healthCheckMs: 20 },
    });
    const events: ExchangeStreamEvent[] = [];
    await client.startStreams(['BTC/USDT:USDT'], (event) => events.push(event));
    await waitFor(() => events.some((e) => e.kind === 'fill'), 'a fill event');
    const states = () => events.flatMap((e) => (e.kind === 'status' ? [e.status.state] : []));
    expect(states().slice(0, 2)).toEqual(['connecting', 'live']);
    expect(logins[0]).toBe('ok');
    expect(events.find((e) => e.kind === 'order')).toMatchObject({
      report: { clientOrderId: '001BTCUSDT20250106001', status: 'filled', filledQty: 0.03 },
    });
    expect(events.find((e) => e.kind === 'fill')).toMatchObject({
      report: { tradeId: '1518905529', qty: 0.03, price: 103698.9, liquidity: 'maker' },
    });

    const fillsBefore = events.filter((e) => e.kind === 'fill').length;
    venue.server.dropConnections();
    await waitFor(() => states().includes('reconnecting'), 'a reconnecting status');
    await waitFor(
      () => events.filter((e) => e.kind === 'fill').length > fillsBefore,
      'pushes after reconnecting',
    );
    expect(states().at(-1)).toBe('live');
    expect(logins.filter((l) => l === 'ok').length).toBeGreaterThanOrEqual(2);

    await client.close();
    expect(states().at(-1)).toBe('stopped');
    await waitFor(() => venue!.server.openConnections === 0, 'sockets closed');
  });
});
