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
 * A cheap upper estimate of a request's prompt tokens: the size of the canonical request as
 * JSON, without image data, at 3 bytes a token, plus a fixed allowance per image. No tokenizer:
 * this only sizes a hold, and the capture charges the provider's real count. The size is
 * counted, not serialised: a 100 KB prompt is not copied again for its estimate.
 */
export function estimatePromptTokens(request: Pick<CanonicalRequest, 'messages' | 'tools'> & Partial<CanonicalRequest>): number {
  const counter = { bytes: 0, images: 0 };
  countJsonBytes({ messages: request.messages, tools: request.tools, responseFormat: request.responseFormat }, counter);
  return Math.ceil(counter.bytes / BYTES_PER_TOKEN) + counter.images * IMAGE_TOKEN_ALLOWANCE;
}

/** About the UTF-8 length of `JSON.stringify(value)` (escapes aside), with image parts counted apart instead. */
function countJsonBytes(value: unknown, counter: { bytes: number; images: number }): void {
  switch (typeof value) {
    case 'string':
      counter.bytes += Buffer.byteLength(value, 'utf8') + 2;
      return;
    case 'number':
    case 'boolean':
    case 'bigint':
      counter.bytes += String(value).length;
      return;
    case 'object':
      break;
    default:
      return;
  }
  if (value === null) {
    counter.bytes += 4;
    return;
  }
  if (Array.isArray(value)) {
    counter.bytes += 2;
    for (const item of value) {
      counter.bytes += 1;
      countJsonBytes(item, counter);
    }
    return;
  }
  if ((value as { type?: unknown }).type === 'image') {
    counter.images += 1;
    return;
  }
  counter.bytes += 2;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined || typeof item === 'function') continue;
    counter.bytes += key.length + 4;
    countJsonBytes(item, counter);
  }
}

/**
 * The most a request should cost, to hold before calling the provider: estimated prompt tokens
 * at the input price (the long-context tier when the estimate passes its threshold) plus the
 * output ceiling — the request's `maxTokens`, else the model's `max_output_tokens`, else
 * DEFAULT_MAX_OUTPUT_TOKENS — at the output price. Unpriced models hold 0. Pass `promptTokens`
 * (`estimatePromptTokens`) when estimating one request for several targets.
 */
export function estimateMaxCost(request: CanonicalRequest, pricing: NanoPricing | undefined, modelMaxOutputTokens?: number, promptTokens?: number): Nanos {
  if (!pricing) return 0n;
  const outputTokens = request.maxTokens ?? modelMaxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS;
  return computeCost({ inputTokens: promptTokens ?? estimatePromptTokens(request), outputTokens }, pricing)?.costNanos ?? 0n;
}
