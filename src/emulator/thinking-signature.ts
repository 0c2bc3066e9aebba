import { createHmac, timingSafeEqual } from 'node:crypto';

// A fixed key keeps signatures deterministic across emulator restarts, like a provider's
// would be across its replicas; the HMAC binds the signature to the exact thinking text.
const key = 'switchyard-emulator-thinking';

/** The signature the emulator attaches to a thinking block (Anthropic) or thought (Gemini). */
export function signThinking(text: string): string {
  return createHmac('sha256', key).update(text).digest('base64');
}

/** True when `signature` is the one the emulator issued for exactly this thinking text. */
export function verifyThinking(text: string, signature: string): boolean {
  const expected = Buffer.from(signThinking(text));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
