import type { LedgerEntry, LedgerEntryKind, LowBalanceAlert } from './ledger-store.ts';

/**
 * A ledger row as either database returns it (money as bigint; SQLite has no booleans, so
 * `priced` is 0/1 there), mapped to records the same way by both implementations.
 */
export type LedgerRow = Record<string, bigint | string | boolean | null>;

export function ledgerEntryFromRow(row: LedgerRow): LedgerEntry {
  const num = (value: LedgerRow[string]) => (value === null ? undefined : Number(value));
  const tokens =
    row.input_tokens === null
      ? undefined
      : withoutUndefined({
          inputTokens: Number(row.input_tokens),
          outputTokens: Number(row.output_tokens),
          cacheReadTokens: num(row.cache_read_tokens),
          cacheWriteTokens: num(row.cache_write_tokens),
          reasoningTokens: num(row.reasoning_tokens),
        });
  return withoutUndefined({
    id: row.id as string,
    accountId: row.account_id as string,
    kind: row.kind as LedgerEntryKind,
    amountNanos: row.amount_nanos as bigint,
    createdAt: Number(row.created_at),
    idempotencyKey: rowString(row.idempotency_key),
    description: rowString(row.description),
    reservationId: rowString(row.reservation_id),
    expiresAt: num(row.expires_at),
    keyId: rowString(row.key_id),
    requestId: rowString(row.request_id),
    provider: rowString(row.provider),
    model: rowString(row.model),
    tokens,
    priced: row.priced === null || row.priced === undefined ? undefined : row.priced === true || row.priced === 1n,
  });
}

export function lowBalanceAlertFromRow(row: LedgerRow): LowBalanceAlert {
  return withoutUndefined({
    accountId: row.account_id as string,
    thresholdNanos: row.low_balance_nanos as bigint,
    webhookUrl: row.webhook_url as string,
    secret: rowString(row.webhook_secret),
  });
}

export function rowString(value: LedgerRow[string] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Entries compare equal across stores only without keys set to undefined. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
