// Summary cards, the spend chart and the "spend by" table, from GET /v1/usage (or /admin/usage).

import { getJson } from './api.js';
import { spendChart } from './chart.js';
import { count, fill, h, money, share, table, num, usdToNanos } from './dom.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The period selector's choices: which interval, and where the window starts. */
export const RANGES = {
  '24h': { interval: 'hour', from: (now) => Math.floor(now / HOUR) * HOUR - 23 * HOUR },
  '7d': { interval: 'day', from: (now) => Math.floor(now / DAY) * DAY - 6 * DAY },
  '30d': { interval: 'day', from: (now) => Math.floor(now / DAY) * DAY - 29 * DAY },
  all: { interval: 'day', from: () => null },
};

/** `group_by` from the selector: a dimension, or `metadata.<key>` from the free-text key. */
export function groupByParam(choice, metadataKey) {
  return choice === 'metadata' ? `metadata.${metadataKey.trim()}` : choice;
}

function card(label, value, id) {
  return h('div', { class: 'card', id }, h('span', { class: 'card-label' }, label), h('span', { class: 'card-value' }, value));
}

/** Fills `#summary`, `#chart` and `#groups` for the chosen period and grouping. */
export async function loadUsage(scope, range, groupBy, now = Date.now()) {
  const { interval, from: fromOf } = RANGES[range];
  const from = fromOf(now);
  const base = { ...scope.usageParams, from: from === null ? undefined : new Date(from).toISOString() };
  const [series, groups] = await Promise.all([
    getJson(scope.usagePath, { ...base, interval }),
    getJson(scope.usagePath, { ...base, group_by: groupBy }),
  ]);
  const total = series.total;
  fill(
    document.getElementById('summary'),
    card('Spend', money(total.cost_usd), 'total-spend'),
    card('Requests', count(total.requests), 'total-requests'),
    card('Errors', count(total.errors)),
    card('Input tokens', count(total.input_tokens)),
    card('Output tokens', count(total.output_tokens)),
    card('Unpriced requests', count(total.unpriced_requests)),
  );
  fill(document.getElementById('chart'), spendChart(series, interval, from, now));
  fill(document.getElementById('groups'), groupsTable(groups, groupBy));
}

function groupsTable(report, groupBy) {
  if (report.data.length === 0) return h('p', { class: 'empty' }, 'No requests in this period.');
  const rows = report.data
    .map((row) => ({ ...row, nanos: usdToNanos(row.cost_usd) }))
    .sort((a, b) => (b.nanos > a.nanos ? 1 : b.nanos < a.nanos ? -1 : b.requests - a.requests));
  const max = rows.reduce((m, row) => (row.nanos > m ? row.nanos : m), 0n);
  const dimension = groupBy.startsWith('metadata.') ? groupBy.slice('metadata.'.length) : groupBy;
  return table(
    `Spend by ${dimension}`,
    [dimension, { label: 'Requests', class: 'num' }, { label: 'Errors', class: 'num' }, { label: 'Cost', class: 'num' }, { label: 'Share', class: 'share' }],
    rows.map((row) => {
      const bar = h('span', { class: 'hbar' });
      bar.style.width = `${(share(row.nanos, max) * 100).toFixed(1)}%`;
      return [
        h('td', { class: row.group === null ? 'none' : 'group' }, row.group ?? '(none)'),
        num(count(row.requests)),
        num(count(row.errors)),
        num(money(row.cost_usd)),
        h('td', { class: 'share', 'aria-hidden': 'true' }, bar),
      ];
    }),
    { class: 'groups' },
  );
}
