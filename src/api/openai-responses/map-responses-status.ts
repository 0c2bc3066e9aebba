import type { FinishReason } from '../../core/finish-reason.ts';
import type { ResponsesIncompleteReason } from '../../wire/openai-responses.ts';

export type ResponsesOutcome =
  | { status: 'completed' }
  | { status: 'incomplete'; reason: ResponsesIncompleteReason }
  | { status: 'failed' };

/**
 * The Responses API has no finish reason: a response is completed, or incomplete with a reason
 * (fixtures/openai-responses/structured-output-json-schema.har: `max_output_tokens`). Tool calls
 * and refusals are visible in the output items themselves.
 */
const outcomes = {
  stop: { status: 'completed' },
  stop_sequence: { status: 'completed' },
  tool_calls: { status: 'completed' },
  refusal: { status: 'completed' },
  pause: { status: 'completed' },
  other: { status: 'completed' },
  length: { status: 'incomplete', reason: 'max_output_tokens' },
  content_filter: { status: 'incomplete', reason: 'content_filter' },
  error: { status: 'failed' },
} as const satisfies Record<FinishReason, ResponsesOutcome>;

export function mapResponsesStatus(reason: FinishReason): ResponsesOutcome {
  return outcomes[reason];
}
