import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capturedCachedAnswer, captureResponseBody } from './capture-response-body.ts';

async function* framesOf(frames: string[]) {
  yield* frames;
}

async function drain(frames: AsyncIterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const frame of frames) seen.push(frame);
  return seen;
}

test('a stream passes through unchanged; its frames are kept as one text once it ends', async () => {
  const capture = captureResponseBody();
  const frames = ['data: {"a":1}\n\n', 'data: {"b":2}\n\n', 'data: [DONE]\n\n'];
  assert.deepEqual(await drain(capture.frames(framesOf(frames))), frames);
  assert.deepEqual(await capture.captured, { body: frames.join(''), truncated: false });
});

test('past the cap, whole frames are kept up to it and the capture is marked truncated', async () => {
  const capture = captureResponseBody(40);
  const frames = ['data: {"n":"0123456789"}\n\n', 'data: {"n":"abcdefghij"}\n\n', 'data: [DONE]\n\n'];
  assert.deepEqual(await drain(capture.frames(framesOf(frames))), frames, 'the client still gets every frame');
  assert.deepEqual(await capture.captured, { body: frames[0], truncated: true });
});

test('a stream abandoned part-way is captured as far as it got', async () => {
  const capture = captureResponseBody();
  for await (const frame of capture.frames(framesOf(['data: 1\n\n', 'data: 2\n\n']))) {
    assert.equal(frame, 'data: 1\n\n');
    break;
  }
  assert.deepEqual(await capture.captured, { body: 'data: 1\n\n', truncated: false });
});

test('a whole body is parsed when it is JSON and kept as text otherwise', async () => {
  const json = captureResponseBody();
  json.text('{"object":"chat.completion"}');
  assert.deepEqual(await json.captured, { body: { object: 'chat.completion' }, truncated: false });
  const text = captureResponseBody();
  text.text('upstream said no');
  assert.deepEqual(await text.captured, { body: 'upstream said no', truncated: false });
});

test('a cached answer is captured like a live one', () => {
  assert.deepEqual(capturedCachedAnswer({ kind: 'json', body: '{"ok":true}' }), { body: { ok: true }, truncated: false });
  assert.deepEqual(capturedCachedAnswer({ kind: 'stream', frames: ['data: 1\n\n', 'data: 2\n\n'] }, 10), { body: 'data: 1\n\n', truncated: true });
});
