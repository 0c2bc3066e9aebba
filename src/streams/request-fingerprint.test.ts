import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, requestFingerprint } from './request-fingerprint.ts';

test('the same request in another key order or spacing has the same fingerprint', () => {
  const a = JSON.parse('{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":true}');
  const b = JSON.parse('{ "stream": true, "messages": [ { "content": "hi", "role": "user" } ], "model": "m" }');
  assert.equal(canonicalJson(a), canonicalJson(b));
  assert.equal(requestFingerprint('/v1/chat/completions', a), requestFingerprint('/v1/chat/completions', b));
});

test('a different value, array order or route changes it', () => {
  const base = { model: 'm', messages: [{ role: 'user', content: 'a' }, { role: 'user', content: 'b' }] };
  const print = requestFingerprint('/v1/chat/completions', base);
  assert.notEqual(requestFingerprint('/v1/chat/completions', { ...base, temperature: 0 }), print);
  assert.notEqual(requestFingerprint('/v1/chat/completions', { ...base, messages: [...base.messages].reverse() }), print);
  assert.notEqual(requestFingerprint('/v1/messages', base), print);
});
