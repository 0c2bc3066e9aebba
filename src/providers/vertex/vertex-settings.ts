import type { ProviderSettings } from '../provider-adapter.ts';
import { serviceAccountTokenSource, staticTokenSource } from './google-token-source.ts';
import { defaultVertexBaseUrl } from './vertex-url.ts';

/**
 * Vertex AI from the environment: `VERTEX_PROJECT`, `VERTEX_LOCATION` (default us-central1),
 * `VERTEX_BASE_URL`, and either `VERTEX_ACCESS_TOKEN` or a service-account key file in
 * `GOOGLE_APPLICATION_CREDENTIALS` (exchanged for OAuth tokens, cached and refreshed).
 */
export function vertexSettingsFromEnv(env: Record<string, string | undefined>): ProviderSettings | undefined {
  const project = env.VERTEX_PROJECT || env.GOOGLE_CLOUD_PROJECT;
  if (!project) return undefined;
  const location = env.VERTEX_LOCATION || 'us-central1';
  const source = env.VERTEX_ACCESS_TOKEN
    ? staticTokenSource(env.VERTEX_ACCESS_TOKEN)
    : env.GOOGLE_APPLICATION_CREDENTIALS
      ? serviceAccountTokenSource(env.GOOGLE_APPLICATION_CREDENTIALS)
      : undefined;
  if (!source) return undefined;
  return {
    id: 'vertex',
    baseUrl: env.VERTEX_BASE_URL || defaultVertexBaseUrl(location),
    options: { project, location },
    bearerToken: () => source.token(),
  };
}
