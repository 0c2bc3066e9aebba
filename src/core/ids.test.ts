import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomId, timeOrderedId } from './ids.ts';

test('time-ordered ids sort by the millisecond they were made in, whatever their random part', () => {
  const times = [0, 1, 999, 1_700_000_000_000, 1_700_000_000_001, 4_102_444_800_000];
  const ids = times.map((time) => timeOrderedId('le_', time));
  assert.deepEqual([...ids].sort(), ids);
  assert.match(ids[3], /^le_018bcfe56800[\w-]{12}$/);
});

test('ids made in the same millisecond still differ', () => {
  const ids = new Set(Array.from({ length: 10_000 }, () => timeOrderedId('req_', 1_700_000_000_000)));
  assert.equal(ids.size, 10_000);
});

test('random ids keep the prefix and 12 random bytes by default', () => {
  assert.match(randomId('msg_'), /^msg_[\w-]{16}$/);
});
