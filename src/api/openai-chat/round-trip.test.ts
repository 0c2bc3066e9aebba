/**
 * Both directions of the Chat Completions format meet here: what a client sends, parsed and
 * rendered for OpenAI, is what the client sent; what OpenAI streams, rendered to a client and
 * parsed again, is the same response.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectStream } from '../../core/collect-stream.ts';
import { replayResponse } from '../../core/replay-response.ts';
import { openAiAdapter } from '../../providers/openai/index.ts';
import { bytesOf } from '../../testing/byte-splits.ts';
import { readHarExchanges, readHarRequestBodies } from '../../testing/har.ts';
import { chunksAsSse } from '../../testing/recorded-fixtures.ts';
import { openAiChatFormat } from './index.ts';

async function* asAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

const settings = { id: 'openai', baseUrl: 'https://api.openai.com/v1/', apiKey: 'sk-test' };

const requests: Array<[string, number]> = [
  ['openai-chat/stream-parallel-tool-calls-then-results.har', 0],
  ['openai-chat/stream-parallel-tool-calls-then-results.har', 1],
  ['openai-chat/vision-image-url.har', 0],
  ['openai-chat/stream-usage-include-usage.har', 0],
];

for (const [path, index] of requests) {
  test(`a recorded client request (${path} #${index}) comes back out of buildRequest unchanged`, async () => {
    const original = readHarRequestBodies(path)[index] as Record<string, unknown>;
    const { request } = openAiChatFormat.parseRequest(original);
    const upstream = await openAiAdapter.buildRequest(request, original.model as string, settings);
    assert.equal(upstream.url, 'https://api.openai.com/v1/chat/completions');
    assert.equal(upstream.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(JSON.parse(upstream.body ?? ''), original);
  });
}

const streams = [
  'openai-chat/stream-text.chunks.txt',
  'deepseek/stream-tool-call.chunks.txt',
  'xai/stream-text.chunks.txt',
  'groq/stream-tool-call.chunks.txt',
  'mistral/stream-tool-call.chunks.txt',
];

for (const path of streams) {
  test(`${path}: parsed, rendered to a client with include_usage and parsed again, is the same response`, async () => {
    const original = await collectStream(openAiAdapter.parseStream(bytesOf(chunksAsSse(path, 'openai'))));
    const frames = openAiChatFormat.renderStream(asAsync(replayResponse(original)), { requestedModel: original.model, includeUsage: true });
    async function* encoded() {
      for await (const frame of frames) yield new TextEncoder().encode(frame);
    }
    // OpenAI clients always get the details; a count the upstream did not report is rendered as 0.
    const usage = { cacheReadTokens: 0, reasoningTokens: 0, ...original.usage };
    assert.deepEqual(await collectStream(openAiAdapter.parseStream(encoded())), { ...original, usage });
  });
}

test('a non-streamed response rendered for the client and parsed again is the same response', () => {
  const [exchange] = readHarExchanges('openai-chat/parallel-tool-calls-then-results.har');
  const original = openAiAdapter.parseResponse(JSON.parse(exchange.responseBody));
  const rendered = openAiChatFormat.renderResponse(original, { requestedModel: original.model });
  assert.deepEqual(openAiAdapter.parseResponse(JSON.parse(JSON.stringify(rendered))), original);
});
