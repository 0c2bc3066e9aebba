import { Agent, request, errors as undiciErrors } from 'undici';
import { GatewayError } from '../core/errors.ts';
import type { HeaderMap, UpstreamRequest } from '../providers/provider-adapter.ts';

export type UpstreamResponse = {
  status: number;
  headers: HeaderMap;
  /** `bytes()` reads the whole body without an async iterator (undici's own consumer). */
  body: AsyncIterable<Uint8Array> & { text(): Promise<string>; json(): Promise<unknown>; bytes(): Promise<Uint8Array> };
};

/**
 * The one HTTP mechanism every provider shares: pooled keep-alive connections (undici),
 * so a request to a provider reuses a warm TLS connection instead of paying a handshake.
 */
export class UpstreamClient {
  readonly #agent: Agent;

  constructor(
    options: {
      connectTimeoutMs?: number;
      headersTimeoutMs?: number;
      bodyTimeoutMs?: number;
      /**
       * Most connections open to one provider origin at once; unlimited by default. Every open
       * stream holds one for its whole length (HTTP/1.1), so a cap is a cap on concurrent
       * streams per provider: request 257 of a cap of 256 waits, without a first byte, for one to end.
       */
      maxConnectionsPerOrigin?: number;
    } = {},
  ) {
    this.#agent = new Agent({
      connections: options.maxConnectionsPerOrigin ?? null,
      keepAliveTimeout: 30_000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      headersTimeout: options.headersTimeoutMs ?? 300_000,
      bodyTimeout: options.bodyTimeoutMs ?? 300_000,
    });
  }

  /** Sends the request; connection failures become GatewayErrors naming the provider, never the URL's secrets. */
  async send(upstream: UpstreamRequest, provider: string, signal?: AbortSignal): Promise<UpstreamResponse> {
    try {
      const response = await request(upstream.url, {
        method: upstream.method,
        headers: upstream.headers,
        body: upstream.body,
        dispatcher: this.#agent,
        signal,
      });
      return { status: response.statusCode, headers: response.headers as HeaderMap, body: response.body };
    } catch (error) {
      throw connectionError(error, provider);
    }
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

function connectionError(error: unknown, provider: string): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.ConnectTimeoutError) {
    return new GatewayError({ status: 504, code: 'timeout', provider, message: `Provider '${provider}' did not answer in time.` });
  }
  const reason = (error as { code?: string }).code ?? (error as Error).name;
  return new GatewayError({
    status: 502,
    code: 'upstream_unavailable',
    provider,
    message: `Could not reach provider '${provider}' (${reason}).`,
  });
}
