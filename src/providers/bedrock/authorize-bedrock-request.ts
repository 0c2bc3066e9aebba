import type { UpstreamRequest } from '../provider-adapter.ts';
import type { BedrockSettings } from './bedrock-settings.ts';
import { signBedrockRequest } from './sign-bedrock-request.ts';

/**
 * Authenticates a finished Bedrock request: a Bedrock API key as `Authorization: Bearer` when
 * one is configured, else a SigV4 signature over the body, so the body must not change after this.
 */
export async function authorizeBedrockRequest(unsigned: UpstreamRequest, settings: BedrockSettings, now: Date = new Date()): Promise<UpstreamRequest> {
  if (settings.apiKey !== undefined) {
    return { ...unsigned, headers: { ...unsigned.headers, authorization: `Bearer ${settings.apiKey}` } };
  }
  return signBedrockRequest(unsigned, settings.credentials!, settings.region, now);
}
