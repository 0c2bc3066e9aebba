import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { metadataValueText, parseMetadataHeader } from './parse-metadata-header.ts';

function rejects(header: string | string[], pattern: RegExp) {
  assert.throws(
    () => parseMetadataHeader(header),
    (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'invalid_request');
      assert.equal(error.param, 'x-switchyard-metadata');
      assert.match(error.message, /^Invalid x-switchyard-metadata header: /);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

test('a JSON object of strings, numbers and booleans is the metadata', () => {
  assert.deepEqual(parseMetadataHeader('{"agent": "planner", "tier": "free", "customer": "c_42", "attempt": 2, "beta": true}'), {
    agent: 'planner',
    tier: 'free',
    customer: 'c_42',
    attempt: 2,
    beta: true,
  });
});

test('no header, or a blank one, is no metadata', () => {
  assert.deepEqual(parseMetadataHeader(undefined), {});
  assert.deepEqual(parseMetadataHeader('  '), {});
  assert.deepEqual(parseMetadataHeader('{}'), {});
});

test('keys may use letters, digits, underscore, dot and dash, up to 64 characters', () => {
  const key = 'team.search-agent_v2'.padEnd(64, 'x');
  assert.deepEqual(parseMetadataHeader(JSON.stringify({ [key]: 'ok' })), { [key]: 'ok' });
  rejects(JSON.stringify({ [key + 'y']: 'x' }), /key '.+' must be 1-64 characters/);
  rejects('{"has space": "x"}', /key 'has space'/);
  rejects('{"": "x"}', /key ''/);
  rejects('{"ünï": "x"}', /key 'ünï'/);
});

test('at most 16 keys', () => {
  const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`, i]));
  assert.equal(Object.keys(parseMetadataHeader(JSON.stringify(sixteen))).length, 16);
  rejects(JSON.stringify({ ...sixteen, k16: 16 }), /at most 16 keys are allowed, got 17/);
});

test('string values up to 256 characters; nothing but strings, finite numbers and booleans', () => {
  assert.equal(parseMetadataHeader(JSON.stringify({ note: 'a'.repeat(256) })).note, 'a'.repeat(256));
  rejects(JSON.stringify({ note: 'a'.repeat(257) }), /value of 'note' is longer than 256 characters/);
  rejects('{"a": null}', /value of 'a' must be a string, number or boolean, not null/);
  rejects('{"a": [1]}', /not an array/);
  rejects('{"a": {"b": 1}}', /not object/);
  rejects('{"a": 1e999}', /value of 'a' must be a finite number/);
});

test('anything but a JSON object is refused, with the reason', () => {
  rejects('agent=planner', /not valid JSON/);
  rejects('["planner"]', /must be a JSON object/);
  rejects('"planner"', /must be a JSON object/);
  rejects('null', /must be a JSON object/);
  rejects(['{"a":1}', '{"b":2}'], /send the header once/);
});

test('a key named __proto__ stays a plain key', () => {
  const metadata = parseMetadataHeader('{"__proto__": "x", "agent": "a"}');
  assert.deepEqual(Object.keys(metadata), ['__proto__', 'agent']);
  assert.equal(Object.getPrototypeOf(metadata), Object.prototype);
});

test('values group as text: numbers and booleans as JSON writes them', () => {
  assert.equal(metadataValueText('free'), 'free');
  assert.equal(metadataValueText(2), '2');
  assert.equal(metadataValueText(0.5), '0.5');
  assert.equal(metadataValueText(false), 'false');
});
