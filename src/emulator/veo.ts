import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http-io.ts';
import { EmulatedJobs, requestedFailure } from './emulated-jobs.ts';
import { animatedGif } from './tiny-media.ts';

/** Whether a request is for the emulated Veo API (long-running video generation on the Gemini API). */
export function isVeoRequest(method: string, path: string): boolean {
  return (
    (method === 'POST' && /^\/google\/v1beta\/models\/veo-[^/:]+:predictLongRunning$/.test(path)) ||
    (method === 'GET' && /^\/google\/v1beta\/models\/veo-[^/:]+\/operations\/[0-9a-f]+$/.test(path)) ||
    (method === 'GET' && /^\/google\/v1beta\/files\/[0-9a-f]+:download$/.test(path))
  );
}

/**
 * Veo through the Gemini API under `/google`: `POST /v1beta/models/{model}:predictLongRunning`
 * answers an operation name; `GET /v1beta/{name}` reports `done` and, once done, the video's
 * file URI (`/v1beta/files/{id}:download?alt=media`, which needs the API key too) or an error.
 * Errors are Google's `{error: {code, message, status}}`.
 */
export function handleVeoRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, jobs: EmulatedJobs): void {
  const key = req.headers['x-goog-api-key'] ?? url.searchParams.get('key');
  if (typeof key !== 'string' || key === '') return googleError(res, 403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
  if (key.startsWith('invalid')) return googleError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
  const path = url.pathname;
  const origin = `http://${req.headers.host}`;

  const download = /^\/google\/v1beta\/files\/([0-9a-f]+):download$/.exec(path);
  if (download) {
    const file = jobs.file(download[1]);
    if (!file) return googleError(res, 404, 'NOT_FOUND', 'File not found.');
    res.writeHead(200, { 'content-type': file.mediaType, 'content-length': String(file.data.byteLength) });
    res.end(file.data);
    return;
  }
  const submit = /^\/google\/v1beta\/models\/(veo-[^/:]+):predictLongRunning$/.exec(path);
  if (submit) {
    const body = parse(raw);
    const instance = (Array.isArray(body?.instances) ? body.instances[0] : undefined) as Record<string, unknown> | undefined;
    if (typeof instance?.prompt !== 'string' || instance.prompt === '') return googleError(res, 400, 'INVALID_ARGUMENT', 'instances[0].prompt is required.');
    const parameters = (body?.parameters ?? {}) as Record<string, unknown>;
    const seconds = typeof parameters.durationSeconds === 'number' ? parameters.durationSeconds : 8;
    const job = jobs.create(submit[1], { ...instance, ...parameters }, [{ mediaType: 'image/gif', data: animatedGif(32, 18, seconds, instance.prompt.length) }], requestedFailure(instance.prompt));
    return sendJson(res, 200, { name: `models/${submit[1]}/operations/${job.id}` });
  }
  const operation = /^\/google\/v1beta\/(models\/veo-[^/:]+\/operations\/([0-9a-f]+))$/.exec(path)!;
  const job = jobs.get(operation[2]);
  if (!job) return googleError(res, 404, 'NOT_FOUND', `Operation ${operation[1]} not found.`);
  const phase = jobs.phase(job);
  if (phase === 'starting' || phase === 'processing') return sendJson(res, 200, { name: operation[1] });
  if (phase === 'failed') return sendJson(res, 200, { name: operation[1], done: true, error: { code: 3, message: job.failure } });
  sendJson(res, 200, {
    name: operation[1],
    done: true,
    response: {
      '@type': 'type.googleapis.com/google.ai.generativelanguage.v1beta.PredictLongRunningResponse',
      generateVideoResponse: { generatedSamples: job.files.map((file) => ({ video: { uri: `${origin}/google/v1beta/files/${file.id}:download?alt=media` } })) },
    },
  });
}

function googleError(res: ServerResponse, code: number, status: string, message: string): void {
  sendJson(res, code, { error: { code, message, status } });
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
