import type { DatabaseSync } from 'node:sqlite';
import type { KeyLimits, KeyLimitsStore, SpendPeriod } from '../key-limits-store.ts';
import { SqliteKeyLimitsStore } from './sqlite-key-limits-store.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/**
 * SQLite key limits with the per-request spend counters written on the writer thread
 * (`SqliteWriter`, one commit per turn shared with the ledger); limits are read and set on the
 * main connection.
 */
export class ThreadedSqliteKeyLimitsStore implements KeyLimitsStore {
  readonly #main: SqliteKeyLimitsStore;
  readonly #writer: SqliteWriter;

  constructor(db: DatabaseSync, writer: SqliteWriter) {
    this.#main = new SqliteKeyLimitsStore(db);
    this.#writer = writer;
  }

  getLimits(keyId: string): Promise<KeyLimits | undefined> {
    return this.#main.getLimits(keyId);
  }

  setLimits(limits: KeyLimits): Promise<void> {
    return this.#main.setLimits(limits);
  }

  addSpend(keyId: string, periods: readonly SpendPeriod[], amountNanos: bigint): Promise<void> {
    return this.#writer.call('keyLimits', 'addSpend', keyId, [...periods], amountNanos);
  }

  getSpend(keyId: string, period: SpendPeriod): Promise<bigint> {
    return this.#main.getSpend(keyId, period);
  }
}
