import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayError } from '../../core/errors.ts';
import { renderOpenAiError } from './render-openai-error.ts';
import { readFixtureJson } from '../../testing/recorded-fixtures.ts';

describe('renderOpenAiError', () => {
  it('renders OpenAI\'s error shape, keys as recorded', () => {
    const recorded = readFixtureJson<{ error: object }>('openai-responses/error-400-unsupported-temperature.json');
    const { status, body } = renderOpenAiError(GatewayError.invalidRequest("Unsupported parameter: 'temperature' is not supported with this model.", 'temperature'));
    assert.equal(status, 400);
    assert.deepEqual(body, recorded);
  });

  it('maps statuses to OpenAI error types', () => {
    const cases: Array<[GatewayError, number, string, string | null]> = [
      [new GatewayError({ status: 401, code: 'authentication', message: 'bad key' }), 401, 'authentication_error', 'invalid_api_key'],
      [new GatewayError({ status: 403, code: 'permission', message: 'no' }), 403, 'permission_error', null],
      [new GatewayError({ status: 404, code: 'model_not_found', message: 'no such model', param: 'model' }), 404, 'invalid_request_error', 'model_not_found'],
      [new GatewayError({ status: 429, code: 'rate_limited', message: 'slow down' }), 429, 'rate_limit_error', 'rate_limit_exceeded'],
      [new GatewayError({ status: 502, code: 'upstream_unavailable', message: 'down' }), 502, 'server_error', null],
      [GatewayError.internal(), 500, 'server_error', null],
    ];
    for (const [error, status, type, code] of cases) {
      const rendered = renderOpenAiError(error);
      assert.equal(rendered.status, status);
      assert.equal(rendered.body.error.type, type, error.code);
      assert.equal(rendered.body.error.code, code, error.code);
      assert.equal(rendered.body.error.message, error.message);
    }
  });
});
