import type { DatabaseSync } from 'node:sqlite';
import type { Nanos } from '../../billing/nanos.ts';
import type { CaptureInput, LedgerEntry, LedgerStore, LedgerStoreOptions, LowBalanceAlert, ReserveInput, SpendLine, WalletBalance } from '../ledger-store.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/**
 * The SQLite ledger with every balance-changing call on the writer thread (`SqliteWriter`),
 * where each still runs under BEGIN IMMEDIATE and calls of one turn share a commit; reads run on
 * the main connection. A call resolves once committed, so a read after it sees it. Same
 * contract as `SqliteLedgerStore` (`ledger-store.contract.ts`).
 */
export class ThreadedSqliteLedgerStore implements LedgerStore {
  readonly #main: SqliteLedgerStore;
  readonly #writer: SqliteWriter;

  /** `db` is the main thread's connection to the writer's file, already migrated. */
  constructor(db: DatabaseSync, writer: SqliteWriter, options: LedgerStoreOptions = {}) {
    this.#main = new SqliteLedgerStore(db, options);
    this.#writer = writer;
  }

  credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
    return this.#writer.call('ledger', 'credit', input);
  }

  reserve(input: ReserveInput) {
    return this.#writer.call('ledger', 'reserve', input);
  }

  capture(input: CaptureInput) {
    return this.#writer.call('ledger', 'capture', input);
  }

  release(reservationId: string) {
    return this.#writer.call('ledger', 'release', reservationId);
  }

  releaseExpired(): Promise<number> {
    return this.#writer.call('ledger', 'releaseExpired');
  }

  wallet(accountId: string): Promise<WalletBalance> {
    return this.#main.wallet(accountId);
  }

  listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]> {
    return this.#main.listEntries(accountId, options);
  }

  spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]> {
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
