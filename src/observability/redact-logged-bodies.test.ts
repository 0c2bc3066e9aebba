import { test } from 'node:test';
import assert from 'node:assert/strict';
import { redactKeyLike, redactLoggedBodies } from './redact-logged-bodies.ts';

test('credential headers are dropped, whatever their case', () => {
  const redacted = redactLoggedBodies({
    requestHeaders: {
      Authorization: 'Bearer sy-abcdefghijklmnopqrstuvwxyz0123456789ABCD',
      'X-Api-Key': 'sk-ant-api03-secretsecretsecret',
      'x-goog-api-key': 'AIzaSyExample',
      'api-key': 'azure-key',
      cookie: 'session=1',
      'content-type': 'application/json',
      'x-switchyard-metadata': '{"agent":"planner"}',
    },
  });
  assert.deepEqual(redacted.requestHeaders, { 'content-type': 'application/json', 'x-switchyard-metadata': '{"agent":"planner"}' });
});

test('key-like strings are redacted anywhere in the bodies, other text kept', () => {
  const redacted = redactLoggedBodies({
    request: {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'my key is sk-proj-AbCdEf0123456789abcdef, and ours sy-ZZZZZZZZZZZZZZZZZZZZ. sky-blue is fine' }],
    },
    response: { choices: [{ message: { content: 'use sk-ant-api03-xyzxyzxyzxyzxyzxyz' } }] },
  });
  assert.deepEqual(redacted.request, {
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'my key is sk-[redacted], and ours sy-[redacted]. sky-blue is fine' }],
  });
  assert.deepEqual(redacted.response, { choices: [{ message: { content: 'use sk-[redacted]' } }] });
});

test('short sk-/sy- words are not mistaken for keys', () => {
  assert.equal(redactKeyLike('sk-learn and sy-nc'), 'sk-learn and sy-nc');
});

test('provider keys of other shapes, and the gateway’s own configured secrets, are redacted too', () => {
  const text = 'google AIzaSyA1234567890abcdefghijklmnopqrstuv aws AKIAIOSFODNN7EXAMPLE groq gsk_abcdefghijklmnopqrstuvwx custom my-own-provider-key-42';
  assert.equal(
    redactKeyLike(text, ['my-own-provider-key-42', 'short']),
    'google AIza[redacted] aws AKIA[redacted] groq gsk_[redacted] custom [redacted]',
  );
});

test('a key a stream split across events is redacted in every piece (OpenAI chat deltas, as the emulator streams an echo)', () => {
  const frame = (content: string) => `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
  const sse = ['Echo: my', ' sk-', 'live', '-012', '3456', '789a', 'bcde', 'f ok'].map(frame).join('') + 'data: [DONE]\n\n';
  const { response } = redactLoggedBodies({ response: sse });
  const deltas = String(response)
    .split('\n')
    .filter((line) => line.startsWith('data: {'))
    .map((line) => JSON.parse(line.slice(6)).choices[0].delta.content);
  assert.deepEqual(deltas, ['Echo: my', ' sk-[redacted]', '', '', '', '', '', ' ok']);
  assert.ok(String(response).endsWith('data: [DONE]\n\n'), 'frames without JSON stay as they were');
  assert.equal(redactLoggedBodies({ response: frame('nothing secret') }).response, frame('nothing secret'), 'an innocent stream is kept byte for byte');
});
