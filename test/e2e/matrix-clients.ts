import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';

/** What the matrix sends: plain text, a tool the prompt names, or an image beside the text. */
export type CellKind = 'text' | 'tools' | 'images';

/** One request of the matrix, in format-neutral terms. */
export type CellRequest = {
  model: string;
  /** Pinned with the body's `provider: {only: [provider]}`. */
  provider: string;
  stream: boolean;
  kind: CellKind;
  prompt: string;
  /** For `images`: a `data:` URL or an https URL. */
  imageUrl?: string;
};

/** An answer, whatever format it came in: what the client saw, reduced to what the emulator decides. */
export type CellAnswer = { provider: string | null; text: string; toolCalls: Array<{ name: string; args: unknown }> };

export type InboundClient = { name: string; send(request: CellRequest): Promise<CellAnswer> };

const cityParameters = { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] };

/** Chat Completions through the official `openai` SDK. */
export function chatClient(gatewayUrl: string): InboundClient {
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'local', maxRetries: 0 });
  return {
    name: 'openai-chat',
    async send(request) {
      const content: OpenAI.Chat.ChatCompletionContentPart[] | string =
        request.kind === 'images' ? [{ type: 'text', text: request.prompt }, { type: 'image_url', image_url: { url: request.imageUrl! } }] : request.prompt;
      const body = {
        model: request.model,
        messages: [{ role: 'user' as const, content }],
        ...(request.kind === 'tools' ? { tools: [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather in a city', parameters: cityParameters } }] } : {}),
        ...{ provider: { only: [request.provider] } },
      };
      if (!request.stream) {
        const { data, response } = await client.chat.completions.create(body).withResponse();
        const message = data.choices[0].message;
        const toolCalls = (message.tool_calls ?? []).map((call) => {
          const fn = (call as OpenAI.Chat.ChatCompletionMessageFunctionToolCall).function;
          return { name: fn.name, args: JSON.parse(fn.arguments) as unknown };
        });
        return { provider: response.headers.get('x-switchyard-provider'), text: message.content ?? '', toolCalls };
      }
      const { data: stream, response } = await client.chat.completions.create({ ...body, stream: true }).withResponse();
      let text = '';
      const calls: Array<{ name: string; json: string }> = [];
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta;
        text += delta?.content ?? '';
        for (const call of delta?.tool_calls ?? []) {
          calls[call.index] ??= { name: '', json: '' };
          calls[call.index].name += call.function?.name ?? '';
          calls[call.index].json += call.function?.arguments ?? '';
        }
      }
      return { provider: response.headers.get('x-switchyard-provider'), text, toolCalls: calls.map((call) => ({ name: call.name, args: JSON.parse(call.json) })) };
    },
  };
}

/** Anthropic Messages through the official `@anthropic-ai/sdk`. */
export function messagesClient(gatewayUrl: string): InboundClient {
  const client = new Anthropic({ baseURL: gatewayUrl, apiKey: 'local', maxRetries: 0 });
  return {
    name: 'anthropic-messages',
    async send(request) {
      const content: Anthropic.ContentBlockParam[] | string =
        request.kind !== 'images' ? request.prompt
        : [{ type: 'text', text: request.prompt }, { type: 'image', source: imageSource(request.imageUrl!) }];
      const body = {
        model: request.model,
        max_tokens: 256,
        messages: [{ role: 'user' as const, content }],
        ...(request.kind === 'tools' ? { tools: [{ name: 'get_weather', description: 'Weather in a city', input_schema: cityParameters }] } : {}),
        ...{ provider: { only: [request.provider] } },
      };
      if (!request.stream) {
        const { data, response } = await client.messages.create(body).withResponse();
        const text = data.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
        const toolCalls = data.content.flatMap((block) => (block.type === 'tool_use' ? [{ name: block.name, args: block.input }] : []));
        return { provider: response.headers.get('x-switchyard-provider'), text, toolCalls };
      }
      const { data: stream, response } = await client.messages.create({ ...body, stream: true }).withResponse();
      let text = '';
      const calls = new Map<number, { name: string; json: string }>();
      for await (const event of stream) {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') calls.set(event.index, { name: event.content_block.name, json: '' });
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
        if (event.type === 'content_block_delta' && event.delta.type === 'input_json_delta') calls.get(event.index)!.json += event.delta.partial_json;
      }
      const toolCalls = [...calls.values()].map((call) => ({ name: call.name, args: JSON.parse(call.json || '{}') as unknown }));
      return { provider: response.headers.get('x-switchyard-provider'), text, toolCalls };
    },
  };
}

function imageSource(url: string): Anthropic.ImageBlockParam['source'] {
  const data = /^data:(image\/\w+);base64,(.*)$/.exec(url);
  if (!data) return { type: 'url', url };
  return { type: 'base64', media_type: data[1] as 'image/png', data: data[2] };
}

/** The Responses API through the official `openai` SDK's `responses` client. */
export function responsesClient(gatewayUrl: string): InboundClient {
  const client = new OpenAI({ baseURL: `${gatewayUrl}/v1`, apiKey: 'local', maxRetries: 0 });
  return {
    name: 'openai-responses',
    async send(request) {
      const input: OpenAI.Responses.ResponseInput | string =
        request.kind !== 'images' ? request.prompt
        : [{ role: 'user', content: [{ type: 'input_text', text: request.prompt }, { type: 'input_image', image_url: request.imageUrl!, detail: 'auto' }] }];
      const body = {
        model: request.model,
        input,
        ...(request.kind === 'tools' ? { tools: [{ type: 'function' as const, name: 'get_weather', description: 'Weather in a city', strict: false, parameters: cityParameters }] } : {}),
        ...{ provider: { only: [request.provider] } },
      };
      const callsOf = (output: OpenAI.Responses.ResponseOutputItem[]) =>
        output.flatMap((item) => (item.type === 'function_call' ? [{ name: item.name, args: JSON.parse(item.arguments) as unknown }] : []));
      if (!request.stream) {
        const { data, response } = await client.responses.create(body).withResponse();
        return { provider: response.headers.get('x-switchyard-provider'), text: data.output_text, toolCalls: callsOf(data.output) };
      }
      const { data: stream, response } = await client.responses.create({ ...body, stream: true }).withResponse();
      let text = '';
      let toolCalls: CellAnswer['toolCalls'] = [];
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') text += event.delta;
        if (event.type === 'response.completed') toolCalls = callsOf(event.response.output);
      }
      return { provider: response.headers.get('x-switchyard-provider'), text, toolCalls };
    },
  };
}
