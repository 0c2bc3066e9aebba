import { GatewayError } from '../../core/errors.ts';
import type { ProviderSettings } from '../provider-adapter.ts';

export type AwsCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/**
 * Bedrock needs more than a key and a URL: a region (part of the SigV4 credential scope) and
 * AWS credentials. It is a ProviderSettings, so it travels through the same provider map;
 * `apiKey`, when set, is a Bedrock API key sent as `Authorization: Bearer` instead of signing.
 */
export type BedrockSettings = ProviderSettings & {
  region: string;
  credentials?: AwsCredentials;
};

export const defaultBedrockRegion = 'us-east-1';

export function defaultBedrockBaseUrl(region: string): string {
  return `https://bedrock-runtime.${region}.amazonaws.com`;
}

const nonEmpty = (value: string | undefined): string | undefined => (value && value.trim() !== '' ? value.trim() : undefined);

/**
 * Bedrock settings from the conventional AWS variables: `AWS_ACCESS_KEY_ID`,
 * `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`, `AWS_REGION` (else `AWS_DEFAULT_REGION`, else
 * us-east-1), `AWS_BEARER_TOKEN_BEDROCK` (a Bedrock API key) and `BEDROCK_BASE_URL`.
 * Undefined when neither credentials nor an API key are set: the provider stays off.
 */
export function bedrockSettingsFromEnv(env: Record<string, string | undefined>, id = 'bedrock'): BedrockSettings | undefined {
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? defaultBedrockRegion;
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  const apiKey = nonEmpty(env.AWS_BEARER_TOKEN_BEDROCK);
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
  if (!credentials && !apiKey) return undefined;
  const baseUrl = (nonEmpty(env.BEDROCK_BASE_URL) ?? defaultBedrockBaseUrl(region)).replace(/\/+$/, '');
  return { id, baseUrl, region, ...(credentials ? { credentials } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** The Bedrock fields of settings that may have come through the generic provider map. */
export function readBedrockSettings(settings: ProviderSettings): BedrockSettings {
  const candidate = settings as Partial<BedrockSettings>;
  const region = typeof candidate.region === 'string' && candidate.region ? candidate.region : regionFromUrl(settings.baseUrl);
  if (!candidate.credentials && settings.apiKey === undefined) {
    throw new GatewayError({
      status: 500,
      code: 'internal',
      message: `Provider '${settings.id}' has no AWS credentials or Bedrock API key configured.`,
      provider: settings.id,
    });
  }
  return { ...settings, region, ...(candidate.credentials ? { credentials: candidate.credentials } : {}) };
}

function regionFromUrl(baseUrl: string): string {
  return /bedrock-runtime(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com/.exec(baseUrl)?.[1] ?? defaultBedrockRegion;
}
