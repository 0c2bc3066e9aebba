import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, sleep } from './http-io.ts';
import { EmulatedJobs, isDone, requestedFailure, type EmulatedFile, type EmulatedJob } from './emulated-jobs.ts';
import { animatedGif, tinyPng, toneWav } from './tiny-media.ts';

/**
 * Replicate's predictions API under `/replicate` (`REPLICATE_BASE_URL=<url>/replicate`):
 * `POST /v1/models/{owner}/{name}/predictions` (with `Prefer: wait` held until done),
 * `GET /v1/predictions/{id}`, `POST /v1/predictions/{id}/cancel`, and the output files at
 * `/replicate/files/{id}`. Errors are Replicate's problem+json `{title, detail, status}`.
 */
export async function handleReplicateRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, jobs: EmulatedJobs, signal: AbortSignal): Promise<void> {
  const path = url.pathname.slice('/replicate'.length);
  const method = req.method ?? 'GET';
  const file = /^\/files\/([0-9a-f]+)$/.exec(path);
  if (method === 'GET' && file) return sendFile(res, jobs.file(file[1]));
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (!token || token.startsWith('invalid')) return problem(res, 401, 'Unauthenticated', 'You did not pass a valid authentication token');
  const origin = `http://${req.headers.host}`;

  const create = /^\/v1\/models\/([^/]+)\/([^/]+)\/predictions$/.exec(path);
  if (method === 'POST' && create) {
    const model = `${create[1]}/${create[2]}`;
    const kind = modelKind(model);
    if (!kind) return problem(res, 404, 'Not found', `Model ${model} does not exist on the emulator`);
    const body = parse(raw);
    const input = (body?.input ?? {}) as Record<string, unknown>;
    if (typeof input.prompt !== 'string' || input.prompt === '') return invalid(res, 'input.prompt', 'prompt is required');
    if (kind === 'video' && model.startsWith('kwaivgi/') && typeof input.start_image !== 'string') return invalid(res, 'input.start_image', 'start_image is required');
    const job = jobs.create(model, input, outputs(model, kind, input), requestedFailure(input.prompt));
    const wait = /\bwait\b(?:=(\d+))?/.exec(String(req.headers.prefer ?? ''));
    // Timers run on a monotonic clock and may fire a millisecond before Date.now() reaches the
    // deadline, which would answer 'processing': wait a little past it.
    if (wait) await sleep(Math.min(jobs.doneAt(job) - Date.now() + 5, Number(wait[1] ?? 60) * 1000), signal);
    return sendJson(res, 201, prediction(job, jobs, origin));
  }
  const get = /^\/v1\/predictions\/([0-9a-f]+)(\/cancel)?$/.exec(path);
  const job = get && jobs.get(get[1]);
  if (get && !job) return problem(res, 404, 'Not found', 'The requested resource could not be found.');
  if (job && method === 'GET' && !get![2]) return sendJson(res, 200, prediction(job, jobs, origin));
  if (job && method === 'POST' && get![2]) {
    jobs.cancel(job);
    return sendJson(res, 200, prediction(job, jobs, origin));
  }
  return problem(res, 404, 'Not found', `${method} ${url.pathname}`);
}

type Kind = 'image' | 'video' | 'music';

function modelKind(model: string): Kind | undefined {
  if (model.startsWith('black-forest-labs/')) return 'image';
  if (model.startsWith('kwaivgi/') || model.startsWith('minimax/')) return 'video';
  if (model === 'meta/musicgen') return 'music';
  return undefined;
}

function outputs(model: string, kind: Kind, input: Record<string, unknown>): Array<Omit<EmulatedFile, 'id'>> {
  const seed = typeof input.seed === 'number' ? input.seed : input.prompt!.toString().length;
  if (kind === 'image') {
    const count = model.endsWith('flux-schnell') && typeof input.num_outputs === 'number' ? input.num_outputs : 1;
    return Array.from({ length: count }, (_, n) => ({ mediaType: 'image/png', data: tinyPng(32, 32, seed + n) }));
  }
  if (kind === 'video') {
    const seconds = typeof input.duration === 'number' ? input.duration : 5;
    return [{ mediaType: 'image/gif', data: animatedGif(32, 18, Math.min(seconds, 10), seed) }];
  }
  return [{ mediaType: 'audio/wav', data: toneWav(Math.min(typeof input.duration === 'number' ? input.duration : 8, 30) / 8) }];
}

/** A prediction object as Replicate renders it; `output` is a URL, or a list of them for flux-schnell. */
function prediction(job: EmulatedJob, jobs: EmulatedJobs, origin: string): Record<string, unknown> {
  const phase = jobs.phase(job);
  const urls = job.files.map((file) => `${origin}/replicate/files/${file.id}`);
  const done = isDone(phase);
  return {
    id: job.id,
    model: job.model,
    version: 'dp-4d0bcc010b3049749a251855f12800be',
    input: job.input,
    logs: phase === 'starting' ? '' : 'Running prediction...\n',
    output: phase === 'succeeded' ? (job.model.endsWith('flux-schnell') ? urls : urls[0]) : null,
    data_removed: false,
    error: phase === 'failed' ? job.failure : null,
    status: phase,
    created_at: new Date(job.createdAt).toISOString(),
    ...(phase !== 'starting' ? { started_at: new Date(job.createdAt + job.delayMs / 3).toISOString() } : {}),
    ...(done ? { completed_at: new Date(jobs.doneAt(job)).toISOString(), metrics: { predict_time: job.delayMs / 1000 } } : {}),
    urls: {
      get: `${origin}/replicate/v1/predictions/${job.id}`,
      cancel: `${origin}/replicate/v1/predictions/${job.id}/cancel`,
      web: `https://replicate.com/p/${job.id}`,
    },
  };
}

function sendFile(res: ServerResponse, file: EmulatedFile | undefined): void {
  if (!file) return problem(res, 404, 'Not found', 'No such file.');
  res.writeHead(200, { 'content-type': file.mediaType, 'content-length': String(file.data.byteLength) });
  res.end(file.data);
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  sendJson(res, status, { title, detail, status }, { 'content-type': 'application/problem+json' });
}

function invalid(res: ServerResponse, field: string, description: string): void {
  sendJson(res, 422, { title: 'Input validation failed', detail: `- ${field}: ${description}`, status: 422, invalid_fields: [{ type: 'required', field, description }] }, { 'content-type': 'application/problem+json' });
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
