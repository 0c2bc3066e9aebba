import { randomBytes } from 'node:crypto';
import type { Dialect } from './dialect.ts';
import { EmulatedError } from './dialect.ts';
import type { LastTurn, OfferedTool, Prompt } from './prompt.ts';
import type { ReplyPlan } from './plan-reply.ts';
import type { JsonSchema } from './schema-example.ts';
import { chunkText } from './tokens.ts';

type Json = Record<string, any>;

const statusNames: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

const injectedMessages: Record<string, string> = {
  RESOURCE_EXHAUSTED: 'You exceeded your current quota, please check your plan and billing details.',
  INTERNAL: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  UNAVAILABLE: 'The model is overloaded. Please try again later.',
  DEADLINE_EXCEEDED: 'Deadline expired before operation could complete.',
};

/** Gemini generateContent / streamGenerateContent, as recorded in fixtures/gemini/. */
export const gemini: Dialect = {
  provider: 'google',

  apiKey(headers, url) {
    const header = headers['x-goog-api-key'];
    return (typeof header === 'string' && header) || url.searchParams.get('key') || undefined;
  },

  parse(body, route) {
    if (!isObject(body)) throw invalid('Invalid JSON payload received. Expected an object.');
    if (!Array.isArray(body.contents) || body.contents.length === 0) throw invalid('* GenerateContentRequest.contents: contents is not specified\n');
    const texts: string[] = [];
    for (const part of Array.isArray(body.systemInstruction?.parts) ? body.systemInstruction.parts : []) texts.push(String(part?.text ?? ''));
    let images = 0;
    let last: LastTurn = { kind: 'user', text: '', images: 0 };
    for (const content of body.contents as Json[]) {
      const parts: Json[] = Array.isArray(content?.parts) ? content.parts : [];
      const userTexts: string[] = [];
      const results: string[] = [];
      let userImages = 0;
      for (const part of parts) {
        const media = part?.inlineData ?? part?.fileData;
        if (typeof media?.mimeType === 'string' && media.mimeType.startsWith('image/')) {
          images++;
          userImages++;
        }
        if (typeof part?.text === 'string') {
          texts.push(part.text);
          if (part.thought !== true) userTexts.push(part.text);
        }
        if (part?.functionCall) texts.push(JSON.stringify(part.functionCall.args ?? {}));
        if (part?.functionResponse) {
          const result = resultText(part.functionResponse.response);
          texts.push(result);
          results.push(result);
        }
      }
      if ((content?.role ?? 'user') === 'user') last = results.length > 0 ? { kind: 'tool_results', results } : { kind: 'user', text: userTexts.join(' '), images: userImages };
    }
    const config: Json = isObject(body.generationConfig) ? body.generationConfig : {};
    const calling: Json = body.toolConfig?.functionCallingConfig ?? {};
    const allowed: unknown[] = Array.isArray(calling.allowedFunctionNames) ? calling.allowedFunctionNames : [];
    const schema = config.responseJsonSchema ?? config._responseJsonSchema ?? config.responseSchema;
    return {
      model: route.model ?? '',
      stream: route.stream,
      text: texts.join(''),
      images,
      last,
      tools: toolsOf(body.tools),
      toolChoice:
        calling.mode === 'NONE' ? 'none'
        : calling.mode === 'ANY' && allowed.length === 1 ? { name: String(allowed[0]) }
        : calling.mode === 'ANY' ? 'required'
        : 'auto',
      parallelToolCalls: true,
      output:
        isObject(schema) ? { kind: 'schema', schema: schema as JsonSchema }
        : config.responseMimeType === 'application/json' ? { kind: 'json' }
        : { kind: 'text' },
      thinking: config.thinkingConfig?.includeThoughts === true,
      maxTokens: typeof config.maxOutputTokens === 'number' ? config.maxOutputTokens : undefined,
      stop: Array.isArray(config.stopSequences) ? config.stopSequences.map(String) : [],
      streamUsage: true,
    } satisfies Prompt;
  },

  headers: () => ({
    server: 'scaffolding on HTTPServer2',
    'server-timing': 'gfet4t7; dur=1',
    vary: 'Origin, X-Origin, Referer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'SAMEORIGIN',
    'x-xss-protection': '0',
  }),

  renderJson({ prompt, plan }) {
    return response(prompt, plan, partsOf(plan), true, responseId());
  },

  *renderStream({ prompt, plan, sse }) {
    const id = responseId();
    const parts = partsOf(plan).flatMap(splitPart);
    if (parts.length === 0) parts.push({ text: '' });
    for (const [i, part] of parts.entries()) {
      const chunk = response(prompt, plan, [part], i === parts.length - 1, id);
      // SSE uses CRLF separators; the JSON-array stream is pretty-printed, elements joined by "\n,\r\n" (fixtures/gemini/*.stream.json).
      if (sse) yield `data: ${JSON.stringify(chunk)}\r\n\r\n`;
      else yield `${i === 0 ? '[' : '\n,\r\n'}${JSON.stringify(chunk, null, 2)}${i === parts.length - 1 ? '\n]' : ''}`;
    }
  },

  streamContentType: (sse) => (sse ? 'text/event-stream' : 'application/json; charset=UTF-8'),

  inBandError(sse) {
    const error = { error: { code: 500, message: injectedMessages.INTERNAL, status: 'INTERNAL' } };
    return sse ? `data: ${JSON.stringify(error)}\r\n\r\n` : `\n,\r\n${JSON.stringify(error, null, 2)}\n]`;
  },

  renderError(error) {
    const status = statusNames[error.status] ?? (error.status >= 500 ? 'INTERNAL' : 'INVALID_ARGUMENT');
    let message = error.message;
    let details: Json[] | undefined;
    switch (error.reason) {
      case 'missing_key':
        message = "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
        break;
      case 'invalid_key':
        message = 'API key not valid. Please pass a valid API key.';
        details = [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
          { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
        ];
        break;
      case 'model_not_found':
        message = `models/${error.model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`;
        break;
      case 'invalid_json':
        message = 'Invalid JSON payload received. Unexpected token.';
        break;
      case 'not_found':
        message = 'Requested entity was not found.';
        break;
      case 'injected':
        message = injectedMessages[status] ?? `Injected error with status ${error.status}.`;
        if (error.status === 429) {
          details = [
            { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${error.retryAfter ?? 1}s` },
          ];
        }
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=UTF-8' };
    if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
    return { headers, body: JSON.stringify({ error: { code: error.status, message, status, ...(details ? { details } : {}) } }, null, 2) + '\n' };
  },
};

/** `GET /v1beta/models` entries for a few current models; any other name works too. */
export function geminiModelList(): Json {
  const models = ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'].map((id) => ({
    name: `models/${id}`,
    version: '001',
    displayName: id,
    description: `Emulated ${id}`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: ['generateContent', 'countTokens', 'streamGenerateContent'],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: true,
  }));
  return { models };
}

function partsOf(plan: ReplyPlan): Json[] {
  const parts: Json[] = [];
  if (plan.thinking) parts.push({ text: plan.thinking.text, thought: true });
  if (plan.text !== undefined) parts.push({ text: plan.text });
  for (const call of plan.toolCalls) parts.push({ functionCall: { name: call.name, args: call.arguments } });
  // Gemini carries the thought signature on the first part after the thoughts (fixtures/gemini/text.json).
  const signed = parts.find((part) => part.thought !== true);
  if (plan.thinking && signed) signed.thoughtSignature = plan.thinking.signature;
  return parts;
}

/** Text parts stream in pieces; a function call always arrives whole, as Gemini sends it. */
function splitPart(part: Json): Json[] {
  if (typeof part.text !== 'string' || part.text.length === 0) return [part];
  return chunkText(part.text).map((text, i) => ({ ...part, text, ...(i > 0 ? { thoughtSignature: undefined } : {}) })).map(dropUndefined);
}

function response(prompt: Prompt, plan: ReplyPlan, parts: Json[], final: boolean, id: string): Json {
  const { input, output, reasoning, cacheRead } = plan.usage;
  const candidate: Json = { content: { parts, role: 'model' }, ...(final ? { finishReason: plan.finish === 'length' ? 'MAX_TOKENS' : 'STOP' } : {}), index: 0 };
  const usage: Json = {
    promptTokenCount: input,
    candidatesTokenCount: output - reasoning,
    totalTokenCount: input + output,
    ...(cacheRead > 0 ? { cachedContentTokenCount: cacheRead } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: input }],
    ...(cacheRead > 0 ? { cacheTokensDetails: [{ modality: 'TEXT', tokenCount: cacheRead }] } : {}),
    ...(reasoning > 0 ? { thoughtsTokenCount: reasoning } : {}),
  };
  return { candidates: [candidate], usageMetadata: usage, modelVersion: prompt.model, responseId: id };
}

/** A function result as text: a lone string field (`{result: "..."}`) is the result itself, anything else is its JSON. */
function resultText(response: unknown): string {
  if (typeof response === 'string') return response;
  if (isObject(response)) {
    const values = Object.values(response);
    if (values.length === 1 && typeof values[0] === 'string') return values[0];
  }
  return JSON.stringify(response ?? {});
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: Json) =>
    (Array.isArray(tool?.functionDeclarations) ? tool.functionDeclarations : [])
      .filter((fn: Json) => typeof fn?.name === 'string')
      .map((fn: Json) => ({ name: fn.name, schema: (fn.parametersJsonSchema ?? fn.parameters ?? {}) as JsonSchema })),
  );
}

function invalid(message: string): EmulatedError {
  return new EmulatedError({ status: 400, reason: 'invalid_request', message });
}

const dropUndefined = (part: Json): Json => Object.fromEntries(Object.entries(part).filter(([, value]) => value !== undefined));
const responseId = (): string => randomBytes(17).toString('base64url').slice(0, 23);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
