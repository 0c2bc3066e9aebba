import type { ProviderSettings } from '../provider-adapter.ts';
import { GatewayError } from '../../core/errors.ts';

/**
 * `{base}/v1/projects/{project}/locations/{location}/publishers/{publisher}/models/{model}:{method}`.
 * The base defaults to the regional endpoint (`{location}-aiplatform.googleapis.com`; `global`
 * has no region prefix) and is overridden by VERTEX_BASE_URL.
 */
export function vertexModelUrl(settings: ProviderSettings, publisher: 'google' | 'anthropic', model: string, method: string): string {
  const project = settings.options?.project;
  const location = settings.options?.location ?? 'us-central1';
  if (!project) throw new GatewayError({ status: 500, code: 'internal', provider: settings.id, message: 'Vertex AI needs VERTEX_PROJECT (or providers.vertex.options.project).' });
  const base = settings.baseUrl.replace(/\/+$/, '');
  return `${base}/v1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/${publisher}/models/${encodeURIComponent(model)}:${method}`;
}

export function defaultVertexBaseUrl(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

/** Vertex authenticates with a short-lived OAuth token in place of an API key. */
export async function vertexAuthHeaders(settings: ProviderSettings): Promise<Record<string, string>> {
  const token = settings.bearerToken ? await settings.bearerToken() : settings.apiKey;
  if (!token) throw new GatewayError({ status: 500, code: 'internal', provider: settings.id, message: 'Vertex AI has no credentials configured.' });
  return { authorization: `Bearer ${token}` };
}
