import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { MAX_CACHE_TTL_SECONDS, readCacheHeaders } from './read-cache-headers.ts';

test('no cache headers: the client did not opt in', () => {
  assert.deepEqual(readCacheHeaders({}), { skip: false });
});

test('a ttl in whole seconds opts in; skip-cache true or 1 skips', () => {
  assert.deepEqual(readCacheHeaders({ 'x-switchyard-cache-ttl': '300' }), { ttlSeconds: 300, skip: false });
  assert.deepEqual(readCacheHeaders({ 'x-switchyard-cache-ttl': String(MAX_CACHE_TTL_SECONDS), 'x-switchyard-skip-cache': 'TRUE' }), { ttlSeconds: 604800, skip: true });
  assert.deepEqual(readCacheHeaders({ 'x-switchyard-skip-cache': '1' }), { skip: true });
  assert.deepEqual(readCacheHeaders({ 'x-switchyard-skip-cache': 'no' }), { skip: false });
});

test('a ttl that is not 1 second to 7 days is a 400 naming the header', () => {
  for (const value of ['0', '-5', '1.5', 'soon', '', String(MAX_CACHE_TTL_SECONDS + 1), '1e3']) {
    assert.throws(
      () => readCacheHeaders({ 'x-switchyard-cache-ttl': value }),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === 'x-switchyard-cache-ttl',
      value,
    );
  }
});
