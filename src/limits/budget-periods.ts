import type { SpendPeriod } from '../stores/key-limits-store.ts';

/** One budget period: its counter name and when it ends (the next one starts). */
export type BudgetPeriod = { period: SpendPeriod; resetsAt: number };

/**
 * The UTC day and month containing `at`: budgets reset at 00:00 UTC each day and on the 1st of
 * each month, the same instant for every gateway whatever its local time zone.
 */
export function budgetPeriods(at: number): { day: BudgetPeriod; month: BudgetPeriod } {
  // Every request asks; the answer changes once a day.
  if (last && at >= last.from && at < last.periods.day.resetsAt) return last.periods;
  const periods = computePeriods(at);
  // A UTC day is always 86,400,000 ms in JavaScript time.
  last = { from: periods.day.resetsAt - 86_400_000, periods };
  return periods;
}

let last: { from: number; periods: { day: BudgetPeriod; month: BudgetPeriod } } | undefined;

function computePeriods(at: number): { day: BudgetPeriod; month: BudgetPeriod } {
  const date = new Date(at);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const iso = date.toISOString();
  return {
    day: { period: `day:${iso.slice(0, 10)}`, resetsAt: Date.UTC(year, month, day + 1) },
    month: { period: `month:${iso.slice(0, 7)}`, resetsAt: Date.UTC(year, month + 1, 1) },
  };
}
