import type { RenderOptions } from '../inbound-format.ts';
import type { ResponsesResponse } from '../../wire/openai-responses.ts';

/**
 * The request settings a Responses `response` object repeats back (every recorded response
 * carries them: fixtures/openai-responses/stream-text.sse.txt). SDKs and agents read some of
 * them (`tools`, `text.format` for parsing structured output), so the parser collects them for
 * the renderers. Values the client did not set are null rather than a guess at the model's default.
 */
export type ResponsesEcho = Pick<
  ResponsesResponse,
  | 'instructions'
  | 'max_output_tokens'
  | 'max_tool_calls'
  | 'parallel_tool_calls'
  | 'reasoning'
  | 'service_tier'
  | 'temperature'
  | 'text'
  | 'tool_choice'
  | 'tools'
  | 'top_p'
  | 'truncation'
  | 'user'
  | 'metadata'
>;

/** RenderOptions plus the echo; the router hands `ParsedRequest.render` back to the renderers unchanged. */
export type ResponsesRenderOptions = RenderOptions & { echo?: ResponsesEcho };

/** What a response echoes when nothing was set (also used for requests not parsed by this format). */
export function defaultEcho(): ResponsesEcho {
  return {
    instructions: null,
    max_output_tokens: null,
    max_tool_calls: null,
    parallel_tool_calls: true,
    reasoning: { effort: null, summary: null },
    service_tier: 'default',
    temperature: null,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_p: null,
    truncation: 'disabled',
    user: null,
    metadata: {},
  };
}
