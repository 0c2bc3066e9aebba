// The wallet (GET /v1/wallet, a gateway key's own) and the ledger (GET /admin/accounts/{id}/ledger, admin key).

import { getJson } from './api.js';
import { fill, h, money, table, utc } from './dom.js';

const PAGE = 10;

/** What a ledger entry does to the balance: amounts are positive, the kind gives the sign. */
const KINDS = {
  credit: { label: 'credit', sign: '+' },
  capture: { label: 'charge', sign: '−' },
  reservation: { label: 'hold', sign: '' },
  release: { label: 'hold released', sign: '' },
};

function amount(label, usd, id) {
  return h('div', { class: 'card', id }, h('span', { class: 'card-label' }, label), h('span', { class: 'card-value' }, money(usd)));
}

export function createWalletView(scope, run) {
  let cursors = [null];

  async function loadLedger() {
    const page = await getJson(`admin/accounts/${encodeURIComponent(scope.account)}/ledger`, { limit: PAGE, before: cursors.at(-1) });
    const rows = page.data.map((entry) => {
      const kind = KINDS[entry.kind] ?? { label: entry.kind, sign: '' };
      return [
        h('td', { class: 'time' }, utc(entry.created_at)),
        h('td', {}, h('span', { class: `kind ${entry.kind}` }, kind.label)),
        h('td', { class: 'num' }, kind.sign, money(entry.amount_usd)),
        h('td', {}, entry.description ?? (entry.request_id ? h('code', {}, entry.request_id) : ''), entry.model ? h('span', { class: 'muted' }, ` · ${entry.model}`) : null),
      ];
    });
    const pager = h('div', { class: 'pager' },
      h('button', { type: 'button', disabled: cursors.length === 1, onclick: () => { cursors.pop(); run(loadLedger); } }, '← Newer'),
      h('button', { type: 'button', disabled: !page.has_more, onclick: () => { cursors.push(page.data.at(-1).id); run(loadLedger); } }, 'Older →'),
    );
    fill(
      document.getElementById('ledger'),
      rows.length === 0 ? h('p', { class: 'empty' }, 'No ledger entries yet.') : table('Ledger, newest first', ['Time (UTC)', 'Kind', { label: 'Amount', class: 'num' }, 'Request or description'], rows, { class: 'ledger' }),
      rows.length === 0 ? null : pager,
    );
  }

  return {
    async reload() {
      cursors = [null];
      const wallet = document.getElementById('wallet');
      const ledger = document.getElementById('ledger');
      if (scope.mode === 'admin') {
        fill(wallet);
        if (!scope.account) {
          fill(ledger, h('p', { class: 'empty' }, 'Choose an account above to see its ledger.'));
          return;
        }
        await loadLedger();
        return;
      }
      const balance = await getJson('v1/wallet');
      fill(
        wallet,
        !balance.billing_enabled ? h('p', { class: 'note' }, 'Billing is off on this gateway: requests are not charged to a wallet.') : null,
        h('div', { class: 'cards' }, amount('Balance', balance.balance_usd, 'wallet-balance'), amount('Available', balance.available_usd), amount('Reserved', balance.reserved_usd)),
      );
      fill(ledger, h('p', { class: 'note' }, 'The ledger (credits, holds, charges) needs the admin key.'));
    },
  };
}
