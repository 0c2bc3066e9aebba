import { decodeSse } from '../../streams/sse-decode.ts';
import { encodeSse } from '../../streams/sse-encode.ts';

/**
 * Azure opens a stream with a chunk that has no id, no model and no choices, only
 * `prompt_filter_results` (and, with asynchronous filtering, sends more such annotation-only
 * chunks). They carry nothing a client can use, and the first would become the stream's
 * start event with an empty id, so they are dropped before the shared OpenAI stream parser.
 */
export async function* dropAzureFilterChunks(body: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  for await (const message of decodeSse(body)) {
    if (isFilterOnly(message.data)) continue;
    yield encoder.encode(encodeSse(message.data, message.event));
  }
}

function isFilterOnly(data: string): boolean {
  if (!data.includes('filter_results')) return false;
  try {
    const chunk = JSON.parse(data) as { choices?: unknown[]; error?: unknown };
    return chunk.error === undefined && Array.isArray(chunk.choices) && chunk.choices.length === 0;
  } catch {
    return false;
  }
}
