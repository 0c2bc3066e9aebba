import type { Nanos } from '../billing/nanos.ts';

/**
 * The kinds of ledger entry. Balance = Σ credits − Σ captures; a reservation holds part of the
 * balance until it is captured (charged) or released; available = balance − active holds.
 */
export type LedgerEntryKind = 'credit' | 'reservation' | 'capture' | 'release';

/** Token counts stored on a capture, for statements. */
export type CapturedTokens = {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
};

/** One immutable line of an account's ledger. Amounts are positive nano-dollars; `kind` gives the sign. */
export type LedgerEntry = {
  id: string;
  accountId: string;
  kind: LedgerEntryKind;
  amountNanos: Nanos;
  /** Milliseconds since the epoch, from the store's clock. */
  createdAt: number;
  /** Credits: the idempotency key the top-up was made with. */
  idempotencyKey?: string;
  description?: string;
  /** Captures and releases: the reservation they settle. */
  reservationId?: string;
  /** Reservations: when an unsettled hold stops counting (a crashed request). */
  expiresAt?: number;
  keyId?: string;
  requestId?: string;
  /** Captures: who served the request and what it used. */
  provider?: string;
  model?: string;
  tokens?: CapturedTokens;
  /** Captures: false when the model had no price (cost unknown, charged 0). */
  priced?: boolean;
};

/** An account's money right now. available = balance − reserved; the balance may dip below zero (see capture). */
export type WalletBalance = { balanceNanos: Nanos; reservedNanos: Nanos; availableNanos: Nanos };

/** Spend on one provider and model over a period. */
export type SpendLine = {
  provider: string;
  model: string;
  requests: number;
  /** Requests whose model had no price (they are in `requests` and cost 0 here). */
  unpricedRequests: number;
  costNanos: Nanos;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
};

/** Low-balance alert settings of an account. */
export type LowBalanceAlert = {
  accountId: string;
  thresholdNanos: Nanos;
  webhookUrl: string;
  /** HMAC key for the webhook signature, when the account has its own. */
  secret?: string;
};

export type ReserveInput = {
  accountId: string;
  amountNanos: Nanos;
  /** When the hold lapses if neither captured nor released. */
  expiresAt: number;
  keyId?: string;
  requestId?: string;
  provider?: string;
  model?: string;
};

export type CaptureInput = {
  reservationId: string;
  amountNanos: Nanos;
  provider?: string;
  model?: string;
  tokens?: CapturedTokens;
  priced?: boolean;
};

/**
 * Prepaid wallets as an append-only ledger. Every balance-changing method is atomic on its own:
 * SQLite runs it under BEGIN IMMEDIATE; a server database under one transaction with a row lock
 * on the account's wallet (`SELECT … FOR UPDATE`) or a conditional UPDATE. Contract:
 * `ledger-store.contract.ts`.
 */
export interface LedgerStore {
  /**
   * Adds a top-up. The same `idempotencyKey` on the same account credits once: a repeat returns
   * the first entry with `created: false`. Re-arms the low-balance alert when available ends at
   * or above its threshold.
   */
  credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }): Promise<{ entry: LedgerEntry; created: boolean; wallet: WalletBalance }>;
  /**
   * Holds `amountNanos` if the account's available balance covers it (and is positive), in one
   * atomic step, so concurrent reservations never overdraw. Lapsed holds stop counting first.
   */
  reserve(input: ReserveInput): Promise<{ ok: true; reservation: LedgerEntry; wallet: WalletBalance } | { ok: false; wallet: WalletBalance }>;
  /**
   * Charges the actual cost of a reserved request and ends its hold. The charge may exceed the
   * hold (a low estimate): it is taken in full, so the balance can dip below zero by that much.
   * Idempotent: a second capture returns the first with `created: false`. Capturing a hold that
   * lapsed or was released still charges (the provider served the request).
   * Throws a 404 GatewayError for an unknown reservation.
   */
  capture(input: CaptureInput): Promise<{ entry: LedgerEntry; created: boolean; wallet: WalletBalance }>;
  /** Ends a hold without charge (a failed request). Undefined entry when it was already settled. */
  release(reservationId: string): Promise<{ entry?: LedgerEntry; wallet?: WalletBalance }>;
  /** Releases every hold past its `expiresAt`; returns how many. */
  releaseExpired(): Promise<number>;
  /** The account's balance; zeros for an account that never had an entry. */
  wallet(accountId: string): Promise<WalletBalance>;
  /** Entries newest first, `limit` of them, older than the entry `before` when given. */
  listEntries(accountId: string, options: { limit: number; before?: string }): Promise<LedgerEntry[]>;
  /** Captures in [from, to) grouped by provider and model, ordered by provider then model. */
  spendByModel(accountId: string, options: { from?: number; to?: number }): Promise<SpendLine[]>;
  /** Sets (or, with undefined, removes) the account's low-balance alert; setting arms it. */
  setLowBalanceAlert(accountId: string, alert: Omit<LowBalanceAlert, 'accountId'> | undefined): Promise<void>;
  getLowBalanceAlert(accountId: string): Promise<LowBalanceAlert | undefined>;
  /**
   * Atomically disarms the alert when it is armed and available is below its threshold; returns
   * the alert the caller must now deliver, or undefined. At most one caller gets it per crossing.
   */
  claimLowBalanceAlert(accountId: string): Promise<{ alert: LowBalanceAlert; wallet: WalletBalance } | undefined>;
}

export type LedgerStoreOptions = {
  /** The clock, in milliseconds since the epoch. Defaults to Date.now. */
  now?: () => number;
};
