import type { EmbeddingRequest, EmbeddingResponse } from '../core/embeddings.ts';
import type { GatewayError } from '../core/errors.ts';
import type { HeaderMap, ProviderSettings, UpstreamRequest } from './provider-adapter.ts';

/**
 * One provider family's embeddings API, beside its chat `ProviderAdapter`. Pure like it:
 * builds request descriptions and parses bodies; sending is the router's job.
 */
export interface EmbeddingAdapter {
  readonly family: string;
  /**
   * The most inputs one upstream call may carry for this model; larger requests are split
   * into several calls and their vectors joined in order (Vertex's gemini-embedding-001 takes one).
   */
  maxInputsPerCall(upstreamModel: string): number;
  /** Throws GatewayError 400 (`unsupported_feature`) for what the provider cannot express. */
  buildRequest(request: EmbeddingRequest, upstreamModel: string, settings: ProviderSettings): UpstreamRequest | Promise<UpstreamRequest>;
  /** `request` is the (possibly split) request this body answers, for providers that report no usage. */
  parseResponse(body: unknown, request: EmbeddingRequest): EmbeddingResponse;
  parseError(status: number, headers: HeaderMap, body: string, settings: ProviderSettings): GatewayError;
}
