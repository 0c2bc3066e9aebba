import { randomId } from '../../core/ids.ts';
import type {
  ResponsesOutputItem,
  ResponsesResponse,
  ResponsesResponseError,
  ResponsesStatus,
  ResponsesUsage,
} from '../../wire/openai-responses.ts';
import type { ResponsesOutcome } from './map-responses-status.ts';
import { defaultEcho, type ResponsesRenderOptions } from './responses-echo.ts';

/** A `resp_…` id; an upstream id in another style (`chatcmpl-…`, `msg_…`) is replaced, not prefixed. */
export function responseIdFor(upstreamId: string): string {
  return upstreamId.startsWith('resp_') ? upstreamId : randomId('resp_');
}

export type ResponseState = {
  id: string;
  createdAt: number;
  status: ResponsesStatus;
  output: ResponsesOutputItem[];
  usage: ResponsesUsage | null;
  completedAt?: number;
  incompleteReason?: Extract<ResponsesOutcome, { status: 'incomplete' }>['reason'];
  error?: ResponsesResponseError;
};

/** The whole `response` object, fields in the order OpenAI sends them (fixtures/openai-responses/stream-text.sse.txt). */
export function buildResponseObject(state: ResponseState, options: ResponsesRenderOptions): ResponsesResponse {
  const echo = options.echo ?? defaultEcho();
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt ?? null,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: echo.instructions,
    max_output_tokens: echo.max_output_tokens,
    max_tool_calls: echo.max_tool_calls,
    model: options.requestedModel,
    output: state.output,
    parallel_tool_calls: echo.parallel_tool_calls,
    previous_response_id: null,
    reasoning: echo.reasoning,
    service_tier: echo.service_tier,
    // Nothing is ever stored, whatever the client asked.
    store: false,
    temperature: echo.temperature,
    text: echo.text,
    tool_choice: echo.tool_choice,
    tools: echo.tools,
    top_p: echo.top_p,
    truncation: echo.truncation,
    usage: state.usage,
    user: echo.user,
    metadata: echo.metadata,
  };
}
