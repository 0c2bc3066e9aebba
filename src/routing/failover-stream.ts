import { GatewayError, toGatewayError } from '../core/errors.ts';
import type { StreamEvent } from '../core/events.ts';
import { mergeUsage, type Usage } from '../core/usage.ts';
import { isRetryable } from './is-retryable.ts';
import type { OpenedStream } from './open-attempt.ts';

/** What a failed attempt had already streamed, for the continuation request. */
export type Produced = { text: string };

/** The next leg of a stream, opened by the caller (retry policy, continuation request). */
export type NextLeg = { stream: OpenedStream<StreamEvent>; stripLeadingWhitespace: boolean };

export type FailoverStreamHooks = {
  /** Opens a continuation on another target; throws when none can be opened. */
  continueFrom(produced: Produced, failure: GatewayError): Promise<NextLeg>;
  /** The current leg failed part-way (for the attempt log and the breaker). */
  legFailed(error: GatewayError): Promise<void>;
  /** The current leg finished the answer. */
  legSucceeded(): Promise<void>;
  /** Whether continuing on another provider is allowed at all (config). */
  canContinue: boolean;
};

/**
 * Splices the legs of one streamed answer into one stream of events. When a leg fails after
 * it started, the text it produced goes to the next provider as a continuation and the new
 * leg's text is appended, so the client sees one uninterrupted answer: one `start` (the
 * first leg's), one `finish` (the last leg's), and usage summed over the legs.
 * A failure after a tool call began, a non-retryable one, or one with no provider left ends
 * the stream with an in-band `error` event.
 */
export async function* failoverStream(first: OpenedStream<StreamEvent>, hooks: FailoverStreamHooks): AsyncGenerator<StreamEvent> {
  let leg: NextLeg = { stream: first, stripLeadingWhitespace: false };
  let text = '';
  let toolCallStarted = false;
  let started = false;
  let earlierUsage: Usage | undefined;

  while (true) {
    let legUsage: Usage | undefined;
    let strip = leg.stripLeadingWhitespace;
    let failure: GatewayError | undefined;
    try {
      for await (const event of leg.stream.items) {
        switch (event.type) {
          case 'start':
            if (started) continue;
            started = true;
            break;
          case 'text_delta': {
            if (strip) {
              const trimmed = event.text.trimStart();
              if (trimmed === '') continue;
              strip = false;
              text += trimmed;
              yield { type: 'text_delta', text: trimmed };
              continue;
            }
            text += event.text;
            break;
          }
          case 'tool_call_start':
            toolCallStarted = true;
            break;
          case 'usage':
            legUsage = mergeUsage(legUsage, event.usage);
            yield { type: 'usage', usage: earlierUsage ? addUsage(earlierUsage, legUsage) : legUsage };
            continue;
          case 'finish':
            yield event;
            await hooks.legSucceeded();
            return;
          case 'error':
            failure = event.error;
            break;
        }
        if (failure) break;
        yield event;
      }
      failure ??= new GatewayError({ status: 502, code: 'upstream_error', message: 'The provider ended the stream without finishing the answer.' });
    } catch (thrown) {
      failure = toGatewayError(thrown);
    }

    leg.stream.abort();
    await hooks.legFailed(failure);
    if (!isRetryable(failure) || !hooks.canContinue) {
      yield { type: 'error', error: failure };
      return;
    }
    if (toolCallStarted) {
      yield { type: 'error', error: toolCallInterrupted(failure) };
      return;
    }
    try {
      leg = await hooks.continueFrom({ text }, failure);
    } catch (thrown) {
      yield { type: 'error', error: toGatewayError(thrown) };
      return;
    }
    if (legUsage) earlierUsage = earlierUsage ? addUsage(earlierUsage, legUsage) : legUsage;
  }
}

/** Usage of two legs together: every counter summed (both prompts were paid for). */
export function addUsage(a: Usage, b: Usage): Usage {
  const sum: Usage = { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
  for (const key of ['cacheReadTokens', 'cacheWriteTokens', 'reasoningTokens'] as const) {
    if (a[key] !== undefined || b[key] !== undefined) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  }
  return sum;
}

function toolCallInterrupted(cause: GatewayError): GatewayError {
  return new GatewayError({
    status: 502,
    code: 'upstream_error',
    provider: cause.provider,
    message: `The provider failed while streaming a tool call, which cannot be continued elsewhere: ${cause.message}`,
  });
}
