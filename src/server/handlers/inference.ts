import type { InboundFormat } from '../../api/inbound-format.ts';
import { runInference, type InferenceDeps } from '../../routing/run-inference.ts';
import { parseJsonObject, readBody } from '../read-body.ts';
import { pipeToResponse, sendJson, sseHeaders } from '../respond.ts';
import type { Handler } from '../request-context.ts';

/**
 * One handler for every inference API: the format decides how the body is read and the
 * answer rendered; routing and providers are the same whatever the client speaks.
 * Errors thrown here are rendered in `format`'s error shape by the server.
 */
export function inferenceHandler(format: InboundFormat, deps: InferenceDeps & { bodyLimitBytes: number }): Handler {
  return async (ctx) => {
    const rawBody = parseJsonObject(await readBody(ctx.req, deps.bodyLimitBytes));
    const parsed = format.parseRequest(rawBody);
    const outcome = await runInference({ format, parsed, rawBody, signal: ctx.signal }, deps);
    const headers: Record<string, string> = {
      'x-switchyard-request-id': ctx.requestId,
      'x-switchyard-provider': outcome.target.provider.id,
      'x-switchyard-model': outcome.target.model?.id ?? `${outcome.target.provider.id}/${outcome.target.upstreamModel}`,
      'x-switchyard-attempts': String(outcome.attempts.length),
    };
    const { result } = outcome;
    switch (result.kind) {
      case 'json':
        sendJson(ctx.res, 200, result.body, headers);
        return;
      case 'stream':
        ctx.res.writeHead(200, { ...headers, ...sseHeaders });
        await pipeToResponse(ctx.res, result.frames, ctx.signal);
        return;
      case 'raw':
        ctx.res.writeHead(result.status, {
          ...headers,
          'content-type': result.contentType,
          ...(result.contentType.startsWith('text/event-stream') ? sseHeaders : {}),
        });
        await pipeToResponse(ctx.res, result.body, ctx.signal);
        return;
    }
  };
}
