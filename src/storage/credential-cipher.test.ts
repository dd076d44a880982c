import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from './credential-cipher.js';

const KEY = 'a master key of decent length';

describe('credential cipher (AES-256-GCM, scrypt per record)', () => {
  it('round-trips, with a fresh salt and IV each time', async () => {
    const cipher = createCredentialCipher(KEY);
    const a = await cipher.seal('{"secret":"s"}', 'rec-1');
    const b = await cipher.seal('{"secret":"s"}', 'rec-1');
    expect(a.salt).not.toBe(b.salt);
    expect(a.iv).not.toBe(b.iv);
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(await cipher.open(a, 'rec-1')).toBe('{"secret":"s"}');
  });

  it('fails clearly on a wrong key, other associated data or a tampered tag', async () => {
    const sealed = await createCredentialCipher(KEY).seal('plain', 'rec-1');
    await expect(createCredentialCipher(`${KEY}!`).open(sealed, 'rec-1')).rejects.toMatchObject({
      code: 'QL_ERR_CREDENTIALS_UNREADABLE',
    });
    await expect(createCredentialCipher(KEY).open(sealed, 'rec-2')).rejects.toMatchObject({
      code: 'QL_ERR_CREDENTIALS_UNREADABLE',
    });
    const tag = Buffer.from(sealed.authTag, 'base64');
    tag[0] = tag[0]! ^ 0xff;
    await expect(
      createCredentialCipher(KEY).open({ ...sealed, authTag: tag.toString('base64') }, 'rec-1'),
    ).rejects.toMatchObject({ code: 'QL_ERR_CREDENTIALS_UNREADABLE' });
  });

  it('refuses a missing or short MASTER_KEY', () => {
    expect(() => createCredentialCipher(undefined)).toThrow(
      expect.objectContaining({ code: 'QL_ERR_CONFIG_INVALID' }),
    );
    expect(() => createCredentialCipher('short')).toThrow(
      expect.objectContaining({ code: 'QL_ERR_CONFIG_INVALID' }),
    );
  });
});
