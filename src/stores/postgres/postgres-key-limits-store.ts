import type pg from 'pg';
import type { KeyLimits, KeyLimitsStore, SpendPeriod } from '../key-limits-store.ts';

type Row = {
  key_id: string;
  account_id: string;
  daily_budget_nanos: bigint | null;
  monthly_budget_nanos: bigint | null;
  requests_per_minute: number | null;
  tokens_per_minute: number | null;
  updated_at: bigint;
};

/** Key limits and per-period spend counters in PostgreSQL; money as BIGINT nano-dollars. */
export class PostgresKeyLimitsStore implements KeyLimitsStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async getLimits(keyId: string): Promise<KeyLimits | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM key_limits WHERE key_id = $1', [keyId]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      keyId: row.key_id,
      accountId: row.account_id,
      dailyBudgetNanos: row.daily_budget_nanos,
      monthlyBudgetNanos: row.monthly_budget_nanos,
      requestsPerMinute: row.requests_per_minute,
      tokensPerMinute: row.tokens_per_minute,
      updatedAt: Number(row.updated_at),
    };
  }

  async setLimits(limits: KeyLimits): Promise<void> {
    await this.#pool.query(
      `INSERT INTO key_limits (key_id, account_id, daily_budget_nanos, monthly_budget_nanos, requests_per_minute, tokens_per_minute, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key_id) DO UPDATE SET account_id = excluded.account_id, daily_budget_nanos = excluded.daily_budget_nanos,
         monthly_budget_nanos = excluded.monthly_budget_nanos, requests_per_minute = excluded.requests_per_minute,
         tokens_per_minute = excluded.tokens_per_minute, updated_at = excluded.updated_at`,
      [limits.keyId, limits.accountId, limits.dailyBudgetNanos, limits.monthlyBudgetNanos, limits.requestsPerMinute, limits.tokensPerMinute, limits.updatedAt],
    );
  }

  async addSpend(keyId: string, periods: readonly SpendPeriod[], amountNanos: bigint): Promise<void> {
    if (periods.length === 0) return;
    // One statement for every period; each counter is an atomic upsert, sorted so concurrent calls lock alike.
    await this.#pool.query(
      `INSERT INTO key_spend (key_id, period, spend_nanos)
       SELECT $1, period, $3 FROM unnest($2::text[]) AS p(period) ORDER BY period
       ON CONFLICT (key_id, period) DO UPDATE SET spend_nanos = key_spend.spend_nanos + excluded.spend_nanos`,
      [keyId, [...new Set(periods)], amountNanos],
    );
  }

  async getSpend(keyId: string, period: SpendPeriod): Promise<bigint> {
    const { rows } = await this.#pool.query<{ spend_nanos: bigint }>('SELECT spend_nanos FROM key_spend WHERE key_id = $1 AND period = $2', [keyId, period]);
    return rows[0]?.spend_nanos ?? 0n;
  }
}
