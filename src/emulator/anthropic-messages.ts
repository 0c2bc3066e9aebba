import { createHash, randomBytes } from 'node:crypto';
import type { Dialect } from './dialect.ts';
import { EmulatedError } from './dialect.ts';
import type { LastTurn, OfferedTool, Prompt } from './prompt.ts';
import type { ReplyFinish, ReplyPlan } from './plan-reply.ts';
import type { JsonSchema } from './schema-example.ts';
import { verifyThinking } from './thinking-signature.ts';
import { chunkText, countTokens } from './tokens.ts';

type Json = Record<string, any>;

const stopReasons: Record<ReplyFinish, string> = { stop: 'end_turn', stop_sequence: 'stop_sequence', length: 'max_tokens', tool_calls: 'tool_use' };

const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const injectedMessages: Record<string, string> = {
  rate_limit_error: 'This request would exceed the rate limit for your organization. Please try again later.',
  overloaded_error: 'Overloaded',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
};

/** Anthropic Messages, as recorded in fixtures/anthropic/. */
export const anthropicMessages: Dialect = {
  provider: 'anthropic',

  // x-api-key, or a bearer token: recent SDKs send `Authorization: Bearer` even for API keys.
  apiKey(headers) {
    const key = headers['x-api-key'];
    if (typeof key === 'string' && key) return key;
    const auth = headers.authorization;
    return auth?.startsWith('Bearer ') ? auth.slice(7).trim() || undefined : undefined;
  },

  checkHeaders(headers) {
    if (headers['anthropic-version']) return undefined;
    return new EmulatedError({ status: 400, reason: 'invalid_request', message: 'anthropic-version: header is required' });
  },

  parse(body) {
    if (!isObject(body)) throw invalid('Input should be a valid dictionary');
    if (typeof body.model !== 'string' || !body.model) throw invalid('model: Field required');
    if (!Array.isArray(body.messages)) throw invalid('messages: Field required');
    if (typeof body.max_tokens !== 'number') throw invalid('max_tokens: Field required');

    // Walk the request in Anthropic's cache order (tools, system, messages), remembering the last breakpoint.
    const texts: string[] = [];
    const keyParts: unknown[] = [];
    let breakpoint: { parts: number; chars: number } | undefined;
    const visit = (block: Json, text: string): void => {
      texts.push(text);
      keyParts.push(block);
      if (isObject(block.cache_control)) breakpoint = { parts: keyParts.length, chars: texts.join('').length };
    };
    for (const tool of Array.isArray(body.tools) ? body.tools : []) visit(tool, '');
    if (typeof body.system === 'string') visit({ text: body.system }, body.system);
    else for (const block of Array.isArray(body.system) ? body.system : []) visit(block, String(block?.text ?? ''));

    let images = 0;
    let last: LastTurn = { kind: 'user', text: '', images: 0 };
    for (const message of body.messages as Json[]) {
      const blocks: Json[] = typeof message?.content === 'string' ? [{ type: 'text', text: message.content }] : Array.isArray(message?.content) ? message.content : [];
      const userTexts: string[] = [];
      const results: string[] = [];
      let userImages = 0;
      for (const block of blocks) {
        if (block?.type === 'image') {
          images++;
          userImages++;
        }
        const text = blockText(block);
        if (block?.type === 'text') userTexts.push(text);
        if (block?.type === 'tool_result') results.push(text);
        visit(block, text);
      }
      if (message?.role === 'user') last = results.length > 0 ? { kind: 'tool_results', results } : { kind: 'user', text: userTexts.join(' '), images: userImages };
    }

    const choice = isObject(body.tool_choice) ? body.tool_choice : {};
    const format = isObject(body.output_format) ? body.output_format : isObject(body.output_config?.format) ? body.output_config.format : undefined;
    return {
      model: body.model,
      stream: body.stream === true,
      text: texts.join(''),
      images,
      last,
      tools: toolsOf(body.tools),
      toolChoice: choice.type === 'none' ? 'none' : choice.type === 'any' ? 'required' : choice.type === 'tool' && typeof choice.name === 'string' ? { name: choice.name } : 'auto',
      parallelToolCalls: choice.disable_parallel_tool_use !== true,
      output: format?.type === 'json_schema' ? { kind: 'schema', schema: (format.schema ?? {}) as JsonSchema } : { kind: 'text' },
      thinking: body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive',
      maxTokens: body.max_tokens,
      stop: Array.isArray(body.stop_sequences) ? body.stop_sequences.map(String) : [],
      streamUsage: true,
      ...(breakpoint
        ? { cachePrefix: { key: createHash('sha256').update(JSON.stringify(keyParts.slice(0, breakpoint.parts))).digest('hex'), tokens: countTokens('x'.repeat(breakpoint.chars)) } }
        : {}),
    } satisfies Prompt;
  },

  verify(body) {
    const messages: Json[] = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
    for (const [m, message] of messages.entries()) {
      if (message?.role !== 'assistant' || !Array.isArray(message.content)) continue;
      for (const [c, block] of (message.content as Json[]).entries()) {
        if (block?.type === 'thinking' && !verifyThinking(String(block.thinking ?? ''), String(block.signature ?? ''))) {
          return new EmulatedError({ status: 400, reason: 'invalid_request', message: `messages.${m}.content.${c}: Invalid \`signature\` in \`thinking\` block` });
        }
      }
    }
    return undefined;
  },

  headers() {
    const reset = new Date(Date.now() + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const limits: Record<string, [number, number]> = { requests: [4000, 3999], tokens: [4800000, 4800000], 'input-tokens': [4000000, 4000000], 'output-tokens': [800000, 800000] };
    const headers: Record<string, string> = { 'request-id': requestId(), 'anthropic-organization-id': '00000000-0000-4000-8000-000000000000' };
    for (const [name, [limit, remaining]] of Object.entries(limits)) {
      headers[`anthropic-ratelimit-${name}-limit`] = String(limit);
      headers[`anthropic-ratelimit-${name}-remaining`] = String(remaining);
      headers[`anthropic-ratelimit-${name}-reset`] = reset;
    }
    return headers;
  },

  renderJson({ prompt, plan }) {
    return {
      model: prompt.model,
      id: messageId(),
      type: 'message',
      role: 'assistant',
      content: contentOf(plan),
      stop_reason: stopReasons[plan.finish],
      stop_sequence: plan.stopSequence ?? null,
      usage: usageOf(plan, plan.usage.output, true),
    };
  },

  *renderStream({ prompt, plan }) {
    yield event('message_start', {
      type: 'message_start',
      message: {
        model: prompt.model, id: messageId(), type: 'message', role: 'assistant', content: [], stop_reason: null, stop_sequence: null, stop_details: null,
        usage: usageOf(plan, 1, true),
      },
    });
    for (const [index, block] of contentOf(plan).entries()) {
      if (block.type === 'thinking') {
        yield event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        if (index === 0) yield ping;
        for (const piece of chunkText(block.thinking)) yield delta(index, { type: 'thinking_delta', thinking: piece });
        yield delta(index, { type: 'signature_delta', signature: block.signature });
      } else if (block.type === 'text') {
        yield event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        if (index === 0) yield ping;
        for (const piece of chunkText(block.text)) yield delta(index, { type: 'text_delta', text: piece });
      } else {
        yield event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {}, caller: { type: 'direct' } } });
        if (index === 0) yield ping;
        // The real API opens every tool input with an empty partial_json (fixtures/anthropic/stream-tool-use.sse.txt).
        yield delta(index, { type: 'input_json_delta', partial_json: '' });
        for (const piece of chunkText(JSON.stringify(block.input))) yield delta(index, { type: 'input_json_delta', partial_json: piece });
      }
      yield event('content_block_stop', { type: 'content_block_stop', index });
    }
    yield event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReasons[plan.finish], stop_sequence: plan.stopSequence ?? null, stop_details: null },
      usage: usageOf(plan, plan.usage.output),
    });
    yield event('message_stop', { type: 'message_stop' });
  },

  streamContentType: () => 'text/event-stream; charset=utf-8',

  inBandError: () => event('error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: requestId() }),

  renderError(error) {
    const type = errorTypes[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
    const message =
      error.reason === 'missing_key' ? 'x-api-key header is required'
      : error.reason === 'invalid_key' ? 'invalid x-api-key'
      : error.reason === 'model_not_found' ? `model: ${error.model}`
      : error.reason === 'invalid_json' ? 'There was an error parsing the body of your request. Please make sure it is valid JSON.'
      : error.reason === 'not_found' ? 'Not Found'
      : error.reason === 'injected' ? (injectedMessages[type] ?? `Injected error with status ${error.status}.`)
      : error.message;
    const retryable = error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-should-retry': String(retryable) };
    if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
    return { headers, body: JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId() }) };
  },
};

type Block =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

function contentOf(plan: ReplyPlan): Block[] {
  const blocks: Block[] = [];
  if (plan.thinking) blocks.push({ type: 'thinking', thinking: plan.thinking.text, signature: plan.thinking.signature });
  if (plan.text !== undefined) blocks.push({ type: 'text', text: plan.text });
  for (const call of plan.toolCalls) blocks.push({ type: 'tool_use', id: toolUseId(), name: call.name, input: call.arguments });
  return blocks;
}

/** Anthropic's input_tokens excludes what was read from or written to the cache. */
function usageOf(plan: ReplyPlan, outputTokens: number, full = false): Json {
  const { input, cacheRead, cacheWrite } = plan.usage;
  return {
    input_tokens: input - cacheRead - cacheWrite,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    ...(full ? { cache_creation: { ephemeral_5m_input_tokens: cacheWrite, ephemeral_1h_input_tokens: 0 } } : {}),
    output_tokens: outputTokens,
    ...(full ? { service_tier: 'standard', inference_geo: 'not_available' } : {}),
  };
}

function blockText(block: Json): string {
  if (block?.type === 'text') return String(block.text ?? '');
  if (block?.type === 'tool_use') return JSON.stringify(block.input ?? {});
  if (block?.type === 'thinking') return String(block.thinking ?? '');
  if (block?.type === 'tool_result') {
    if (typeof block.content === 'string') return block.content;
    if (Array.isArray(block.content)) return block.content.filter((part: Json) => part?.type === 'text').map((part: Json) => String(part.text)).join(' ');
  }
  return '';
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  // Server tools (web_search, code_execution...) have a type and no input_schema; the emulated model never calls them.
  return tools.filter((tool: Json) => typeof tool?.name === 'string' && isObject(tool.input_schema)).map((tool: Json) => ({ name: tool.name, schema: tool.input_schema as JsonSchema }));
}

const ping = 'event: ping\ndata: {"type": "ping"}\n\n';

/**
 * One SSE event with Anthropic's quirk: spaces before the closing brace of the data JSON
 * (fixtures/anthropic/stream-text.sse.txt). The count varies in reality; here it follows the length.
 */
function event(name: string, data: Json): string {
  const json = JSON.stringify(data);
  const padding = ' '.repeat(json.length % 16);
  return `event: ${name}\ndata: ${json.slice(0, -1)}${padding}}\n\n`;
}

function delta(index: number, body: Json): string {
  return event('content_block_delta', { type: 'content_block_delta', index, delta: body });
}

function invalid(message: string): EmulatedError {
  return new EmulatedError({ status: 400, reason: 'invalid_request', message });
}

// Anthropic ids are base58-ish after a `01` prefix; the emulator needs only their look.
const base58 = (bytes: number): string => randomBytes(bytes).toString('base64').replace(/[^1-9A-HJ-NP-Za-km-z]/g, '').padEnd(bytes, 'x');
const messageId = (): string => `msg_01${base58(22).slice(0, 22)}`;
const toolUseId = (): string => `toolu_01${base58(22).slice(0, 22)}`;
const requestId = (): string => `req_011C${base58(20).slice(0, 20)}`;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
