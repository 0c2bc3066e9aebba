import type { LowBalanceAlert, WalletBalance } from '../stores/ledger-store.ts';
import { formatNanosAsUsd, nanosJson } from './nanos.ts';

/** The JSON body of a `wallet.low_balance` webhook. */
export function lowBalancePayload(alert: LowBalanceAlert, wallet: WalletBalance, nowMs: number) {
  return {
    type: 'wallet.low_balance',
    created_at: new Date(nowMs).toISOString(),
    account_id: alert.accountId,
    threshold_usd: formatNanosAsUsd(alert.thresholdNanos),
    available_usd: formatNanosAsUsd(wallet.availableNanos),
    balance_usd: formatNanosAsUsd(wallet.balanceNanos),
    available_nanos: nanosJson(wallet.availableNanos),
    currency: 'USD',
  };
}
