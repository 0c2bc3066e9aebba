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
