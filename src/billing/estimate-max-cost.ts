import type { CanonicalRequest } from '../core/request.ts';
import { computeCost } from './compute-cost.ts';
import type { NanoPricing } from './offer-prices.ts';
import type { Nanos } from './nanos.ts';

/** Prompt tokens assumed per image: Anthropic's largest image (~1.15 MP) is about 1,600 tokens; OpenAI high detail stays under it. */
export const IMAGE_TOKEN_ALLOWANCE = 1_600;
/** Output assumed when neither the request nor the catalog says how much a model may write. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 4_096;
/** UTF-8 bytes per token assumed for the prompt: tokenizers average ~4 for English, so 3 over-reserves a little, which is the safe side. */
const BYTES_PER_TOKEN = 3;

/**
 * A cheap upper estimate of a request's prompt tokens: the canonical request as JSON, without
 * image data, at 3 bytes a token, plus a fixed allowance per image. No tokenizer: this only
 * sizes a hold, and the capture charges the provider's real count.
 */
export function estimatePromptTokens(request: Pick<CanonicalRequest, 'messages' | 'tools'> & Partial<CanonicalRequest>): number {
  let images = 0;
  const json = JSON.stringify({ messages: request.messages, tools: request.tools, responseFormat: request.responseFormat }, (key, value) => {
    if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'image') {
      images += 1;
      return undefined;
    }
    return value;
  });
  return Math.ceil(Buffer.byteLength(json, 'utf8') / BYTES_PER_TOKEN) + images * IMAGE_TOKEN_ALLOWANCE;
}

/**
 * The most a request should cost, to hold before calling the provider: estimated prompt tokens
 * at the input price (the long-context tier when the estimate passes its threshold) plus the
 * output ceiling — the request's `maxTokens`, else the model's `max_output_tokens`, else
 * DEFAULT_MAX_OUTPUT_TOKENS — at the output price. Unpriced models hold 0.
 */
export function estimateMaxCost(request: CanonicalRequest, pricing: NanoPricing | undefined, modelMaxOutputTokens?: number): Nanos {
  if (!pricing) return 0n;
  const outputTokens = request.maxTokens ?? modelMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  return computeCost({ inputTokens: estimatePromptTokens(request), outputTokens }, pricing)?.costNanos ?? 0n;
}
