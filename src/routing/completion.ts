import { collectStream } from '../core/collect-stream.ts';
import type { GatewayError } from '../core/errors.ts';
import type { StreamEvent } from '../core/events.ts';
import type { FinishReason } from '../core/finish-reason.ts';
import { mergeUsage, type Usage } from '../core/usage.ts';
import type { ProviderAdapter } from '../providers/provider-adapter.ts';
import type { RouteTarget } from './resolve-targets.ts';

/**
 * How an answer ended, known once the last byte has been read: what billing charges and the
 * request log records. For a stream this comes after the client has started reading, so it
 * travels beside the answer as a promise.
 */
export type Completion = {
  /** The target that finished the answer (a continued stream's last leg). */
  target: RouteTarget;
  /** Undefined when the provider never reported usage (a stream cut before its usage event). */
  usage?: Usage;
  finishReason?: FinishReason;
  /** When the first content (text, reasoning or a tool call) arrived, for time to first token. */
  firstTokenAt?: number;
  /** Set when the stream ended with an in-band error. */
  error?: GatewayError;
};

/** A settable promise of the completion, resolved exactly once. */
export function completionLatch(): { promise: Promise<Completion>; resolve(completion: Completion): void } {
  let settle!: (completion: Completion) => void;
  let settled = false;
  const promise = new Promise<Completion>((resolve) => (settle = resolve));
  return {
    promise,
    resolve(completion) {
      if (settled) return;
      settled = true;
      settle(completion);
    },
  };
}

/**
 * Passes events through while noting usage, finish reason and the first token's time; the
 * completion is reported when the stream ends, however it ends (finished, failed, or
 * abandoned by its reader).
 */
export async function* observeEvents(
  events: AsyncIterable<StreamEvent>,
  now: () => number,
  report: (observed: Omit<Completion, 'target'>) => void,
): AsyncGenerator<StreamEvent> {
  const observed: Omit<Completion, 'target'> = {};
  try {
    for await (const event of events) {
      switch (event.type) {
        case 'text_delta':
        case 'reasoning_delta':
        case 'tool_call_start':
          observed.firstTokenAt ??= now();
          break;
        case 'usage':
          observed.usage = mergeUsage(observed.usage, event.usage);
          break;
        case 'finish':
          observed.finishReason = event.reason;
          break;
        case 'error':
          observed.error = event.error;
          break;
      }
      yield event;
    }
  } finally {
    report(observed);
  }
}

/**
 * Passthrough bytes relayed untouched while a copy is kept, parsed with the adapter when the
 * stream ends: a passthrough answer is billed from the same usage as a translated one.
 */
export async function* observeBytes(
  bytes: AsyncIterable<Uint8Array>,
  adapter: ProviderAdapter,
  now: () => number,
  report: (observed: Omit<Completion, 'target'>) => void,
): AsyncGenerator<Uint8Array> {
  const copy: Uint8Array[] = [];
  let firstTokenAt: number | undefined;
  try {
    for await (const chunk of bytes) {
      firstTokenAt ??= now();
      copy.push(chunk);
      yield chunk;
    }
  } finally {
    report({ ...(await usageOfStreamBytes(copy, adapter)), firstTokenAt });
  }
}

async function usageOfStreamBytes(chunks: Uint8Array[], adapter: ProviderAdapter): Promise<Omit<Completion, 'target'>> {
  async function* replay() {
    yield* chunks;
  }
  try {
    const response = await collectStream(adapter.parseStream(replay()));
    return { usage: response.usage, finishReason: response.finishReason };
  } catch (error) {
    return { error: error as GatewayError };
  }
}
