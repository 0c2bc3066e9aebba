import { GatewayError } from '../core/errors.ts';
import type { CanonicalRequest } from '../core/request.ts';
import type { Usage } from '../core/usage.ts';
import type { Pricing } from '../routing/catalog/catalog-schema.ts';
import type { LedgerStore, WalletBalance } from '../stores/ledger-store.ts';
import { computeCost, type Cost } from './compute-cost.ts';
import { estimateMaxCost, estimatePromptTokens } from './estimate-max-cost.ts';
import { formatNanosAsUsd, type Nanos } from './nanos.ts';
import { nanoPricing } from './offer-prices.ts';
import { lowBalancePayload } from './low-balance-payload.ts';
import type { WebhookSender } from './webhook-sender.ts';

/** What billing needs of a routing target; `RouteTarget` from `routing/resolve-targets.ts` fits as is. */
export type BillingTarget = {
  provider?: { id: string };
  upstreamModel?: string;
  model?: { max_output_tokens: number };
  offer?: { pricing: Pricing };
};

/** A request's hold. `reservationId` is absent when billing is off (nothing was held). */
export type BillingHold = { accountId: string; amountNanos: Nanos; reservationId?: string };

export type BillingDeps = {
  ledger: LedgerStore;
  enabled: boolean;
  /** How long an unsettled hold counts, in ms. */
  holdTtlMs: number;
  now?: () => number;
  /** Delivers low-balance webhooks; without one no alert is sent. */
  webhooks?: WebhookSender;
  /** The secret low-balance webhooks are signed with when the account has none of its own. */
  webhookSecret?: string;
  log?: (line: string) => void;
};

export type Billing = ReturnType<typeof createBilling>;

/**
 * Unified billing for the request path, independent of HTTP:
 * `reserve` before the upstream call (402 when the wallet cannot cover the estimate),
 * `settle` with the serving provider's usage after it, `cancel` when the request failed.
 */
export function createBilling(deps: BillingDeps) {
  const now = deps.now ?? Date.now;

  /** Fires the low-balance webhook if this change crossed the threshold; never throws into the request. */
  function checkLowBalance(accountId: string): void {
    if (!deps.webhooks) return;
    deps.ledger
      .claimLowBalanceAlert(accountId)
      .then((claim) => {
        const secret = claim?.alert.secret ?? deps.webhookSecret;
        if (!claim || !secret) return;
        deps.webhooks!.send(claim.alert.webhookUrl, lowBalancePayload(claim.alert, claim.wallet, now()), secret);
      })
      .catch((error: unknown) => deps.log?.(`low-balance check for ${accountId} failed: ${(error as Error).message}`));
  }

  return {
    enabled: deps.enabled,

    /** The cost of a usage at an offer's prices, or null when unpriced; for logs and headers. */
    costOf(usage: Usage, offer: { pricing: Pricing } | undefined): Nanos | null {
      return computeCost(usage, offer && nanoPricing(offer.pricing))?.costNanos ?? null;
    },

    /** The itemised cost (tier, token classes), or null when unpriced. */
    itemise(usage: Usage, offer: { pricing: Pricing } | undefined): Cost | null {
      return computeCost(usage, offer && nanoPricing(offer.pricing));
    },

    /**
     * Holds the most the request may cost — the highest estimate across `target` (an array when
     * failover may pick a dearer provider) — or throws a 402 GatewayError (`insufficient_credits`).
     * With billing off it holds (and estimates) nothing and never refuses.
     */
    async reserve(input: {
      accountId: string;
      keyId?: string;
      requestId?: string;
      /** A chat request, whose most expensive outcome is estimated from token prices... */
      request?: CanonicalRequest;
      /** ...or an estimate made by the caller (media models, priced per image/second/character). */
      amountNanos?: Nanos;
      target: BillingTarget | readonly BillingTarget[];
    }): Promise<BillingHold> {
      // Off: nothing is held, so the request is not sized either (a large prompt costs a scan to estimate).
      if (!deps.enabled) return { accountId: input.accountId, amountNanos: input.amountNanos ?? 0n };
      const targets: readonly BillingTarget[] = Array.isArray(input.target) ? input.target : [input.target as BillingTarget];
      let amountNanos = input.amountNanos ?? 0n;
      // The prompt is sized once, however many targets may serve it.
      let promptTokens: number | undefined;
      for (const target of input.request ? targets : []) {
        if (!target.offer) continue;
        promptTokens ??= estimatePromptTokens(input.request!);
        const estimate = estimateMaxCost(input.request!, nanoPricing(target.offer.pricing), target.model?.max_output_tokens, promptTokens);
        if (estimate > amountNanos) amountNanos = estimate;
      }
      const first = targets[0];
      const result = await deps.ledger.reserve({
        accountId: input.accountId,
        amountNanos,
        expiresAt: now() + deps.holdTtlMs,
        keyId: input.keyId,
        requestId: input.requestId,
        provider: first?.provider?.id,
        model: first?.upstreamModel,
      });
      if (!result.ok) throw insufficientCredits(amountNanos, result.wallet);
      checkLowBalance(input.accountId);
      return { accountId: input.accountId, amountNanos, reservationId: result.reservation.id };
    },

    /**
     * Charges what the provider that served the request bills for its usage, and ends the hold.
     * Idempotent. Returns the cost (null when the model is unpriced: recorded with cost 0 and
     * `priced: false`). With billing off it only computes the cost.
     */
    async settle(
      hold: BillingHold,
      outcome: {
        usage: Usage;
        provider: string;
        model: string;
        offer?: { pricing: Pricing };
        /** The cost computed by the caller (media units, `computeMediaCost`); null when unpriced. Wins over `usage` × `offer`. */
        costNanos?: Nanos | null;
      },
    ): Promise<{ costNanos: Nanos | null }> {
      const cost =
        outcome.costNanos !== undefined
          ? outcome.costNanos === null ? null : { costNanos: outcome.costNanos }
          : computeCost(outcome.usage, outcome.offer && nanoPricing(outcome.offer.pricing));
      if (!hold.reservationId) return { costNanos: cost?.costNanos ?? null };
      const { usage } = outcome;
      const captured = await deps.ledger.capture({
        reservationId: hold.reservationId,
        amountNanos: cost?.costNanos ?? 0n,
        provider: outcome.provider,
        model: outcome.model,
        priced: cost !== null,
        tokens: {
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cacheReadTokens: usage.cacheReadTokens ?? 0,
          cacheWriteTokens: usage.cacheWriteTokens ?? 0,
          reasoningTokens: usage.reasoningTokens ?? 0,
        },
      });
      if (captured.created) checkLowBalance(hold.accountId);
      return { costNanos: cost === null ? null : captured.entry.amountNanos };
    },

    /** Ends the hold of a request that failed: failed attempts cost nothing. Idempotent. */
    async cancel(hold: BillingHold): Promise<void> {
      if (hold.reservationId) await deps.ledger.release(hold.reservationId);
    },

    /** Releases holds of requests that never settled (a crash); returns how many. */
    sweep(): Promise<number> {
      return deps.ledger.releaseExpired();
    },

    /** Sweeps every `intervalMs` without keeping the process alive; returns a stop function. */
    startSweeper(intervalMs: number): () => void {
      const timer = setInterval(() => {
        deps.ledger.releaseExpired().catch((error: unknown) => deps.log?.(`hold sweep failed: ${(error as Error).message}`));
      }, intervalMs);
      timer.unref();
      return () => clearInterval(timer);
    },

    /** Adds a top-up (idempotent per key); a top-up above the alert threshold re-arms the alert. */
    credit(input: { accountId: string; amountNanos: Nanos; idempotencyKey: string; description?: string }) {
      return deps.ledger.credit(input);
    },
  };
}

function insufficientCredits(neededNanos: Nanos, wallet: WalletBalance): GatewayError {
  return new GatewayError({
    status: 402,
    code: 'insufficient_credits',
    message:
      `Insufficient credits: this request may cost up to $${formatNanosAsUsd(neededNanos)} and the account's available balance is ` +
      `$${formatNanosAsUsd(wallet.availableNanos)}. Add credits to the account's wallet, or lower max_tokens.`,
  });
}
