import { GatewayError, toGatewayError } from '../core/errors.ts';
import { isRetryable } from './is-retryable.ts';
import type { Attempt } from './failover-loop.ts';

/**
 * Failover for one-shot (non-streaming) calls: tries `targets` in order, recording each attempt
 * in `attempts`, and moves to the next only on a retryable error (connection trouble, 408/409/
 * 429/5xx) while the client is still there. Client errors return at once; when every target
 * fails, the last error is thrown. Chat streams have their own loop (`run-inference.ts`); the
 * embeddings and media endpoints share this one.
 */
export async function tryTargets<T extends { provider: { id: string }; upstreamModel: string }, R>(
  targets: readonly T[],
  signal: AbortSignal,
  call: (target: T) => Promise<R>,
  attempts: Attempt[] = [],
): Promise<{ result: R; target: T; attempts: Attempt[] }> {
  let lastError: GatewayError | undefined;
  for (const target of targets) {
    const started = Date.now();
    try {
      const result = await call(target);
      attempts.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, status: 200, latencyMs: Date.now() - started });
      return { result, target, attempts };
    } catch (thrown) {
      const error = toGatewayError(thrown);
      attempts.push({ provider: target.provider.id, upstreamModel: target.upstreamModel, status: error.status, error: error.message, latencyMs: Date.now() - started });
      if (!isRetryable(error) || signal.aborted) throw error;
      lastError = error;
    }
  }
  throw lastError ?? GatewayError.internal('No provider attempted.');
}
