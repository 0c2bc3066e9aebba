import { randomBytes } from 'node:crypto';

/** Random ids in the style each format uses (`chatcmpl-…`, `msg_…`, `call_…`). */
export function randomId(prefix: string, bytes = 12): string {
  return prefix + randomBytes(bytes).toString('base64url');
}
