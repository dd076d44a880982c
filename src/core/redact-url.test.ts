import { describe, expect, it } from 'vitest';
import { redactUrl } from './redact-url.js';

describe('redactUrl', () => {
  it('masks passwords and bare tokens, and leaves the rest alone', () => {
    expect(redactUrl('postgres://quant:s3cret@db:5432/ql')).toBe('postgres://quant:***@db:5432/ql');
    expect(redactUrl('postgres://quant@db/ql')).toBe('postgres://quant@db/ql');
    expect(redactUrl('redis://:pw@127.0.0.1:6379')).toBe('redis://:***@127.0.0.1:6379');
    expect(redactUrl('nats://tok3n@127.0.0.1:4222')).toBe('nats://***@127.0.0.1:4222');
    expect(redactUrl('sqlite:./var/quantlab.db')).toBe('sqlite:./var/quantlab.db');
    expect(redactUrl('postgres://u:p@ss w@rd@host/db')).not.toContain('ss w');
  });
});
