import { randomFillSync } from 'node:crypto';

// Random bytes are drawn from the kernel 4 KB at a time (~300 ids) instead of once per id: each
// draw is a syscall, and a request makes several ids (request, trace, spans, ledger entries).
// Every byte is handed out once; the pool is never reused.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = 0;

function take(bytes: number): number {
  if (offset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(Math.max(POOL_BYTES, bytes)));
    offset = 0;
  }
  const start = offset;
  offset += bytes;
  return start;
}

/** Random ids in the style each format uses (`chatcmpl-…`, `msg_…`, `call_…`). */
export function randomId(prefix: string, bytes = 12): string {
  const start = take(bytes);
  return prefix + pool.toString('base64url', start, start + bytes);
}

/** `bytes` random bytes as lowercase hex (W3C trace and span ids). */
export function randomHex(bytes: number): string {
  const start = take(bytes);
  return pool.toString('hex', start, start + bytes);
}

/**
 * An id that sorts by creation time: the milliseconds as 12 hex digits, then 9 random bytes.
 * Rows keyed by such ids (request log, ledger, streams) are appended at the right edge of their
 * B-tree indexes, a page or two per commit, where random ids dirtied a page per row
 * (docs/benchmarks.md). The time in an id is not secret: it is the time the request arrived.
 */
export function timeOrderedId(prefix: string, now = Date.now()): string {
  const start = take(9);
  return prefix + now.toString(16).padStart(12, '0') + pool.toString('base64url', start, start + 9);
}
