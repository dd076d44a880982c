import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { QuantLabError } from '../core/errors.js';

/**
 * Encrypts exchange credentials at rest: AES-256-GCM with a key derived from MASTER_KEY by scrypt, using a
 * fresh random salt (and IV) per record. The record id is bound in as additional authenticated data, so a
 * ciphertext copied onto another record fails to decrypt as surely as a tampered one.
 */

/** What is stored: all base64. */
export interface SealedSecret {
  ciphertext: string;
  iv: string;
  authTag: string;
  salt: string;
}

export interface CredentialCipher {
  seal(plaintext: string, associatedData: string): Promise<SealedSecret>;
  /** Throws QL_ERR_CONFIG_INVALID when MASTER_KEY is not the one used to seal, or the record was altered. */
  open(sealed: SealedSecret, associatedData: string): Promise<string>;
}

export const MIN_MASTER_KEY_LENGTH = 16;

// scrypt cost: N = 2^15, r = 8 (32 MiB, tens of ms) — paid once per seal/open, which are rare.
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_BYTES = 32;
const IV_BYTES = 12;
const SALT_BYTES = 16;

function deriveKey(masterKey: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(masterKey, salt, KEY_BYTES, SCRYPT, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export function createCredentialCipher(masterKey: string | undefined): CredentialCipher {
  if (masterKey === undefined || masterKey.length < MIN_MASTER_KEY_LENGTH) {
    throw new QuantLabError(
      'QL_ERR_CONFIG_INVALID',
      `MASTER_KEY must be set to at least ${MIN_MASTER_KEY_LENGTH} characters to store exchange credentials`,
      { details: { key: 'MASTER_KEY' } },
    );
  }
  return {
    async seal(plaintext, associatedData) {
      const salt = randomBytes(SALT_BYTES);
      const iv = randomBytes(IV_BYTES);
      const key = await deriveKey(masterKey, salt);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(associatedData, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return {
        ciphertext: ciphertext.toString('base64'),
        iv: iv.toString('base64'),
        authTag: cipher.getAuthTag().toString('base64'),
        salt: salt.toString('base64'),
      };
    },
    async open(sealed, associatedData) {
      const key = await deriveKey(masterKey, Buffer.from(sealed.salt, 'base64'));
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
        decipher.setAAD(Buffer.from(associatedData, 'utf8'));
        decipher.setAuthTag(Buffer.from(sealed.authTag, 'base64'));
        const plain = Buffer.concat([
          decipher.update(Buffer.from(sealed.ciphertext, 'base64')),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch (cause) {
        throw new QuantLabError(
          'QL_ERR_CREDENTIALS_UNREADABLE',
          `stored credential ${associatedData} cannot be decrypted: MASTER_KEY differs from the one it was stored with, or the record was altered`,
          { details: { key: 'MASTER_KEY', record: associatedData }, cause },
        );
      }
    },
  };
}
