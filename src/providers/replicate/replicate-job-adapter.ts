import { GatewayError } from '../../core/errors.ts';
import type { MediaRequest, MediaUnits } from '../../core/media.ts';
import type { JobAdapter, JobProgress } from '../job-adapter.ts';
import type { HeaderMap, ProviderSettings, UpstreamRequest } from '../provider-adapter.ts';
import { fallbackSpec, replicateModels, toReplicateInput, type ReplicateModelSpec } from './replicate-models.ts';

/** A prediction as Replicate's API renders it (the fields the gateway reads). */
type Prediction = {
  id?: string;
  status?: 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';
  output?: unknown;
  error?: unknown;
  metrics?: { predict_time?: number };
};

/**
 * Replicate's predictions API: `POST /v1/models/{owner}/{name}/predictions` with the input,
 * `Prefer: wait` for synchronous models (held up to 60 s), then `GET /v1/predictions/{id}`.
 * Output is a URL or a list of URLs, fetched by the gateway before Replicate deletes them (1 h).
 */
export function replicateJobAdapter(upstreamModel: string): JobAdapter {
  const spec = replicateModels[upstreamModel] ?? fallbackSpec;
  const headers = (settings: ProviderSettings) => ({ authorization: `Bearer ${settings.apiKey ?? ''}`, ...settings.headers });
  return {
    family: 'replicate',
    kind: spec.kind,
    buildSubmit(request, model, settings, options): UpstreamRequest {
      return {
        method: 'POST',
        url: `${settings.baseUrl}/v1/models/${model.split('/').map(encodeURIComponent).join('/')}/predictions`,
        headers: { ...headers(settings), 'content-type': 'application/json', ...(options.wait ? { prefer: 'wait=60' } : {}) },
        body: JSON.stringify({ input: toReplicateInput(request.input, spec) }),
      };
    },
    parseSubmit(body, request) {
      const prediction = body as Prediction;
      if (typeof prediction?.id !== 'string') throw unreadable('a prediction without an id');
      return { upstreamId: prediction.id, progress: progressOf(prediction, request, spec) };
    },
    buildPoll(id, settings) {
      return { method: 'GET', url: `${settings.baseUrl}/v1/predictions/${encodeURIComponent(id)}`, headers: headers(settings) };
    },
    parsePoll(body, request) {
      return progressOf(body as Prediction, request, spec);
    },
    buildCancel(id, settings) {
      return { method: 'POST', url: `${settings.baseUrl}/v1/predictions/${encodeURIComponent(id)}/cancel`, headers: headers(settings) };
    },
    // Replicate's delivery URLs (replicate.delivery) are public; nothing to add.
    downloadHeaders: () => ({}),
    parseError(status: number, _headers: HeaderMap, body: string): GatewayError {
      return parseReplicateError(status, body);
    },
  };
}

function progressOf(prediction: Prediction, request: MediaRequest, spec: ReplicateModelSpec): JobProgress {
  switch (prediction.status) {
    case 'starting':
      return { status: 'queued' };
    case 'processing':
      return { status: 'running' };
    case 'succeeded': {
      const urls = (Array.isArray(prediction.output) ? prediction.output : [prediction.output]).filter((url): url is string => typeof url === 'string');
      if (urls.length === 0) throw unreadable('a succeeded prediction without output URLs');
      return { status: 'succeeded', files: urls.map((url) => ({ url })), units: unitsOf(urls.length, request, spec), data: { predict_time: prediction.metrics?.predict_time } };
    }
    case 'failed':
    case 'aborted':
      return { status: 'failed', reason: typeof prediction.error === 'string' && prediction.error ? prediction.error : `The prediction ${prediction.status}.` };
    case 'canceled':
      return { status: 'canceled' };
    default:
      throw unreadable(`a prediction with status '${String(prediction?.status)}'`);
  }
}

/** Images are counted from the output; video and audio seconds are what was asked for (Replicate reports no length). */
function unitsOf(files: number, request: MediaRequest, spec: ReplicateModelSpec): MediaUnits {
  if (spec.kind === 'image') return { images: files };
  const asked = request.input.duration_seconds;
  return { seconds: typeof asked === 'number' ? asked : (spec.defaultSeconds ?? 0) };
}

/** Replicate's errors are problem+json: `{title, detail, status}`. */
export function parseReplicateError(status: number, body: string): GatewayError {
  let detail = body.slice(0, 500);
  try {
    const json = JSON.parse(body) as { title?: string; detail?: string };
    detail = [json.title, json.detail].filter(Boolean).join(': ') || detail;
  } catch {
    // Not JSON: keep the text.
  }
  // A refused token is the gateway's misconfiguration, not the caller's: a 502, as for other providers.
  if (status === 401 || status === 403) return new GatewayError({ status: 502, code: 'upstream_error', provider: 'replicate', message: `Replicate refused the gateway's token: ${detail}` });
  if (status === 422 || status === 400) return new GatewayError({ status: 400, code: 'invalid_request', provider: 'replicate', message: `Replicate: ${detail}` });
  return new GatewayError({ status, code: status === 429 ? 'rate_limited' : 'upstream_error', provider: 'replicate', message: `Replicate: ${detail}` });
}

function unreadable(what: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider: 'replicate', message: `Replicate sent ${what}.` });
}
