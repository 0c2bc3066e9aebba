import type { IncomingMessage, ServerResponse } from 'node:http';
import { EmulatedError } from '../dialect.ts';
import { sendBody } from '../http-io.ts';
import { planReply } from '../plan-reply.ts';
import { admitBedrockCall, bedrockProvider as provider, type BedrockCallOptions } from './admit-bedrock-call.ts';
import { requestIdHeaders } from './bedrock-errors.ts';
import { parseConversePrompt, verifyConverseSignatures } from './parse-converse-prompt.ts';
import { renderConverseJson, renderConverseStream } from './render-converse.ts';

export type { BedrockCallOptions } from './admit-bedrock-call.ts';

const routePattern = /^\/bedrock\/model\/([^/]+)\/(converse|converse-stream)$/;

/**
 * The emulated Bedrock runtime under `/bedrock`: `POST /bedrock/model/{modelId}/converse` and
 * `/converse-stream` (binary event-stream frames). Requests must be SigV4-signed (the signature
 * itself is not checked) or carry a Bedrock API key (`Authorization: Bearer`). Same behaviour,
 * faults and control API as the other emulated providers; `raw` is the already-read body.
 */
export async function handleBedrockRequest(req: IncomingMessage, res: ServerResponse, url: URL, raw: string, options: BedrockCallOptions): Promise<void> {
  const { state } = options;
  const admitted = await admitBedrockCall(req, res, url, raw, options, { pattern: routePattern, streamAction: 'converse-stream' });
  if (!admitted) return;
  const { body, json, model, stream, fault, reply } = admitted;
  try {
    if (!json) throw new EmulatedError({ status: 400, reason: 'invalid_json' });
    const prompt = parseConversePrompt(body, model, stream);
    // Bedrock answers an unknown model id with a 400, not a 404 (error-400-invalid-model-converse.vcr.yaml).
    if (model.startsWith('missing')) throw new EmulatedError({ status: 400, reason: 'model_not_found', model });
    const signatureError = verifyConverseSignatures(body);
    if (signatureError) throw signatureError;

    const plan = planReply(prompt, state.cache, state.takeReply(provider));
    if (!stream) {
      if (fault.cut_after_events !== undefined) return void res.socket?.destroy();
      return sendBody(res, 200, { ...requestIdHeaders(), 'content-type': 'application/json' }, JSON.stringify(renderConverseJson(plan)));
    }
    await admitted.streamFrames(renderConverseStream(plan));
  } catch (error) {
    if (error instanceof EmulatedError) return reply(error);
    throw error;
  }
}
