import { once } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * Writes each item of a stream to the response as it comes, and reports whether all were
 * written (false: `stopped` said to stop, or the response was destroyed). Frames that arrive in
 * the same tick, as several events from one upstream read do or a reader catching up on a
 * buffer, go out joined in one write at the end of the tick: one write per frame was the largest
 * cost of a stream under load (a syscall per SSE event). Joined by hand: `res.cork()` copies each
 * chunk into a buffer of its own on uncork, which cost more than the writes it saved. A slow
 * reader only slows itself: the loop waits for the socket to drain.
 */
export async function writeFrames<T>(res: ServerResponse, items: AsyncIterable<T>, render: (item: T) => string, stopped: () => boolean): Promise<boolean> {
  let batch = '';
  let backlog: Promise<unknown> | undefined;
  const flush = () => {
    if (batch === '') return;
    const text = batch;
    batch = '';
    if (!res.destroyed && !res.write(text)) backlog = Promise.race([once(res, 'drain'), once(res, 'close')]);
  };
  try {
    for await (const item of items) {
      if (stopped() || res.destroyed) return false;
      if (batch === '') process.nextTick(flush);
      batch += render(item);
      if (backlog) {
        flush();
        await backlog;
        backlog = undefined;
      }
    }
  } finally {
    flush();
  }
  return !stopped() && !res.destroyed;
}
