import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import type { StreamEvent } from '../core/events.ts';
import { failoverStream, type FailoverStreamHooks } from './failover-stream.ts';
import type { OpenedStream } from './open-attempt.ts';

const broken = new GatewayError({ status: 502, code: 'upstream_unavailable', message: 'connection reset', provider: 'anthropic' });

function leg(events: StreamEvent[], thenThrow?: Error): OpenedStream<StreamEvent> {
  async function* items(): AsyncGenerator<StreamEvent> {
    yield* events;
    if (thenThrow) throw thenThrow;
  }
  return { items: items(), abort: () => undefined };
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

function hooks(next: Array<{ events: StreamEvent[]; strip?: boolean }>, log: string[]): FailoverStreamHooks {
  return {
    canContinue: true,
    async continueFrom(produced) {
      log.push(`continue from ${JSON.stringify(produced.text)}`);
      const following = next.shift();
      if (!following) throw new GatewayError({ status: 503, code: 'upstream_unavailable', message: 'nobody left' });
      return { stream: leg(following.events), stripLeadingWhitespace: following.strip ?? false };
    },
    async legFailed(error) {
      log.push(`failed: ${error.message}`);
    },
    async legSucceeded() {
      log.push('succeeded');
    },
  };
}

const start = (id: string): StreamEvent => ({ type: 'start', id, model: 'm', created: 1 });

describe('failoverStream', () => {
  test('splices a continuation after a broken leg: one start, one finish, usage summed', async () => {
    const log: string[] = [];
    const first = leg([start('a'), { type: 'usage', usage: { inputTokens: 10, outputTokens: 0 } }, { type: 'text_delta', text: 'Once upon ' }], broken);
    const second = [start('b'), { type: 'text_delta', text: ' a time.' }, { type: 'usage', usage: { inputTokens: 14, outputTokens: 3 } }, { type: 'finish', reason: 'stop' }] satisfies StreamEvent[];
    const events = await collect(failoverStream(first, hooks([{ events: second, strip: true }], log)));
    assert.deepEqual(events, [
      start('a'),
      { type: 'usage', usage: { inputTokens: 10, outputTokens: 0 } },
      { type: 'text_delta', text: 'Once upon ' },
      // The prefill lost its trailing space, so the continuation's leading one is dropped.
      { type: 'text_delta', text: 'a time.' },
      { type: 'usage', usage: { inputTokens: 24, outputTokens: 3 } },
      { type: 'finish', reason: 'stop' },
    ]);
    assert.deepEqual(log, ['failed: connection reset', 'continue from "Once upon "', 'succeeded']);
  });

  test('an in-band error event from the provider is a failure like a broken connection', async () => {
    const log: string[] = [];
    const first = leg([start('a'), { type: 'text_delta', text: 'Hi' }, { type: 'error', error: new GatewayError({ status: 529, code: 'overloaded', message: 'Overloaded' }) }]);
    const events = await collect(failoverStream(first, hooks([{ events: [start('b'), { type: 'text_delta', text: ' there' }, { type: 'finish', reason: 'stop' }] }], log)));
    assert.deepEqual(events.map((event) => (event.type === 'text_delta' ? event.text : event.type)), ['start', 'Hi', ' there', 'finish']);
  });

  test('a failure after a tool call began ends the stream with an error, without continuing', async () => {
    const log: string[] = [];
    const first = leg([start('a'), { type: 'tool_call_start', index: 0, id: 'call_1', name: 'get_weather' }, { type: 'tool_call_delta', index: 0, arguments: '{"ci' }], broken);
    const events = await collect(failoverStream(first, hooks([], log)));
    const last = events.at(-1)!;
    assert.equal(last.type, 'error');
    assert.match((last as { error: GatewayError }).error.message, /tool call/);
    assert.deepEqual(log, ['failed: connection reset']);
  });

  test('a non-retryable failure, or no provider left, ends with that error', async () => {
    const refused = new GatewayError({ status: 400, code: 'invalid_request', message: 'bad' });
    const log: string[] = [];
    const events = await collect(failoverStream(leg([start('a'), { type: 'error', error: refused }]), hooks([], log)));
    assert.deepEqual(events.at(-1), { type: 'error', error: refused });

    const nobody = await collect(failoverStream(leg([start('a'), { type: 'text_delta', text: 'x' }], broken), hooks([], [])));
    assert.match((nobody.at(-1) as { error: GatewayError }).error.message, /nobody left/);
  });

  test('a stream that just stops, without finish or error, counts as broken', async () => {
    const log: string[] = [];
    const events = await collect(failoverStream(leg([start('a'), { type: 'text_delta', text: 'x' }]), hooks([{ events: [{ type: 'text_delta', text: 'y' }, { type: 'finish', reason: 'stop' }] }], log)));
    assert.deepEqual(events.map((event) => event.type), ['start', 'text_delta', 'text_delta', 'finish']);
    assert.match(log[0], /without finishing/);
  });
});
