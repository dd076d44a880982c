import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { QuantLabError } from '../core/errors.js';
import { createLogger, REDACTED_VALUE, SecretScrubber } from './index.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('writes JSON lines with level labels', () => {
    const { lines, destination } = capture();
    createLogger({ destination, pretty: false }).info({ port: 8000 }, 'listening');
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({ level: 'info', msg: 'listening', port: 8000 });
  });

  it('redacts secret-looking keys at any depth', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, pretty: false });
    log.info(
      {
        okx: { apiKey: 'AK-1', secretKey: 'SK-1', passphrase: 'PP-1' },
        headers: { 'OK-ACCESS-SIGN': 'sig-value-9', Authorization: 'Bearer tok' },
        nested: [{ password: 'pw', token: 't', keep: 'visible' }],
      },
      'request',
    );
    const text = lines.join('\n');
    for (const secret of ['AK-1', 'SK-1', 'PP-1', 'sig-value-9', 'Bearer tok', '"pw"', '"t"'])
      expect(text).not.toContain(secret);
    expect(text).toContain('visible');
    expect(text).toContain(REDACTED_VALUE);
  });

  it('scrubs known secret values from messages and errors', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, pretty: false, secrets: ['s3cr3t-value'] });
    log.warn('login with s3cr3t-value failed');
    log.error({ err: new QuantLabError('QL_ERR_DB_AUTH', 'password s3cr3t-value refused') }, 'db');
    const text = lines.join('\n');
    expect(text).not.toContain('s3cr3t-value');
    expect(text).toContain('QL_ERR_DB_AUTH');
  });

  it('respects the level', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, pretty: false, level: 'warn' });
    log.info('hidden');
    log.warn('shown');
    expect(lines).toHaveLength(1);
  });
});

describe('SecretScrubber', () => {
  it('handles cycles and replaces the longest secret first', () => {
    const scrubber = new SecretScrubber(['abcd', 'abcdefgh']);
    const cyclic: Record<string, unknown> = { text: 'x abcdefgh y' };
    cyclic.self = cyclic;
    expect(scrubber.scrub(cyclic)).toEqual({ text: `x ${REDACTED_VALUE} y`, self: '[circular]' });
  });
});
