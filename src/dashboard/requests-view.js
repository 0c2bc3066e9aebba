// The request log (GET /v1/requests, or /admin/requests) with filters and paging, and one
// request's detail (GET /v1/requests/{id}) with its attempts.

import { getJson } from './api.js';
import { count, fill, h, money, num, statusBadge, table, utc } from './dom.js';

const PAGE = 20;
const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** `agent=planner` → `{ 'filter[metadata.agent]': 'planner' }`; null when it is not `key=value`. */
export function metadataFilter(text) {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  const at = trimmed.indexOf('=');
  const key = trimmed.slice(0, at).trim();
  if (at < 1 || !METADATA_KEY.test(key)) return null;
  return { [`filter[metadata.${key}]`]: trimmed.slice(at + 1).trim() };
}

/**
 * The log for one scope (see app.js). `onFilter` gets a metadata chip's `key=value`; `run`
 * runs an async step and reports its failure.
 */
export function createRequestLog(scope, { onFilter, run }) {
  let cursors = [null];

  async function load() {
    const form = document.getElementById('log-filters');
    const metadata = metadataFilter(form.elements.metadata.value);
    if (metadata === null) throw new Error('The metadata filter must look like key=value, e.g. agent=planner.');
    const params = {
      ...scope.requestParams,
      limit: PAGE,
      before: cursors.at(-1),
      model: form.elements.model.value.trim(),
      provider: form.elements.provider.value.trim(),
      status: form.elements.status.value,
      ...metadata,
    };
    const page = await getJson(scope.requestsPath, params);
    render(page);
  }

  function render(page) {
    const showAccount = scope.mode === 'admin' && !scope.account;
    const headers = [
      'Time (UTC)', 'Request', ...(showAccount ? ['Account'] : []), 'Model', 'Provider', 'Status',
      { label: 'Latency', class: 'num' }, { label: 'Tokens in / out', class: 'num' }, { label: 'Cost', class: 'num' }, 'Metadata',
    ];
    const rows = page.data.map((entry) => [
      h('td', { class: 'time' }, utc(entry.created_at)),
      h('td', {}, h('button', { type: 'button', class: 'link id', title: entry.id, 'data-request-id': entry.id, onclick: () => run(() => showDetail(scope, entry.id)) }, entry.id)),
      ...(showAccount ? [entry.account_id] : []),
      entry.model ?? entry.requested_model,
      entry.provider ?? h('span', { class: 'muted' }, '—'),
      statusBadge(entry.status),
      num(`${count(entry.latency_ms)} ms`),
      num(`${count(entry.usage.input_tokens)} / ${count(entry.usage.output_tokens)}`),
      num(money(entry.cost_usd)),
      h('td', { class: 'chips' }, Object.entries(entry.metadata).map(([key, value]) =>
        h('button', { type: 'button', class: 'chip', title: `Show only ${key}=${value}`, onclick: () => onFilter(`${key}=${value}`) }, `${key}=${value}`))),
    ]);
    fill(
      document.getElementById('log'),
      rows.length === 0 ? h('p', { class: 'empty' }, 'No requests match.') : table('Requests, newest first', headers, rows, { class: 'log' }),
    );
    const newer = document.getElementById('log-newer');
    const older = document.getElementById('log-older');
    newer.disabled = cursors.length === 1;
    older.disabled = !page.has_more;
    older.onclick = () => {
      cursors.push(page.data.at(-1).id);
      run(load);
    };
    newer.onclick = () => {
      cursors.pop();
      run(load);
    };
    document.getElementById('log-page').textContent = `Page ${cursors.length}`;
  }

  return {
    /** From the first page (after a filter change or refresh). */
    reload() {
      cursors = [null];
      return load();
    },
  };
}

/** Opens the detail dialog for one request. */
export async function showDetail(scope, id) {
  const entry = await getJson(`${scope.requestPath}/${encodeURIComponent(id)}`);
  const dialog = document.getElementById('detail');
  const field = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? h('span', { class: 'muted' }, '—'))];
  fill(
    document.getElementById('detail-body'),
    h('h2', { id: 'detail-h' }, 'Request ', h('code', {}, entry.id)),
    h('dl', { class: 'fields' },
      field('Time (UTC)', utc(entry.created_at)),
      field('Account', entry.account_id),
      field('Key', entry.key_id),
      field('API format', entry.format),
      field('Requested model', entry.requested_model),
      field('Served by', entry.model && `${entry.model} (${entry.provider} · ${entry.upstream_model})`),
      field('Status', statusBadge(entry.status)),
      entry.error && field('Error', `${entry.error.code}: ${entry.error.message}`),
      field('Latency', `${count(entry.latency_ms)} ms${entry.ttft_ms === null ? '' : ` (first token ${count(entry.ttft_ms)} ms)`}`),
      field('Stream', entry.stream ? 'yes' : 'no'),
      field('Finish reason', entry.finish_reason),
      field('Cache', entry.cache_status),
      field('Cost', money(entry.cost_usd)),
      field('Metadata', Object.keys(entry.metadata).length === 0 ? null : Object.entries(entry.metadata).map(([key, value]) => h('span', { class: 'chip static' }, `${key}=${value}`))),
    ),
    h('h3', {}, 'Tokens'),
    table('Tokens', ['Input', 'Cached read', 'Cache write', 'Output', 'Reasoning'].map((label) => ({ label, class: 'num' })), [[
      num(count(entry.usage.input_tokens)), num(count(entry.usage.cached_tokens)), num(count(entry.usage.cache_write_tokens)),
      num(count(entry.usage.output_tokens)), num(count(entry.usage.reasoning_tokens)),
    ]], { class: 'tokens' }),
    h('h3', {}, `Attempts (${entry.attempts.length})`),
    entry.attempts.length === 0
      ? h('p', { class: 'empty' }, 'No provider was called.')
      : table('Attempts', ['#', 'Provider', 'Upstream model', 'Status', 'Error', { label: 'Latency', class: 'num' }],
          entry.attempts.map((attempt, i) => [String(i + 1), attempt.provider, attempt.upstream_model, statusBadge(attempt.status), attempt.error ?? h('span', { class: 'muted' }, '—'), num(`${count(attempt.latency_ms)} ms`)]),
          { class: 'attempts' }),
    entry.bodies && loggedBodies(entry.bodies),
  );
  if (!dialog.open) dialog.showModal();
}

/** Request and response bodies, for keys that log them (redacted by the gateway before storing). */
function loggedBodies(bodies) {
  const text = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return [
    h('h3', {}, 'Bodies (redacted)'),
    bodies.request !== undefined && [h('h4', {}, 'Request'), h('pre', { class: 'logged-body' }, text(bodies.request))],
    bodies.response !== undefined && [h('h4', {}, bodies.response_truncated ? 'Response (first 256 KB)' : 'Response'), h('pre', { class: 'logged-body' }, text(bodies.response))],
  ];
}
