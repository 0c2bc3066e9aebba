import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSecretBox } from './secret-box.ts';

const box = createSecretBox('a-long-random-gateway-secret-for-tests');
const apiKey = 'sk-proj-Abc123_byok_plaintext_0123456789';

test('a sealed key opens to the plaintext, and never contains it', () => {
  const sealed = box.seal(apiKey, 'acct_1/openai');
  assert.match(sealed, /^v1\.[\w-]{16}\.[\w-]+$/);
  assert.ok(!sealed.includes(apiKey) && !sealed.includes(Buffer.from(apiKey).toString('base64url')));
  assert.equal(box.open(sealed, 'acct_1/openai'), apiKey);
});

test('every seal uses a fresh nonce', () => {
  assert.notEqual(box.seal(apiKey, 'c'), box.seal(apiKey, 'c'));
});

test('another context, another secret or an altered value does not open', () => {
  const sealed = box.seal(apiKey, 'acct_1/openai');
  assert.throws(() => box.open(sealed, 'acct_2/openai'));
  assert.throws(() => createSecretBox('another-secret').open(sealed, 'acct_1/openai'));
  const [version, nonce, body] = sealed.split('.');
  const flipped = Buffer.from(body, 'base64url');
  flipped[0] ^= 1;
  assert.throws(() => box.open(`${version}.${nonce}.${flipped.toString('base64url')}`, 'acct_1/openai'));
});
