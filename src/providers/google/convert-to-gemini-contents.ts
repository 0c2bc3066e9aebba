import { GatewayError } from '../../core/errors.ts';
import type { ImagePart, Message, TextPart, ToolResultPart } from '../../core/message.ts';
import type { GeminiContent, GeminiPart, GeminiRole } from '../../wire/gemini.ts';
import { guessImageMimeType } from './guess-image-mime-type.ts';

const provider = 'google';

export type GeminiPrompt = { systemInstruction?: GeminiContent; contents: GeminiContent[] };

/**
 * The canonical conversation as Gemini `contents` plus `systemInstruction`.
 * - System messages (wherever they sit) join the one systemInstruction, in order.
 * - Assistant turns become role `model`; tool results become `functionResponse` parts in a
 *   role `user` content. Consecutive contents of the same role are merged, as Gemini expects
 *   one content per turn (parallel results in one content).
 * - Earlier thinking is not re-sent as text; only its signatures round-trip.
 * - Message `name` has no Gemini equivalent and is ignored (a label, not content).
 */
export function convertToGeminiContents(messages: Message[]): GeminiPrompt {
  const systemParts: GeminiPart[] = [];
  const contents: GeminiContent[] = [];
  const callNames = new Map<string, string>();
  const append = (role: GeminiRole, parts: GeminiPart[]): void => {
    if (parts.length === 0) return;
    const previous = contents[contents.length - 1];
    if (previous?.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, messageIndex) => {
    switch (message.role) {
      case 'system':
        for (const part of message.content) systemParts.push({ text: part.text });
        break;
      case 'user':
        append('user', message.content.map((part, i) => (part.type === 'text' ? { text: part.text } : imagePart(part, `messages[${messageIndex}].content[${i}]`))));
        break;
      case 'assistant': {
        const parts: GeminiPart[] = [];
        message.content.forEach((part, i) => {
          if (part.type === 'text') parts.push({ text: part.text });
          else if (part.type === 'tool_call') {
            callNames.set(part.id, part.name);
            const functionCall = { name: part.name, args: parseArguments(part.arguments, `messages[${messageIndex}].content[${i}].arguments`) };
            parts.push(part.signature !== undefined ? { functionCall, thoughtSignature: part.signature } : { functionCall });
          } else if (part.signature !== undefined) {
            attachSignature(parts, part.signature);
          }
          // Reasoning without a signature (or Anthropic's redacted thinking) cannot be replayed to Gemini.
        });
        append('model', parts);
        break;
      }
      case 'tool':
        append('user', message.content.map((part, i) => functionResponsePart(part, callNames, `messages[${messageIndex}].content[${i}]`)));
        break;
    }
  });

  return systemParts.length > 0 ? { systemInstruction: { parts: systemParts }, contents } : { contents };
}

/**
 * A thought signature from a text part was split off as its own reasoning part when parsed;
 * put it back on the text part it came with (text.json), or send it on an empty text part as
 * the stream delivered it (stream-text.chunks.txt ends with `{"text":"","thoughtSignature":…}`).
 */
function attachSignature(parts: GeminiPart[], signature: string): void {
  const previous = parts[parts.length - 1];
  if (previous?.text !== undefined && previous.thoughtSignature === undefined && !previous.thought) previous.thoughtSignature = signature;
  else parts.push({ text: '', thoughtSignature: signature });
}

function imagePart(part: ImagePart, param: string): GeminiPart {
  const { source } = part;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  const dataUrl = /^data:([^;,]+);base64,(.*)$/is.exec(source.url);
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1], data: dataUrl[2] } };
  if (!/^(https?|gs):\/\//i.test(source.url)) throw GatewayError.invalidRequest(`Image URL must be http(s), gs:// or a base64 data URL.`, param);
  return { fileData: { mimeType: guessImageMimeType(source.url), fileUri: source.url } };
}

/** Gemini wants args as an object; canonical keeps the model's JSON text. */
function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw GatewayError.invalidRequest('Tool call arguments are not valid JSON.', param);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw GatewayError.invalidRequest('Tool call arguments must be a JSON object.', param);
  }
  return value as Record<string, unknown>;
}

/**
 * Gemini matches results to calls by function name, so the name comes from the result or
 * from the earlier call with the same id. A JSON-object result is sent as is; anything else
 * under `output` (or `error` for failures), the keys Google's SDKs use
 * (sse-stream-function-calls-then-responses.har: `{"output":"Welcome to Moria!"}`).
 */
function functionResponsePart(part: ToolResultPart, callNames: Map<string, string>, param: string): GeminiPart {
  const name = part.name ?? callNames.get(part.toolCallId);
  if (name === undefined) {
    throw GatewayError.invalidRequest(`Tool result '${part.toolCallId}' matches no earlier tool call, and Gemini needs the function name.`, param);
  }
  if (part.content.some((item) => item.type === 'image')) throw GatewayError.unsupported('Images in tool results', provider, param);
  const text = (part.content as TextPart[]).map((item) => item.text).join('');
  return { functionResponse: { name, response: resultObject(text, part.isError === true) } };
}

function resultObject(text: string, isError: boolean): Record<string, unknown> {
  if (!isError) {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    } catch {
      // Plain text: wrapped below.
    }
  }
  return isError ? { error: text } : { output: text };
}
