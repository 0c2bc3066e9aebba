// Provider health: each provider + model's circuit breaker, from GET /admin/health.

import { ApiError, getJson } from './api.js';
import { count, fill, h, num, table, utc } from './dom.js';

const STATES = { closed: 'good', half_open: 'warn', open: 'bad' };

export async function loadHealth() {
  const target = document.getElementById('health');
  let health;
  try {
    health = await getJson('admin/health');
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      fill(target, h('p', { class: 'note' }, 'Provider health needs the admin key.'));
      return;
    }
    throw error;
  }
  if (health.data.length === 0) {
    fill(target, h('p', { class: 'empty' }, 'No provider has been called since the gateway started.'));
    return;
  }
  fill(
    target,
    table(
      'Provider health',
      ['Provider', 'Upstream model', 'Breaker', { label: 'Calls', class: 'num' }, { label: 'Error rate', class: 'num' }, { label: 'p50 latency', class: 'num' }, 'Last error'],
      health.data.map((target) => [
        target.provider,
        target.model,
        h('td', {}, h('span', { class: `badge ${STATES[target.state] ?? 'warn'}` }, target.state.replace('_', '-')), target.openedAt ? h('small', {}, ` since ${utc(target.openedAt)}`) : null),
        num(count(target.calls)),
        num(`${(target.errorRate * 100).toFixed(0)}%`),
        num(target.p50LatencyMs === undefined ? '—' : `${count(target.p50LatencyMs)} ms`),
        target.lastError ? `${target.lastError.status} ${target.lastError.message} (${utc(target.lastError.at)})` : h('span', { class: 'muted' }, '—'),
      ]),
      { class: 'health' },
    ),
  );
}
