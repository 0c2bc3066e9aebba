import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrames, encodeFrames } from './stored-frames.ts';

test('frames come back exactly as saved, whatever they contain', () => {
  for (const frames of [
    [],
    ['data: {"a":"b"}\n\n', 'event: message_stop\ndata: {}\n\n', 'data: [DONE]\n\n'],
    ['data: no blank line', '', 'data: 1\r\n\r\n', 'data: ünïcödé 🚀,\n\n', '12,3\n'],
  ]) {
    assert.deepEqual(decodeFrames(encodeFrames(frames)), frames);
  }
});

test('rows saved before, as a JSON array, still read', () => {
  assert.deepEqual(decodeFrames(JSON.stringify(['data: 1\n\n', 'data: 2\n\n'])), ['data: 1\n\n', 'data: 2\n\n']);
});

test('a value that does not add up is refused, not replayed wrong', () => {
  assert.throws(() => decodeFrames('5,5\ndata: 1\n\n'), /do not add up/);
});
