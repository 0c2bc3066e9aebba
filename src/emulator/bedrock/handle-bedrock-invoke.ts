import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicMessages } from '../anthropic-messages.ts';
import { EmulatedError, type CallContext } from '../dialect.ts';
import { sendBody } from '../http-io.ts';
import { planReply, type ReplyPlan } from '../plan-reply.ts';
import { admitBedrockCall, bedrockProvider as provider, type BedrockCallOptions } from './admit-bedrock-call.ts';
import { requestIdHeaders } from './bedrock-errors.ts';
import { eventFrame } from './event-frames.ts';

const routePattern = /^\/bedrock\/model\/([^/]+)\/(invoke|invoke-with-response-stream)$/;
const anthropicVersion = 'bedrock-2023-05-31';

/** Whether a path is InvokeModel's (`/bedrock/model/{id}/invoke[-with-response-stream]`). */
export function isBedrockInvokePath(path: string): boolean {
  return routePattern.test(path);
}

/** Bedrock validates the body against Claude's schema first, in its own words (sigoden/aichat#543 shows one). */
function malformed(detail: string): EmulatedError {
  return new EmulatedError({ status: 400, reason: 'invalid_request', message: `Malformed input request: #: ${detail}, please reformat your input and try again.` });
}

function checkInvokeBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw malformed('expected type: JSONObject');
  const fields = body as Record<string, unknown>;
  for (const key of ['model', 'stream']) if (key in fields) throw malformed(`extraneous key [${key}] is not permitted`);
  if (fields.anthropic_version === undefined) throw malformed('required key [anthropic_version] not found');
  if (fields.anthropic_version !== anthropicVersion) throw malformed(`anthropic_version: ${JSON.stringify(fields.anthropic_version)} is not a valid enum value`);
  return fields;
}

/** The JSON of each event the Anthropic dialect renders as SSE; Bedrock relays no `ping`. */
function* anthropicEvents(call: CallContext): Generator<Record<string, unknown>> {
  for (const sse of anthropicMessages.renderStream(call)) {
    const data = /^data: (.*)$/m.exec(sse)?.[1];
    if (data === undefined) continue;
    const event = JSON.parse(data) as Record<string, unknown>;
    if (event.type !== 'ping') yield event;
  }
}

/** Bedrock counts input as Anthropic does, without what the cache read or wrote. */
const inputTokenCount = (plan: ReplyPlan): number => plan.usage.input - plan.usage.cacheRead - plan.usage.cacheWrite;

/**
 * Each Anthropic event base64-encoded in a `chunk` frame's `{bytes}`; the last (`message_stop`)
 * carries Bedrock's `amazon-bedrock-invocationMetrics`.
 */
function* chunkFrames(call: CallContext): Generator<Uint8Array> {
  for (const event of anthropicEvents(call)) {
    const payload =
      event.type === 'message_stop'
        ? { ...event, 'amazon-bedrock-invocationMetrics': { inputTokenCount: inputTokenCount(call.plan), outputTokenCount: call.plan.usage.output, invocationLatency: 42, firstByteLatency: 21 } }
        : event;
    yield eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(payload)).toString('base64') });
  }
}

/**
 * Claude on the emulated Bedrock through InvokeModel: `POST /bedrock/model/{id}/invoke` answers
 * the Anthropic message JSON, `/invoke-with-response-stream` the Anthropic events as event-stream
 * `chunk` frames. The body is the Messages body without `model` and `stream` and with
 * `anthropic_version: bedrock-2023-05-31`; the emulated model is the Anthropic dialect's.
 * Faults, auth and errors as for Converse (handle-bedrock-request.ts).
 */
export async function handleBedrockInvoke(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, options: BedrockCallOptions): Promise<void> {
  const { state } = options;
  const admitted = await admitBedrockCall(req, res, url, raw, options, { pattern: routePattern, streamAction: 'invoke-with-response-stream' });
  if (!admitted) return;
  const { body, json, model, stream, fault, reply } = admitted;

  try {
    if (!json) throw new EmulatedError({ status: 400, reason: 'invalid_json' });
    const fields = checkInvokeBody(body);
    const prompt = { ...anthropicMessages.parse({ ...fields, model }, { model, stream }), stream };
    if (model.startsWith('missing')) throw new EmulatedError({ status: 400, reason: 'model_not_found', model });
    const signatureError = anthropicMessages.verify?.(fields);
    if (signatureError) throw signatureError;

    const plan = planReply(prompt, state.cache, state.takeReply(provider));
    const call: CallContext = { prompt, plan, sse: false };
    if (!stream) {
      if (fault.cut_after_events !== undefined) return void res.socket?.destroy();
      const headers = {
        ...requestIdHeaders(),
        'content-type': 'application/json',
        'x-amzn-bedrock-input-token-count': String(inputTokenCount(plan)),
        'x-amzn-bedrock-output-token-count': String(plan.usage.output),
        'x-amzn-bedrock-invocation-latency': '42',
      };
      return sendBody(res, 200, headers, JSON.stringify(anthropicMessages.renderJson(call)));
    }
    await admitted.streamFrames(chunkFrames(call));
  } catch (error) {
    if (error instanceof EmulatedError) return reply(error);
    throw error;
  }
}
