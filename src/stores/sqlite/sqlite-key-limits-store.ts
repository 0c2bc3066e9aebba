import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { KeyLimits, KeyLimitsStore, SpendPeriod } from '../key-limits-store.ts';
import { GroupCommit } from './group-commit.ts';

type Row = {
  key_id: string;
  account_id: string;
  daily_budget_nanos: bigint | null;
  monthly_budget_nanos: bigint | null;
  requests_per_minute: bigint | null;
  tokens_per_minute: bigint | null;
  updated_at: bigint;
};

/**
 * Key limits and per-period spend counters in SQLite; money as INTEGER nano-dollars. Spend added
 * in the same event-loop turn by several requests is committed together (`GroupCommit`).
 */
export class SqliteKeyLimitsStore implements KeyLimitsStore {
  readonly #group: GroupCommit;
  readonly #select: StatementSync;
  readonly #upsert: StatementSync;
  readonly #addSpend: StatementSync;
  readonly #selectSpend: StatementSync;

  /** `group`: a group commit shared with other stores on the same connection. */
  constructor(db: DatabaseSync, options: { group?: GroupCommit } = {}) {
    this.#group = options.group ?? new GroupCommit(db);
    this.#select = db.prepare('SELECT * FROM key_limits WHERE key_id = ?');
    this.#select.setReadBigInts(true);
    this.#upsert = db.prepare(
      `INSERT INTO key_limits (key_id, account_id, daily_budget_nanos, monthly_budget_nanos, requests_per_minute, tokens_per_minute, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key_id) DO UPDATE SET account_id = excluded.account_id, daily_budget_nanos = excluded.daily_budget_nanos,
         monthly_budget_nanos = excluded.monthly_budget_nanos, requests_per_minute = excluded.requests_per_minute,
         tokens_per_minute = excluded.tokens_per_minute, updated_at = excluded.updated_at`,
    );
    this.#addSpend = db.prepare(
      `INSERT INTO key_spend (key_id, period, spend_nanos) VALUES (?, ?, ?)
       ON CONFLICT (key_id, period) DO UPDATE SET spend_nanos = spend_nanos + excluded.spend_nanos`,
    );
    this.#selectSpend = db.prepare('SELECT spend_nanos FROM key_spend WHERE key_id = ? AND period = ?');
    this.#selectSpend.setReadBigInts(true);
  }

  async getLimits(keyId: string): Promise<KeyLimits | undefined> {
    const row = this.#select.get(keyId) as Row | undefined;
    if (!row) return undefined;
    const count = (value: bigint | null) => (value === null ? null : Number(value));
    return {
      keyId: row.key_id,
      accountId: row.account_id,
      dailyBudgetNanos: row.daily_budget_nanos,
      monthlyBudgetNanos: row.monthly_budget_nanos,
      requestsPerMinute: count(row.requests_per_minute),
      tokensPerMinute: count(row.tokens_per_minute),
      updatedAt: Number(row.updated_at),
    };
  }

  async setLimits(limits: KeyLimits): Promise<void> {
    this.#upsert.run(
      limits.keyId,
      limits.accountId,
      limits.dailyBudgetNanos,
      limits.monthlyBudgetNanos,
      limits.requestsPerMinute,
      limits.tokensPerMinute,
      limits.updatedAt,
    );
  }

  async addSpend(keyId: string, periods: readonly SpendPeriod[], amountNanos: bigint): Promise<void> {
    await this.#group.run(() => {
      for (const period of periods) this.#addSpend.run(keyId, period, amountNanos);
    });
  }

  async getSpend(keyId: string, period: SpendPeriod): Promise<bigint> {
    const row = this.#selectSpend.get(keyId, period) as { spend_nanos: bigint } | undefined;
    return row?.spend_nanos ?? 0n;
  }
}
