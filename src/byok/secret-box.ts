import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Encrypts short secrets (provider API keys) at rest with AES-256-GCM: a fresh random 96-bit
 * nonce per value, and a context string (account and provider) as additional authenticated
 * data, so a sealed value copied into another row does not open there.
 * Sealed form: `v1.<nonce>.<ciphertext + 16-byte tag>`, base64url.
 */
export type SecretBox = {
  seal(plaintext: string, context: string): string;
  /** The plaintext; throws when the value was sealed under another secret or context, or altered. */
  open(sealed: string, context: string): string;
};

// A fixed salt is fine here: the derived key is never stored, and it binds keys to this use.
const SALT = 'switchyard/byok/aes-256-gcm/v1';

/**
 * A box keyed from `SWITCHYARD_SECRET` through scrypt (N=2^15, r=8, p=1), so a short
 * passphrase is still costly to guess from a stolen database. Derived once, on first use.
 */
export function createSecretBox(secret: string): SecretBox {
  let key: Buffer | undefined;
  const derived = () => (key ??= scryptSync(secret, SALT, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
  return {
    seal(plaintext, context) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', derived(), nonce);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `v1.${nonce.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed, context) {
      const [version, nonceText, bodyText] = sealed.split('.');
      if (version !== 'v1' || !nonceText || !bodyText) throw new Error('Not a sealed value of a known version.');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', derived(), Buffer.from(nonceText, 'base64url'));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
    },
  };
}
