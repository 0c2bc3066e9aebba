import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { timeOrderedId } from '../../core/ids.ts';
import { GatewayError } from '../../core/errors.ts';
import type { Nanos } from '../../billing/nanos.ts';
import { GroupCommit } from './group-commit.ts';
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
import { ledgerEntryFromRow, lowBalanceAlertFromRow, rowString, withoutUndefined } from '../ledger-row.ts';

type Row = Record<string, bigint | string | null>;

const ENTRY_COLUMNS = `id, account_id, kind, amount_nanos, created_at, idempotency_key, description, reservation_id, expires_at,
  key_id, request_id, provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens, priced`;

/**
 * The wallet ledger in SQLite. Give it a connection of its own (`openSqlite` on the same file):
 * each balance-changing method runs atomically inside a BEGIN IMMEDIATE … COMMIT, against this
 * process and against other processes on the file; calls made in the same event-loop turn share
 * one commit (`GroupCommit`), and each resolves once it is committed. Every statement reads
 * integers as BigInt so nano-dollar sums stay exact past 2^53.
 */
export class SqliteLedgerStore implements LedgerStore {
  readonly #now: () => number;
  readonly #s: Record<string, StatementSync>;
  readonly #group: GroupCommit;

  /** `group`: a group commit shared with other stores on the same connection (one commit per turn for all). */
  constructor(db: DatabaseSync, options: LedgerStoreOptions & { group?: GroupCommit } = {}) {
    this.#now = options.now ?? Date.now;
    const statements = {
      ensureWallet: 'INSERT INTO wallets (account_id) VALUES (?) ON CONFLICT (account_id) DO NOTHING',
      wallet: 'SELECT balance_nanos, reserved_nanos FROM wallets WHERE account_id = ?',
      addBalance: 'UPDATE wallets SET balance_nanos = balance_nanos + ? WHERE account_id = ?',
      addReserved: 'UPDATE wallets SET reserved_nanos = reserved_nanos + ? WHERE account_id = ?',
      // A capture ends the hold and charges in one update, returning the wallet it leaves.
      settle: `UPDATE wallets SET reserved_nanos = reserved_nanos - ?1, balance_nanos = balance_nanos - ?2 WHERE account_id = ?3
               RETURNING balance_nanos, reserved_nanos`,
      // The conditional update is the whole reservation check: it holds only if available covers it.
      hold: `UPDATE wallets SET reserved_nanos = reserved_nanos + ?1
             WHERE account_id = ?2 AND balance_nanos - reserved_nanos >= ?1 AND balance_nanos - reserved_nanos > 0
             RETURNING balance_nanos, reserved_nanos`,
      rearm: `UPDATE wallets SET alert_armed = 1
              WHERE account_id = ? AND low_balance_nanos IS NOT NULL AND balance_nanos - reserved_nanos >= low_balance_nanos`,
      // Read first: most accounts have no alert due, and a read takes no write lock.
      alertDue: `SELECT 1 FROM wallets
                 WHERE account_id = ? AND alert_armed = 1 AND low_balance_nanos IS NOT NULL AND balance_nanos - reserved_nanos < low_balance_nanos`,
      claimAlert: `UPDATE wallets SET alert_armed = 0
                   WHERE account_id = ? AND alert_armed = 1 AND low_balance_nanos IS NOT NULL AND balance_nanos - reserved_nanos < low_balance_nanos
                   RETURNING account_id, low_balance_nanos, webhook_url, webhook_secret, balance_nanos, reserved_nanos`,
      setAlert: 'UPDATE wallets SET low_balance_nanos = ?, webhook_url = ?, webhook_secret = ?, alert_armed = 1 WHERE account_id = ?',
      getAlert: 'SELECT account_id, low_balance_nanos, webhook_url, webhook_secret FROM wallets WHERE account_id = ? AND low_balance_nanos IS NOT NULL',
      insert: `INSERT INTO ledger_entries (id, account_id, kind, amount_nanos, created_at, idempotency_key, description, reservation_id,
               expires_at, hold_state, key_id, request_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
               cache_write_tokens, reasoning_tokens, priced)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      creditByKey: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE account_id = ? AND kind = 'credit' AND idempotency_key = ?`,
      entry: `SELECT ${ENTRY_COLUMNS}, hold_state FROM ledger_entries WHERE id = ?`,
      captureOf: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE reservation_id = ? AND kind = 'capture'`,
      setHoldState: 'UPDATE ledger_entries SET hold_state = ? WHERE id = ?',
      // Planned on ledger_active_holds_by_account (migration 7): only this account's active holds are read.
      lapsedOf: `SELECT id, account_id, amount_nanos FROM ledger_entries WHERE hold_state = 'active' AND expires_at <= ? AND account_id = ?`,
      lapsed: `SELECT id, account_id, amount_nanos FROM ledger_entries WHERE hold_state = 'active' AND expires_at <= ?`,
      activeHolds: `SELECT id, amount_nanos, expires_at FROM ledger_entries WHERE hold_state = 'active' AND account_id = ?`,
      newest: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries WHERE account_id = ? ORDER BY seq DESC LIMIT ?`,
      older: `SELECT ${ENTRY_COLUMNS} FROM ledger_entries
              WHERE account_id = ?1 AND seq < (SELECT seq FROM ledger_entries WHERE id = ?2 AND account_id = ?1) ORDER BY seq DESC LIMIT ?3`,
      spend: `SELECT provider, model, COUNT(*) AS requests, SUM(CASE WHEN priced = 0 THEN 1 ELSE 0 END) AS unpriced,
              SUM(amount_nanos) AS cost, SUM(input_tokens) AS input, SUM(output_tokens) AS output,
              SUM(cache_read_tokens) AS cache_read, SUM(cache_write_tokens) AS cache_write, SUM(reasoning_tokens) AS reasoning
              FROM ledger_entries WHERE account_id = ? AND kind = 'capture' AND created_at >= ? AND created_at < ?
              GROUP BY provider, model ORDER BY provider, model`,
    };
    this.#s = Object.fromEntries(
      Object.entries(statements).map(([name, sql]) => {
        const statement = db.prepare(sql);
        statement.setReadBigInts(true);
        return [name, statement];
      }),
    );
    this.#group = options.group ?? new GroupCommit(db);
  }

  async credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
    return this.#transaction(() => {
      const existing = this.#s.creditByKey.get(input.accountId, input.idempotencyKey) as Row | undefined;
      if (existing) return { entry: ledgerEntryFromRow(existing), created: false, wallet: this.#walletOf(input.accountId) };
      this.#s.ensureWallet.run(input.accountId);
      const entry = this.#insert({ accountId: input.accountId, kind: 'credit', amountNanos: input.amountNanos, idempotencyKey: input.idempotencyKey, description: input.description });
      this.#s.addBalance.run(input.amountNanos, input.accountId);
      this.#s.rearm.run(input.accountId);
      return { entry, created: true, wallet: this.#walletOf(input.accountId) };
    });
  }

  async reserve(input: ReserveInput) {
    return this.#transaction(() => {
      this.#releaseLapsed(this.#s.lapsedOf.all(this.#now(), input.accountId) as Row[]);
      const held = this.#s.hold.get(input.amountNanos, input.accountId) as Row | undefined;
      if (!held) {
        // Refused (or no wallet yet: created, empty, as a credit would).
        this.#s.ensureWallet.run(input.accountId);
        return { ok: false as const, wallet: this.#walletOf(input.accountId) };
      }
      const reservation = this.#insert({ ...input, kind: 'reservation', holdState: 'active' });
      return { ok: true as const, reservation, wallet: toWallet(held) };
    });
  }

  /**
   * Writes reservations the caller has already admitted (`WalletMirror`, which knows the wallet
   * covers them), oldest first: each hold is taken without the check, so its capture finds it
   * whatever happened since. Lapsed holds are released first, as `reserve` does. `covered`:
   * whether the wallet did cover them all, false only when the caller's copy of the wallet was
   * wrong (another process writing the file).
   */
  async recordReservations(reservations: readonly LedgerEntry[]): Promise<{ covered: boolean }> {
    return this.#transaction(() => {
      let covered = true;
      for (const reservation of reservations) {
        this.#releaseLapsed(this.#s.lapsedOf.all(this.#now(), reservation.accountId) as Row[]);
        const { availableNanos } = this.#walletOf(reservation.accountId);
        // A hold already past its expiry no longer counts (the caller stopped counting it too).
        if (reservation.expiresAt! > this.#now()) covered &&= availableNanos > 0n && availableNanos >= reservation.amountNanos;
        this.#s.ensureWallet.run(reservation.accountId);
        this.#insert({ ...reservation, holdState: 'active' }, reservation);
        this.#s.addReserved.run(reservation.amountNanos, reservation.accountId);
      }
      return { covered };
    });
  }

  /**
   * Captures a reservation admitted by the caller and never written: the reservation (already
   * settled) and its capture go in together, with one wallet update. Same result as `capture`.
   */
  async captureUnwritten(reservation: LedgerEntry, input: CaptureInput) {
    return this.#transaction(() => {
      this.#s.ensureWallet.run(reservation.accountId);
      this.#insert({ ...reservation, holdState: 'captured' }, reservation);
      const entry = this.#insertCapture(reservation, input);
      const wallet = this.#s.settle.get(0n, input.amountNanos, reservation.accountId) as Row;
      return { entry, created: true, wallet: toWallet(wallet) };
    });
  }

  /** Releases a reservation admitted by the caller and never written: both entries go in together. Same result as `release`. */
  async releaseUnwritten(reservation: LedgerEntry) {
    return this.#transaction(() => {
      this.#s.ensureWallet.run(reservation.accountId);
      this.#insert({ ...reservation, holdState: 'released' }, reservation);
      const entry = this.#insert({ accountId: reservation.accountId, kind: 'release', amountNanos: reservation.amountNanos, reservationId: reservation.id });
      return { entry, wallet: this.#walletOf(reservation.accountId) };
    });
  }

  /** The wallet as committed and its holds not yet captured or released (some may have lapsed). */
  heldNow(accountId: string): { wallet: WalletBalance; holds: { id: string; amountNanos: Nanos; expiresAt: number }[] } {
    const holds = (this.#s.activeHolds.all(accountId) as Row[]).map((row) => ({ id: row.id as string, amountNanos: row.amount_nanos as bigint, expiresAt: Number(row.expires_at) }));
    return { wallet: this.#walletOf(accountId), holds };
  }

  async capture(input: CaptureInput) {
    return this.#transaction(() => {
      const hold = this.#reservation(input.reservationId);
      // A capture and its 'captured' hold state are written together, so only a captured hold can have one.
      const previous = hold.hold_state === 'captured' ? (this.#s.captureOf.get(input.reservationId) as Row | undefined) : undefined;
      if (previous) return { entry: ledgerEntryFromRow(previous), created: false, wallet: this.#walletOf(hold.account_id as string) };
      const accountId = hold.account_id as string;
      this.#s.setHoldState.run('captured', input.reservationId);
      const entry = this.#insertCapture(
        { accountId, keyId: rowString(hold.key_id), requestId: rowString(hold.request_id), provider: rowString(hold.provider), model: rowString(hold.model) },
        input,
      );
      const unheld = hold.hold_state === 'active' ? (hold.amount_nanos as bigint) : 0n;
      const wallet = this.#s.settle.get(unheld, input.amountNanos, accountId) as Row | undefined;
      return { entry, created: true, wallet: wallet ? toWallet(wallet) : this.#walletOf(accountId) };
    });
  }

  async release(reservationId: string) {
    return this.#transaction(() => {
      const hold = this.#reservation(reservationId);
      if (hold.hold_state !== 'active') return {};
      const entry = this.#releaseHold(hold);
      return { entry, wallet: this.#walletOf(hold.account_id as string) };
    });
  }

  async releaseExpired(): Promise<number> {
    return this.#transaction(() => this.#releaseLapsed(this.#s.lapsed.all(this.#now()) as Row[]));
  }

  async wallet(accountId: string): Promise<WalletBalance> {
    return this.#walletOf(accountId);
  }

  async listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]> {
    const rows = options.before === undefined ? this.#s.newest.all(accountId, options.limit) : this.#s.older.all(accountId, options.before, options.limit);
    return (rows as Row[]).map(ledgerEntryFromRow);
  }

  async spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]> {
    const rows = this.#s.spend.all(accountId, options.from ?? 0, options.to ?? Number.MAX_SAFE_INTEGER) as Row[];
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
    await this.#transaction(() => {
      this.#s.ensureWallet.run(accountId);
      this.#s.setAlert.run(alert?.thresholdNanos ?? null, alert?.webhookUrl ?? null, alert?.secret ?? null, accountId);
    });
  }

  /** Whether the account has a low-balance alert set, armed or not (synchronous, for callers that cache it). */
  hasLowBalanceAlert(accountId: string): boolean {
    return this.#s.getAlert.get(accountId) !== undefined;
  }

  async getLowBalanceAlert(accountId: string): Promise<LowBalanceAlert | undefined> {
    const row = this.#s.getAlert.get(accountId) as Row | undefined;
    return row && lowBalanceAlertFromRow(row);
  }

  /** In the turn's shared transaction, so it sees the writes queued before it (a reservation written behind). */
  async claimLowBalanceAlert(accountId: string) {
    return this.#transaction(() => {
      if (this.#s.alertDue.get(accountId) === undefined) return undefined;
      const row = this.#s.claimAlert.get(accountId) as Row | undefined;
      return row && { alert: lowBalanceAlertFromRow(row), wallet: toWallet(row) };
    });
  }

  #reservation(reservationId: string): Row {
    const hold = this.#s.entry.get(reservationId) as Row | undefined;
    if (!hold || hold.kind !== 'reservation') throw new GatewayError({ status: 404, code: 'not_found', message: `No reservation '${reservationId}'.` });
    return hold;
  }

  #releaseLapsed(rows: Row[]): number {
    for (const hold of rows) this.#releaseHold(hold);
    return rows.length;
  }

  /** The capture of a hold: who asked and what for come from the reservation, unless the capture says otherwise. */
  #insertCapture(hold: Pick<LedgerEntry, 'accountId' | 'keyId' | 'requestId' | 'provider' | 'model'>, input: CaptureInput): LedgerEntry {
    return this.#insert({
      accountId: hold.accountId,
      kind: 'capture',
      amountNanos: input.amountNanos,
      reservationId: input.reservationId,
      keyId: hold.keyId,
      requestId: hold.requestId,
      provider: input.provider ?? hold.provider,
      model: input.model ?? hold.model,
      tokens: input.tokens,
      priced: input.priced ?? true,
    });
  }

  #releaseHold(hold: Row): LedgerEntry {
    const accountId = hold.account_id as string;
    this.#s.setHoldState.run('released', hold.id);
    this.#s.addReserved.run(-(hold.amount_nanos as bigint), accountId);
    return this.#insert({ accountId, kind: 'release', amountNanos: hold.amount_nanos as bigint, reservationId: hold.id as string });
  }

  #walletOf(accountId: string): WalletBalance {
    const row = this.#s.wallet.get(accountId) as Row | undefined;
    return row ? toWallet(row) : { balanceNanos: 0n, reservedNanos: 0n, availableNanos: 0n };
  }

  /** `made`: the id and time of an entry made elsewhere (an admitted reservation). */
  #insert(fields: Omit<LedgerEntry, 'id' | 'createdAt'> & { holdState?: string }, made?: Pick<LedgerEntry, 'id' | 'createdAt'>): LedgerEntry {
    const entry: LedgerEntry = { ...withoutUndefined(fields), id: made?.id ?? timeOrderedId('le_', this.#now()), createdAt: made?.createdAt ?? this.#now() };
    delete (entry as { holdState?: string }).holdState;
    const t = fields.tokens;
    this.#s.insert.run(
      entry.id, entry.accountId, entry.kind, entry.amountNanos, entry.createdAt, fields.idempotencyKey ?? null, fields.description ?? null,
      fields.reservationId ?? null, fields.expiresAt ?? null, fields.holdState ?? null, fields.keyId ?? null, fields.requestId ?? null,
      fields.provider ?? null, fields.model ?? null, t?.inputTokens ?? null, t?.outputTokens ?? null, t?.cacheReadTokens ?? null,
      t?.cacheWriteTokens ?? null, t?.reasoningTokens ?? null, fields.priced === undefined ? null : fields.priced ? 1 : 0,
    );
    return entry;
  }

  /** Atomic, and committed together with whatever else was queued in this event-loop turn. */
  #transaction<T>(run: () => T): Promise<T> {
    return this.#group.run(run);
  }
}

function toWallet(row: Row): WalletBalance {
  const balanceNanos = row.balance_nanos as bigint;
  const reservedNanos = row.reserved_nanos as bigint;
  return { balanceNanos, reservedNanos, availableNanos: balanceNanos - reservedNanos };
}
