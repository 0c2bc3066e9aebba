import type pg from 'pg';
import { timeOrderedId } from '../../core/ids.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Nanos } from '../../billing/nanos.ts';
import type {
  CaptureInput,
  LedgerEntry,
  LedgerStore,
  LedgerStoreOptions,
  LowBalanceAlert,
  ReserveInput,
  SpendLine,
  WalletBalance,
} from '../ledger-store.ts';
import { withTransaction } from './with-transaction.ts';
import { ledgerEntryFromRow, lowBalanceAlertFromRow, rowString, withoutUndefined } from '../ledger-row.ts';

type Row = Record<string, bigint | string | boolean | null>;
type Queryable = pg.Pool | pg.PoolClient;

const ENTRY_COLUMNS = `id, account_id, kind, amount_nanos, created_at, idempotency_key, description, reservation_id, expires_at,
  key_id, request_id, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, priced`;

const ZERO: WalletBalance = { balanceNanos: 0n, reservedNanos: 0n, availableNanos: 0n };

/**
 * The wallet ledger in PostgreSQL, correct across gateway instances. Every balance change is one
 * transaction that first locks the account's wallet row (`SELECT … FOR UPDATE`), so changes to
 * one account serialize wherever they come from; the hold itself is still a conditional UPDATE
 * (`balance - reserved >= amount`) so the check and the hold are one step. Money is BIGINT
 * nano-dollars, read as bigint by the pool `openPostgres` configures.
 */
export class PostgresLedgerStore implements LedgerStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: LedgerStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
    return withTransaction(this.#pool, async (db) => {
      await lockWallet(db, input.accountId);
      const existing = await one(db, `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE account_id = $1 AND kind = 'credit' AND idempotency_key = $2`, [
        input.accountId,
        input.idempotencyKey,
      ]);
      if (existing) return { entry: ledgerEntryFromRow(existing), created: false, wallet: await walletOf(db, input.accountId) };
      const entry = await this.#insert(db, { accountId: input.accountId, kind: 'credit', amountNanos: input.amountNanos, idempotencyKey: input.idempotencyKey, description: input.description });
      await db.query('UPDATE wallets SET balance_nanos = balance_nanos + $1 WHERE account_id = $2', [input.amountNanos, input.accountId]);
      await db.query(
        `UPDATE wallets SET alert_armed = true
         WHERE account_id = $1 AND low_balance_nanos IS NOT NULL AND balance_nanos - reserved_nanos >= low_balance_nanos`,
        [input.accountId],
      );
      return { entry, created: true, wallet: await walletOf(db, input.accountId) };
    });
  }

  async reserve(input: ReserveInput) {
    return withTransaction(this.#pool, async (db) => {
      await lockWallet(db, input.accountId);
      await this.#releaseLapsed(db, input.accountId);
      const held = await one(
        db,
        `UPDATE wallets SET reserved_nanos = reserved_nanos + $1
         WHERE account_id = $2 AND balance_nanos - reserved_nanos >= $1 AND balance_nanos - reserved_nanos > 0
         RETURNING balance_nanos, reserved_nanos`,
        [input.amountNanos, input.accountId],
      );
      if (!held) return { ok: false as const, wallet: await walletOf(db, input.accountId) };
      const reservation = await this.#insert(db, { ...input, kind: 'reservation', holdState: 'active' });
      return { ok: true as const, reservation, wallet: toWallet(held) };
    });
  }

  async capture(input: CaptureInput) {
    return withTransaction(this.#pool, async (db) => {
      const hold = await lockedReservation(db, input.reservationId);
      const accountId = hold.account_id as string;
      const previous = await one(db, `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE reservation_id = $1 AND kind = 'capture'`, [input.reservationId]);
      if (previous) return { entry: ledgerEntryFromRow(previous), created: false, wallet: await walletOf(db, accountId) };
      if (hold.hold_state === 'active') await addReserved(db, accountId, -(hold.amount_nanos as bigint));
      await db.query("UPDATE ledger_entries SET hold_state = 'captured' WHERE id = $1", [input.reservationId]);
      const entry = await this.#insert(db, {
        accountId,
        kind: 'capture',
        amountNanos: input.amountNanos,
        reservationId: input.reservationId,
        keyId: rowString(hold.key_id),
        requestId: rowString(hold.request_id),
        provider: input.provider ?? rowString(hold.provider),
        model: input.model ?? rowString(hold.model),
        tokens: input.tokens,
        priced: input.priced ?? true,
      });
      await db.query('UPDATE wallets SET balance_nanos = balance_nanos - $1 WHERE account_id = $2', [input.amountNanos, accountId]);
      return { entry, created: true, wallet: await walletOf(db, accountId) };
    });
  }

  async release(reservationId: string) {
    return withTransaction(this.#pool, async (db) => {
      const hold = await lockedReservation(db, reservationId);
      if (hold.hold_state !== 'active') return {};
      const entry = await this.#releaseHold(db, hold);
      return { entry, wallet: await walletOf(db, hold.account_id as string) };
    });
  }

  async releaseExpired(): Promise<number> {
    const { rows } = await this.#pool.query<{ account_id: string }>(
      "SELECT DISTINCT account_id FROM ledger_entries WHERE hold_state = 'active' AND expires_at <= $1 ORDER BY account_id",
      [this.#now()],
    );
    let released = 0;
    // One short transaction per account, so a sweep never holds many wallet locks at once.
    for (const { account_id: accountId } of rows) {
      released += await withTransaction(this.#pool, async (db) => {
        await lockWallet(db, accountId);
        return this.#releaseLapsed(db, accountId);
      });
    }
    return released;
  }

  async wallet(accountId: string): Promise<WalletBalance> {
    return walletOf(this.#pool, accountId);
  }

  async listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]> {
    const { rows } =
      options.before === undefined
        ? await this.#pool.query<Row>(`SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE account_id = $1 ORDER BY seq DESC LIMIT $2`, [accountId, options.limit])
        : await this.#pool.query<Row>(
            `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
             WHERE account_id = $1 AND seq < (SELECT seq FROM ledger_entries WHERE id = $2 AND account_id = $1) ORDER BY seq DESC LIMIT $3`,
            [accountId, options.before, options.limit],
          );
    return rows.map(ledgerEntryFromRow);
  }

  async spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]> {
    const { rows } = await this.#pool.query<Row>(
      `SELECT provider, model, COUNT(*) AS requests, COUNT(*) FILTER (WHERE priced = false) AS unpriced,
         SUM(amount_nanos)::bigint AS cost, SUM(input_tokens)::bigint AS input, SUM(output_tokens)::bigint AS output,
         SUM(cache_read_tokens)::bigint AS cache_read, SUM(cache_write_tokens)::bigint AS cache_write, SUM(reasoning_tokens)::bigint AS reasoning
       FROM ledger_entries WHERE account_id = $1 AND kind = 'capture' AND created_at >= $2 AND created_at < $3
       GROUP BY provider, model ORDER BY provider COLLATE "C", model COLLATE "C"`,
      [accountId, options.from ?? 0, options.to ?? Number.MAX_SAFE_INTEGER],
    );
    return rows.map((row) => ({
      provider: rowString(row.provider) ?? '',
      model: rowString(row.model) ?? '',
      requests: Number(row.requests),
      unpricedRequests: Number(row.unpriced ?? 0n),
      costNanos: (row.cost as bigint | null) ?? 0n,
      inputTokens: Number(row.input ?? 0n),
      outputTokens: Number(row.output ?? 0n),
      cacheReadTokens: Number(row.cache_read ?? 0n),
      cacheWriteTokens: Number(row.cache_write ?? 0n),
      reasoningTokens: Number(row.reasoning ?? 0n),
    }));
  }

  async setLowBalanceAlert(accountId: string, alert: Omit<LowBalanceAlert, 'accountId'> | undefined): Promise<void> {
    await withTransaction(this.#pool, async (db) => {
      await lockWallet(db, accountId);
      await db.query('UPDATE wallets SET low_balance_nanos = $1, webhook_url = $2, webhook_secret = $3, alert_armed = true WHERE account_id = $4', [
        alert?.thresholdNanos ?? null,
        alert?.webhookUrl ?? null,
        alert?.secret ?? null,
        accountId,
      ]);
    });
  }

  async getLowBalanceAlert(accountId: string): Promise<LowBalanceAlert | undefined> {
    const row = await one(this.#pool, 'SELECT account_id, low_balance_nanos, webhook_url, webhook_secret FROM wallets WHERE account_id = $1 AND low_balance_nanos IS NOT NULL', [
      accountId,
    ]);
    return row && lowBalanceAlertFromRow(row);
  }

  async claimLowBalanceAlert(accountId: string) {
    // One conditional UPDATE: of concurrent claimers (in any instance) exactly one sees the row come back.
    const row = await one(
      this.#pool,
      `UPDATE wallets SET alert_armed = false
       WHERE account_id = $1 AND alert_armed AND low_balance_nanos IS NOT NULL AND balance_nanos - reserved_nanos < low_balance_nanos
       RETURNING account_id, low_balance_nanos, webhook_url, webhook_secret, balance_nanos, reserved_nanos`,
      [accountId],
    );
    return row && { alert: lowBalanceAlertFromRow(row), wallet: toWallet(row) };
  }

  /** Releases the account's lapsed holds; the caller holds the wallet lock. */
  async #releaseLapsed(db: pg.PoolClient, accountId: string): Promise<number> {
    const { rows } = await db.query<Row>(
      "SELECT id, account_id, amount_nanos FROM ledger_entries WHERE account_id = $1 AND hold_state = 'active' AND expires_at <= $2",
      [accountId, this.#now()],
    );
    for (const hold of rows) await this.#releaseHold(db, hold);
    return rows.length;
  }

  async #releaseHold(db: pg.PoolClient, hold: Row): Promise<LedgerEntry> {
    const accountId = hold.account_id as string;
    await db.query("UPDATE ledger_entries SET hold_state = 'released' WHERE id = $1", [hold.id]);
    await addReserved(db, accountId, -(hold.amount_nanos as bigint));
    return this.#insert(db, { accountId, kind: 'release', amountNanos: hold.amount_nanos as bigint, reservationId: hold.id as string });
  }

  async #insert(db: pg.PoolClient, fields: Omit<LedgerEntry, 'id' | 'createdAt'> & { holdState?: string }): Promise<LedgerEntry> {
    const { holdState, ...rest } = fields;
    const entry: LedgerEntry = { id: timeOrderedId('le_', this.#now()), createdAt: this.#now(), ...withoutUndefined(rest) };
    const t = fields.tokens;
    await db.query(
      `INSERT INTO ledger_entries (id, account_id, kind, amount_nanos, created_at, idempotency_key, description, reservation_id,
         expires_at, hold_state, key_id, request_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
         cache_write_tokens, reasoning_tokens, priced)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
      [
        entry.id, entry.accountId, entry.kind, entry.amountNanos, entry.createdAt, fields.idempotencyKey ?? null, fields.description ?? null,
        fields.reservationId ?? null, fields.expiresAt ?? null, holdState ?? null, fields.keyId ?? null, fields.requestId ?? null,
        fields.provider ?? null, fields.model ?? null, t?.inputTokens ?? null, t?.outputTokens ?? null, t?.cacheReadTokens ?? null,
        t?.cacheWriteTokens ?? null, t?.reasoningTokens ?? null, fields.priced ?? null,
      ],
    );
    return entry;
  }
}

/** Creates the wallet row if needed and locks it until the transaction ends. */
async function lockWallet(db: pg.PoolClient, accountId: string): Promise<void> {
  await db.query('INSERT INTO wallets (account_id) VALUES ($1) ON CONFLICT (account_id) DO NOTHING', [accountId]);
  await db.query('SELECT 1 FROM wallets WHERE account_id = $1 FOR UPDATE', [accountId]);
}

/**
 * The reservation, read again after its wallet is locked: every change to a hold happens under
 * that lock, so the second read sees the hold's settled state. 404 when there is no such hold.
 */
async function lockedReservation(db: pg.PoolClient, reservationId: string): Promise<Row> {
  const sql = `SELECT ${ENTRY_COLUMNS}, hold_state FROM ledger_entries WHERE id = $1`;
  const first = await one(db, sql, [reservationId]);
  if (!first || first.kind !== 'reservation') throw new GatewayError({ status: 404, code: 'not_found', message: `No reservation '${reservationId}'.` });
  await lockWallet(db, first.account_id as string);
  return (await one(db, sql, [reservationId]))!;
}

async function addReserved(db: pg.PoolClient, accountId: string, amount: bigint): Promise<void> {
  await db.query('UPDATE wallets SET reserved_nanos = reserved_nanos + $1 WHERE account_id = $2', [amount, accountId]);
}

async function walletOf(db: Queryable, accountId: string): Promise<WalletBalance> {
  const row = await one(db, 'SELECT balance_nanos, reserved_nanos FROM wallets WHERE account_id = $1', [accountId]);
  return row ? toWallet(row) : { ...ZERO };
}

async function one(db: Queryable, sql: string, params: unknown[]): Promise<Row | undefined> {
  return (await db.query<Row>(sql, params)).rows[0];
}

function toWallet(row: Row): WalletBalance {
  const balanceNanos = row.balance_nanos as bigint;
  const reservedNanos = row.reserved_nanos as bigint;
  return { balanceNanos, reservedNanos, availableNanos: balanceNanos - reservedNanos };
}
