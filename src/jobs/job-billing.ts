import type { Nanos } from '../billing/nanos.ts';
import { formatNanosAsUsd } from '../billing/nanos.ts';
import { GatewayError } from '../core/errors.ts';
import type { LedgerStore } from '../stores/ledger-store.ts';

/** Holds last as long as a slow job may run; the sweeper releases them after a crash nobody resumed. */
const JOB_HOLD_TTL_MS = 6 * 60 * 60 * 1000;

/**
 * Money for media jobs, on the same ledger as chat: a hold at submission for the estimate
 * (unit price × requested units), a capture of the actual units on success, a release on
 * failure or cancel. Media are priced per unit, not from a canonical chat request, so this
 * talks to the ledger directly. With billing off nothing is held.
 */
export type JobBilling = {
  readonly enabled: boolean;
  /** Returns the reservation id, or undefined with billing off; 402 when the wallet cannot cover it. */
  reserve(input: { accountId: string; keyId?: string; requestId: string; amountNanos: Nanos; provider: string; model: string }): Promise<string | undefined>;
  capture(reservationId: string | undefined, input: { amountNanos: Nanos; priced: boolean; provider: string; model: string }): Promise<void>;
  release(reservationId: string | undefined): Promise<void>;
};

export function createJobBilling(ledger: LedgerStore, enabled: boolean, now: () => number = Date.now): JobBilling {
  return {
    enabled,
    async reserve(input) {
      if (!enabled) return undefined;
      const result = await ledger.reserve({ ...input, expiresAt: now() + JOB_HOLD_TTL_MS });
      if (!result.ok) {
        throw new GatewayError({
          status: 402,
          code: 'insufficient_credits',
          message: `Insufficient credits: this run may cost up to $${formatNanosAsUsd(input.amountNanos)} and the account's available balance is $${formatNanosAsUsd(result.wallet.availableNanos)}. Add credits to the account's wallet.`,
        });
      }
      return result.reservation.id;
    },
    async capture(reservationId, input) {
      if (!reservationId) return;
      await ledger.capture({ reservationId, amountNanos: input.amountNanos, priced: input.priced, provider: input.provider, model: input.model, tokens: { inputTokens: 0, outputTokens: 0 } });
    },
    async release(reservationId) {
      if (reservationId) await ledger.release(reservationId);
    },
  };
}
