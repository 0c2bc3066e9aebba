import type { DatabaseSync } from 'node:sqlite';
import type { Nanos } from '../../billing/nanos.ts';
import { timeOrderedId } from '../../core/ids.ts';
import { withoutUndefined } from '../ledger-row.ts';
import type { CaptureInput, LedgerEntry, LedgerStore, LedgerStoreOptions, LowBalanceAlert, ReserveInput, SpendLine, WalletBalance } from '../ledger-store.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';
import type { SqliteWriter } from './sqlite-writer.ts';
import { WalletMirror } from './wallet-mirror.ts';

/**
 * The SQLite ledger with every balance-changing call on the writer thread (`SqliteWriter`),
 * where each still runs under BEGIN IMMEDIATE and calls of one turn share a commit; reads run on
 * the main connection, after the account's writes so far have landed. A reservation the wallet
 * surely covers (`WalletMirror`) is answered at once and written behind; every other call
 * resolves once committed. Same contract as `SqliteLedgerStore` (`ledger-store.contract.ts`).
 */
export class ThreadedSqliteLedgerStore implements LedgerStore {
  readonly #main: SqliteLedgerStore;
  readonly #writer: SqliteWriter;
  readonly #mirror: WalletMirror;
  readonly #now: () => number;
  /** Whether each account asked about has a low-balance alert set. */
  readonly #alerted = new Map<string, boolean>();

  /** `db` is the main thread's connection to the writer's file, already migrated. */
  constructor(db: DatabaseSync, writer: SqliteWriter, options: LedgerStoreOptions = {}) {
    this.#main = new SqliteLedgerStore(db, options);
    this.#writer = writer;
    this.#now = options.now ?? Date.now;
    this.#mirror = new WalletMirror((accountId) => this.#main.heldNow(accountId), this.#now);
  }

  credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
    // A repeated idempotency key credits nothing: the effect is the ledger's to tell.
    this.#writeUnwritten(input.accountId);
    this.#mirror.forget(input.accountId);
    return this.#mirror.writing(input.accountId, this.#writer.call('ledger', 'credit', input));
  }

  async reserve(input: ReserveInput) {
    const createdAt = this.#now();
    const reservation = withoutUndefined({ ...input, id: timeOrderedId('le_', createdAt), kind: 'reservation' as const, createdAt });
    const wallet = this.#mirror.admit(reservation);
    if (wallet) return { ok: true as const, reservation: reservation as LedgerEntry, wallet };
    // The ledger decides, after the holds admitted here.
    this.#writeUnwritten(input.accountId);
    this.#mirror.forget(input.accountId);
    const result = await this.#mirror.writing(input.accountId, this.#writer.call('ledger', 'reserve', input));
    if (result.ok) this.#mirror.admitted({ id: result.reservation.id, accountId: input.accountId, amountNanos: input.amountNanos, expiresAt: input.expiresAt });
    return result;
  }

  capture(input: CaptureInput) {
    const { accountId, unwritten } = this.#mirror.settling(input.reservationId, input.amountNanos);
    const write = unwritten ? this.#writer.call('ledger', 'captureUnwritten', unwritten, input) : this.#writer.call('ledger', 'capture', input);
    return this.#mirror.writing(accountId, write);
  }

  release(reservationId: string) {
    const { accountId, unwritten } = this.#mirror.settling(reservationId, undefined);
    const write = unwritten ? this.#writer.call('ledger', 'releaseUnwritten', unwritten) : this.#writer.call('ledger', 'release', reservationId);
    return this.#mirror.writing(accountId, write);
  }

  releaseExpired(): Promise<number> {
    this.#writeUnwritten();
    return this.#writer.call('ledger', 'releaseExpired');
  }

  async wallet(accountId: string): Promise<WalletBalance> {
    this.#writeUnwritten(accountId);
    await this.#mirror.landed(accountId);
    return this.#main.wallet(accountId);
  }

  async listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]> {
    this.#writeUnwritten(accountId);
    await this.#mirror.landed(accountId);
    return this.#main.listEntries(accountId, options);
  }

  async spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]> {
    this.#writeUnwritten(accountId);
    await this.#mirror.landed(accountId);
    return this.#main.spendByModel(accountId, options);
  }

  setLowBalanceAlert(accountId: string, alert: Omit<LowBalanceAlert, 'accountId'> | undefined): Promise<void> {
    this.#alerted.set(accountId, alert !== undefined);
    return this.#writer.call('ledger', 'setLowBalanceAlert', accountId, alert);
  }

  getLowBalanceAlert(accountId: string): Promise<LowBalanceAlert | undefined> {
    return this.#main.getLowBalanceAlert(accountId);
  }

  /**
   * Asked after every reserve and capture. Most accounts have no alert: that is read once and
   * remembered (alerts are set through this store only), so they cost no writer call. The others
   * are claimed on the writer thread, in order after the writes that came before.
   */
  async claimLowBalanceAlert(accountId: string) {
    let alerted = this.#alerted.get(accountId);
    if (alerted === undefined) this.#alerted.set(accountId, (alerted = this.#main.hasLowBalanceAlert(accountId)));
    if (!alerted) return undefined;
    // The alert compares the threshold with what is available, holds included.
    this.#writeUnwritten(accountId);
    return this.#writer.call('ledger', 'claimLowBalanceAlert', accountId);
  }

  /**
   * Sends the holds admitted in memory and not yet written, of one account or all, before a call
   * that needs them in the file. If the ledger finds them uncovered, the mirror is wrong and goes.
   */
  #writeUnwritten(accountId?: string): void {
    const reservations = this.#mirror.unwritten(accountId);
    if (reservations.length === 0) return;
    const accounts = new Set(reservations.map((reservation) => reservation.accountId));
    const write = this.#writer.call('ledger', 'recordReservations', reservations);
    for (const account of accounts) void this.#mirror.writing(account, write).catch(() => undefined);
    // A failed write leaves its accounts to be read again (`WalletMirror.writing`); their captures then fail and are logged.
    write.then(({ covered }) => covered || this.#mirror.disable(), () => undefined);
  }
}
