import { createHash } from 'node:crypto';
import { EmulatedError } from '../dialect.ts';
import type { LastTurn, OfferedTool, Prompt } from '../prompt.ts';
import type { JsonSchema } from '../schema-example.ts';
import { verifyThinking } from '../thinking-signature.ts';
import { countTokens } from '../tokens.ts';

type Json = Record<string, any>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Bedrock's 400: a ValidationException with its message. */
export const validation = (message: string): EmulatedError => new EmulatedError({ status: 400, reason: 'invalid_request', message });

function blockText(block: Json): string {
  if (typeof block.text === 'string') return block.text;
  if (isObject(block.toolUse)) return JSON.stringify(block.toolUse.input ?? {});
  if (isObject(block.reasoningContent?.reasoningText)) return String(block.reasoningContent.reasoningText.text ?? '');
  if (isObject(block.toolResult)) return toolResultText(block.toolResult);
  return '';
}

function toolResultText(result: Json): string {
  const content: Json[] = Array.isArray(result.content) ? result.content : [];
  return content.map((item) => (typeof item?.text === 'string' ? item.text : item?.json !== undefined ? JSON.stringify(item.json) : '')).filter(Boolean).join(' ');
}

/**
 * A Converse body (model and stream from the path) as the emulator's Prompt. Cache breakpoints
 * are `cachePoint` blocks, walked in Bedrock's cache order: tools, system, messages.
 */
export function parseConversePrompt(body: unknown, model: string, stream: boolean): Prompt {
  if (!isObject(body)) throw validation('Malformed input request, please reformat your input and try again.');
  if (!Array.isArray(body.messages) || body.messages.length === 0) throw validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');

  const texts: string[] = [];
  const keyParts: unknown[] = [];
  let breakpoint: { parts: number; chars: number } | undefined;
  const visit = (block: Json): void => {
    if (isObject(block.cachePoint)) {
      breakpoint = { parts: keyParts.length, chars: texts.join('').length };
      return;
    }
    texts.push(blockText(block));
    keyParts.push(block);
  };
  const toolConfig = isObject(body.toolConfig) ? body.toolConfig : {};
  for (const tool of Array.isArray(toolConfig.tools) ? toolConfig.tools : []) if (isObject(tool)) visit(isObject(tool.cachePoint) ? tool : { tool });
  for (const block of Array.isArray(body.system) ? body.system : []) if (isObject(block)) visit(block);

  let images = 0;
  let last: LastTurn = { kind: 'user', text: '', images: 0 };
  for (const message of body.messages as Json[]) {
    if (message?.role !== 'user' && message?.role !== 'assistant') throw validation(`Invalid role: ${String(message?.role)}`);
    const blocks: Json[] = Array.isArray(message.content) ? message.content.filter(isObject) : [];
    const userTexts: string[] = [];
    const results: string[] = [];
    let userImages = 0;
    for (const block of blocks) {
      if (isObject(block.image)) {
        images++;
        userImages++;
      }
      if (typeof block.text === 'string') userTexts.push(block.text);
      if (isObject(block.toolResult)) results.push(toolResultText(block.toolResult));
      visit(block);
    }
    if (message.role === 'user') last = results.length > 0 ? { kind: 'tool_results', results } : { kind: 'user', text: userTexts.join(' '), images: userImages };
  }

  const choice = isObject(toolConfig.toolChoice) ? toolConfig.toolChoice : {};
  const jsonSchema = body.outputConfig?.textFormat?.structure?.jsonSchema;
  let output: Prompt['output'] = { kind: 'text' };
  if (isObject(jsonSchema)) {
    try {
      output = { kind: 'schema', schema: JSON.parse(String(jsonSchema.schema)) as JsonSchema };
    } catch {
      throw validation('The provided JSON schema is not valid JSON.');
    }
  }
  const fields = isObject(body.additionalModelRequestFields) ? body.additionalModelRequestFields : {};
  const inference = isObject(body.inferenceConfig) ? body.inferenceConfig : {};
  return {
    model,
    stream,
    text: texts.join(''),
    images,
    last,
    tools: toolsOf(toolConfig.tools),
    toolChoice: isObject(choice.any) ? 'required' : isObject(choice.tool) && typeof choice.tool.name === 'string' ? { name: choice.tool.name } : 'auto',
    parallelToolCalls: true,
    output,
    thinking: ['enabled', 'adaptive'].includes(fields.thinking?.type) || fields.reasoningConfig?.type === 'enabled' || typeof fields.reasoning_effort === 'string',
    ...(typeof inference.maxTokens === 'number' ? { maxTokens: inference.maxTokens } : {}),
    stop: Array.isArray(inference.stopSequences) ? inference.stopSequences.map(String) : [],
    streamUsage: true,
    ...(breakpoint
      ? { cachePrefix: { key: createHash('sha256').update(JSON.stringify(keyParts.slice(0, breakpoint.parts))).digest('hex'), tokens: countTokens('x'.repeat(breakpoint.chars)) } }
      : {}),
  };
}

function toolsOf(tools: unknown): OfferedTool[] {
  if (!Array.isArray(tools)) return [];
  return tools
    .filter((tool: Json) => typeof tool?.toolSpec?.name === 'string')
    .map((tool: Json) => ({ name: tool.toolSpec.name, schema: (tool.toolSpec.inputSchema?.json ?? {}) as JsonSchema }));
}

/** Echoed Claude reasoning must carry the signature the emulator issued for exactly that text. */
export function verifyConverseSignatures(body: unknown): EmulatedError | undefined {
  const messages: Json[] = isObject(body) && Array.isArray(body.messages) ? body.messages : [];
  for (const [m, message] of messages.entries()) {
    if (message?.role !== 'assistant' || !Array.isArray(message.content)) continue;
    for (const block of message.content as Json[]) {
      const reasoning = block?.reasoningContent?.reasoningText;
      if (isObject(reasoning) && typeof reasoning.signature === 'string' && !verifyThinking(String(reasoning.text ?? ''), reasoning.signature)) {
        return validation(`messages.${m}: The reasoning signature is invalid. Pass reasoning blocks back unmodified.`);
      }
    }
  }
  return undefined;
}
