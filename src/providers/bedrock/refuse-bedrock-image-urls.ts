import { GatewayError } from '../../core/errors.ts';
import type { Message } from '../../core/message.ts';

/**
 * Bedrock takes image bytes only (InvokeModel's Claude schema has `source.type: base64`;
 * Converse `image.source.bytes`), never a URL; fetching on the client's behalf would be a
 * surprise. A 400 naming the first image by URL, before anything is sent.
 */
export function refuseBedrockImageUrls(messages: Message[], provider: string): void {
  messages.forEach((message, index) => {
    if (message.role !== 'user' && message.role !== 'tool') return;
    message.content.forEach((part, partIndex) => {
      const images = part.type === 'image' ? [part] : part.type === 'tool_result' ? part.content.filter((item) => item.type === 'image') : [];
      if (images.some((image) => image.source.kind === 'url')) {
        throw GatewayError.unsupported('Images by URL (Bedrock takes image bytes only; send a data: URL)', provider, `messages[${index}].content[${partIndex}]`);
      }
    });
  });
}
