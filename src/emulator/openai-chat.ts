import { randomBytes } from 'node:crypto';
import type { CallContext, Dialect } from './dialect.ts';
import { EmulatedError } from './dialect.ts';
import type { LastTurn, OfferedTool, Prompt } from './prompt.ts';
import type { ReplyFinish, ReplyUsage } from './plan-reply.ts';
import type { JsonSchema } from './schema-example.ts';
import { chunkText } from './tokens.ts';

type Json = Record<string, any>;

const finishReasons: Record<ReplyFinish, string> = { stop: 'stop', stop_sequence: 'stop', length: 'length', tool_calls: 'tool_calls' };

/** OpenAI Chat Completions, as recorded in fixtures/openai-chat/. */
export const openaiChat: Dialect = {
  provider: 'openai',

  apiKey(headers) {
    const auth = headers.authorization;
    return auth?.startsWith('Bearer ') ? auth.slice(7).trim() || undefined : undefined;
  },

  parse(body) {
    if (!isObject(body)) throw invalid('Invalid type for body: expected an object.', undefined);
    if (typeof body.model !== 'string' || !body.model) throw invalid('you must provide a model parameter', undefined);
    if (!Array.isArray(body.messages)) throw invalid("Missing required parameter: 'messages'.", 'messages');
    if (body.messages.length === 0) throw invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'messages');
    const texts: string[] = [];
    let images = 0;
    let lastUser: LastTurn = { kind: 'user', text: '', images: 0 };
    for (const message of body.messages as Json[]) {
      if (!isObject(message) || typeof message.role !== 'string') throw invalid("Missing required parameter: 'messages[0].role'.", 'messages');
      const content = contentOf(message.content);
      texts.push(...content.parts);
      images += content.images;
      for (const call of Array.isArray(message.tool_calls) ? message.tool_calls : []) texts.push(String(call?.function?.arguments ?? ''));
      if (message.role === 'user') lastUser = { kind: 'user', text: content.text, images: content.images };
    }
    const trailingTools: string[] = [];
    for (let i = body.messages.length - 1; i >= 0 && body.messages[i]?.role === 'tool'; i--) trailingTools.unshift(contentOf(body.messages[i].content).text);
    const format = body.response_format;
    const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop.map(String) : [];
    return {
      model: body.model,
      stream: body.stream === true,
      text: texts.join(''),
      images,
      last: trailingTools.length > 0 ? { kind: 'tool_results', results: trailingTools } : lastUser,
      tools: toolsOf(body.tools),
      toolChoice: toolChoiceOf(body.tool_choice),
      parallelToolCalls: body.parallel_tool_calls !== false,
      output:
        format?.type === 'json_schema' ? { kind: 'schema', schema: (format.json_schema?.schema ?? {}) as JsonSchema }
        : format?.type === 'json_object' ? { kind: 'json' }
        : { kind: 'text' },
      // Reasoning is hidden in Chat Completions; only o-series and gpt-5 models think.
      thinking: typeof body.reasoning_effort === 'string' && body.reasoning_effort !== 'none' && /^(o\d|gpt-5)/.test(body.model),
      maxTokens: numberOr(body.max_completion_tokens) ?? numberOr(body.max_tokens),
      stop,
      streamUsage: isObject(body.stream_options) && body.stream_options.include_usage === true,
    } satisfies Prompt;
  },

  headers() {
    return {
      'x-request-id': `req_${randomBytes(16).toString('hex')}`,
      'openai-processing-ms': '1',
      'openai-version': '2020-10-01',
      'x-ratelimit-limit-requests': '5000',
      'x-ratelimit-limit-tokens': '4000000',
      'x-ratelimit-remaining-requests': '4999',
      'x-ratelimit-remaining-tokens': '3999990',
      'x-ratelimit-reset-requests': '12ms',
      'x-ratelimit-reset-tokens': '0s',
      'access-control-expose-headers': 'X-Request-ID',
    };
  },

  renderJson({ prompt, plan }) {
    const message: Json = { role: 'assistant', content: plan.text ?? null, refusal: null, annotations: [] };
    if (plan.toolCalls.length > 0) {
      message.tool_calls = plan.toolCalls.map((call) => ({
        id: callId(),
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.arguments) },
      }));
    }
    return {
      id: completionId(),
      object: 'chat.completion',
      created: now(),
      model: prompt.model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReasons[plan.finish] }],
      usage: usageOf(plan.usage),
      service_tier: 'default',
      system_fingerprint: fingerprint,
    };
  },

  *renderStream({ prompt, plan }) {
    const includeUsage = prompt.streamUsage;
    const base = { id: completionId(), object: 'chat.completion.chunk', created: now(), model: prompt.model, service_tier: 'default', system_fingerprint: fingerprint };
    const chunk = (delta: Json, finish: string | null = null): string =>
      frame({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(includeUsage ? { usage: null } : {}), obfuscation: obfuscation() });

    // A tool-call-only stream opens with `content: null` and no refusal (fixtures/openai-chat/stream-parallel-tool-calls-then-results.har).
    yield chunk(plan.text === undefined ? { role: 'assistant', content: null } : { role: 'assistant', content: '', refusal: null });
    for (const piece of chunkText(plan.text ?? '')) yield chunk({ content: piece });
    for (const [index, call] of plan.toolCalls.entries()) {
      yield chunk({ tool_calls: [{ index, id: callId(), type: 'function', function: { name: call.name, arguments: '' } }] });
      for (const piece of chunkText(JSON.stringify(call.arguments))) yield chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    yield chunk({}, finishReasons[plan.finish]);
    if (includeUsage) yield frame({ ...base, choices: [], usage: usageOf(plan.usage), obfuscation: obfuscation() });
    yield 'data: [DONE]\n\n';
  },

  streamContentType: () => 'text/event-stream; charset=utf-8',

  inBandError: () =>
    frame({ error: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null } }),

  renderError(error) {
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    let type = 'invalid_request_error';
    let code: string | null = null;
    let message = error.message;
    switch (error.reason) {
      case 'missing_key':
        message = "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.";
        break;
      case 'invalid_key':
        message = 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.';
        code = 'invalid_api_key';
        break;
      case 'model_not_found':
        message = `The model \`${error.model}\` does not exist or you do not have access to it.`;
        code = 'model_not_found';
        break;
      case 'invalid_json':
        message = 'We could not parse the JSON body of your request. (HINT: This likely means you aren\'t using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)';
        break;
      case 'not_found':
        message = `Invalid URL (${error.message})`;
        break;
      case 'invalid_request':
        code = error.param === 'messages' ? 'missing_required_parameter' : null;
        break;
      case 'injected':
        if (error.status === 429) {
          type = 'requests';
          code = 'rate_limit_exceeded';
          message = `Rate limit reached for requests. Please try again in ${error.retryAfter ?? 1}s.`;
          Object.assign(headers, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': `${error.retryAfter ?? 1}s` });
        } else if (error.status >= 500) {
          type = 'server_error';
          message = error.status === 503 ? 'The engine is currently overloaded, please try again later.' : 'The server had an error while processing your request. Sorry about that!';
        } else {
          message = `Injected error with status ${error.status}.`;
        }
    }
    if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
    return { headers, body: JSON.stringify({ error: { message, type, param: error.param ?? null, code } }, null, 4) + '\n' };
  },
};

const fingerprint = 'fp_emulator';

function usageOf(usage: ReplyUsage): Json {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cacheRead, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoning, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

/** A message's text parts, their space-joined text, and its image count. */
function contentOf(content: unknown): { parts: string[]; text: string; images: number } {
  if (typeof content === 'string') return { parts: [content], text: content, images: 0 };
  if (!Array.isArray(content)) return { parts: [], text: '', images: 0 };
  const texts: string[] = [];
  let images = 0;
  for (const part of content as Json[]) {
    if (part?.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part?.type === 'image_url') images++;
  }
  return { parts: texts, text: texts.join(' '), images };
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter((tool: Json) => tool?.type === 'function' && typeof tool.function?.name === 'string')
    .map((tool: Json) => ({ name: tool.function.name, schema: (tool.function.parameters ?? {}) as JsonSchema }));
}

function toolChoiceOf(choice: unknown): Prompt['toolChoice'] {
  if (choice === 'none' || choice === 'required' || choice === 'auto') return choice;
  if (isObject(choice) && isObject(choice.function) && typeof choice.function.name === 'string') return { name: choice.function.name };
  return 'auto';
}

function invalid(message: string, param: string | undefined): EmulatedError {
  return new EmulatedError({ status: 400, reason: 'invalid_request', message, param });
}

function frame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

// OpenAI pads stream chunks with a random `obfuscation` string so chunk sizes leak nothing.
function obfuscation(): string {
  return randomBytes(12).toString('base64url').slice(0, 1 + (randomBytes(1)[0] % 12));
}

const completionId = (): string => `chatcmpl-${randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')}`;
const callId = (): string => `call_${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`;
const now = (): number => Math.floor(Date.now() / 1000);
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
