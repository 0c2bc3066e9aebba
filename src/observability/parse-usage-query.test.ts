import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { parseUsageQuery } from './parse-usage-query.ts';

type Scope = { accountId: string | null; allowAccount: boolean };
const caller: Scope = { accountId: 'acct_a', allowAccount: false };
const admin: Scope = { accountId: null, allowAccount: true };
const parse = (qs: string, scope = caller) => parseUsageQuery(new URLSearchParams(qs), scope);

function rejects(qs: string, param: string, pattern: RegExp, scope = caller) {
  assert.throws(
    () => parse(qs, scope),
    (error: unknown) => error instanceof GatewayError && error.status === 400 && error.param === param && pattern.test(error.message),
  );
}

test('no parameters: all of the caller’s usage, ungrouped', () => {
  assert.deepEqual(parse(''), { accountId: 'acct_a', groupBy: null, from: null, to: null, interval: null, filters: [] });
});

test('group_by, from, to, interval and filters', () => {
  const query = parse('group_by=metadata.agent&from=2025-06-01&to=2025-06-02T12:00:00Z&interval=hour&filter[metadata.tier]=free&filter[provider]=openai');
  assert.deepEqual(query, {
    accountId: 'acct_a',
    groupBy: { kind: 'metadata', key: 'agent' },
    from: Date.UTC(2025, 5, 1),
    to: Date.UTC(2025, 5, 2, 12),
    interval: 'hour',
    filters: [
      { dimension: { kind: 'metadata', key: 'tier' }, value: 'free' },
      { dimension: { kind: 'provider' }, value: 'openai' },
    ],
  });
  for (const groupBy of ['model', 'provider', 'key'] as const) assert.deepEqual(parse(`group_by=${groupBy}`).groupBy, { kind: groupBy });
  assert.equal(parse('from=2025-06-01T12:00:00%2B02:00').from, Date.UTC(2025, 5, 1, 10));
  assert.equal(parse('from=2025-06-01T12:30').from, Date.UTC(2025, 5, 1, 12, 30), 'no offset means UTC');
});

test('bad parameters are 400s naming the parameter', () => {
  rejects('group_by=color', 'group_by', /must be model, provider, key or metadata.<key>/);
  rejects('group_by=metadata.', 'group_by', /metadata key '' must be/);
  rejects('group_by=metadata.a%20b', 'group_by', /metadata key 'a b'/);
  rejects('interval=week', 'interval', /must be hour or day/);
  rejects('from=yesterday', 'from', /ISO 8601/);
  rejects('to=1717200000', 'to', /ISO 8601/);
  rejects('from=2025-06-02&to=2025-06-01', 'from', /before 'to'/);
  rejects('group_by=model&group_by=key', 'group_by', /once/);
  rejects('filter[colour]=red', 'filter[colour]', /must be model, provider, key/);
  rejects('groupby=model', 'groupby', /Unknown parameter 'groupby'/);
});

test('only the admin may name an account; without one the admin sums every account', () => {
  rejects('account=acct_b', 'account', /only for the admin/);
  assert.equal(parse('account=acct_b', admin).accountId, 'acct_b');
  assert.equal(parse('', admin).accountId, null);
});
