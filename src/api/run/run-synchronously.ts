import { GatewayError } from '../../core/errors.ts';
import { randomId } from '../../core/ids.ts';
import type { MediaFile, MediaRequest } from '../../core/media.ts';
import type { Job, JobFile } from '../../jobs/job.ts';
import type { Jobs } from '../../jobs/open-jobs.ts';
import { runMedia, type MediaDeps, type MediaRun } from '../../media/run-media.ts';
import type { UpstreamClient } from '../../routing/upstream-client.ts';
import type { CatalogModel } from '../../routing/catalog/catalog-schema.ts';
import type { MediaRunContext } from '../../media/run-media.ts';
import { mediaFilesFromInput } from './media-files-from-input.ts';

/**
 * A synchronous media model (OpenAI images, TTS, transcription, Imagen...) run through `/v1/run`:
 * the same path as `/v1/images/*` and `/v1/audio/*` (`media/run-media.ts`: input normalised and
 * validated against the model's schema, billing hold, failover across the model's offers in
 * preference order, BYOK, exact charge, request log). The output files go to the file store and
 * the run is kept as a finished job, so `GET /v1/jobs/{id}` and webhooks work as for slow models.
 */
export async function runSynchronously(
  model: CatalogModel,
  input: Record<string, unknown>,
  context: MediaRunContext & { webhookUrl?: string },
  deps: MediaDeps & { jobs: Jobs },
): Promise<Job> {
  const schema = deps.parameterSchemas(model);
  const split = mediaFilesFromInput(input, schema);
  const request: MediaRequest = { kind: model.kind!, model: model.id, input: split.input, ...(Object.keys(split.files).length > 0 ? { files: split.files } : {}) };
  const createdAt = Date.now();
  let served: MediaRun;
  try {
    served = await runMedia(request, context, deps);
  } catch (error) {
    throw asInputParam(error, new Set([...Object.keys(input), ...Object.keys(schema?.properties ?? {})]));
  }
  const provider = served.target.provider.id;
  const files: JobFile[] = [];
  for (const file of served.output.files) files.push(await keep(file, deps.jobs, deps.upstream, provider));
  const completedAt = Date.now();
  const { output } = served;
  const job: Job = {
    id: randomId('job_', 12),
    accountId: context.caller.accountId,
    ...(context.caller.keyId ? { keyId: context.caller.keyId } : {}),
    requestId: context.requestId,
    model: model.id,
    provider,
    upstreamModel: served.target.upstreamModel,
    status: 'succeeded',
    input: served.input,
    output: { files, ...(output.text !== undefined ? { text: output.text } : {}), ...(output.data ? { data: output.data } : {}) },
    units: output.units,
    costNanos: served.costNanos ?? 0n,
    ...(context.webhookUrl ? { webhookUrl: context.webhookUrl } : {}),
    createdAt,
    updatedAt: completedAt,
    completedAt,
  };
  await deps.jobs.store.create(job);
  deps.jobs.runner.notify(job);
  return job;
}

/** The GenAI operation a media request performs, for logs and spans. */
export function mediaOperation(request: Pick<MediaRequest, 'kind' | 'files'>): string {
  if (request.kind === 'image') return request.files?.image ? 'image_edit' : 'image_generation';
  return request.kind === 'speech' || request.kind === 'transcription' ? request.kind : 'generate_content';
}

/** `/v1/run` names parameters `input.<name>`: a 400 about one of the model's parameters says so. */
function asInputParam(error: unknown, parameters: ReadonlySet<string>): unknown {
  if (!(error instanceof GatewayError) || !error.param || !parameters.has(error.param)) return error;
  return new GatewayError({ status: error.status, code: error.code, message: error.message, param: `input.${error.param}`, provider: error.provider, upstreamType: error.upstreamType, retryAfterSeconds: error.retryAfterSeconds });
}

/** Keeps a produced file in the file store: inline bytes as they are, a provider URL downloaded. */
async function keep(file: MediaFile, jobs: Jobs, upstream: UpstreamClient, provider: string): Promise<JobFile> {
  let data: Uint8Array;
  let mediaType: string;
  if (file.kind === 'inline') {
    data = file.data;
    mediaType = file.mediaType;
  } else {
    const response = await upstream.send({ method: 'GET', url: file.url, headers: {} }, provider);
    const chunks: Uint8Array[] = [];
    for await (const chunk of response.body) chunks.push(chunk);
    if (response.status >= 400) throw new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Downloading the output from '${provider}' failed with ${response.status}.` });
    data = Buffer.concat(chunks);
    mediaType = file.mediaType ?? String(response.headers['content-type'] ?? 'application/octet-stream').split(';')[0];
  }
  const fileId = randomId('file_', 16);
  await jobs.files.put(fileId, data, mediaType);
  return { fileId, mediaType, bytes: data.byteLength };
}
