import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { redactSecrets } from './redact-secrets.ts';

test('an upstream message quoting a provider key reaches the client without it', () => {
  const upstream = new GatewayError({ status: 401, code: 'authentication', message: 'Incorrect API key provided: sk-live-0123456789abcdef.', provider: 'openai', retryAfterSeconds: 3 });
  const redacted = redactSecrets(upstream, ['sk-live-0123456789abcdef']);
  assert.equal(redacted.message, 'Incorrect API key provided: [redacted].');
  assert.equal(redacted.status, 401);
  assert.equal(redacted.provider, 'openai');
  assert.equal(redacted.retryAfterSeconds, 3);
});

test('messages without secrets are left as they are', () => {
  const error = GatewayError.invalidRequest('messages: required', 'messages');
  assert.equal(redactSecrets(error, ['sk-live-0123456789abcdef']), error);
});
