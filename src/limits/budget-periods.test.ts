import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetPeriods } from './budget-periods.ts';

test('periods are UTC days and months, each resetting at the next boundary', () => {
  const { day, month } = budgetPeriods(Date.parse('2025-06-15T23:59:59.999Z'));
  assert.deepEqual(day, { period: 'day:2025-06-15', resetsAt: Date.parse('2025-06-16T00:00:00Z') });
  assert.deepEqual(month, { period: 'month:2025-06', resetsAt: Date.parse('2025-07-01T00:00:00Z') });
});

test('the last day of December rolls into the next year', () => {
  const { day, month } = budgetPeriods(Date.parse('2025-12-31T12:00:00Z'));
  assert.equal(day.resetsAt, Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(month.resetsAt, Date.parse('2026-01-01T00:00:00Z'));
  assert.equal(month.period, 'month:2025-12');
});
