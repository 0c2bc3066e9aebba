import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitSseFrames } from '../streams/split-sse-frames.ts';
import { encodeSse } from '../streams/sse-encode.ts';
import { whole } from '../testing/byte-splits.ts';
import { readChunkLines, readFixtureBytes } from '../testing/recorded-fixtures.ts';
import { sseFrameIsError } from './sse-frame-is-error.ts';

async function frames(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const frame of splitSseFrames(whole(readFixtureBytes(path)))) out.push(frame);
  return out;
}

test('successful recorded streams have no error frame', async () => {
  for (const path of ['anthropic/stream-text.sse.txt', 'anthropic/stream-thinking.sse.txt', 'anthropic/stream-tool-use.sse.txt', 'groq/stream-error-tool-use-failed.sse.txt']) {
    const all = await frames(path);
    if (path.startsWith('groq/')) all.pop(); // everything before its error frame
    assert.ok(all.length > 3, path);
    assert.equal(all.filter(sseFrameIsError).length, 0, path);
  }
});

test('Groq\'s mid-stream `data: {"error":…}` frame is an error (groq/stream-error-tool-use-failed.sse.txt)', async () => {
  const all = await frames('groq/stream-error-tool-use-failed.sse.txt');
  assert.ok(all.length > 2);
  assert.equal(sseFrameIsError(all.at(-1)!), true);
  assert.equal(all.slice(0, -1).some(sseFrameIsError), false);
});

test('the Responses API `error` and `response.failed` events are errors (openai-responses/stream-error-insufficient-quota.chunks.txt)', async () => {
  const lines = readChunkLines('openai-responses/stream-error-insufficient-quota.chunks.txt');
  const rendered = lines.map((line) => encodeSse(line, (JSON.parse(line) as { type: string }).type));
  assert.deepEqual(rendered.map(sseFrameIsError), [false, false, true, true]);
});

test('an Anthropic `event: error` frame is an error', () => {
  assert.equal(sseFrameIsError(encodeSse('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', 'error')), true);
  assert.equal(sseFrameIsError(encodeSse('{"type":"content_block_delta","delta":{"type":"text_delta","text":"no error here"}}', 'content_block_delta')), false);
  assert.equal(sseFrameIsError('data: [DONE]\n\n'), false);
});
