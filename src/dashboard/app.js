// The dashboard's entry point: works out who the key belongs to, then loads every view.

import { detectMode, savedKey } from './api.js';
import { h, fill } from './dom.js';
import { loadHealth } from './health-view.js';
import { createRequestLog } from './requests-view.js';
import { groupByParam, loadUsage } from './usage-view.js';
import { createWalletView } from './wallet-view.js';

const $ = (id) => document.getElementById(id);

/** Which API paths the views call: the caller's own (`/v1/…`) or the admin's (`/admin/…`, optionally one account). */
const scope = { mode: 'caller', account: '' };
function setScope(mode, account) {
  const admin = mode === 'admin';
  const accountParam = admin && account ? { account } : {};
  Object.assign(scope, {
    mode,
    account,
    usagePath: admin ? 'admin/usage' : 'v1/usage',
    usageParams: accountParam,
    requestsPath: admin ? 'admin/requests' : 'v1/requests',
    requestParams: accountParam,
    requestPath: admin ? 'admin/requests' : 'v1/requests',
  });
}

let pending = 0;
/** Runs an async step: marks the page busy meanwhile (`aria-busy`, `data-busy`) and shows its error. */
async function run(task) {
  pending++;
  $('main').setAttribute('aria-busy', 'true');
  document.body.dataset.busy = 'true';
  try {
    await task();
  } catch (error) {
    notice(error.message ?? String(error));
  } finally {
    if (--pending === 0) {
      $('main').setAttribute('aria-busy', 'false');
      delete document.body.dataset.busy;
    }
  }
}

function notice(message) {
  const box = $('notice');
  box.hidden = !message;
  box.textContent = message ?? '';
}

const log = createRequestLog(scope, {
  run,
  onFilter(text) {
    $('log-filters').elements.metadata.value = text;
    run(log.reload);
  },
});
const wallet = createWalletView(scope, run);

function loadUsageView() {
  const group = groupByParam($('group-by').value, $('group-meta').value);
  if (group === 'metadata.') throw new Error('Type the metadata key to group by, e.g. agent.');
  return loadUsage(scope, $('range').value, group);
}

function loadAll() {
  notice(null);
  return Promise.all([loadUsageView(), log.reload(), wallet.reload(), loadHealth()]);
}

async function start() {
  const key = savedKey.get();
  const found = await detectMode(key);
  if (!found) {
    $('main').hidden = true;
    fill($('who'), key ? 'That key was not accepted.' : 'Paste a gateway key (one account) or the admin key (every account).');
    $('key').focus();
    return;
  }
  setScope(found.mode, '');
  fill($('who'), ...{
    admin: ['Admin key', h('span', { class: 'muted' }, ' · all accounts')],
    caller: ['Gateway key', h('span', { class: 'muted' }, ` · account ${found.accountId}`)],
    local: ['Local mode', h('span', { class: 'muted' }, ' · no key needed')],
  }[found.mode]);
  const accounts = $('account');
  $('account-label').hidden = found.mode !== 'admin';
  if (found.mode === 'admin') {
    fill(accounts, h('option', { value: '' }, 'All accounts'), found.accounts.map((account) => h('option', { value: account.id }, `${account.name} (${account.id})`)));
  }
  $('main').hidden = false;
  await loadAll();
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = $('key').value.trim();
  if (key) savedKey.set(key);
  $('key').value = '';
  run(start);
});
$('forget').addEventListener('click', () => {
  savedKey.clear();
  run(start);
});
$('account').addEventListener('change', () => {
  setScope(scope.mode, $('account').value);
  run(loadAll);
});
$('range').addEventListener('change', () => run(loadUsageView));
$('refresh').addEventListener('click', () => run(loadAll));
$('group-by').addEventListener('change', () => {
  $('group-meta-label').hidden = $('group-by').value !== 'metadata';
  if ($('group-by').value !== 'metadata') run(loadUsageView);
  else $('group-meta').focus();
});
$('group-form').addEventListener('submit', (event) => {
  event.preventDefault();
  run(loadUsageView);
});
$('log-filters').addEventListener('submit', (event) => {
  event.preventDefault();
  run(log.reload);
});
$('log-filters').addEventListener('reset', () => setTimeout(() => run(log.reload)));
$('detail-close').addEventListener('click', () => $('detail').close());

run(start);
