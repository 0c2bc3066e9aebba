import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { UpstreamRequest } from '../provider-adapter.ts';
import type { AwsCredentials } from './bedrock-settings.ts';

/** The SigV4 service name Bedrock's runtime endpoints sign with (not `bedrock-runtime`). */
export const bedrockSigningService = 'bedrock';

/**
 * Signs a request with AWS Signature Version 4: adds `host`, `x-amz-date`,
 * `x-amz-security-token` (temporary credentials) and `authorization`. Async because the
 * signer hashes with a possibly asynchronous SHA-256.
 */
export async function signBedrockRequest(
  request: UpstreamRequest,
  credentials: AwsCredentials,
  region: string,
  now: Date = new Date(),
): Promise<UpstreamRequest> {
  const url = new URL(request.url);
  const signer = new SignatureV4({ credentials, region, service: bedrockSigningService, sha256: Sha256 });
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = value;
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      // URL keeps the model id's percent-encoding (`%3A`); the signer encodes the path once more, as AWS expects.
      path: url.pathname,
      query,
      headers: { ...request.headers, host: url.host },
      body: request.body,
    },
    { signingDate: now },
  );
  return { ...request, headers: { ...(signed.headers as Record<string, string>) } };
}
