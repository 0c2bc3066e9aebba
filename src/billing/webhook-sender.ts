import { signWebhook, WEBHOOK_SIGNATURE_HEADER } from './sign-webhook.ts';

export type WebhookSenderOptions = {
  /** Delays before each retry, in ms; the number of entries is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** Per-attempt timeout, in ms. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Clock in ms, for the signature's timestamp. */
  now?: () => number;
  log?: (line: string) => void;
};

/** Delivers signed JSON webhooks in the background, retrying failures a few times. */
export type WebhookSender = {
  /** Queues one delivery and returns at once; the promise in `idle()` settles when all are done. */
  send(url: string, payload: unknown, secret: string): void;
  /** Resolves when every queued delivery succeeded or gave up (for tests and shutdown). */
  idle(): Promise<void>;
  /** Stops retrying; deliveries in flight finish on their own. */
  close(): void;
};

/**
 * Webhooks leave the request path: `send` never blocks or fails the request that triggered it.
 * A 2xx answer is a delivery; anything else (or no answer) is retried after 1 s, 5 s and 25 s,
 * then dropped with a log line.
 */
export function createWebhookSender(options: WebhookSenderOptions = {}): WebhookSender {
  const retryDelays = options.retryDelaysMs ?? [1_000, 5_000, 25_000];
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const pending = new Set<Promise<void>>();
  let closed = false;

  async function deliver(url: string, payload: unknown, secret: string): Promise<void> {
    const body = JSON.stringify(payload);
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await doFetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [WEBHOOK_SIGNATURE_HEADER]: signWebhook(body, secret, Math.floor(now() / 1000)) },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        await response.body?.cancel();
        if (response.ok) return;
        options.log?.(`webhook ${url} answered ${response.status} (attempt ${attempt + 1})`);
      } catch (error) {
        options.log?.(`webhook ${url} failed: ${(error as Error).message} (attempt ${attempt + 1})`);
      }
      if (closed || attempt >= retryDelays.length) return;
      await new Promise<void>((resolve) => setTimeout(resolve, retryDelays[attempt]).unref());
    }
  }

  return {
    send(url, payload, secret) {
      if (closed) return;
      const delivery = deliver(url, payload, secret).finally(() => pending.delete(delivery));
      pending.add(delivery);
    },
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },
    close() {
      closed = true;
    },
  };
}
