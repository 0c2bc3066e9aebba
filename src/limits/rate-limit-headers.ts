import { slidingCount, untilEmpty, type WindowState } from '../stores/rate-limit-store.ts';

/**
 * OpenAI's rate-limit headers (`x-ratelimit-limit-requests`, `-remaining-requests`,
 * `-reset-requests`, and the same for tokens; fixtures/openai-chat/stream-text-ratelimit-headers.har),
 * so agents that already read OpenAI's pace themselves against the gateway's key limits too.
 * Resets are durations in OpenAI's style (`12ms`, `0s`, `45s`, `1m5s`).
 */
export function rateLimitHeaders(kind: 'requests' | 'tokens', limit: number, state: WindowState): Record<string, string> {
  return {
    [`x-ratelimit-limit-${kind}`]: String(limit),
    [`x-ratelimit-remaining-${kind}`]: String(Math.max(0, Math.floor(limit - slidingCount(state)))),
    [`x-ratelimit-reset-${kind}`]: formatDuration(untilEmpty(state)),
  };
}

/** A duration as OpenAI writes it: `0s`, `12ms` under a second, else whole seconds rounded up (`45s`, `1m30s`). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${Math.ceil(ms)}ms`;
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
