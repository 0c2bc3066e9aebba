import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_PREFIX = 'sy-';
const SECRET_BODY_LENGTH = 40;
const DISPLAY_CHARS = 6;
const SECRET_PATTERN = /^sy-[0-9A-Za-z]{40}$/;

/** A fresh API key secret: `sy-` + 40 base62 characters (~238 bits). */
export function generateSecret(): string {
  let body = '';
  while (body.length < SECRET_BODY_LENGTH) {
    for (const byte of randomBytes(SECRET_BODY_LENGTH)) {
      // Rejection sampling: 248 = 4 × 62, so bytes below it map onto the alphabet without bias.
      if (byte < 248 && body.length < SECRET_BODY_LENGTH) body += ALPHABET[byte % 62];
    }
  }
  return SECRET_PREFIX + body;
}

/** Whether a string has the shape of one of our secrets; lets authentication reject junk without a lookup. */
export function isWellFormedSecret(secret: string): boolean {
  return SECRET_PATTERN.test(secret);
}

/**
 * SHA-256 of the secret, hex. A plain fast hash is enough (no salt, no KDF): the secret is
 * 238 random bits, not a password, and a deterministic hash lets us look keys up by index.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The non-secret display prefix stored beside the hash (`sy-abc123`). */
export function displayPrefix(secret: string): string {
  return secret.slice(0, SECRET_PREFIX.length + DISPLAY_CHARS);
}

/** Compares two hex hashes in constant time, so a lookup's answer cannot leak through timing. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
