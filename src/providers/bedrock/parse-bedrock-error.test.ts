import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBedrockError } from './parse-bedrock-error.ts';
import { readVcrExchanges } from '../../testing/vcr-cassette.ts';

const settings = { id: 'bedrock', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com' };

for (const name of ['error-400-invalid-model-converse.vcr.yaml', 'error-400-invalid-model-converse-stream.vcr.yaml']) {
  test(`${name}: an invalid model id is a 400 model_not_found keeping Bedrock's message`, () => {
    const [interaction] = readVcrExchanges(`bedrock/${name}`);
    const error = parseBedrockError(interaction.status, {}, interaction.responseBody, settings);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'model_not_found');
    assert.equal(error.message, 'The provided model identifier is invalid.');
    assert.equal(error.provider, 'bedrock');
  });
}

test('the x-amzn-errortype header names the type; status is kept', () => {
  const error = parseBedrockError(429, { 'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/' }, '{"message":"Too many requests, please wait before trying again."}', settings);
  assert.deepEqual([error.status, error.code, error.upstreamType, error.message], [429, 'rate_limited', 'ThrottlingException', 'Too many requests, please wait before trying again.']);
});

test('`Message` spelling, access denied, and a non-JSON body', () => {
  const denied = parseBedrockError(403, { 'x-amzn-errortype': 'AccessDeniedException' }, '{"Message":"You don\'t have access to the model with the specified model ID."}', settings);
  assert.deepEqual([denied.status, denied.code, denied.message], [403, 'permission', "You don't have access to the model with the specified model ID."]);
  const html = parseBedrockError(502, {}, 'Bad Gateway', settings);
  assert.deepEqual([html.status, html.code, html.message], [502, 'upstream_error', 'Bad Gateway']);
});
