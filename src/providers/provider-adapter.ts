import type { CanonicalRequest } from '../core/request.ts';
import type { CanonicalResponse } from '../core/response.ts';
import type { StreamEvent } from '../core/events.ts';
import type { GatewayError } from '../core/errors.ts';

/** Lower-cased response headers, as undici and node:http give them. */
export type HeaderMap = Record<string, string | string[] | undefined>;

/** Where and how to reach one provider: from env, the config file, or (later) a user's own key. */
export type ProviderSettings = {
  /** Provider id as used in the catalog and routing (`openai`, `anthropic`, `google`, `groq`...). */
  id: string;
  baseUrl: string;
  apiKey?: string;
  /** Extra headers sent on every request (e.g. OpenRouter's HTTP-Referer). */
  headers?: Record<string, string>;
  /** Settings beyond a key and a URL (Azure `apiVersion`, Vertex `project`/`location`, AWS `region`). */
  options?: Record<string, string>;
  /** For credentials that are short-lived tokens (Vertex OAuth): asked per request, cached by the source. */
  bearerToken?: () => Promise<string>;
};

export type UpstreamRequest = {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
};

/** Wire formats an adapter can speak natively; a client in the same format is passed through untranslated. */
export type WireFormat = 'openai-chat' | 'anthropic-messages' | 'google-generate-content' | 'bedrock-converse';

/**
 * One provider family's translation to and from the canonical model. Adapters are pure:
 * they build request descriptions and parse bytes; sending is the router's job
 * (`routing/upstream-client.ts`), so every provider shares one HTTP mechanism.
 */
export interface ProviderAdapter {
  readonly family: string;
  readonly wireFormat: WireFormat;
  /**
   * Throws GatewayError 400 (`unsupported_feature`) for what the provider cannot express.
   * May be async where building needs it (SigV4 signing, an OAuth token).
   */
  buildRequest(request: CanonicalRequest, upstreamModel: string, settings: ProviderSettings): UpstreamRequest | Promise<UpstreamRequest>;
  /**
   * The body to send when the client already speaks this provider's format: the client's own
   * fields, untouched but for the model (and whatever the provider's variant of the format
   * needs). Absent where the provider cannot take a client body as is.
   */
  passthroughBody?(clientBody: Record<string, unknown>, upstreamModel: string): string;
  /**
   * The request's URL and headers alone, for passthrough, where `passthroughBody` supplies the
   * body: building the canonical body only to replace it costs a full serialisation of the
   * prompt (docs/benchmarks.md "Optimisations"). Absent: `buildRequest` is used and its body dropped.
   */
  buildPassthroughRequest?(upstreamModel: string, settings: ProviderSettings, stream: boolean): UpstreamRequest | Promise<UpstreamRequest>;
  /**
   * The built request again once `passthroughBody` has replaced its body, for providers whose
   * authentication covers the body (Bedrock's SigV4 signs its hash). Absent: nothing to redo.
   */
  signPassthrough?(request: UpstreamRequest, settings: ProviderSettings): Promise<UpstreamRequest>;
  parseResponse(body: unknown): CanonicalResponse;
  /** The raw response body of a streaming call, as bytes, into canonical events. */
  parseStream(body: AsyncIterable<Uint8Array>): AsyncIterable<StreamEvent>;
  /** An upstream error response into a GatewayError keeping the upstream's status and message. */
  parseError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError;
}
