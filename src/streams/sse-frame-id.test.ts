import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isFinalFrame, readEventId, withEventId } from './sse-frame-id.ts';

test('withEventId puts the sequence number first and drops the frame’s own id lines', () => {
  assert.equal(withEventId('data: {"a":1}\n\n', 7), 'id: 7\ndata: {"a":1}\n\n');
  assert.equal(withEventId('event: x\r\nid: up-9\r\ndata: y\r\n\r\n', 2), 'id: 2\nevent: x\r\ndata: y\r\n\r\n');
  assert.equal(withEventId('id\ndata: y\n\n', 3), 'id: 3\ndata: y\n\n');
  // `identity:` is another field, not an id.
  assert.equal(withEventId('identity: me\ndata: y\n\n', 4), 'id: 4\nidentity: me\ndata: y\n\n');
});

test('readEventId reads the last id line in any line-ending style', () => {
  assert.equal(readEventId('id: 12\ndata: x\n\n'), '12');
  assert.equal(readEventId('id:5\r\ndata: x\r\n\r\n'), '5');
  assert.equal(readEventId('data: x\n\n'), undefined);
});

test('isFinalFrame knows the end markers of chat, messages and responses streams', () => {
  assert.ok(isFinalFrame('id: 9\ndata: [DONE]\n\n'));
  assert.ok(isFinalFrame('event: message_stop\ndata: {"type":"message_stop"}\n\n'));
  assert.ok(isFinalFrame('event: response.completed\ndata: {}\n\n'));
  assert.ok(!isFinalFrame('data: {"choices":[]}\n\n'));
  assert.ok(!isFinalFrame('event: message_delta\ndata: {}\n\n'));
});
