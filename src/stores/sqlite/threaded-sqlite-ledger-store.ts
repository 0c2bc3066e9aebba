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

  /** `db` is the main thread's connection to the writer's file, already migrated. */
  constructor(db: DatabaseSync, writer: SqliteWriter, options: LedgerStoreOptions = {}) {
    this.#main = new SqliteLedgerStore(db, options);
    this.#writer = writer;
    this.#now = options.now ?? Date.now;
    this.#mirror = new WalletMirror((accountId) => this.#main.heldNow(accountId), this.#now);
  }

  credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
    // A repeated idempotency key credits nothing: the effect is the ledger's to tell.
    this.#mirror.forget(input.accountId);
    return this.#mirror.writing(input.accountId, this.#writer.call('ledger', 'credit', input));
  }

  async reserve(input: ReserveInput) {
    const createdAt = this.#now();
    const reservation: LedgerEntry = withoutUndefined({ ...input, id: timeOrderedId('le_', createdAt), kind: 'reservation' as const, createdAt });
    const wallet = this.#mirror.admit({ id: reservation.id, accountId: input.accountId, amountNanos: input.amountNanos, expiresAt: input.expiresAt });
    if (wallet) {
      // Written before any later call that could settle it, as the writer runs calls in order. If
      // the write fails, the account's wallet is read again (`WalletMirror.writing`) and the
      // capture that follows fails and is logged as any failed settlement is.
      this.#mirror.writing(input.accountId, this.#writer.call('ledger', 'recordReservation', reservation)).then(
        ({ covered }) => covered || this.#mirror.disable(),
        () => undefined,
      );
      return { ok: true as const, reservation, wallet };
    }
    this.#mirror.forget(input.accountId);
    const result = await this.#mirror.writing(input.accountId, this.#writer.call('ledger', 'reserve', input));
    if (result.ok) this.#mirror.admitted({ id: result.reservation.id, accountId: input.accountId, amountNanos: input.amountNanos, expiresAt: input.expiresAt });
    return result;
  }

  capture(input: CaptureInput) {
    return this.#mirror.writing(this.#mirror.settling(input.reservationId, input.amountNanos), this.#writer.call('ledger', 'capture', input));
  }

  release(reservationId: string) {
    return this.#mirror.writing(this.#mirror.settling(reservationId, undefined), this.#writer.call('ledger', 'release', reservationId));
  }

  releaseExpired(): Promise<number> {
    return this.#writer.call('ledger', 'releaseExpired');
  }

  async wallet(accountId: string): Promise<WalletBalance> {
    await this.#mirror.landed(accountId);
    return this.#main.wallet(accountId);
  }

  async listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]> {
    await this.#mirror.landed(accountId);
    return this.#main.listEntries(accountId, options);
  }

  async spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]> {
    await this.#mirror.landed(accountId);
    return this.#main.spendByModel(accountId, options);
  }

  setLowBalanceAlert(accountId: string, alert: Omit<LowBalanceAlert, 'accountId'> | undefined): Promise<void> {
    return this.#writer.call('ledger', 'setLowBalanceAlert', accountId, alert);
  }

  getLowBalanceAlert(accountId: string): Promise<LowBalanceAlert | undefined> {
    return this.#main.getLowBalanceAlert(accountId);
  }

  /**
   * On the writer thread, which reads before it writes: asked after every reserve and capture,
   * it travels with them in the turn's message, where a read here cost the event loop ~3 µs.
   */
  claimLowBalanceAlert(accountId: string) {
    return this.#writer.call('ledger', 'claimLowBalanceAlert', accountId);
  }
}
