import { randomBytes } from 'node:crypto';
import { parseImageEditRequest, parseImageGenerationRequest, renderImageResponse, type PublishFile } from '../../api/openai-images/index.ts';
import { parseSpeechRequest, parseTranscriptionRequest, renderTranscript } from '../../api/openai-audio/index.ts';
import { GatewayError } from '../../core/errors.ts';
import type { MediaRequest } from '../../core/media.ts';
import { multipartBoundary, readMultipart } from '../../media/multipart-reader.ts';
import { runMedia, type MediaDeps, type MediaRun } from '../../media/run-media.ts';
import { METADATA_HEADER, parseMetadataHeader } from '../../observability/parse-metadata-header.ts';
import { localCaller } from '../auth.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import type { Handler, RequestContext } from '../request-context.ts';
import { sendJson } from '../respond.ts';
import { admitLimits } from './request-controls.ts';

export type MediaHandlerDeps = MediaDeps & {
  bodyLimitBytes: number;
  /** Where `response_format: "url"` images are kept; without it only b64_json is offered. */
  files?: { put(id: string, data: Uint8Array, mediaType: string): Promise<void>; link(id: string): string };
};

/**
 * The OpenAI-compatible media endpoints: `/v1/images/generations`, `/v1/images/edits`,
 * `/v1/audio/speech`, `/v1/audio/transcriptions`. Each parses its OpenAI shape into a canonical
 * `MediaRequest`, runs it (`media/run-media.ts`: any provider with an adapter of that kind, with
 * failover, validation, billing and logging) and renders the answer in OpenAI's shape.
 */
export function mediaHandlers(deps: MediaHandlerDeps): { imageGenerations: Handler; imageEdits: Handler; speech: Handler; transcriptions: Handler } {
  const publish: PublishFile | undefined = deps.files
    ? async (data, mediaType) => {
        const id = `file_${randomBytes(18).toString('base64url')}`;
        await deps.files!.put(id, data, mediaType);
        return deps.files!.link(id);
      }
    : undefined;

  return {
    imageGenerations: async (ctx) => {
      const rawBody = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
      const { request, responseFormat } = parseImageGenerationRequest(rawBody);
      if (responseFormat === 'url' && !publish) throw GatewayError.unsupported("response_format 'url'", 'this gateway (no file store)', 'response_format');
      const run = await serve(ctx, request, 'openai-images', 'image_generation', rawBody);
      sendJson(ctx.res, 200, await renderImageResponse(run.output, run.input, responseFormat === 'url' ? publish : undefined), gatewayHeaders(ctx, run));
    },
    imageEdits: async (ctx) => {
      const form = await readMultipart(bodyOf(ctx), multipartBoundary(ctx.req.headers['content-type']), deps.bodyLimitBytes);
      const { request, responseFormat } = parseImageEditRequest(form);
      if (responseFormat === 'url' && !publish) throw GatewayError.unsupported("response_format 'url'", 'this gateway (no file store)', 'response_format');
      const run = await serve(ctx, request, 'openai-images', 'image_edit');
      sendJson(ctx.res, 200, await renderImageResponse(run.output, run.input, responseFormat === 'url' ? publish : undefined), gatewayHeaders(ctx, run));
    },
    speech: async (ctx) => {
      const rawBody = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
      const run = await serve(ctx, parseSpeechRequest(rawBody), 'openai-audio', 'speech', rawBody);
      const audio = run.output.files[0];
      if (audio?.kind !== 'inline') throw new GatewayError({ status: 502, code: 'upstream_error', provider: run.target.provider.id, message: 'The provider returned no audio.' });
      ctx.res.writeHead(200, { ...gatewayHeaders(ctx, run), 'content-type': audio.mediaType, 'content-length': String(audio.data.length) });
      ctx.res.end(audio.data);
    },
    transcriptions: async (ctx) => {
      const form = await readMultipart(bodyOf(ctx), multipartBoundary(ctx.req.headers['content-type']), deps.bodyLimitBytes);
      const { request, format } = parseTranscriptionRequest(form);
      const run = await serve(ctx, request, 'openai-audio', 'transcription');
      const rendered = renderTranscript(run.output, format, run.target.provider.id);
      ctx.res.writeHead(200, { ...gatewayHeaders(ctx, run), 'content-type': rendered.contentType, 'content-length': String(Buffer.byteLength(rendered.body)) });
      ctx.res.end(rendered.body);
    },
  };

  async function serve(ctx: RequestContext, request: MediaRequest, format: string, operation: string, rawBody?: Record<string, unknown>): Promise<MediaRun> {
    await admitLimits(ctx, deps.controls.limits);
    return runMedia(
      request,
      {
        requestId: ctx.requestId,
        caller: ctx.caller ?? localCaller,
        signal: ctx.signal,
        format,
        operation,
        rawBody,
        metadata: parseMetadataHeader(ctx.req.headers[METADATA_HEADER]),
        traceparent: typeof ctx.req.headers.traceparent === 'string' ? ctx.req.headers.traceparent : undefined,
      },
      deps,
    );
  }

  /** A body declared over the limit is refused before a byte of it is read. */
  function bodyOf(ctx: RequestContext): AsyncIterable<Uint8Array> {
    const declared = Number(ctx.req.headers['content-length']);
    if (Number.isFinite(declared) && declared > deps.bodyLimitBytes) {
      throw new GatewayError({ status: 413, code: 'payload_too_large', message: `The request body exceeds the gateway's limit of ${deps.bodyLimitBytes} bytes.` });
    }
    return ctx.req;
  }
}

function gatewayHeaders(ctx: RequestContext, run: MediaRun): Record<string, string> {
  return {
    'x-switchyard-request-id': ctx.requestId,
    'x-switchyard-provider': run.target.provider.id,
    'x-switchyard-model': run.target.model?.id ?? `${run.target.provider.id}/${run.target.upstreamModel}`,
    'x-switchyard-attempts': String(run.attempts.length),
    ...(run.costNanos !== null ? { 'x-switchyard-cost-nanos': run.costNanos.toString() } : {}),
  };
}
